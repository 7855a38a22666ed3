"""A visitor in Chromium talks to the real assistant (Rasa server, action server, API, SMTP):
an FAQ answer with feedback buttons, then a ticket through the chat form, its number, and the e-mail.

The stack is module-scoped so that it is gone before tests/e2e starts its own (one Rasa at a time).
"""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import stored_state

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

SCRIPT = {
    "nl": {
        "launcher": "Chat met de Service Desk", "input": "Uw bericht",
        "question": "Mijn kaartlezer wordt niet herkend, wat kan ik doen?", "topic": "kaartlezer",
        "did_it_help": "Heeft dit uw vraag beantwoord?", "no": "Nee", "make_ticket": "Ja, ticket aanmaken",
        "ask_subject": "onderwerp van uw ticket", "subject": "VPN-verbinding valt telkens weg <script>window.__xss = true</script>",
        "ask_description": "Beschrijf het probleem",
        "description": "Sinds maandag valt de VPN elke tien minuten weg. Foutmelding: <img src=x onerror=\"window.__xss = true\"> <script>window.__xss = true</script>",
        "ask_email": "Op welk e-mailadres", "email": "an.peeters@example.be",
        "email_ok": "Ja, dat klopt", "ask_name": "Wat is uw naam", "name": "An Peeters",
        "ask_org": "Voor welke organisatie", "skip": "Overslaan",
        "summary": "Zal ik het ticket versturen?", "send": "Ja, versturen", "created": "is aangemaakt",
    },
    "fr": {
        "launcher": "Chat avec le Service Desk", "input": "Votre message",
        "question": "Mon lecteur de carte n'est pas reconnu, que faire ?", "topic": "lecteur",
        "did_it_help": "Cela répond-il à votre question ?", "no": "Non", "make_ticket": "Oui, créer un ticket",
        "ask_subject": "l'objet de votre ticket", "subject": "La connexion VPN se coupe sans arrêt <script>window.__xss = true</script>",
        "ask_description": "Décrivez le problème",
        "description": "Depuis lundi, le VPN se coupe toutes les dix minutes. Message : <img src=x onerror=\"window.__xss = true\"> <script>window.__xss = true</script>",
        "ask_email": "À quelle adresse e-mail", "email": "marie.dubois@example.be",
        "email_ok": "Oui, c'est correct", "ask_name": "Quel est votre nom", "name": "Marie Dubois",
        "ask_org": "Pour quelle organisation", "skip": "Passer",
        "summary": "J'envoie le ticket ?", "send": "Oui, envoyer", "created": "a été créé",
    },
}


@pytest.fixture(scope="module")
def full_stack(tmp_path_factory):
    from tests.e2e.stack import running_stack

    with running_stack(tmp_path_factory.mktemp("browser-stack")) as stack:
        stack.pin("2026-12-01T10:00:00+01:00")  # a Tuesday morning: the desk is open
        yield stack


class Visitor:
    """What a person does in the widget: type, press a button, read the assistant's last words."""

    def __init__(self, page, lang: str):
        self.page, self.t = page, SCRIPT[lang]

    @property
    def replies(self):
        return self.page.locator(".fdw-msg-bot:not(.fdw-welcome):not(.fdw-typing)")

    def _wait(self, before: int):
        expect(self.page.locator(".fdw-typing")).to_have_count(0, timeout=60_000)
        expect(self.page.get_by_role("alert")).to_be_hidden()
        assert self.replies.count() > before, "the assistant did not answer"

    def says(self, text: str):
        before = self.replies.count()
        box = self.page.get_by_role("textbox", name=self.t["input"])
        box.fill(text)
        box.press("Enter")
        self._wait(before)

    def presses(self, title: str):
        before = self.replies.count()
        self.page.locator(".fdw-choice", has_text=title).first.click()
        expect(self.page.locator(".fdw-msg-visitor .fdw-bubble").last).to_have_text(title)
        self._wait(before)

    def heard(self) -> str:
        """Everything the assistant said since the visitor's last message."""
        n = self.page.locator(".fdw-log > .fdw-msg").count()
        texts = self.page.locator(".fdw-log > .fdw-msg").all_inner_texts()
        last_visitor = max(i for i in range(n) if "fdw-msg-visitor" in
                           self.page.locator(".fdw-log > .fdw-msg").nth(i).get_attribute("class"))
        return "\n".join(texts[last_visitor + 1:])


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_visitor_gets_an_faq_answer_then_opens_a_ticket_and_receives_the_email(context, full_stack, lang):
    t = SCRIPT[lang]
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{full_stack.api_url}/?lang={lang}")
    page.evaluate("window.__xss = false")
    page.get_by_role("button", name=t["launcher"]).click()
    me = Visitor(page, lang)

    # The FAQ answers first, with its source, and asks for feedback with buttons
    me.says(t["question"])
    if t["did_it_help"] not in me.heard():  # "clarify": the candidate questions are buttons
        me.presses(page.locator(".fdw-choice").first.inner_text())
    assert t["topic"] in me.heard().lower() and t["did_it_help"] in me.heard()
    expect(page.locator(".fdw-degraded")).to_be_hidden()
    # the real bot's answer is one bubble with its source link once, then the question with its buttons
    last_two = me.replies.all()[-2:]
    answer, question = last_two
    assert t["did_it_help"] in question.inner_text() and t["did_it_help"] not in answer.inner_text()
    hrefs = [a.get_attribute("href") for a in answer.locator("a[href^='https://']").all()]
    assert hrefs and len(hrefs) == len(set(hrefs)), hrefs  # a source link, never the same URL twice
    assert not re.search(r"^(Bron|Source) ?: ?https?://", answer.inner_text(), re.MULTILINE)
    assert page.locator(".fdw-choice", has_text=t["no"]).count() == 1

    # "No" offers the next best answer or a ticket; we want a ticket
    for _ in range(3):
        me.presses(t["no"])
        if page.locator(".fdw-choice", has_text=t["make_ticket"]).count():
            break
    me.presses(t["make_ticket"])

    # The ticket form, step by step (a step the bot prefilled is simply not asked)
    answers = [("ask_subject", "says", "subject"), ("ask_description", "says", "description"),
               ("ask_email", "says", "email"), ("email_ok", "presses", "email_ok"),
               ("ask_name", "says", "name"), ("ask_org", "presses", "skip"), ("summary", "presses", "send")]
    for prompt, action, answer in answers:
        heard = me.heard()
        if prompt == "email_ok":
            if not page.locator(".fdw-choice", has_text=t["email_ok"]).count():
                continue
            assert t["email"] in heard
        elif t[prompt] not in heard:
            continue
        if prompt == "summary":
            # The summary repeats the subject (and any description): the markup in it is text, nothing runs
            summary = me.replies.last
            expect(summary).to_contain_text("<script>window.__xss = true</script>")
            expect(summary.locator("img, script")).to_have_count(0)
        getattr(me, action)(t[answer])

    heard = me.heard()
    assert t["created"] in heard, heard
    number = re.search(r"SD-\d{4}-\d{6}", heard).group(0)
    mail = full_stack.mailbox.wait_for(number, timeout=60)
    assert mail["To"] == t["email"]
    assert page.evaluate("window.__xss") is False and dialogs == []

    # The conversation is still there after a reload
    page.reload()
    expect(page.locator(".fdw-log")).to_contain_text(number)
    assert stored_state(page)["lang"] == lang
