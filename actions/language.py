"""The conversation language: set every turn from the metadata that POST /chat sends, or by a switch."""
from abc import ABC, abstractmethod

from rasa_sdk import Action
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.forms import FormValidationAction, ValidationAction

from actions.common import LANGS, is_confident, lang_of, text_of

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


def switch_target(tracker) -> str:
    """The language asked for, or else the other one."""
    target = next(tracker.get_latest_entity_values("target_language"), None)
    return target if target in LANGS else ("fr" if lang_of(tracker) == "nl" else "nl")


class LanguageAwareForm(FormValidationAction, ABC):
    """A form that honours "can we continue in French?": the message does not fill the slot asked for,
    the language changes, and the form asks its question again in the new language. Only a short message
    the NLU is sure about counts, so that an answer mentioning a language is still an answer."""

    @abstractmethod
    def name(self) -> str:  # abstract, so that the action server does not register this base class
        ...

    async def run(self, dispatcher, tracker, domain):
        if is_confident(tracker, "switch_language", 0.9) and len(text_of(tracker).split()) <= 12:
            target = switch_target(tracker)
            dispatcher.utter_message(json_message={"language": target})
            filled = [SlotSet(s, None) for s in tracker.slots_to_validate() if s not in ("language", "requested_slot")]
            return filled + [SlotSet("language", target)]
        return await super().run(dispatcher, tracker, domain)


class ActionSwitchLanguage(Action):
    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher, tracker, domain):
        target = switch_target(tracker)
        dispatcher.utter_message(json_message={"language": target})
        # a follow-up, so that the confirmation is rendered after the slot holds the new language
        return [SlotSet("language", target), FollowupAction("utter_language_switched")]
