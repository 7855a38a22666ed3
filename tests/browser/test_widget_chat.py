"""Chatting through the widget against the real API: answers, markup shown as text, reloads, outages.

Rasa is not running here, so /chat answers in its degraded FAQ mode (the notice must show).
"""
import socket
import threading

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import host_site, stored_state

pytestmark = pytest.mark.browser

TEXTS = {
    "nl": {"launcher": "Chat met de Service Desk", "input": "Uw bericht", "degraded": "De assistent werkt momenteel beperkt",
           "question": "Wat is het telefoonnummer van de Service Desk?", "phone": "02 740 79 93",
           "retry": "Opnieuw proberen", "error": "Uw bericht kon niet worden verzonden", "not_sent": "Niet verzonden",
           "new": "Nieuw gesprek", "typing": "De assistent typt…"},
    "fr": {"launcher": "Chat avec le Service Desk", "input": "Votre message", "degraded": "L’assistant fonctionne actuellement en mode limité",
           "question": "Quel est le numéro de téléphone du Service Desk ?", "phone": "02 740 79 94",
           "retry": "Réessayer", "error": "Votre message n’a pas pu être envoyé", "not_sent": "Non envoyé",
           "new": "Nouvelle conversation", "typing": "L’assistant écrit…"},
}


def open_chat(page, url: str, lang: str):
    page.goto(f"{url}/?lang={lang}")
    page.get_by_role("button", name=TEXTS[lang]["launcher"]).click()
    box = page.get_by_role("textbox", name=TEXTS[lang]["input"])
    expect(box).to_be_focused()
    return box


def bot_replies(page):
    return page.locator(".fdw-msg-bot:not(.fdw-welcome):not(.fdw-typing)")


def ask(page, box, text: str):
    before = bot_replies(page).count()
    box.fill(text)
    box.press("Enter")
    expect(page.locator(".fdw-msg-visitor .fdw-bubble").last).to_have_text(text)
    expect(page.locator(".fdw-typing")).to_have_count(0, timeout=30_000)
    assert bot_replies(page).count() > before, "no answer from the assistant"


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_question_gets_an_faq_answer_with_the_degraded_notice(page, api_server, lang):
    t = TEXTS[lang]
    box = open_chat(page, api_server.url, lang)
    with page.expect_response(lambda r: r.url.endswith("/chat") and r.request.method == "POST") as answered:
        ask(page, box, t["question"])
    body = answered.value.request.post_data_json
    assert body["message"] == t["question"] and body["lang"] == lang
    assert "session_id" not in body  # the first message has no key: the server issues it
    expect(page.locator(".fdw-typing")).to_have_count(0, timeout=30_000)
    assert stored_state(page)["sessionId"] == answered.value.json()["session_id"]

    replies = bot_replies(page)
    expect(replies.filter(has_text=t["phone"]).first).to_be_visible()
    expect(page.locator(".fdw-degraded")).to_contain_text(t["degraded"])
    expect(page.locator(".fdw-degraded")).to_be_visible()
    # Links the API sends open safely in a new window
    link = replies.locator("a.fdw-link").first
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    assert link.get_attribute("href").startswith("http")
    # The live region announces what the assistant said
    expect(page.locator(".fdw-live")).to_contain_text(t["phone"])
    assert box.evaluate("e => e.value") == ""
    expect(box).to_be_focused()
    assert page.js_errors == []


XSS = ['<script>window.__xss = true</script>', '<img src=x onerror="window.__xss = true">',
       '[klik](javascript:window.__xss=true)']


def test_the_widget_follows_the_language_the_visitor_writes_in(page, api_server):
    box = open_chat(page, api_server.url, "nl")
    with page.expect_request(lambda r: r.url.endswith("/chat")) as sent:
        ask(page, box, "Comment me connecter avec ma carte eID et un lecteur de carte ?")
    assert sent.value.post_data_json["lang"] == "nl"  # the page language goes along as the fallback
    dialog = page.get_by_role("dialog")
    expect(dialog).to_have_attribute("lang", "fr")
    expect(page.get_by_role("textbox", name=TEXTS["fr"]["input"])).to_be_visible()
    expect(page.locator(".fdw-degraded")).to_contain_text(TEXTS["fr"]["degraded"])
    assert page.evaluate("document.documentElement.lang") == "nl"


def test_markup_from_the_visitor_and_from_the_faq_shows_as_text(page, api_server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    # An FAQ answer with markup, published through the editor API: the bot repeats it in degraded mode.
    editor = {"Authorization": f"Bearer {api_server.token_for('editor')}"}
    answer = ("Dit is **belangrijk**: <img src=x onerror=\"window.__xss = true\"> en "
              "<script>window.__xss = true</script> [gevaarlijk](javascript:window.__xss=true) "
              "[veilig](https://bosa.belgium.be/nl)")
    r = httpx.post(f"{api_server.url}/faq/entries", headers=editor, timeout=60, json={
        "id": "browser-xss-probe-nl", "lang": "nl", "status": "published",
        "question": "Waarom toont de zebrapagina vreemde tekens in het kwartaalrapport?",
        "answer": answer})
    assert r.status_code == 201, r.text

    box = open_chat(page, api_server.url, "nl")
    page.evaluate("window.__xss = false")
    for text in XSS:
        ask(page, box, text)
    ask(page, box, "Waarom toont de zebrapagina vreemde tekens in het kwartaalrapport?")
    answer_bubble = bot_replies(page).filter(has_text="belangrijk").last
    expect(answer_bubble).to_be_visible()
    expect(answer_bubble).to_contain_text('<img src=x onerror="window.__xss = true">')
    expect(answer_bubble).to_contain_text("<script>window.__xss = true</script>")
    expect(answer_bubble.locator("strong")).to_have_text("belangrijk")
    # The javascript: link is not a link; the https one is
    expect(answer_bubble.locator("a")).to_have_count(1)
    expect(answer_bubble.locator("a")).to_have_attribute("href", "https://bosa.belgium.be/nl")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is False
    assert dialogs == []
    # Nothing the visitor typed became an element
    root = "document.getElementById('frontdoor-widget').shadowRoot"
    assert page.evaluate(f"{root}.querySelectorAll('.fdw-log img, .fdw-log script').length") == 0
    assert page.evaluate(f"{root}.querySelectorAll('.fdw-log a[href^=\"javascript\"]').length") == 0
    visitor = page.locator(".fdw-msg-visitor .fdw-bubble")
    expect(visitor.nth(0)).to_have_text(XSS[0])
    expect(visitor.nth(1)).to_have_text(XSS[1])


def test_the_conversation_survives_a_reload_until_a_new_one_is_started(page, api_server):
    t = TEXTS["nl"]
    box = open_chat(page, api_server.url, "nl")
    ask(page, box, t["question"])
    state = stored_state(page)
    session_id = state["sessionId"]
    n_bot = bot_replies(page).count()

    page.reload()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()  # it was open: it stays open
    expect(page.locator(".fdw-msg-visitor .fdw-bubble")).to_have_text([t["question"]])
    expect(bot_replies(page)).to_have_count(n_bot)
    expect(page.locator(".fdw-degraded")).to_be_visible()
    assert stored_state(page)["sessionId"] == session_id
    with page.expect_request(lambda r: r.url.endswith("/chat")) as sent:
        ask(page, page.get_by_role("textbox", name=t["input"]), "Wanneer is de Service Desk open?")
    assert sent.value.post_data_json["session_id"] == session_id

    dialog.get_by_role("button", name=t["new"]).click()
    expect(page.locator(".fdw-msg-visitor")).to_have_count(0)
    expect(bot_replies(page)).to_have_count(0)
    expect(page.get_by_role("textbox", name=t["input"])).to_be_focused()
    assert stored_state(page)["sessionId"] is None  # a new conversation gets a new key from the server


def test_error_state_when_the_api_is_down_then_retry_recovers(page, api_server):
    t = TEXTS["nl"]
    box = open_chat(page, api_server.url, "nl")
    api_server.stop()
    try:
        box.fill(t["question"])
        box.press("Enter")
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text(t["error"])
        expect(page.locator(".fdw-msg-visitor").last).to_contain_text(t["not_sent"])
        # The error speaks the widget's language too
        page.get_by_role("button", name="Français").click()
        expect(alert).to_contain_text(TEXTS["fr"]["error"])
        expect(page.locator(".fdw-msg-visitor").last).to_contain_text(TEXTS["fr"]["not_sent"])
        page.get_by_role("button", name="Nederlands").click()
        # Retrying while still down keeps the error
        page.get_by_role("button", name=t["retry"]).click()
        expect(alert).to_contain_text(t["error"])
    finally:
        api_server.start()
    page.get_by_role("button", name=t["retry"]).click()
    expect(page.get_by_role("alert")).to_be_hidden()
    expect(bot_replies(page).filter(has_text=t["phone"]).first).to_be_visible()
    expect(page.locator(".fdw-msg-visitor")).to_have_count(1)  # resent, not duplicated
    expect(page.locator(".fdw-msg-visitor").last).not_to_contain_text(t["not_sent"])


class SilentServer:
    """Accepts connections and never answers: a real API that hangs, to see the waiting state."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self):
        for conn in self.conns:
            conn.close()
        self.sock.close()


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_data_api_attribute_typing_indicator_and_a_hanging_api(page, api_server, lang):
    """The embed snippet's data-api decides where messages go; while waiting the typing indicator shows."""
    t = TEXTS[lang]
    silent = SilentServer()
    html = (f'<!doctype html><html lang="{lang}"><head><title>Host</title></head><body><h1>Host page</h1>'
            f'<script src="{api_server.url}/widget.js" data-api="http://127.0.0.1:{silent.port}/" defer></script>'
            '</body></html>')
    with host_site(html) as site:
        try:
            page.goto(site)
            page.get_by_role("button", name=t["launcher"]).click()
            box = page.get_by_role("textbox", name=t["input"])
            with page.expect_request(lambda r: "/chat" in r.url) as sent:
                box.fill("Hallo")
                box.press("Enter")
            assert sent.value.url == f"http://127.0.0.1:{silent.port}/chat"
            typing = page.locator(".fdw-typing")
            expect(typing).to_be_visible()
            expect(typing).to_contain_text(t["typing"])
            expect(page.locator(".fdw-send")).to_have_attribute("aria-disabled", "true")
            expect(page.locator(".fdw-log")).to_have_attribute("aria-busy", "true")
            # Enter while waiting sends nothing more
            box.fill("nog iets")
            box.press("Enter")
            expect(page.locator(".fdw-msg-visitor")).to_have_count(1)
        finally:
            silent.close()
        expect(page.get_by_role("alert")).to_contain_text(t["error"])
        expect(page.locator(".fdw-typing")).to_have_count(0)


def test_a_new_conversation_while_waiting_drops_the_late_outcome(page, api_server):
    silent = SilentServer()
    html = ('<!doctype html><html lang="nl"><body>'
            f'<script src="{api_server.url}/widget.js" data-api="http://127.0.0.1:{silent.port}" defer></script>'
            '</body></html>')
    with host_site(html) as site:
        try:
            page.goto(site)
            page.get_by_role("button", name=TEXTS["nl"]["launcher"]).click()
            box = page.get_by_role("textbox", name=TEXTS["nl"]["input"])
            box.fill("Hallo")
            box.press("Enter")
            expect(page.locator(".fdw-typing")).to_be_visible()
            page.get_by_role("button", name=TEXTS["nl"]["new"]).click()
            expect(page.locator(".fdw-typing")).to_have_count(0)
            expect(page.locator(".fdw-send")).to_have_attribute("aria-disabled", "false")
        finally:
            silent.close()  # the old request now fails: that must not show up in the new conversation
        page.wait_for_timeout(1000)
        expect(page.get_by_role("alert")).to_be_hidden()
    expect(page.locator(".fdw-msg-visitor")).to_have_count(0)
