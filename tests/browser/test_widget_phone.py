"""When a message cannot be sent, the error offers the desk's phone number during office hours (the widget's
language decides which number), and not outside them. The numbers are the API's settings: phones_api runs with
numbers of its own (conftest.PHONES), so none of them can come from the widget's code."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONES
from tests.browser.helpers import pinned_clock
from tests.browser.test_widget_chat import TEXTS, open_chat

pytestmark = pytest.mark.browser

OPEN = "2026-12-01T10:00:00+01:00"  # a Tuesday, a federal working day, 10:00 in Brussels
CLOSED = "2026-12-05T10:00:00+01:00"  # a Saturday
CALL = {"nl": "U kunt de Service Desk nu ook bellen", "fr": "Vous pouvez aussi appeler le Service Desk maintenant"}
OTHER = {"nl": "fr", "fr": "nl"}
LANG_BUTTON = {"nl": "Nederlands", "fr": "Français"}


def fail_to_send(page, box, text="Mijn kaartlezer werkt niet meer"):
    page.route("**/chat", lambda route: route.abort())  # the network drops the message
    box.fill(text)
    box.press("Enter")
    return page.get_by_role("alert")


def tel(phone: str) -> str:
    return "tel:" + phone.replace(" ", "")


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_during_office_hours_the_error_offers_the_phone_in_the_chat_s_language(page, phones_api, lang):
    with pinned_clock(phones_api.url, OPEN):
        box = open_chat(page, phones_api.url, lang)
        alert = fail_to_send(page, box)
        expect(alert).to_contain_text(TEXTS[lang]["error"])
        expect(alert).to_contain_text(CALL[lang])
        phone = alert.get_by_role("link", name=PHONES[lang])
        expect(phone).to_have_attribute("href", tel(PHONES[lang]))
        # The other language: its texts and its number
        other = OTHER[lang]
        page.get_by_role("button", name=LANG_BUTTON[other]).click()
        expect(alert).to_contain_text(CALL[other])
        expect(alert.get_by_role("link", name=PHONES[other])).to_have_attribute("href", tel(PHONES[other]))
        expect(alert.get_by_role("link")).to_have_count(1)
    assert page.js_errors == []


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_outside_office_hours_the_error_offers_no_phone(page, phones_api, lang):
    with pinned_clock(phones_api.url, CLOSED):
        box = open_chat(page, phones_api.url, lang)
        alert = fail_to_send(page, box)
        expect(alert).to_contain_text(TEXTS[lang]["error"])
        expect(page.get_by_role("button", name=TEXTS[lang]["retry"])).to_be_visible()
        expect(alert).not_to_contain_text(CALL[lang])
        expect(alert.get_by_role("link")).to_have_count(0)


def test_with_the_api_down_the_phone_is_what_it_said_when_the_chat_opened(page, phones_api):
    with pinned_clock(phones_api.url, OPEN):
        with page.expect_response(lambda r: "/office-hours" in r.url):
            box = open_chat(page, phones_api.url, "nl")
    phones_api.stop()
    try:
        box.fill("Mijn kaartlezer werkt niet meer")
        box.press("Enter")
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text(TEXTS["nl"]["error"])
        expect(alert.get_by_role("link", name=PHONES["nl"])).to_have_attribute("href", tel(PHONES["nl"]))
    finally:
        phones_api.start()
