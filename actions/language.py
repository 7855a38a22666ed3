"""The conversation language: set every turn from the metadata that POST /chat sends, or by a switch."""
from abc import ABC, abstractmethod

from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.forms import FormValidationAction, ValidationAction

from actions.common import LANGS, is_confident, lang_of, response_text, text_of
from actions.routing import has_evidence



class ValidateGlobalSlots(ValidationAction):
    """Runs after every user message (action_validate_slot_mappings): the `language` slot.

    The API sends the conversation's language (after a toggle of the widget) and, for a whole sentence, the
    language it is written in. Outside a form that sentence's language is followed; inside a form never, so that
    an answer such as a name, an organisation ("SPF Test") or an e-mail address does not switch the language.
    A change is reported to the API with a custom payload, as an explicit switch is."""

    async def extract_language(self, dispatcher, tracker, domain):
        meta = tracker.latest_message.get("metadata") or {}
        lang, sentence = meta.get("language"), meta.get("sentence_language")
        if lang not in LANGS:
            return {}
        if sentence in LANGS and sentence != lang and not tracker.active_loop_name:
            dispatcher.utter_message(json_message={"language": sentence})
            lang = sentence
        return {"language": lang}


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
        text = text_of(tracker)
        if is_confident(tracker, "switch_language", 0.9) and len(text.split()) <= 12 and has_evidence(
                "switch_language", text):
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
        # rendered here in the new language: a response would be rendered with the slot's old value
        dispatcher.utter_message(text=response_text(domain, "utter_language_switched", target))
        return [SlotSet("language", target)]
