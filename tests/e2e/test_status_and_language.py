"""Ticket status and extra information, switching language, and short words that must not flip it."""
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


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_ticket_status_in_the_visitors_language_then_add_information(stack, lang):
    number, email = _ticket(stack, lang)
    chat = stack.chat(lang)
    ask = chat.say(f"Wat is de status van mijn ticket {number}?" if lang == "nl"
                   else f"Quel est le statut de mon ticket {number} ?")
    assert ("e-mailadres" in ask) if lang == "nl" else ("adresse e-mail" in ask)
    status = chat.say(email)
    assert number in status
    assert ("wacht op een medewerker" in status) if lang == "nl" else ("attend un collaborateur" in status)
    chat.click("Ja" if lang == "nl" else "Oui")
    info = "Ik heb intussen een nieuwe kaartlezer gekocht" if lang == "nl" else "J'ai acheté un nouveau lecteur entre-temps"
    added = chat.say(info)
    assert number in added and (("toegevoegd" in added) if lang == "nl" else ("ajoutées" in added))
    view = stack.http.get(f"{stack.api_url}/tickets/{number}", params={"email": email}).json()
    assert any(info in m["text"] for m in view["messages"])


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_wrong_email_finds_no_ticket(stack, lang):
    number, _ = _ticket(stack, lang)
    chat = stack.chat(lang)
    chat.say(f"status van ticket {number}" if lang == "nl" else f"statut du ticket {number}")
    reply = chat.say("iemand.anders@example.be")
    assert ("geen ticket" in reply) if lang == "nl" else ("pas de ticket" in reply)


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
