"""E-mail in the console, in Chromium against the real API, in NL and FR: a requester's e-mail shows its channel,
sender and attachments (downloaded with the token), and an e-mail from another address waits in the triage card
until the agent attaches it to the ticket."""
import subprocess
import sys
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.api.inbound.mails import mail
from tests.browser.helpers import wcag_violations
from tests.browser.conftest import ROOT
from tests.browser.test_console import PASSWORD, bearer, make_account

pytestmark = pytest.mark.browser

RECEIVE = """
import sys
from api.clock import system_clock
from api.db import new_session
from api.inbound.service import receive
with new_session() as db:
    print(receive(db, sys.stdin.buffer.read(), system_clock()).status)
"""
TEXTS = {
    "nl": {"email": "E-mailadres", "password": "Wachtwoord", "login": "Aanmelden", "open": "Ticket openen {}",
           "from": "van", "triage": "E-mails voor triage", "reason": "afzender is niet de aanvrager",
           "number": "Ticketnummer (SD-jaar-nummer)", "attach": "Aan ticket koppelen", "download": "Downloaden",
           "attached": "De e-mail is toegevoegd aan ticket {}.", "back": "← Terug naar de wachtrij",
           "refused": "1 bijlage is niet bewaard"},
    "fr": {"email": "Adresse e-mail", "password": "Mot de passe", "login": "Se connecter", "open": "Ouvrir le ticket {}",
           "from": "de", "triage": "E-mails à trier", "reason": "l'expéditeur n'est pas le demandeur",
           "number": "Numéro de ticket (SD-année-numéro)", "attach": "Lier au ticket", "download": "Télécharger",
           "attached": "L'e-mail a été ajouté au ticket {}.", "back": "← Retour à la file",
           "refused": "1 pièce jointe n'a pas été conservée"},
}


def deliver(api_server, raw: bytes) -> str:
    """As the receiver does it: the message handled in the server's own database."""
    done = subprocess.run([sys.executable, "-c", RECEIVE], input=raw, env=api_server.env, cwd=ROOT, check=True,
                          capture_output=True)
    return done.stdout.decode().strip()


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_an_agent_sees_a_requester_s_e_mail_and_attaches_a_triaged_one(page, api_server, lang):
    words = TEXTS[lang]
    agent = make_account(api_server, "agent")
    headers = bearer(api_server, agent)
    requester = f"an.{uuid.uuid4().hex[:6]}@fod.example.be"
    r = httpx.post(f"{api_server.url}/tickets", timeout=30, json={
        "type": "question", "subject": "eID", "language": lang, "email": requester, "channel": "web",
        "description": "Mijn eID-lezer werkt niet." if lang == "nl" else "Mon lecteur eID ne fonctionne pas."})
    number = r.json()["number"]
    for action, body in (("claim", None), ("request-info", {"text": "Welke versie? / Quelle version ?"})):
        assert httpx.post(f"{api_server.url}/tickets/{number}/{action}", headers=headers, json=body,
                          timeout=30).status_code == 200
    assert deliver(api_server, mail(requester, f"Re: [{number}]", "Versie 5.1.2",
                                    attachments=(("scherm.png", "image/png", b"\x89PNG-screenshot"),
                                                 ("tool.exe", "application/octet-stream", b"MZ\x90")))) == "threaded"
    assert deliver(api_server, mail("collega@fod.example.be", f"Re: [{number}]", "Ook bij mij: 5.1.2")) == "triage"

    page.goto(f"{api_server.url}/console/?lang={lang}")
    page.get_by_label(words["email"], exact=True).fill(agent)
    page.get_by_label(words["password"], exact=True).fill(PASSWORD)
    page.get_by_role("button", name=words["login"], exact=True).click()
    card = page.locator("#triage")
    expect(card).to_be_visible()
    expect(card.get_by_role("heading")).to_have_text(words["triage"])
    item = card.locator("li", has_text="collega@fod.example.be")
    expect(item).to_contain_text(words["reason"])
    assert wcag_violations(page) == []  # the queue with its triage card

    page.locator(f'#queue tbody tr[data-number="{number}"]').get_by_role(
        "link", name=words["open"].format(number)).click()
    message = page.locator("#ticket-messages li", has_text="Versie 5.1.2")
    expect(message.locator(".badge-email")).to_have_text("e-mail")
    expect(message).to_contain_text(f"{words['from']} {requester}")
    expect(message).to_contain_text(words["refused"])
    assert wcag_violations(page) == []  # the ticket with an e-mail and its attachment
    with page.expect_download() as download:
        message.get_by_role("button", name=f"{words['download']}: scherm.png").click()
    assert download.value.suggested_filename == "scherm.png"
    assert open(download.value.path(), "rb").read() == b"\x89PNG-screenshot"

    page.get_by_role("link", name=words["back"]).click()
    item.get_by_label(words["number"]).fill(number)
    item.get_by_role("button", name=words["attach"]).click()
    expect(page.get_by_role("status")).to_have_text(words["attached"].format(number))
    expect(card).to_be_hidden()
    detail = httpx.get(f"{api_server.url}/tickets/{number}/detail", headers=headers, timeout=30).json()
    assert [m["sender"] for m in detail["messages"] if m["author"] == "requester"] == [requester,
                                                                                     "collega@fod.example.be"]
    assert page.js_errors == []
