"""Rasa's REST output becomes our message shape; custom payloads are folded in, never shown raw."""
import pytest

from api.chat.rasa import route_of, to_messages
from tests.rasa_output import faq_answer


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


ANSWER = "Vraag een nieuwe pincode aan bij uw gemeente.\n\n- Neem uw kaart mee\n- Betaal de kosten\n\nDe brief komt binnen 5 dagen."
URL = "https://bosa.belgium.be/nl/faq/pincode-identiteitskaart-vergeten-en-een-nieuwe-aanvragen-bij-de-gemeente"


@pytest.mark.parametrize("lang,label,question", [("nl", "Bron:", "Heeft dit uw vraag beantwoord?"),
                                                 ("fr", "Source :", "Cela répond-il à votre question ?")])
def test_an_faq_answer_split_by_rasa_is_one_message_with_its_source_link_once(lang, label, question):
    raw = faq_answer(lang, ANSWER, URL, "Pincode vergeten")
    assert len(raw) >= 5  # what Rasa's REST channel sends: one message per paragraph, the link, the question
    messages, _ = to_messages(raw)
    answer, follow_up = messages
    assert answer["text"] == ANSWER  # paragraphs and list kept; no "Bron: <url>" line beside the link
    assert label not in answer["text"] and URL not in answer["text"]
    assert answer["links"] == [{"title": "Pincode vergeten", "url": URL}]
    assert follow_up["text"] == question and len(follow_up["buttons"]) == 2


def test_a_url_the_text_mentions_in_a_sentence_stays():
    raw = [{"text": "Lees eerst https://example.be/x: daar staat alles."}, {"text": "Bron: https://example.be/x"},
           {"custom": {"links": [{"title": "x", "url": "https://example.be/x"}]}}]
    [message], _ = to_messages(raw)
    assert message["text"] == "Lees eerst https://example.be/x: daar staat alles."


def test_texts_after_a_message_with_buttons_or_links_start_a_new_message():
    raw = [{"text": "Kies:", "buttons": [{"title": "A", "payload": "a"}]}, {"text": "Eén"},
           {"custom": {"links": [{"title": "x", "url": "https://example.be/x"}]}}, {"text": "Twee"}]
    messages, _ = to_messages(raw)
    assert [m.get("text") for m in messages] == ["Kies:", "Eén", "Twee"]


def test_the_route_the_bot_reports_is_read_and_never_shown():
    raw = [{"recipient_id": "s", "custom": {"route": "faq"}}, {"recipient_id": "s", "text": "Antwoord"}]
    assert route_of(raw) == "faq"
    assert to_messages(raw) == ([{"text": "Antwoord"}], None)
    assert route_of([{"recipient_id": "s", "text": "Welk nummer?"}]) is None  # a form's question: no route


def test_an_answer_that_links_its_own_source_shows_that_url_once():
    raw = faq_answer("nl", "Download de software op [eid.belgium.be](https://eid.belgium.be/nl).",
                     "https://eid.belgium.be/nl", "eID-software")
    answer, _ = to_messages(raw)[0]
    assert answer["text"] == "Download de software op [eid.belgium.be](https://eid.belgium.be/nl)."
    assert "links" not in answer  # the text links it already
    other = faq_answer("fr", "Voir [la page](https://example.be/a).", "https://example.be/b", "Source")
    assert to_messages(other)[0][0]["links"] == [{"title": "Source", "url": "https://example.be/b"}]
