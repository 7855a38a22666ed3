"""The ticket form, ticket status and adding information: collected here, decided and stored by the API."""
import logging
from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import FollowupAction, SlotSet

from actions import api_client
from actions.common import (EMAIL_IN_TEXT, EMAIL_RE, TICKET_RE, desk_facts, form_instance_key, is_cancel, is_confident,
                            is_no, is_skip, is_yes, lang_of, text_of)
from actions.dialogue import FORM_SLOTS, start_ticket_form
from actions.faq import one_subject_buttons, subjects
from actions.hours import phone_before_ticket
from actions.language import LanguageAwareForm
from actions.routing import has_evidence, with_earlier_words

log = logging.getLogger(__name__)

LIMITS = {"subject": 200, "description": 10000, "name": 200, "organisation": 200}
CANCELLED = {"requested_slot": None, "form_cancelled": True}


def _too_long(dispatcher, slot: str, value: str) -> bool:
    if len(value) > LIMITS[slot]:
        dispatcher.utter_message(response="utter_too_long", max=LIMITS[slot])
        return True
    return False


class ActionPrepareTicket(Action):
    """The visitor asks for a ticket: prefill the description from what they said and open the form."""

    def name(self) -> str:
        return "action_prepare_ticket"

    async def run(self, dispatcher, tracker, domain):
        text = text_of(tracker)
        prefill = text if len(text.split()) >= 6 and not text.startswith("/") else tracker.get_slot("last_query")
        return await start_ticket_form(dispatcher, tracker, tracker.get_slot("ticket_type") or "question", prefill)


class ValidateTicketForm(LanguageAwareForm):
    def name(self) -> str:
        return "validate_ticket_form"

    async def run(self, dispatcher, tracker, domain):
        """A subject or description that is an urgent incident: the phone comes first, then the ticket goes on
        as urgent (an urgent case never becomes a ticket without the phone being mentioned)."""
        if (is_confident(tracker, "urgent_incident", 0.8) and has_evidence("urgent_incident", text_of(tracker))
                and tracker.get_slot("requested_slot") in ("subject", "description")
                and tracker.get_slot("ticket_type") not in ("urgent_incident", "complaint")):
            await phone_before_ticket(dispatcher, tracker)
            return [SlotSet("ticket_type", "urgent_incident")] + await super().run(dispatcher, tracker, domain)
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        if tracker.get_slot("ticket_type") == "complaint":  # the short complaint form
            return ["subject", "description", "email", "email_ok", "ticket_ok"]
        return domain_slots

    async def validate_subject(self, value: Any, dispatcher, tracker, domain):
        if is_cancel(tracker):
            return {"subject": None, **CANCELLED}
        value = str(value or "").strip()
        parts = await subjects(tracker, value)
        if parts:
            dispatcher.utter_message(response="utter_one_subject", buttons=one_subject_buttons(parts))
            return {"subject": None}
        if len(value) < 3:
            dispatcher.utter_message(response="utter_too_short")
            return {"subject": None}
        if _too_long(dispatcher, "subject", value):
            return {"subject": None}
        return {"subject": value}

    def validate_description(self, value: Any, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") == "description" and is_cancel(tracker):
            return {"description": None, **CANCELLED}
        value = str(value or "").strip()
        if len(value.split()) < 2:
            dispatcher.utter_message(response="utter_too_short")
            return {"description": None}
        if _too_long(dispatcher, "description", value):
            return {"description": None}
        return {"description": value}

    def validate_email(self, value: Any, dispatcher, tracker, domain):
        if is_cancel(tracker):
            return {"email": None, **CANCELLED}
        found = EMAIL_IN_TEXT.search(str(value or ""))
        email = found.group(0).strip(".,;") if found else ""
        if not email or not EMAIL_RE.match(email) or len(email) > 254:
            dispatcher.utter_message(response="utter_invalid_email")
            return {"email": None}
        return {"email": email}

    def validate_email_ok(self, value: Any, dispatcher, tracker, domain):
        if is_cancel(tracker):
            return {"email_ok": None, **CANCELLED}
        if is_yes(tracker):
            return {"email_ok": "yes"}
        if is_no(tracker):
            return {"email_ok": None, "email": None}
        dispatcher.utter_message(response="utter_yes_or_no")
        return {"email_ok": None}

    def _optional(self, slot: str, value: Any, dispatcher, tracker):
        if is_cancel(tracker):
            return {slot: None, **CANCELLED}
        if is_skip(tracker):
            return {slot: "-"}
        value = str(value or "").strip()
        if _too_long(dispatcher, slot, value):
            return {slot: None}
        return {slot: value or "-"}

    def validate_name(self, value, dispatcher, tracker, domain):
        return self._optional("name", value, dispatcher, tracker)

    def validate_organisation(self, value, dispatcher, tracker, domain):
        return self._optional("organisation", value, dispatcher, tracker)

    def validate_ticket_ok(self, value: Any, dispatcher, tracker, domain):
        if is_cancel(tracker) or is_no(tracker):
            return {"ticket_ok": None, **CANCELLED}
        if is_yes(tracker):
            return {"ticket_ok": "yes"}
        dispatcher.utter_message(response="utter_yes_or_no")
        return {"ticket_ok": None}


def description_with_earlier_words(tracker, description: str, lang: str) -> str:
    """The description and what the visitor said before the ticket form started (its last start)."""
    events = list(tracker.events)
    starts = [i for i, e in enumerate(events) if e.get("event") == "active_loop" and e.get("name") == "ticket_form"]
    before = events[:starts[-1]] if starts else []
    turns = [(e.get("text") or "", ((e.get("parse_data") or {}).get("intent") or {}).get("name") or "")
             for e in before if e.get("event") == "user"]
    return with_earlier_words(description, turns, lang)[:LIMITS["description"]]


def _reset_ticket() -> list:
    return [SlotSet(s, None) for s in FORM_SLOTS + ("ticket_type", "last_query", "faq_hits", "faq_search_id",
                                                     "faq_offered", "awaiting", "requested_slot")]


class ActionSubmitTicket(Action):
    def name(self) -> str:
        return "action_submit_ticket"

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("form_cancelled") or tracker.get_slot("ticket_ok") != "yes":
            dispatcher.utter_message(response="utter_ticket_cancelled")
            return _reset_ticket()
        optional = {k: tracker.get_slot(k) for k in ("name", "organisation")}
        payload = {
            "type": tracker.get_slot("ticket_type") or "question",
            "subject": tracker.get_slot("subject"),
            "description": description_with_earlier_words(tracker, tracker.get_slot("description") or "",
                                                          lang_of(tracker)),
            "language": lang_of(tracker),
            "email": tracker.get_slot("email"),
            "channel": "chat",
            "chat_session": tracker.sender_id,  # the API attaches this conversation's transcript from its chat log
            "faq_entries_offered": list(tracker.get_slot("faq_offered") or []),
            **{k: v for k, v in optional.items() if v and v != "-"},
        }
        try:
            created = await api_client.create_ticket(payload, form_instance_key(tracker, "ticket_form"))
        except api_client.ApiError as exc:
            log.warning("ticket creation failed: %s", exc.status)
            dispatcher.utter_message(response="utter_ticket_failed", **desk_facts(tracker))
            return _reset_ticket()
        dispatcher.utter_message(response="utter_ticket_created", number=created["number"])
        return _reset_ticket()


class ActionPrepareStatus(Action):
    """Ticket status or extra information: take the number and e-mail from the message when given. Both end
    in a link by e-mail to the ticket's page (its status and a form to add information): a ticket's content is
    never shown on a number and an address alone."""

    def name(self) -> str:
        return "action_prepare_status"

    async def run(self, dispatcher, tracker, domain):
        text = text_of(tracker)
        number = TICKET_RE.search(text)
        email = EMAIL_IN_TEXT.search(text)
        return [SlotSet("form_cancelled", None), SlotSet("ticket_number", number.group(0).upper() if number else None),
                SlotSet("status_email", email.group(0) if email else None), FollowupAction("status_form")]


class ValidateStatusForm(LanguageAwareForm):
    def name(self) -> str:
        return "validate_status_form"

    def validate_ticket_number(self, value: Any, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") == "ticket_number" and is_cancel(tracker):
            return {"ticket_number": None, **CANCELLED}
        found = TICKET_RE.search(str(value or ""))
        if not found:
            dispatcher.utter_message(response="utter_invalid_ticket_number")
            return {"ticket_number": None}
        return {"ticket_number": found.group(0).upper()}

    def validate_status_email(self, value: Any, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") == "status_email" and is_cancel(tracker):
            return {"status_email": None, **CANCELLED}
        found = EMAIL_IN_TEXT.search(str(value or ""))
        if not found:
            dispatcher.utter_message(response="utter_invalid_email")
            return {"status_email": None}
        return {"status_email": found.group(0).strip(".,;")}


class ActionTicketStatus(Action):
    def name(self) -> str:
        return "action_ticket_status"

    async def run(self, dispatcher, tracker, domain):
        forget = [SlotSet("ticket_number", None), SlotSet("status_email", None), SlotSet("form_cancelled", None),
                  SlotSet("requested_slot", None)]
        if tracker.get_slot("form_cancelled"):
            dispatcher.utter_message(response="utter_ticket_cancelled")
            return forget
        number, email = tracker.get_slot("ticket_number"), tracker.get_slot("status_email")
        try:
            await api_client.send_ticket_link(number, email)
        except api_client.ApiError as exc:
            log.warning("ticket link failed: %s", exc.status)
            dispatcher.utter_message(response="utter_status_unavailable")
            return forget
        dispatcher.utter_message(response="utter_status_link_sent", number=number)
        return forget
