"""Urgent incidents, a human, office hours and complaints: the phone first, from the API's office hours."""
import logging

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions import api_client
from actions.common import desk_facts, lang_of, text_of

log = logging.getLogger(__name__)


async def _hours(dispatcher, tracker) -> dict | None:
    try:
        return await api_client.office_hours(lang_of(tracker))
    except api_client.ApiError as exc:
        log.warning("office hours unavailable: %s", exc.status)
        dispatcher.utter_message(response="utter_hours_unavailable", **desk_facts(tracker))
        return None


def _phones(hours: dict) -> dict:
    phones = hours.get("phones") or {}
    return {"phone_nl": phones.get("nl", ""), "phone_fr": phones.get("fr", "")}


async def phone_before_ticket(dispatcher, tracker) -> None:
    """An urgent problem told inside the ticket form: the phone first (or when the line opens again)."""
    hours = await _hours(dispatcher, tracker)
    if hours is None:
        return
    if hours.get("open"):
        dispatcher.utter_message(response="utter_urgent_in_form_open", **_phones(hours))
    else:
        dispatcher.utter_message(response="utter_urgent_in_form_closed", message=hours.get("message", ""))


class ActionUrgent(Action):
    """Never a ticket before the phone: open -> call now; closed -> the API's sentence on when the line
    opens again (with both numbers), then offer to record it as an urgent ticket."""

    def name(self) -> str:
        return "action_urgent"

    async def run(self, dispatcher, tracker, domain):
        hours = await _hours(dispatcher, tracker)
        events = [SlotSet("last_query", text_of(tracker))]
        if hours is None:
            return events + [SlotSet("awaiting", "urgent_ticket_offer")]
        if hours.get("open"):
            dispatcher.utter_message(response="utter_urgent_open", **_phones(hours))
            return events + [SlotSet("awaiting", None)]
        dispatcher.utter_message(response="utter_urgent_closed", message=hours.get("message", ""))
        return events + [SlotSet("awaiting", "urgent_ticket_offer")]


class ActionHuman(Action):
    def name(self) -> str:
        return "action_human"

    async def run(self, dispatcher, tracker, domain):
        hours = await _hours(dispatcher, tracker)
        if hours is None:
            return [SlotSet("awaiting", "ticket_offer")]
        if hours.get("open"):
            dispatcher.utter_message(response="utter_human_open", **_phones(hours))
            return [SlotSet("awaiting", None)]
        dispatcher.utter_message(response="utter_human_closed", message=hours.get("message", ""))
        return [SlotSet("awaiting", "ticket_offer")]


class ActionOfficeHours(Action):
    def name(self) -> str:
        return "action_office_hours"

    async def run(self, dispatcher, tracker, domain):
        hours = await _hours(dispatcher, tracker)
        if hours is not None:  # the hours themselves, open or closed, then whether the line is open now
            dispatcher.utter_message(response="utter_office_hours", hours=hours.get("hours", ""),
                                     message=hours.get("message", ""))
        return []


class ActionComplaint(Action):
    """Complaints go through the online form (a complaint ticket); urgent escalations by phone."""

    def name(self) -> str:
        return "action_complaint"

    async def run(self, dispatcher, tracker, domain):
        try:
            phones = _phones(await api_client.office_hours(lang_of(tracker)))
        except api_client.ApiError as exc:
            log.warning("office hours unavailable: %s", exc.status)
            phones = desk_facts(tracker)
        dispatcher.utter_message(response="utter_complaint_info", **phones)
        return [SlotSet("awaiting", "complaint_offer"), SlotSet("last_query", text_of(tracker))]
