"""Every console page in NL and FR has no WCAG 2.1 A/AA violation that axe-core finds (tests/browser/vendor,
4.14.1): the sign-in, the queue, a ticket with its chat, the keyboard help, the FAQ workbench with a tested
question, the grouped questions and an entry open, and the figures.

With FRONTDOOR_SCREENSHOTS=<folder> the test also saves each page as a PNG there (docs/console.md shows them:
`FRONTDOOR_SCREENSHOTS=docs/img CI=true .venv/bin/pytest tests/browser/test_console_a11y.py`)."""
import os
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import wcag_violations
from tests.browser.test_console import bearer, make_account
from tests.browser.test_console_agent import chat_ticket

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("FRONTDOOR_SCREENSHOTS")
SIGN_IN = {"nl": ("E-mailadres", "Wachtwoord", "Aanmelden"), "fr": ("Adresse e-mail", "Mot de passe", "Se connecter")}


def check(page, name: str, lang: str) -> None:
    assert wcag_violations(page) == [], f"{name} ({lang})"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"console-{name}-{lang}.png"))


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_console_page_passes_axe(page, api_server, lang):
    admin = make_account(api_server, "admin")  # an admin has the agents', the editors' and the figures' tabs
    number = chat_ticket(api_server, f"a11y.{uuid.uuid4().hex[:6]}@example.be", subject=f"Toegang {lang}")
    httpx.post(f"{api_server.url}/faq/unanswered", timeout=30, json={
        "query": "waar kan ik mijn fiets kwijt" if lang == "nl" else "où garer mon vélo", "lang": lang,
        "decision": "no_match", "session_id": uuid.uuid4().hex})
    httpx.post(f"{api_server.url}/canned-replies", headers=bearer(api_server, admin), timeout=30,
               json={"lang": "nl", "title": f"Info {uuid.uuid4().hex[:4]}", "text": "Kunt u meer vertellen?"})
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{api_server.url}/console/?lang={lang}")
    email, password, submit = SIGN_IN[lang]
    expect(page.get_by_role("button", name=submit)).to_be_visible()
    check(page, "sign-in", lang)

    page.get_by_label(email, exact=True).fill(admin)
    page.get_by_label(password, exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name=submit).click()
    expect(page.locator(f'#queue tbody tr[data-number="{number}"]')).to_be_visible()
    check(page, "queue", lang)

    page.goto(f"{api_server.url}/console/?lang={lang}#ticket/{number}")
    expect(page.locator("#ticket-title")).to_contain_text(number)
    expect(page.locator("#ticket-transcript li.visitor")).to_have_count(3)
    check(page, "ticket", lang)
    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    check(page, "shortcuts", lang)
    page.keyboard.press("Escape")

    page.locator("#tab-faq").click()
    page.locator("#t-q").fill("Hoe kan ik de servicedesk bereiken?" if lang == "nl" else "Comment joindre le service desk ?")
    page.locator("#test-form button[type=submit]").click()
    expect(page.locator("#test-result tbody tr").first).to_be_visible()
    expect(page.locator("#groups > li").first).to_be_visible()
    page.locator("#entries tbody tr button").first.click()
    expect(page.locator("#editor")).to_be_visible()
    expect(page.locator("#editor-pair")).to_be_visible()
    check(page, "faq", lang)

    page.locator("#tab-analytics").click()
    expect(page.locator("#analytics-view")).to_be_visible()
    expect(page.locator("#a-figures dt").first).to_be_visible()
    check(page, "figures", lang)
    assert page.js_errors == []
