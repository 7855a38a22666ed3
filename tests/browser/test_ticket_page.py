"""The requester's ticket page in Chromium: the desk's look, its NL/FR switch, adding information, and axe-core
finding nothing wrong in either language, on a desktop and on a phone."""
import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import axe_violations

pytestmark = pytest.mark.browser

TEXTS = {"nl": {"title": "Uw ticket", "add": "Informatie toevoegen", "send": "Versturen", "sent": "Uw bericht is toegevoegd.",
                "history": "Berichten"},
         "fr": {"title": "Votre ticket", "add": "Ajouter des informations", "send": "Envoyer",
                "sent": "Votre message a été ajouté.", "history": "Messages"}}
OTHER = {"nl": "fr", "fr": "nl"}


def new_ticket(api_url: str, lang: str) -> str:
    created = httpx.post(f"{api_url}/tickets", timeout=30, json={
        "type": "question", "subject": "Toegang tot MyGov", "description": "Ik kan niet inloggen met itsme.",
        "language": lang, "email": "page-test@example.be", "channel": "web"}).json()
    return f"{api_url}/tickets/{created['number']}?token={created['access_token']}"


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_switch_language_add_information_and_no_axe_violation(page, api_server, lang):
    page.goto(new_ticket(api_server.url, lang))
    t, other = TEXTS[lang], OTHER[lang]
    expect(page.get_by_role("heading", level=1)).to_contain_text(t["title"])
    expect(page.get_by_role("heading", name=t["history"])).to_have_count(0)  # no messages yet: no heading
    assert page.locator(".masthead .brand-mark").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(20, 56, 107)"
    assert axe_violations(page) == []

    page.get_by_role("navigation").get_by_role("link", name=other.upper()).click()
    o = TEXTS[other]
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.get_by_role("heading", level=1)).to_contain_text(o["title"])
    expect(page.get_by_role("link", name=other.upper())).to_have_attribute("aria-current", "true")
    assert axe_violations(page) == []
    # The form works in the language chosen, and the message then shows under its heading
    page.get_by_label(o["add"]).fill("Het lukt nog altijd niet, ook niet met een andere browser.")
    page.get_by_role("button", name=o["send"]).click()
    expect(page.locator("#result")).to_have_text(o["sent"])
    expect(page.get_by_role("heading", name=o["history"])).to_be_visible()
    expect(page.get_by_text("ook niet met een andere browser")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", other)
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_on_a_phone_nothing_overflows_and_axe_finds_nothing(browser, api_server):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        page.goto(new_ticket(api_server.url, "fr"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Votre ticket")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        switch = page.get_by_role("link", name="NL").bounding_box()
        assert switch["width"] >= 44 and switch["height"] >= 44
        assert axe_violations(page) == []
    finally:
        ctx.close()
