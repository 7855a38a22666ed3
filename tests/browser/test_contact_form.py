"""The demo page's contact form (where the chat sends visitors when the assistant is down) opens a real ticket."""
import re

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FORM = {
    "nl": {"subject": "Onderwerp", "description": "Beschrijving", "email": "E-mailadres", "name": "Naam (optioneel)",
           "organisation": "Organisatie (optioneel)", "type": "Soort aanvraag", "submit": "Versturen",
           "required": "Vul dit veld in.", "bad_email": "Vul een geldig e-mailadres in",
           "created": "is aangemaakt. U ontvangt een bevestiging per e-mail.", "incident": "Incident (iets werkt niet)"},
    "fr": {"subject": "Objet", "description": "Description", "email": "Adresse e-mail", "name": "Nom (facultatif)",
           "organisation": "Organisation (facultatif)", "type": "Type de demande", "submit": "Envoyer",
           "required": "Veuillez remplir ce champ.", "bad_email": "Veuillez indiquer une adresse e-mail valide",
           "created": "a été créé. Vous recevez une confirmation par e-mail.",
           "incident": "Incident (quelque chose ne fonctionne pas)"},
}


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_contact_form_validates_then_opens_a_ticket(page, api_server, lang):
    f = FORM[lang]
    page.goto(f"{api_server.url}/?lang={lang}#ticket")
    form = page.locator("#ticket-form")
    requests = []
    page.on("request", lambda r: requests.append(r) if r.url.endswith("/tickets") else None)

    # Empty and malformed input is caught in the visitor's language, and nothing is sent
    form.get_by_role("button", name=f["submit"]).click()
    expect(form.get_by_label(f["subject"])).to_be_focused()
    expect(form.get_by_label(f["subject"])).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#t-subject-err")).to_have_text(f["required"])
    form.get_by_label(f["subject"]).fill("VPN-verbinding valt weg")
    form.get_by_label(f["description"]).fill("Sinds vanochtend valt de VPN elke tien minuten weg.")
    form.get_by_label(f["email"]).fill("niet-geldig")
    form.get_by_role("button", name=f["submit"]).click()
    expect(form.locator("#t-email-err")).to_contain_text(f["bad_email"])
    expect(form.get_by_label(f["email"])).to_be_focused()
    assert requests == []

    email = f"visitor.{lang}@example.be"
    form.get_by_label(f["email"]).fill(email)
    form.get_by_label(f["name"]).fill("An Peeters")
    form.get_by_label(f["type"]).select_option(label=f["incident"])
    with page.expect_response(lambda r: r.url.endswith("/tickets") and r.request.method == "POST") as answered:
        form.get_by_role("button", name=f["submit"]).click()
    result = page.locator("#ticket-result")
    expect(result).to_contain_text(f["created"])
    number = re.search(r"SD-\d{4}-\d{6}", result.inner_text()).group(0)
    expect(result).to_be_focused()
    assert len(requests) == 1
    sent = requests[0]
    assert sent.headers["idempotency-key"]
    assert sent.post_data_json["channel"] == "web" and sent.post_data_json["language"] == lang
    # The ticket exists for the requester, in the page's language, and the form is empty again
    token = answered.value.json()["access_token"]  # only a secret opens a ticket, never the address
    view = httpx.get(f"{api_server.url}/tickets/{number}", params={"token": token}, timeout=30).json()
    assert view["type"] == "incident" and view["language"] == lang and view["subject"] == "VPN-verbinding valt weg"
    expect(form.get_by_label(f["subject"])).to_have_value("")


def test_contact_form_says_when_the_api_is_unreachable_and_a_retry_makes_one_ticket(page, api_server):
    page.goto(f"{api_server.url}/?lang=nl#ticket")
    form = page.locator("#ticket-form")
    form.get_by_label("Onderwerp").fill("Toegang tot het portaal")
    form.get_by_label("Beschrijving").fill("Ik krijg foutcode 403 bij het aanmelden.")
    form.get_by_label("E-mailadres").fill("retry@example.be")
    keys = []
    page.on("request", lambda r: keys.append(r.headers["idempotency-key"]) if r.url.endswith("/tickets") else None)
    api_server.stop()
    try:
        form.get_by_role("button", name="Versturen").click()
        expect(page.get_by_role("alert")).to_contain_text("tijdelijk onbereikbaar")
        # the message follows the page language
        page.get_by_role("link", name="FR", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("temporairement injoignable")
        page.get_by_role("link", name="NL", exact=True).click()
    finally:
        api_server.start()
    form.get_by_role("button", name="Versturen").click()
    expect(page.locator("#ticket-result")).to_contain_text("is aangemaakt")
    assert len(keys) == 2 and keys[0] == keys[1]  # the same key: a lost answer never makes two tickets
