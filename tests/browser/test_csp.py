"""Under the strict Content-Security-Policy every page still works in Chromium, with no violation reported, and
the widget still works embedded in a page of another origin that has a strict policy of its own."""
import json

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ApiServer
from tests.browser.test_widget_chat import TEXTS, ask, bot_replies, open_chat
from tests.browser.helpers import host_site

pytestmark = pytest.mark.browser


def violations(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    return found


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_demo_page_and_its_chat_work_without_a_violation(page, api_server, lang):
    seen = violations(page)
    box = open_chat(page, api_server.url, lang)
    ask(page, box, TEXTS[lang]["question"])
    expect(bot_replies(page).filter(has_text=TEXTS[lang]["phone"]).first).to_be_visible()
    assert seen == [] and page.js_errors == []


def test_the_console_works_without_a_violation(page, api_server):
    seen = violations(page)
    page.goto(f"{api_server.url}/console/")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_visible()
    assert seen == [] and page.js_errors == []


def test_the_requester_page_posts_with_its_nonce_and_nothing_else_runs(page, api_server):
    created = httpx.post(f"{api_server.url}/tickets", timeout=30, json={
        "type": "question", "subject": "Toegang", "description": "Ik kan niet inloggen", "language": "nl",
        "email": "csp-test@example.be", "channel": "web"}).json()
    seen = violations(page)
    page.goto(f"{api_server.url}/tickets/{created['number']}?token={created['access_token']}")
    page.get_by_label("Informatie toevoegen").fill("Het lukt nog altijd niet, ook niet met een andere browser.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("#result")).not_to_be_empty()
    page.wait_for_load_state()
    expect(page.get_by_text("ook niet met een andere browser")).to_be_visible()  # reloaded with the message
    assert seen == [] and page.js_errors == []


def test_the_widget_works_embedded_on_another_origin_under_its_policy(context, tmp_path):
    server = ApiServer(tmp_path)
    html = ('<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Site partenaire</title></head>'
            f'<body><h1>Un autre site</h1><script src="{server.url}/widget.js" defer></script></body></html>')
    policy = (f"default-src 'self'; script-src {server.url}; style-src {server.url}; connect-src {server.url}; "
              "frame-ancestors 'none'")  # the host's own strict policy, letting in just the desk's origin
    with host_site(html, {"Content-Security-Policy": policy}) as site:
        server.env["FRONTDOOR_WIDGET_ORIGINS"] = json.dumps([site.rstrip("/")])
        server.migrate()
        server.start()
        try:
            page = context.new_page()
            seen = violations(page)
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(site)
            page.get_by_role("button", name=TEXTS["fr"]["launcher"]).click()
            box = page.get_by_role("textbox", name=TEXTS["fr"]["input"])
            ask(page, box, TEXTS["fr"]["question"])
            expect(bot_replies(page).filter(has_text=TEXTS["fr"]["phone"]).first).to_be_visible()
            assert seen == [] and errors == []
        finally:
            server.stop()
