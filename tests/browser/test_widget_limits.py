"""The message length limit in the widget: one limit, the API's (GET /chat/limits). The widget counts, warns
and refuses to send above it, and never cuts what the visitor pasted.

Rasa is not running here, so /chat answers in its degraded FAQ mode: any answer will do.
"""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TEXTS = {
    "nl": {"launcher": "Chat met de Service Desk", "input": "Uw bericht", "send": "Verzenden", "other": "Français",
           "sentence": "Mijn laptop start niet meer op sinds de update van gisteren en ik zie een zwart scherm. ",
           "too_long": "Uw bericht is {over} tekens te lang (maximaal {max} tekens)."
                       " Maak het korter of verdeel het over meerdere berichten.",
           "one_too_many": "Uw bericht is 1 teken te lang (maximaal {max} tekens)."
                           " Maak het korter of verdeel het over meerdere berichten.",
           "counter_sr": "{count} van maximaal {max} tekens"},
    "fr": {"launcher": "Chat avec le Service Desk", "input": "Votre message", "send": "Envoyer", "other": "Nederlands",
           "sentence": "Mon ordinateur portable ne démarre plus depuis la mise à jour d’hier et l’écran reste noir. ",
           "too_long": "Votre message dépasse de {over} caractères la limite de {max} caractères."
                       " Raccourcissez-le ou envoyez-le en plusieurs messages.",
           "one_too_many": "Votre message dépasse de 1 caractère la limite de {max} caractères."
                           " Raccourcissez-le ou envoyez-le en plusieurs messages.",
           "counter_sr": "{count} caractères sur {max} autorisés"},
}
OTHER = {"nl": "fr", "fr": "nl"}
RED = "rgb(164, 38, 30)"
MUTED = "rgb(74, 85, 99)"


def message(lang: str, length: int) -> str:
    """A realistic text of exactly `length` characters that trimming does not shorten."""
    text = (TEXTS[lang]["sentence"] * (length // 40 + 2))[:length - 1] + "."
    assert len(text) == length and text.strip() == text
    return text


def is_limits(request_or_response) -> bool:
    return request_or_response.url.endswith("/chat/limits")


def is_chat_post(request) -> bool:
    return request.url.endswith("/chat") and request.method == "POST"


def open_chat(page, url: str, lang: str):
    """Opens the widget once its GET /chat/limits has answered; returns the message box."""
    with page.expect_response(is_limits):
        page.goto(f"{url}/?lang={lang}")
    page.get_by_role("button", name=TEXTS[lang]["launcher"]).click()
    box = page.get_by_role("textbox", name=TEXTS[lang]["input"])
    expect(box).to_be_focused()
    return box


def record_chat_posts(page) -> list:
    posts: list = []
    page.on("request", lambda r: posts.append(r) if is_chat_post(r) else None)
    return posts


def counter_value(page):
    return page.locator(".fdw-counter [aria-hidden='true']")


def send_button(page, lang: str):
    return page.get_by_role("dialog").get_by_role("button", name=TEXTS[lang]["send"])


def bot_replies(page):
    return page.locator(".fdw-msg-bot:not(.fdw-welcome):not(.fdw-typing)")


def expect_refused(page, box, lang: str, text: str, limit: int):
    """Over the limit: counter in its over state, the message with the numbers, no send button, Enter sends nothing."""
    t = TEXTS[lang]
    over = len(text) - limit
    counter = page.locator(".fdw-counter")
    expect(counter).to_be_visible()
    expect(counter).to_have_class(re.compile(r"\bfdw-counter-over\b"))
    expect(counter_value(page)).to_have_text(f"{len(text)} / {limit}")
    assert counter.evaluate("e => getComputedStyle(e).color") == RED
    alert = page.locator(".fdw-limit-msg")
    expect(alert).to_be_visible()
    expect(alert).to_have_text((t["one_too_many"] if over == 1 else t["too_long"]).format(over=over, max=limit))
    expect(send_button(page, lang)).to_be_disabled()
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_attribute("aria-describedby", re.compile(r"\bfdw-limit-msg\b"))

    box.press("Enter")
    page.wait_for_timeout(500)
    # Trying to send tells screen readers again why nothing happened
    expect(page.locator(".fdw-limit-live")).to_have_text(alert.text_content())
    expect(page.locator(".fdw-msg-visitor")).to_have_count(0)
    assert box.input_value() == text, "the text was cut or cleared"


def send_and_expect_answer(page, box, text: str):
    """The text goes out whole, shows whole in the transcript, and the assistant answers."""
    with page.expect_request(is_chat_post) as sent:
        box.press("Enter")
    assert sent.value.post_data_json["message"] == text
    bubble = page.locator(".fdw-msg-visitor .fdw-bubble").last
    expect(bubble).to_have_text(text)
    assert bubble.evaluate("e => e.textContent.length") == len(text)
    expect(page.locator(".fdw-typing")).to_have_count(0, timeout=30_000)
    expect(bot_replies(page).first).to_be_visible()
    assert bot_replies(page).first.text_content().strip(), "the assistant said nothing"
    expect(box).to_have_value("")
    expect(page.locator(".fdw-counter")).to_be_hidden()


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_pasted_message_over_the_limit_is_kept_whole_and_not_sent(page, api_server, lang):
    t = TEXTS[lang]
    limits_requests = []
    page.on("request", lambda r: limits_requests.append(r.url) if is_limits(r) else None)
    posts = record_chat_posts(page)
    box = open_chat(page, api_server.url, lang)
    expect(page.locator(".fdw-counter")).to_be_hidden()
    assert box.evaluate("e => e.maxLength") == -1, "the input must not cut what is pasted"

    text = message(lang, 2100)
    box.fill(text)
    # Entering the over-limit state is announced, politely
    expect(page.locator(".fdw-limit-live")).to_have_attribute("aria-live", "polite")
    expect(page.locator(".fdw-limit-live")).to_have_text(t["too_long"].format(over=100, max=2000))
    expect_refused(page, box, lang, text, 2000)
    assert posts == []

    # The language toggle relabels the message; the numbers stay
    page.get_by_role("button", name=t["other"]).click()
    expect(page.locator(".fdw-limit-msg")).to_have_text(TEXTS[OTHER[lang]]["too_long"].format(over=100, max=2000))
    page.get_by_role("button", name=TEXTS[OTHER[lang]]["other"]).click()
    expect(page.locator(".fdw-limit-msg")).to_have_text(t["too_long"].format(over=100, max=2000))

    # One too many, then exactly the limit: that one goes out (the API accepts 2,000)
    longest = message(lang, 2000)
    box.fill(longest + "!")
    expect_refused(page, box, lang, longest + "!", 2000)
    assert posts == []
    box.fill(longest)
    expect(page.locator(".fdw-limit-msg")).to_be_hidden()
    expect(counter_value(page)).to_have_text("2000 / 2000")
    expect(page.locator(".fdw-counter")).not_to_have_class(re.compile(r"\bfdw-counter-over\b"))
    expect(send_button(page, lang)).to_be_enabled()
    expect(box).not_to_have_attribute("aria-invalid", "true")
    send_and_expect_answer(page, box, longest)
    assert len(posts) == 1
    assert limits_requests == [f"{api_server.url}/chat/limits"], "the limits are fetched once, from the API"


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_long_message_under_the_limit_is_sent_whole(page, api_server, lang):
    box = open_chat(page, api_server.url, lang)
    counter = page.locator(".fdw-counter")
    # Quiet below 80 % of the limit, visible from there on, and not in its over state
    box.fill(message(lang, 1599))
    page.wait_for_timeout(200)
    expect(counter).to_be_hidden()
    expect(box).not_to_have_attribute("aria-describedby", re.compile(".*"))
    assert page.locator(".fdw-limit-live").text_content() == ""
    box.fill(message(lang, 1600))
    expect(counter).to_be_visible()
    expect(counter_value(page)).to_have_text("1600 / 2000")
    expect(page.locator(".fdw-limit-live")).to_have_text(TEXTS[lang]["counter_sr"].format(count=1600, max=2000))
    expect(box).to_have_attribute("aria-describedby", "fdw-counter")

    text = message(lang, 1900)
    box.fill(text)
    expect(counter_value(page)).to_have_text("1900 / 2000")
    expect(counter).not_to_have_class(re.compile(r"\bfdw-counter-over\b"))
    assert counter.evaluate("e => getComputedStyle(e).color") == MUTED
    expect(page.locator(".fdw-limit-msg")).to_be_hidden()
    expect(send_button(page, lang)).to_be_enabled()
    send_and_expect_answer(page, box, text)
    assert page.js_errors == []


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_limit_is_the_one_the_api_announces(page, api_server, lang):
    page.route("**/chat/limits", lambda route: route.fulfill(json={"message_max": 50, "query_max": 1000}))
    posts = record_chat_posts(page)
    box = open_chat(page, api_server.url, lang)

    text = message(lang, 60)
    box.fill(text)
    expect_refused(page, box, lang, text, 50)
    assert posts == []

    text = message(lang, 40)
    box.fill(text)
    expect(page.locator(".fdw-limit-msg")).to_be_hidden()
    expect(counter_value(page)).to_have_text("40 / 50")  # 80 % of this limit
    expect(send_button(page, lang)).to_be_enabled()
    send_and_expect_answer(page, box, text)
    assert len(posts) == 1


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_until_the_limits_answer_the_default_holds_and_typing_goes_on(page, api_server, lang):
    held = []
    page.route("**/chat/limits", lambda route: held.append(route))
    page.goto(f"{api_server.url}/?lang={lang}")
    page.get_by_role("button", name=TEXTS[lang]["launcher"]).click()
    box = page.get_by_role("textbox", name=TEXTS[lang]["input"])
    expect(box).to_be_focused()
    page.wait_for_timeout(300)
    assert len(held) == 1, "the widget did not ask GET /chat/limits"

    text = message(lang, 2001)
    box.fill(text)
    expect_refused(page, box, lang, text, 2000)
    held[0].fulfill(json={"message_max": 3000, "query_max": 1000})
    expect(page.locator(".fdw-limit-msg")).to_be_hidden()
    expect(counter_value(page)).to_have_text("2001 / 3000")
    expect(send_button(page, lang)).to_be_enabled()
    assert box.input_value() == text


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_when_the_limits_cannot_be_fetched_the_default_holds(page, api_server, lang):
    page.route("**/chat/limits", lambda route: route.abort())
    posts = record_chat_posts(page)
    page.goto(f"{api_server.url}/?lang={lang}")
    page.get_by_role("button", name=TEXTS[lang]["launcher"]).click()
    box = page.get_by_role("textbox", name=TEXTS[lang]["input"])
    text = message(lang, 2100)
    box.fill(text)
    expect_refused(page, box, lang, text, 2000)
    assert posts == []
    box.fill(message(lang, 1900))
    expect(counter_value(page)).to_have_text("1900 / 2000")
    expect(send_button(page, lang)).to_be_enabled()
