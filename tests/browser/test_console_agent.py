"""The agent's daily work in the console, in Chromium against the real API: find a ticket by the requester's
address, read its chat with the button presses and the FAQ entries refused, insert an FAQ answer and a canned
reply, hand the ticket to a colleague who sees it arrive without a reload, the ticket's own URL, the keyboard,
the auto-close in the right tense, and a resolved ticket turned into an FAQ draft; in NL and FR."""
import json
import subprocess
import sys
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT
from tests.browser.test_console import bearer, log_in, make_account, queue_row

pytestmark = pytest.mark.browser

CHAT = """
import json, sys
from datetime import datetime, timezone
from api.chat import service
from api.db import new_session
session, turns = sys.argv[1], json.loads(sys.argv[2])
with new_session() as db:
    for visitor, bot in turns:
        service.record_turn(db, session_id=session, at=datetime.now(timezone.utc), page_lang="nl", detected_lang="nl",
                            confidence=1.0, lang="nl", visitor_text=visitor, bot_messages=bot, degraded=False)
    db.commit()
"""


def chat_ticket(api_server, email: str, language: str = "nl", subject: str = "Wachtwoord werkt niet") -> str:
    """A ticket whose chat went: a question, the FAQ's answer (Markdown), "Nee", "Ja, ticket aanmaken"; as the
    chat log holds it (written by the chat service itself, in the server's database)."""
    session = "console-" + uuid.uuid4().hex
    turns = [
        ["ik kan niet meer inloggen op mijn pc", [
            {"text": "Probeer uw wachtwoord te **wijzigen** via [MyAccount](https://myaccount.example.be)."},
            {"text": "Heeft dit geholpen?", "buttons": [{"title": "Ja", "payload": "/affirm"},
                                                        {"title": "Nee", "payload": "/deny"}]}]],
        ["/deny", [{"text": "Zal ik een ticket aanmaken?", "buttons": [
            {"title": "Ja, ticket aanmaken", "payload": "/ticket_yes"}, {"title": "Nee", "payload": "/deny"}]}]],
        ["/ticket_yes", [{"text": "Wat is uw e-mailadres?"}]],
    ]
    subprocess.run([sys.executable, "-c", CHAT, session, json.dumps(turns)], env=api_server.env, cwd=ROOT, check=True)
    r = httpx.post(f"{api_server.url}/tickets", timeout=30, json={
        "type": "incident", "subject": subject, "language": language, "email": email, "name": "Lies Wouters",
        "channel": "chat", "chat_session": session, "description": "Ik kan niet inloggen, ook niet na het resetten."})
    assert r.status_code == 201, r.text
    return r.json()["number"]


def test_an_agent_finds_answers_and_hands_over_a_ticket(browser, page, api_server):
    me, colleague = make_account(api_server, "agent"), make_account(api_server, "agent")
    requester = f"lies.{uuid.uuid4().hex[:6]}@fod.example.be"
    number = chat_ticket(api_server, requester)
    chat_ticket(api_server, "someone.else@example.be")  # a ticket the search must leave out
    canned = httpx.post(f"{api_server.url}/canned-replies", headers=bearer(api_server, me), timeout=30, json={
        "lang": "nl", "title": "Schermafdruk vragen", "text": "Kunt u ons een schermafdruk van de fout sturen?"})
    assert canned.status_code == 201, canned.text

    # The colleague's console is open on their own queue
    other_ctx = browser.new_context(viewport={"width": 1280, "height": 860}, locale="nl-BE")
    other = other_ctx.new_page()
    try:
        log_in(other, api_server, colleague)
        other.get_by_label("Toegewezen", exact=True).select_option("mine")
        expect(other.locator("#queue-count")).to_have_text("Geen tickets met deze filters.")

        log_in(page, api_server, me)
        page.get_by_label("Zoeken: nummer, e-mailadres of woorden").fill(requester)
        page.get_by_role("button", name="Zoeken", exact=True).click()
        expect(page.locator("#queue tbody tr")).to_have_count(1)
        row = queue_row(page, number)
        expect(row).to_contain_text(requester)
        expect(row).to_contain_text("NL")
        row.get_by_role("link", name=f"Ticket openen {number}").click()
        expect(page).to_have_url(f"{api_server.url}/console/#ticket/{number}")
        expect(page.locator("#queue-view")).to_be_hidden()  # the ticket has the page, not a spot under the list

        # The chat as the visitor lived it: their words, the buttons they pressed, the bot's Markdown rendered
        turns = page.locator("#ticket-transcript")
        expect(turns.locator("li.visitor")).to_have_count(3)
        expect(turns.locator("li.visitor").nth(1)).to_contain_text("knop Nee")
        expect(turns.locator("li.visitor").nth(2)).to_contain_text("knop Ja, ticket aanmaken")
        expect(turns.locator("li.bot strong").first).to_have_text("wijzigen")
        expect(turns.locator("li.bot a").first).to_have_attribute("href", "https://myaccount.example.be/")
        assert "**" not in turns.inner_text()

        # An FAQ answer from the index, in the ticket's language, goes into the reply
        page.get_by_role("button", name="Oppakken").click()
        expect(page.get_by_role("status")).to_have_text(f"{number}: Ticket opgepakt.")
        page.get_by_label("FAQ-antwoord zoeken (in de taal van het ticket)").fill("wachtwoord vergeten")
        page.get_by_label("FAQ-antwoord zoeken (in de taal van het ticket)").press("Enter")
        first = page.locator("#act-faq-hits li").first
        expect(first.get_by_role("button")).to_be_visible()
        hit = httpx.get(f"{api_server.url}/tickets/faq-answers", headers=bearer(api_server, me), timeout=30,
                        params={"q": "wachtwoord vergeten", "lang": "nl"}).json()[0]
        inserted = hit["text"] + (f"\n\n{hit['url']}" if hit["url"] and hit["url"] not in hit["text"] else "")
        assert "**" in hit["answer"] and "**" not in inserted  # plain text for the e-mail
        first.get_by_role("button").click()
        text = page.get_by_label("Tekst (antwoord, vraag, oplossing of notitie)")
        expect(text).to_have_value(inserted)
        # and a canned reply after it
        page.get_by_label("Standaardantwoord").select_option(label="Schermafdruk vragen")
        page.get_by_role("button", name="Invoegen", exact=True).click()
        expect(text).to_have_value(inserted + "\n\nKunt u ons een schermafdruk van de fout sturen?")
        text.press("Control+Enter")  # the keyboard sends the reply
        expect(page.get_by_role("status")).to_have_text(f"{number}: Antwoord verzonden.")
        expect(page.locator("#ticket-messages")).to_contain_text("Kunt u ons een schermafdruk van de fout sturen?")

        # Handed to the colleague, whose queue shows it without a reload
        page.get_by_label("Toewijzen aan").select_option(label=colleague)
        page.get_by_role("button", name="Toewijzen", exact=True).click()
        expect(page.get_by_role("status")).to_have_text(f"{number}: Ticket toegewezen.")
        expect(page.locator("#ticket-facts")).to_contain_text(f"Toegewezen{colleague}")
        expect(queue_row(other, number)).to_be_visible(timeout=15_000)
        expect(queue_row(other, number)).to_contain_text("mij")

        # The ticket's URL opens it again after a reload, and the keyboard goes back to the queue
        page.reload()
        expect(page.get_by_role("heading", level=2, name=f"{number} – Wachtwoord werkt niet")).to_be_focused()
        page.keyboard.press("Escape")
        expect(page.locator("#queue-view")).to_be_visible()
        page.keyboard.press("?")
        expect(page.get_by_role("dialog", name="Sneltoetsen")).to_be_visible()
        expect(page.get_by_role("dialog")).to_contain_text("Ticket oppakken")
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_be_hidden()
        page.keyboard.press("/")
        expect(page.get_by_label("Zoeken: nummer, e-mailadres of woorden")).to_be_focused()
        assert page.js_errors == []
    finally:
        other_ctx.close()

    # What the API holds agrees
    detail = httpx.get(f"{api_server.url}/tickets/{number}/detail", headers=bearer(api_server, colleague),
                       timeout=30).json()
    assert [m["text"] for m in detail["messages"] if m["kind"] == "reply"] == [
        inserted + "\n\nKunt u ons een schermafdruk van de fout sturen?"]
    assert [e["kind"] for e in detail["events"]][-1] == "reassigned"


def test_a_requester_reply_shows_in_the_queue_and_a_resolved_ticket_becomes_a_draft_in_french(page, api_server):
    agent = make_account(api_server, "agent")
    headers = bearer(api_server, agent)
    r = httpx.post(f"{api_server.url}/tickets", timeout=30, json={
        "type": "question", "subject": "Certificat eBox", "language": "fr", "email": "marc@spf.example.be",
        "name": "Marc", "channel": "web", "description": "Comment renouveler le certificat de mon eBox ?"})
    number, token = r.json()["number"], r.json()["access_token"]
    for action, body in (("claim", None), ("request-info", {"text": "Quel navigateur utilisez-vous ?"})):
        assert httpx.post(f"{api_server.url}/tickets/{number}/{action}", headers=headers, json=body,
                          timeout=30).status_code == 200
    assert httpx.post(f"{api_server.url}/tickets/{number}/messages", timeout=30,
                      json={"token": token, "text": "Firefox"}).status_code == 201

    page.goto(f"{api_server.url}/console/?lang=fr")
    page.get_by_label("Adresse e-mail", exact=True).fill(agent)
    page.get_by_label("Mot de passe", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Attribué à", exact=True).select_option("mine")  # this new agent's own tickets
    page.get_by_label("Le demandeur a répondu").check()
    row = queue_row(page, number)
    expect(row).to_contain_text("Le demandeur a répondu")
    expect(page.locator("#queue tbody tr")).to_have_count(1)
    expect(page.get_by_label("Statut", exact=True).locator("option[value=open]")).to_have_text("Ouvert (1)")

    row.get_by_role("link", name=f"Ouvrir le ticket {number}").click()
    page.get_by_label("Texte (réponse, question, solution ou note)").fill("Videz le cache de Firefox.")
    page.get_by_role("button", name="Demander des informations").click()
    expect(page.get_by_role("status")).to_have_text(f"{number}: Demande d’informations envoyée.")
    # waiting again: the auto-close is ahead, in working days and in the future tense
    expect(page.locator("#ticket-facts")).to_contain_text("(dans 5 jours ouvrables), sauf si le demandeur réagit")
    expect(page.locator("#ticket-markers")).to_be_empty()  # answered: no marker any more

    page.get_by_label("Texte (réponse, question, solution ou note)").fill(
        "Renouvelez le certificat dans **Paramètres > Certificats** de l’eBox.")
    page.get_by_role("button", name="Résoudre").click()
    expect(page.get_by_role("status")).to_have_text(f"{number}: Ticket résolu.")
    page.get_by_role("button", name="Créer un brouillon FAQ").click()
    expect(page.get_by_role("status")).to_contain_text("Brouillon FAQ certificat-ebox-fr créé")
    editor = bearer(api_server, make_account(api_server, "editor"))
    draft = httpx.get(f"{api_server.url}/faq/entries/certificat-ebox-fr", headers=editor, timeout=30).json()
    assert draft["status"] == "draft" and draft["lang"] == "fr"
    assert draft["question"] == "Certificat eBox"  # a web ticket has no chat: the subject is the visitor's words
    assert draft["answer"] == "Renouvelez le certificat dans **Paramètres > Certificats** de l’eBox."
    assert page.js_errors == []
