"""Urgent incidents, a human, complaints and office hours, with the API's clock pinned: open, closed, holiday."""
import re

import pytest

pytestmark = pytest.mark.e2e

NUMBER = re.compile(r"SD-\d{4}-\d{6}")
NL_PHONE, FR_PHONE = "02 740 79 93", "02 740 79 94"

URGENT = {
    "nl": "Dringend: niemand in ons bestuur kan nog inloggen, alles ligt plat!",
    "fr": "Urgent : plus personne dans notre administration ne peut se connecter, tout est bloqué !",
}
HUMAN = {"nl": "Ik wil graag met een echte medewerker spreken", "fr": "Je voudrais parler à un vrai collaborateur"}
COMPLAINT = {"nl": "Ik wil een klacht indienen over de behandeling van mijn vraag",
             "fr": "Je veux introduire une plainte sur le traitement de ma demande"}


def _first(text: str, a: str, b: str) -> bool:
    return a in text and b in text and text.index(a) < text.index(b)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_urgent_incident_during_office_hours_goes_to_the_phone(stack, open_desk, lang):
    chat = stack.chat(lang)
    reply = chat.say(URGENT[lang])
    own, other = (NL_PHONE, FR_PHONE) if lang == "nl" else (FR_PHONE, NL_PHONE)
    assert _first(reply, own, other), reply  # the visitor's own number first, the other one too
    assert ("bel nu" in reply) if lang == "nl" else ("appelez tout de suite" in reply)
    assert "ticket" not in reply.lower()
    assert chat.buttons == []


@pytest.mark.parametrize("lang,opens", [("nl", "maandag 7 december om 8.30 uur"), ("fr", "lundi 7 décembre à 8h30")])
def test_urgent_incident_after_hours_says_when_the_line_opens_then_records_an_urgent_ticket(stack, closed_desk, lang,
                                                                                            opens):
    chat = stack.chat(lang)
    reply = chat.say(URGENT[lang])
    assert opens in reply, reply
    assert NL_PHONE in reply and FR_PHONE in reply  # the phone is mentioned before any ticket
    assert "/affirm" in [b["payload"] for b in chat.buttons]
    chat.click("ticket")  # "Ja, dringend ticket" / "Oui, ticket urgent"
    assert ("dringend incident als ticket" in chat.text) if lang == "nl" else ("incident urgent comme ticket" in chat.text)
    chat.say("Niemand kan inloggen op de toepassing" if lang == "nl" else "Personne ne peut se connecter")
    chat.say("it@gemeente.example.be")
    chat.click("Ja" if lang == "nl" else "Oui")
    chat.click("Overslaan" if lang == "nl" else "Passer")
    chat.click("Overslaan" if lang == "nl" else "Passer")
    done = chat.click("versturen" if lang == "nl" else "envoyer")
    number = NUMBER.search(done).group(0)
    ticket = stack.http.get(f"{stack.api_url}/tickets/{number}/detail", headers=stack.account("agent")).json()
    assert ticket["type"] == "urgent_incident" and ticket["language"] == lang and ticket["priority"] == "urgent"
    # the transcript is the API's own chat log of this conversation, not what the action server sent
    said = [t["text"] for t in ticket["transcript"] if t["from"] == "visitor"]
    assert said[0] == URGENT[lang] and "it@gemeente.example.be" in said, ticket["transcript"]


@pytest.mark.parametrize("lang,opens", [("nl", "maandag 28 december"), ("fr", "lundi 28 décembre")])
def test_on_a_belgian_holiday_the_line_is_closed(stack, holiday, lang, opens):
    chat = stack.chat(lang)
    reply = chat.say(URGENT[lang])
    assert opens in reply, reply
    assert chat.click("Nee" if lang == "nl" else "Non")  # no ticket: the visitor will call


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_human_during_office_hours_is_the_phone(stack, open_desk, lang):
    chat = stack.chat(lang)
    reply = chat.say(HUMAN[lang])
    assert NL_PHONE in reply and FR_PHONE in reply
    assert chat.buttons == []


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_human_after_hours_is_a_ticket(stack, closed_desk, lang):
    chat = stack.chat(lang)
    reply = chat.say(HUMAN[lang])
    assert ("geen medewerker bereikbaar" in reply) if lang == "nl" else ("Aucun collaborateur" in reply)
    assert "/affirm" in [b["payload"] for b in chat.buttons]
    assert ("onderwerp" in chat.click("Ja")) if lang == "nl" else ("objet" in chat.click("Oui"))


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_complaint_explains_the_form_gives_the_phone_and_opens_a_complaint_ticket(stack, open_desk, lang):
    chat = stack.chat(lang)
    reply = chat.say(COMPLAINT[lang])
    assert ("online formulier" in reply) if lang == "nl" else ("formulaire en ligne" in reply)
    assert NL_PHONE in reply and FR_PHONE in reply
    chat.click("Ja" if lang == "nl" else "Oui")
    assert "Service Manager" in chat.text
    chat.say("Trage behandeling van mijn aanvraag" if lang == "nl" else "Traitement lent de ma demande")
    chat.say("klager@example.be")
    summary = chat.click("Ja" if lang == "nl" else "Oui")  # the short form: no name, no organisation
    assert ("Samenvatting" in summary) if lang == "nl" else ("Résumé" in summary)
    done = chat.click("versturen" if lang == "nl" else "envoyer")
    assert NUMBER.search(done)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_an_urgent_problem_told_inside_the_ticket_form_gets_the_phone_first(stack, open_desk, lang):
    chat = stack.chat(lang)
    chat.say("Ik wil een ticket aanmaken" if lang == "nl" else "Je voudrais créer un ticket")
    reply = chat.say(URGENT[lang])  # the subject
    own, other = (NL_PHONE, FR_PHONE) if lang == "nl" else (FR_PHONE, NL_PHONE)
    assert _first(reply, own, other), reply
    assert ("Beschrijf het probleem" if lang == "nl" else "Décrivez le problème") in reply  # the form goes on
    chat.say("Sinds 9 uur geeft de login een foutmelding" if lang == "nl" else "Depuis 9 h la connexion échoue")
    chat.say("it@gemeente.example.be")
    chat.click("Ja" if lang == "nl" else "Oui")
    chat.click("Overslaan" if lang == "nl" else "Passer")
    chat.click("Overslaan" if lang == "nl" else "Passer")
    number = NUMBER.search(chat.click("versturen" if lang == "nl" else "envoyer")).group(0)
    ticket = stack.http.get(f"{stack.api_url}/tickets/{number}/detail", headers=stack.account("agent")).json()
    assert ticket["type"] == "urgent_incident"


@pytest.mark.parametrize("lang,closed,opens", [("nl", "de lijn is nu gesloten", "maandag 7 december om 8.30 uur"),
                                               ("fr", "la ligne est fermée", "lundi 7 décembre à 8h30")])
def test_inside_the_form_after_hours_it_says_when_the_line_opens(stack, closed_desk, lang, closed, opens):
    chat = stack.chat(lang)
    chat.say("Ik wil een ticket aanmaken" if lang == "nl" else "Je voudrais créer un ticket")
    reply = chat.say(URGENT[lang])
    assert closed in reply and opens in reply, reply
