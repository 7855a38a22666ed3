"""Conversation helpers shared by the actions: language, yes/no/cancel, idempotency keys."""
import hashlib
import json
import os
import re

from rasa_sdk import Tracker

from actions.routing import yes_or_no

LANGS = ("nl", "fr")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
EMAIL_IN_TEXT = re.compile(r"[^@\s<>()]+@[^@\s<>()]+\.[A-Za-z]{2,}")
TICKET_RE = re.compile(r"\bSD-\d{4}-\d{6}\b", re.IGNORECASE)
CANCEL_WORDS = {
    "stop", "stop maar", "stoppen", "annuleer", "annuleer maar", "annuleren", "laat maar", "afbreken", "cancel",
    "annuler", "annule", "arrête", "arrêter", "arreter", "abandonner", "laisse tomber", "/cancel",
}
SKIP_WORDS = {"-", "overslaan", "geen", "nee", "neen", "passer", "aucun", "aucune", "non", "/deny", "skip"}
# The desk's hours, phone numbers and closing days as the API states them (api/hours/facts.py), per language; the
# runner passes them at start, so the bot's texts say them even when the API cannot be reached
DESK_FACTS: dict = json.loads(os.environ.get("FRONTDOOR_DESK_FACTS") or "{}")


def desk_facts(tracker: Tracker) -> dict:
    return DESK_FACTS[lang_of(tracker)]


def lang_of(tracker: Tracker) -> str:
    lang = tracker.get_slot("language")
    return lang if lang in LANGS else "nl"


def text_of(tracker: Tracker) -> str:
    return (tracker.latest_message.get("text") or "").strip()


def intent_of(tracker: Tracker) -> str:
    return ((tracker.latest_message.get("intent") or {}).get("name")) or ""


def is_confident(tracker: Tracker, intent: str, threshold: float) -> bool:
    """The NLU read the latest message as this intent, at least this sure."""
    found = tracker.latest_message.get("intent") or {}
    return found.get("name") == intent and (found.get("confidence") or 0) >= threshold


def is_cancel(tracker: Tracker) -> bool:
    text = text_of(tracker).lower().strip(" .!")
    return intent_of(tracker) == "cancel" or text in CANCEL_WORDS


def is_yes(tracker: Tracker) -> bool:
    """A yes, also with extra words ("ja, het is dringend") that the NLU may read as another intent."""
    return yes_or_no(text_of(tracker), intent_of(tracker)) is True


def is_no(tracker: Tracker) -> bool:
    return yes_or_no(text_of(tracker), intent_of(tracker)) is False


def is_skip(tracker: Tracker) -> bool:
    return is_no(tracker) or text_of(tracker).lower().strip(" .!") in SKIP_WORDS


def response_text(domain: dict, name: str, lang: str) -> str:
    """The text of a response variation for a language (for button titles built in actions)."""
    variations = (domain.get("responses") or {}).get(name) or []
    default = ""
    for v in variations:
        conds = v.get("condition") or []
        if any(c.get("name") == "language" and c.get("value") == lang for c in conds):
            return v.get("text", "")
        if not conds and not default:
            default = v.get("text", "")
    return default


def form_instance_key(tracker: Tracker, form: str) -> str:
    """Idempotency key: the conversation id plus the moment this form instance was activated."""
    started = 0.0
    for ev in tracker.events:
        if ev.get("event") == "active_loop" and ev.get("name") == form:
            started = ev.get("timestamp") or 0.0
    raw = f"{tracker.sender_id}:{form}:{started:.6f}"
    return "chat-" + hashlib.sha256(raw.encode()).hexdigest()[:40]
