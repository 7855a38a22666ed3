"""How an answer reads in the widget: the real assistant's FAQ answer (rasa_api) is one bubble with its source link
once, and the log scrolls to the start of a new answer."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ANSWERS, URL
from tests.browser.test_widget_chat import TEXTS, ask, bot_replies, open_chat

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_an_faq_answer_is_one_bubble_with_one_source_link(page, rasa_api, lang):
    asked, first, question = ANSWERS[lang]
    box = open_chat(page, rasa_api.url, lang)
    ask(page, box, asked)
    replies = bot_replies(page)
    expect(replies).to_have_count(2)  # the answer, then "did that help?" with its buttons
    answer = replies.nth(0)
    expect(answer).to_contain_text(first)
    expect(answer).to_contain_text("Stap 8")
    expect(answer.locator("li")).to_have_count(3)  # two list items and the source link
    links = answer.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", URL)
    expect(links).to_contain_text(asked)  # the link is titled with the entry's question
    assert URL not in answer.inner_text() and not any(w in answer.inner_text() for w in ("Bron:", "Source :"))
    expect(replies.nth(1)).to_contain_text(question)
    expect(replies.nth(1).locator("button")).to_have_count(2)
    assert page.js_errors == []


def test_the_log_scrolls_to_the_start_of_a_new_answer(page, rasa_api):
    box = open_chat(page, rasa_api.url, "nl")
    ask(page, box, ANSWERS["nl"][0])
    log = page.locator(".fdw-log")
    answer = bot_replies(page).nth(0)
    expect(answer).to_contain_text(ANSWERS["nl"][1])
    top = answer.evaluate("(e, log) => e.getBoundingClientRect().top - log.getBoundingClientRect().top",
                          log.element_handle())
    assert 0 <= top <= 16, top  # the answer's first line at the top of the log
    assert log.evaluate("e => e.scrollTop > 0 && e.scrollTop + e.clientHeight < e.scrollHeight - 50")  # not its end
    # A second answer: again its own start, below the first one
    ask(page, page.get_by_role("textbox", name=TEXTS["nl"]["input"]), "Wat is het telefoonnummer van de Service Desk?")
    second = bot_replies(page).nth(2)
    top = second.evaluate("(e, log) => e.getBoundingClientRect().top - log.getBoundingClientRect().top",
                          log.element_handle())
    assert 0 <= top <= 16, top
