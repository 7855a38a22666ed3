"""Rasa's REST output becomes our message shape; custom payloads are folded in, never shown raw."""
from api.chat.rasa import route_of, to_messages


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


def test_the_route_the_bot_reports_is_read_and_never_shown():
    raw = [{"recipient_id": "s", "custom": {"route": "faq"}}, {"recipient_id": "s", "text": "Antwoord"}]
    assert route_of(raw) == "faq"
    assert to_messages(raw) == ([{"text": "Antwoord"}], None)
    assert route_of([{"recipient_id": "s", "text": "Welk nummer?"}]) is None  # a form's question: no route
