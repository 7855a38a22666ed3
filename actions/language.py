"""The conversation language: set every turn from the metadata that POST /chat sends, or by a switch."""
from rasa_sdk import Action
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.forms import ValidationAction

from actions.common import LANGS, lang_of

KEEPS_PENDING = {"affirm", "deny", "nlu_fallback", "out_of_scope", "choose_faq", "cancel"}


class ValidateGlobalSlots(ValidationAction):
    """Runs after every user message (action_validate_slot_mappings): the `language` slot, and lapsing `awaiting`."""

    async def extract_language(self, dispatcher, tracker, domain):
        lang = (tracker.latest_message.get("metadata") or {}).get("language")
        return {"language": lang} if lang in LANGS else {}

    async def extract_awaiting(self, dispatcher, tracker, domain):
        """A pending yes/no question lapses once the visitor talks about something else, so that a later
        "ok" does not open a ticket offered three turns ago. Unclear input (gibberish) keeps it."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return {} if intent in KEEPS_PENDING or tracker.get_slot("awaiting") is None else {"awaiting": None}


class ActionSwitchLanguage(Action):
    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher, tracker, domain):
        target = next(tracker.get_latest_entity_values("target_language"), None)
        if target not in LANGS:
            target = "fr" if lang_of(tracker) == "nl" else "nl"
        dispatcher.utter_message(json_message={"language": target})
        # a follow-up, so that the confirmation is rendered after the slot holds the new language
        return [SlotSet("language", target), FollowupAction("utter_language_switched")]
