"""Rasa's REST output becomes our message shape; custom payloads are folded in, never shown raw."""
from api.chat.rasa import to_messages


def test_text_buttons_links_and_language_switch():
    raw = [
        {"recipient_id": "s", "text": "Antwoord", "buttons": [{"title": "Ja", "payload": "/affirm", "type": "postback"}]},
        {"recipient_id": "s", "custom": {"links": [{"title": "Bron", "url": "https://example.be/x"}]}},
        {"recipient_id": "s", "custom": {"language": "fr"}},
        {"recipient_id": "s", "text": "D'accord"},
    ]
    messages, switched = to_messages(raw)
    assert switched == "fr"
    assert messages == [
        {"text": "Antwoord", "buttons": [{"title": "Ja", "payload": "/affirm"}],
         "links": [{"title": "Bron", "url": "https://example.be/x"}]},
        {"text": "D'accord"},
    ]


def test_nothing_from_rasa_is_an_empty_list():
    assert to_messages([]) == ([], None)
