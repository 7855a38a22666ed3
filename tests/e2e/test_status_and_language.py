"""Ticket status and extra information, switching language, and short words that must not flip it."""
import re
import time
import uuid

import pytest

pytestmark = pytest.mark.e2e


def _ticket(stack, lang: str) -> tuple[str, str]:
    email = f"status-{uuid.uuid4().hex[:6]}@example.be"
    r = stack.http.post(f"{stack.api_url}/tickets", headers={"Idempotency-Key": uuid.uuid4().hex},
                        json={"type": "question", "subject": "eBox toont geen documenten" if lang == "nl" else
                              "eBox n'affiche aucun document", "description": "Sinds maandag leeg / vide depuis lundi",
                              "language": lang, "email": email, "channel": "web"})
    assert r.status_code == 201, r.text
    return r.json()["number"], email


LINK_SUBJECT = {"nl": "{number}: uw persoonlijke link", "fr": "{number} : votre lien personnel"}


def _link_mails(stack, number: str) -> list:
    with stack.mailbox._lock:
        return [m for m in stack.mailbox.messages
                if any(subject.format(number=number) in (m["subject"] or "") for subject in LINK_SUBJECT.values())]


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_status_question_sends_a_link_to_the_ticket_s_own_address_and_shows_nothing(stack, lang):
    number, email = _ticket(stack, lang)
    chat = stack.chat(lang)
    ask = chat.say(f"Wat is de status van mijn ticket {number}?" if lang == "nl"
                   else f"Quel est le statut de mon ticket {number} ?")
    assert ("e-mailadres" in ask) if lang == "nl" else ("adresse e-mail" in ask)
    answer = chat.say(email)
    assert number in answer and (("persoonlijke link" in answer) if lang == "nl" else ("lien personnel" in answer))
    assert "eBox" not in answer  # nothing of the ticket (its subject) in the chat
    mail = stack.mailbox.wait_for(LINK_SUBJECT[lang].format(number=number))
    link = re.search(r"https?://\S+/tickets/" + number + r"\?token=[\w-]+", mail.get_body(("plain",)).get_content())
    assert mail["to"] == email and link, mail
    info = "Ik heb intussen een nieuwe kaartlezer gekocht" if lang == "nl" else "J'ai acheté un nouveau lecteur entre-temps"
    token = link.group(0).split("token=")[1]
    added = stack.http.post(f"{stack.api_url}/tickets/{number}/messages", json={"token": token, "text": info})
    assert added.status_code == 201 and added.json()["number"] == number
    view = stack.http.get(f"{stack.api_url}/tickets/{number}", params={"token": token}).json()
    assert any(info in m["text"] for m in view["messages"])


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_wrong_address_gets_the_same_answer_and_no_e_mail(stack, lang):
    number, _ = _ticket(stack, lang)
    chat = stack.chat(lang)
    chat.say(f"status van ticket {number}" if lang == "nl" else f"statut du ticket {number}")
    wrong = f"iemand.anders-{uuid.uuid4().hex[:6]}@example.be"
    reply = chat.say(wrong)
    assert number in reply and (("persoonlijke link" in reply) if lang == "nl" else ("lien personnel" in reply))
    time.sleep(3)  # the worker delivers within a second or two
    assert _link_mails(stack, number) == []  # no link went anywhere
    with stack.mailbox._lock:
        assert not any(wrong in (m["to"] or "") for m in stack.mailbox.messages)


def test_switch_language_and_short_words_keep_it(stack):
    chat = stack.chat("nl")
    chat.say("Goeiedag, ik heb een vraag over mijn eID")
    assert chat.last["lang"] == "nl"
    reply = chat.say("Kunnen we in het Frans verder praten?")
    assert "nous continuons en français" in reply and chat.last["lang"] == "fr"
    for word in ("merci", "ok"):
        chat.say(word)
        assert chat.last["lang"] == "fr", word
    chat.say("Je voudrais plutôt continuer en néerlandais")
    assert chat.last["lang"] == "nl" and "Nederlands" in chat.text
    chat.say("hallo")
    assert chat.last["lang"] == "nl"


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_out_of_scope_is_polite_and_offers_the_options(stack, lang):
    chat = stack.chat(lang)
    # the NLU's out_of_scope and the index's no_match together (a weak FAQ match would be offered instead)
    reply = chat.say("Wie wordt er volgend jaar wereldkampioen wielrennen?" if lang == "nl"
                     else "Qui va gagner la coupe du monde de football l'année prochaine ?")
    assert "eID" in reply
    assert {b["payload"] for b in chat.buttons} == {"/request_ticket", "/request_human"}


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_switching_language_in_the_middle_of_a_form(stack, lang):
    """The switch request does not become the ticket's subject: the form asks again in the other language."""
    other = "fr" if lang == "nl" else "nl"
    chat = stack.chat(lang)
    reply = chat.say("Ik wil een ticket aanmaken" if lang == "nl" else "Je voudrais créer un ticket")
    assert ("onderwerp van uw ticket" if lang == "nl" else "l'objet de votre ticket") in reply
    reply = chat.say("Kunnen we in het Frans verder praten?" if lang == "nl" else "On peut continuer en néerlandais ?")
    assert chat.last["lang"] == other
    assert ("l'objet de votre ticket" if other == "fr" else "onderwerp van uw ticket") in reply
    reply = chat.say("Mon lecteur de carte n'est pas reconnu" if other == "fr" else "Mijn kaartlezer wordt niet herkend")
    assert ("Décrivez le problème" if other == "fr" else "Beschrijf het probleem") in reply


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_visitor_without_the_number_learns_where_to_find_it_and_can_stop(stack, lang):
    chat = stack.chat(lang)
    chat.say("Wat is de status van mijn ticket?" if lang == "nl" else "Quel est le statut de mon ticket ?")
    reply = chat.say("ik weet het nummer niet meer" if lang == "nl" else "je ne connais plus le numéro")
    assert ("bevestigingsmail" in reply and "stop" in reply) if lang == "nl" else \
        ("e-mail de confirmation" in reply and "annuler" in reply), reply
    reply = chat.say("stop" if lang == "nl" else "annuler")
    assert ("ik heb het gestopt" in reply) if lang == "nl" else ("j'ai arrêté" in reply), reply
    assert "SD-2026-000123" not in reply  # the form let go
