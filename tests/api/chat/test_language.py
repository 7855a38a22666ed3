"""Each turn's language: lingua restricted to NL/FR; short words never flip the conversation."""
import pytest

from api.chat import language


@pytest.mark.parametrize("text,expected", [
    ("Ik kan niet inloggen met mijn eID", "nl"),
    ("Je n'arrive pas à me connecter avec itsme", "fr"),
    ("mijn kaartlezer wordt niet herkend", "nl"),
    ("comment changer mon code PIN", "fr"),
])
def test_sentences_are_detected_confidently(text, expected):
    lang, confidence = language.detect(text)
    assert lang == expected and confidence >= language.MIN_CONFIDENCE


@pytest.mark.parametrize("word", ["hallo", "merci", "ok", "oui", "ja", "SD-2026-000123", "jan@example.be", "!!"])
def test_single_words_do_not_decide(word):
    assert language.detect(word) == (None, 0.0)


@pytest.mark.parametrize("word", ["hallo", "merci", "ok"])
def test_short_words_keep_the_conversation_language(word):
    detected, confidence = language.detect(word)
    assert language.resolve(detected, confidence, "nl", "fr", "nl") == "fr"
    assert language.resolve(detected, confidence, "fr", "nl", "fr") == "nl"


def test_first_turn_without_confidence_takes_the_page_language():
    assert language.resolve(None, 0.0, "fr", None, None) == "fr"
    assert language.resolve("nl", 0.55, "fr", None, None) == "fr"


def test_a_toggle_of_the_widget_language_wins_over_the_conversation():
    assert language.resolve(None, 0.0, "fr", "nl", "nl") == "fr"


def test_a_confident_sentence_switches_language():
    detected, confidence = language.detect("Bonjour, je voudrais parler à quelqu'un")
    assert language.resolve(detected, confidence, "nl", "nl", "nl") == "fr"


def test_a_button_payload_has_no_language():
    assert language.detect('/choose_faq{"faq_id": "urgent-outside-hours-nl"}') == (None, 0.0)
    assert language.detect("/affirm") == (None, 0.0)
