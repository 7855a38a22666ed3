"""FAQ first: the one policy that combines the FAQ index's decision with the NLU's intent (docs/routing.md).

Every free-text visitor turn outside a form is searched in the FAQ. The NLU's intent only decides on its own
where the FAQ has nothing; a transactional route (urgent incident, complaint, ticket, status, a human, office
hours, a language switch) wins over an FAQ answer only with evidence in the message that the visitor wants it.
So an entry an editor publishes is reachable whatever the NLU thinks of its topic, without a retrain.

Plain Python (no rasa_sdk), so that the policy is unit-tested on its own.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SMALL_TALK = {"greet": "utter_greet", "goodbye": "utter_goodbye", "thank": "utter_you_are_welcome",
              "bot_challenge": "utter_iamabot"}
ROUTES = ("request_ticket", "urgent_incident", "complaint", "ticket_status", "add_info", "request_human",
          "office_hours", "switch_language")
# Small talk this short is only small talk: not searched at all.
SMALL_TALK_MAX_WORDS = 3
# Small talk this long carries a question or a problem ("bonjour, j'ai un souci avec ...").
LONG_SMALL_TALK = 6
# A ticket request this long also describes a problem: the FAQ's answer is shown first (deflection).
DEFLECT_MIN_WORDS = 12
# A route the FAQ could not contradict (no_match) still needs the NLU to be this sure without evidence;
# below it the message is treated as a question that the FAQ could not answer (the ticket offer).
ROUTE_WITHOUT_EVIDENCE = 0.9
# A part of a message up to this long that asks for a ticket or a person is no subject ("kunnen jullie daar
# een ticket voor maken?" after two problems).
BARE_REQUEST_MAX_WORDS = 10
# An answer to a yes/no prompt: the first words of the message (the rest may explain: "ja, het is dringend").
_YES = ("ja", "jawel", "jazeker", "jaja", "ja hoor", "ja graag", "yes", "ok", "oke", "okay", "okido", "goed",
        "prima", "graag", "zeker", "akkoord", "inderdaad", "klopt", "dat klopt", "correct", "doe maar", "absoluut",
        "oui", "ouais", "ouaip", "d'accord", "dacord", "daccord", "volontiers", "bien sur", "certainement",
        "exactement", "tout a fait", "parfait", "absolument", "c'est ca", "exact", "avec plaisir")
_NO = ("nee", "neen", "nope", "nah", "zeker niet", "liever niet", "niet echt", "niet nodig", "helemaal niet",
       "niet", "non", "nan", "pas vraiment", "pas du tout", "pas besoin", "pas necessaire", "aucunement",
       "surtout pas", "no")

# Evidence that the visitor wants a route (accents and case removed before matching).
EVIDENCE = {
    # an outage on its own, or urgency together with something that does not work: a question with an urgent
    # deadline ("c'est urgent, je peux l'avoir par internet ?") is no urgent incident
    "urgent_incident": r"\b(niemand kan|kunnen (niet|niets) meer|kan (niet|niets) meer (werken|doen)|ligt (plat|eruit)"
                       r"|plat\b|down\b|panne|storing|hors service|personne ne peut|plus personne|ne peut plus travailler"
                       r"|ne peuvent plus|werkt niemand|niets werkt|rien ne (fonctionne|marche))"
                       r"|\b(dringend\w*|urgen\w*|spoed\w*|noodgeval|asap|onmiddellijk|immediatement|au plus vite"
                       r"|critique|kritiek\w*)\b.*\b(werkt niet|lukt niet|kan niet|kunnen niet|fout\w*|error\w*|erreur\w*"
                       r"|ne (fonctionne|marche)|bloqu\w*|geblokkeerd|kapot|crash\w*|onbereikbaar|inaccessible|impossible"
                       r"|geweigerd|refus\w*|valt uit|plante)"
                       r"|\b(werkt niet|lukt niet|kan niet|fout\w*|erreur\w*|ne (fonctionne|marche)|bloqu\w*|geblokkeerd"
                       r"|kapot|crash\w*|onbereikbaar|inaccessible|impossible|geweigerd|refus\w*)\b.*\b(dringend\w*"
                       r"|urgen\w*|spoed\w*|asap|onmiddellijk|immediatement|au plus vite)",
    # a complaint about the service ("porter plainte" is for the police: no complaint to the desk)
    "complaint": r"\b(klacht\w*|klagen|beklag|(?<!porter )plainte\w*|reclamation\w*|me plaindre|service manager)",
    "request_ticket": r"(\b(een|nieuw|nieuwe|un|nouveau|mon|le) ticket\b|\bticket (aan)?maken|\bticket openen"
                      r"|\b(creer|ouvrir|faire|introduire) (un )?ticket|\bticket aan\b)",
    # a ticket number, or a status wish about a ticket ("waar staat mijn ticket", "où en est mon ticket")
    "ticket_status": r"(\bsd[- ]?\d{4}[- ]?\d{3,6}\b|(\bstatu[st]\b|\bstand van zaken|\bwaar staat|\bhoe staat het"
                     r"|\bou en est|\betat d\w*|\bsuivi d\w*|\bnog (steeds )?(geen|niets)|\btoujours (pas|aucune|rien))"
                     r".*\bticket\b|\bticket\b.*(\bstatu[st]\b|\bstand van zaken|\bwaar staat|\bou en est|\betat\b"
                     r"|\bnog (steeds )?(geen|niets)|\btoujours (pas|aucune|rien)))",
    # a ticket number, or adding to a ticket ("iets toevoegen aan mijn ticket", "compléter ma demande")
    "add_info": r"(\bsd[- ]?\d{4}[- ]?\d{3,6}\b|(\btoevoegen|\baanvullen|\bbijvoegen|\bajouter|\bcompleter)"
                r".*\b(ticket|aanvraag|melding|demande)\b|\b(ticket|aanvraag|melding|demande)\b.*(\btoevoegen"
                r"|\baanvullen|\bbijvoegen|\bajouter|\bcompleter))",
    "request_human": r"\b(medewerker|mens\b|persoon|iemand (spreken|aan de lijn|aan de telefoon)|echte"
                     r"|agent|conseiller|quelqu'un|humain|personne reelle|vraie personne|operat\w*|terugbellen"
                     r"|rappeler|parler a|spreken met|praten met)",
    # the desk's hours: an hours word and the desk itself ("wanneer zijn jullie open", "vous ouvrez à quelle heure")
    "office_hours": r"(\b(open\w*|geopend|openingsu\w*|uren\b|bereikbaar|ouvert\w*|ouvr\w*|heures?\b|horaires?"
                    r"|joignable|ferme\w*|gesloten|sluit\w*|8[.:h]30)).*\b(jullie|u|vous|service ?desk|helpdesk"
                    r"|bellen|appeler|telefonisch|par telephone)\b|\b(jullie|u|vous|service ?desk|helpdesk)\b.*\b(open"
                    r"\w*|geopend|openingsu\w*|uren\b|bereikbaar|ouvert\w*|ouvr\w*|heures?\b|horaires?|joignable"
                    r"|ferme\w*|gesloten|sluit\w*)",
    "switch_language": r"\b(nederlands|neerlandais|vlaams|frans|francais|dutch|french|in het|en neerlandais"
                       r"|en francais|taal|langue)\b",
}
_EVIDENCE = {k: re.compile(v) for k, v in EVIDENCE.items()}
_WORD = re.compile(r"[\w'-]+")
_EMAIL = re.compile(r"\S+@\S+")


def fold(text: str) -> str:
    """Lower case without accents, for matching evidence and yes/no words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\u2019", "'")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def yes_or_no(text: str, intent: str) -> bool | None:
    """True or False when the message answers a yes/no prompt, None when it does not.

    The NLU's affirm/deny, or the message's first words ("Ja, het is dringend: niemand kan werken.")."""
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    head = " ".join(words(text)[:3])
    for options, answer in ((_NO, False), (_YES, True)):  # "niet echt" before "niet"; no before yes
        if any(head == w or head.startswith(w + " ") for w in options):
            return answer
    return None


def has_evidence(route: str, text: str) -> bool:
    pattern = _EVIDENCE.get(route)
    return bool(pattern and pattern.search(fold(text)))


def is_bare_request(part: str) -> bool:
    """A short part of a message that asks for a ticket or a person: the request, not a subject of its own."""
    return len(words(part)) <= BARE_REQUEST_MAX_WORDS and (
        has_evidence("request_ticket", part) or has_evidence("request_human", part))


EARLIER = {"nl": "Eerder in het gesprek:", "fr": "Plus tôt dans la conversation :"}


def with_earlier_words(description: str, turns: list[tuple[str, str]], lang: str) -> str:
    """The description, followed by what the visitor explained before the ticket form (earlier_words), under a
    heading in the ticket's language."""
    extra = earlier_words(turns, description)
    return description + ("\n\n" + EARLIER[lang] + "\n" + "\n".join(f"- {t}" for t in extra) if extra else "")


def earlier_words(turns: list[tuple[str, str]], description: str) -> list[str]:
    """What the visitor explained before the ticket form, beyond its description: each of their own messages
    (text, NLU intent) that is no button, no yes/no, no bare ticket request, no short small talk and not already
    in the description. The agent gets them with the ticket instead of one sentence."""
    kept: list[str] = []
    have = fold(description)
    for text, intent in turns:
        text = " ".join(text.split())
        if (text.startswith("/") or len(words(text)) <= SMALL_TALK_MAX_WORDS or yes_or_no(text, intent) is not None
                or is_bare_request(text) or fold(text) in have or text in kept):
            continue
        kept.append(text)
    return kept


@dataclass(frozen=True)
class Decision:
    """What to do with the turn. kind: yes | no | route | faq | small_talk | out_of_scope | fallback.

    `then_ticket`: an FAQ answer shown first to a visitor who asked for a ticket (a "no" opens the form);
    `see_also`: an urgent incident that the FAQ also answers gets the phone first and the answer as a button."""
    kind: str
    intent: str = ""
    then_ticket: bool = False
    see_also: bool = False


def nlu_guess(intent: dict | None, ranking: list[dict] | None) -> tuple[str, float]:
    """The NLU's intent and confidence from a parse; when it fell back, "nlu_fallback" with its best real guess's
    confidence (the policy needs the guess, and knows it is unsure)."""
    found = intent or {}
    name, confidence = found.get("name") or "", float(found.get("confidence") or 0.0)
    if name == "nlu_fallback":
        real = [r for r in ranking or [] if r.get("name") != "nlu_fallback"]
        if real:
            return "nlu_fallback", float(real[0].get("confidence") or 0.0)
    return name, confidence


def should_search(text: str, intent: str, is_payload: bool) -> bool:
    """Every free-text message is searched, except a button payload and short small talk ("hallo", "merci")."""
    if is_payload:
        return False
    if intent in SMALL_TALK or intent in ("affirm", "deny"):
        return len(words(text)) > SMALL_TALK_MAX_WORDS
    return True


def decide(*, text: str, intent: str, confidence: float, faq: str | None, awaiting: str | None,
           is_payload: bool) -> Decision:
    """The routing policy. `faq` is the index's decision (answer, clarify, no_match), "error" when the search
    failed, or None when the message was not searched; `awaiting` is the yes/no question the bot asked last."""
    if awaiting:
        answer = yes_or_no(text, intent)
        if answer is not None:
            return Decision("yes" if answer else "no")
    if is_payload:  # a button: exactly what it says
        if intent in ROUTES:
            return Decision("route", intent)
        if intent in ("affirm", "deny"):
            return Decision("yes" if intent == "affirm" else "no")
        return Decision("small_talk", intent) if intent in SMALL_TALK else Decision("fallback")
    n_words = len(words(_EMAIL.sub(" ", text)))
    if intent in ROUTES and has_evidence(intent, text):
        if faq == "answer" and intent == "request_ticket" and n_words >= DEFLECT_MIN_WORDS:
            return Decision("faq", intent, then_ticket=True)  # deflect first; a "no" opens the ticket form
        return Decision("route", intent, see_also=faq == "answer" and intent == "urgent_incident")
    if faq in ("answer", "clarify"):
        if intent in SMALL_TALK and faq == "clarify" and n_words < LONG_SMALL_TALK:
            return Decision("small_talk", intent)  # "dank u wel, tot ziens": a weak match is no question
        return Decision("faq", intent)
    if faq == "error":
        return Decision("faq", intent)  # says that the FAQ is unavailable and offers a ticket
    # the FAQ has nothing (or the message was too short to search): the NLU decides where it is sure
    if intent in ROUTES and confidence >= ROUTE_WITHOUT_EVIDENCE:
        return Decision("route", intent)
    if intent in SMALL_TALK:
        # "bonjour, j'ai un souci avec l'export de mes données" is a problem, not a greeting
        return Decision("faq", intent) if n_words >= LONG_SMALL_TALK else Decision("small_talk", intent)
    if intent == "out_of_scope":
        return Decision("out_of_scope")
    if faq is None or (intent == "nlu_fallback" and n_words < 4):
        return Decision("fallback", intent)  # "ok?" with nothing pending, or gibberish
    return Decision("faq", intent)  # a question the FAQ cannot answer: say so and offer a ticket

