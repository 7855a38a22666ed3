"""Yes, no and "not understood": what a yes/no means depends on what the bot asked last (`awaiting`)."""
import logging

from rasa_sdk import Action
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import api_client
from actions.common import EMAIL_IN_TEXT, EMAIL_RE, lang_of
from actions.faq import feedback, one_subject_buttons, show_answer, subjects

log = logging.getLogger(__name__)

TICKET_TYPES = {"ticket_offer": "question", "urgent_ticket_offer": "urgent_incident", "complaint_offer": "complaint"}
FORM_INTROS = {"question": "utter_ticket_intro", "urgent_incident": "utter_urgent_form_intro",
               "complaint": "utter_complaint_form_intro", "incident": "utter_ticket_intro"}
FORM_SLOTS = ("subject", "description", "email", "email_ok", "name", "organisation", "ticket_ok", "form_cancelled")


async def start_ticket_form(dispatcher: CollectingDispatcher, tracker, ticket_type: str,
                            prefill: str | None) -> list:
    """Reset the form, prefill the description from what the visitor said, and open the form."""

    events = [SlotSet(s, None) for s in FORM_SLOTS]
    events += [SlotSet("ticket_type", ticket_type), SlotSet("awaiting", None)]
    if ticket_type == "complaint":  # the short form asks neither name nor organisation
        events += [SlotSet("name", "-"), SlotSet("organisation", "-")]
    dispatcher.utter_message(response=FORM_INTROS.get(ticket_type, "utter_ticket_intro"))
    prefill = (prefill or "").strip()
    parts = await subjects(tracker, prefill)
    if parts:
        dispatcher.utter_message(response="utter_one_subject", buttons=one_subject_buttons(parts))
    elif prefill and len(prefill.split()) >= 3:
        events.append(SlotSet("description", prefill[:10000]))
    email = EMAIL_IN_TEXT.search(prefill)
    if email and EMAIL_RE.match(email.group(0).strip(".,;")):  # already given: the form only asks to confirm it
        events.append(SlotSet("email", email.group(0).strip(".,;")))
    return events + [FollowupAction("ticket_form")]


class ActionAffirm(Action):
    def name(self) -> str:
        return "action_affirm"

    async def run(self, dispatcher, tracker, domain):
        awaiting = tracker.get_slot("awaiting")
        if awaiting in ("faq_feedback", "faq_feedback_last", "faq_feedback_ticket"):
            await feedback(tracker, True)
            dispatcher.utter_message(response="utter_faq_glad")
            return [SlotSet("awaiting", None), SlotSet("last_query", None)]
        if awaiting in TICKET_TYPES:
            return await start_ticket_form(dispatcher, tracker, TICKET_TYPES[awaiting], tracker.get_slot("last_query"))
        dispatcher.utter_message(response="utter_nothing_pending")
        return [SlotSet("awaiting", None)]


class ActionDeny(Action):
    def name(self) -> str:
        return "action_deny"

    async def run(self, dispatcher, tracker, domain):
        awaiting = tracker.get_slot("awaiting")
        hits = tracker.get_slot("faq_hits") or []
        if awaiting == "faq_feedback_ticket":  # the visitor asked for a ticket and the answer did not help
            await feedback(tracker, False)
            return await start_ticket_form(dispatcher, tracker, "question", tracker.get_slot("last_query"))
        if awaiting == "faq_feedback":
            await feedback(tracker, False)
            nxt = int(tracker.get_slot("faq_shown") or 0) + 1
            if nxt < len(hits):
                dispatcher.utter_message(response="utter_faq_next_best")
                show_answer(dispatcher, hits[nxt])
                return [SlotSet("faq_shown", float(nxt)), SlotSet("awaiting", "faq_feedback_last")]
        if awaiting == "faq_feedback_last":
            await feedback(tracker, False)
        if awaiting in ("faq_feedback", "faq_feedback_last", "faq_clarify"):
            if awaiting == "faq_clarify":
                try:
                    await api_client.faq_unanswered(tracker.get_slot("last_query") or "", lang_of(tracker),
                                                    "clarify", tracker.sender_id)
                except api_client.ApiError as exc:
                    log.warning("could not report an unanswered question: %s", exc.status)
            dispatcher.utter_message(response="utter_faq_not_helped")
            return [SlotSet("awaiting", "ticket_offer")]
        if awaiting == "urgent_ticket_offer":
            dispatcher.utter_message(response="utter_call_later")
        elif awaiting in ("ticket_offer", "complaint_offer"):
            dispatcher.utter_message(response="utter_no_ticket")
        else:
            dispatcher.utter_message(response="utter_nothing_pending")
        return [SlotSet("awaiting", None)]


class ActionFallback(Action):
    """RulePolicy's core fallback (no rule fits): a polite answer with the options, and the turn goes back to
    the visitor. Never an end and never a yes."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_fallback")
        return [FollowupAction("action_listen")]
