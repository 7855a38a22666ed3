"""The editor's "test a question" on the real stack: Rasa's NLU is asked, and the route it reports is the one
the chat then takes for the same message."""
import pytest

pytestmark = pytest.mark.e2e

CASES = [
    ("nl", "Ik wil een klacht indienen over de behandeling van mijn ticket", "complaint"),
    ("fr", "Je voudrais porter réclamation, je veux me plaindre du service desk", "complaint"),
    ("nl", "hallo", "small_talk"),
]


@pytest.mark.parametrize("lang, message, route", CASES)
def test_the_tested_route_is_the_one_the_chat_takes(stack, open_desk, lang, message, route):
    editor = stack.account("editor")
    tested = stack.http.get(f"{stack.api_url}/faq/test", params={"q": message, "lang": lang}, headers=editor).json()
    assert tested["nlu"]["available"] is True and tested["nlu"]["ranking"], tested
    assert tested["route"] == route, tested
    reply = stack.chat(lang).say(message).lower()
    if route == "complaint":
        assert "klacht" in reply or "plainte" in reply, reply
    else:
        assert tested["faq"]["searched"] is False


def test_an_faq_question_tests_as_the_answer_the_chat_gives(stack, open_desk):
    editor = stack.account("editor")
    question = "Wat is het telefoonnummer van de Service Desk?"  # a seed entry's own question
    tested = stack.http.get(f"{stack.api_url}/faq/test", params={"q": question, "lang": "nl"}, headers=editor).json()
    assert tested["nlu"]["available"] is True
    assert tested["route"] == "faq_answer" and tested["faq"]["hits"][0]["id"] == "contact-phone-nl", tested
    assert "02 740 79 93" in stack.chat("nl").say(question)
