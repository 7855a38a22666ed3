"""The one action every free-text turn outside a form goes to: search the FAQ, decide (actions/routing.py), act."""
import logging

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.common import text_of
from actions.dialogue import ActionAffirm, ActionDeny
from actions.faq import one_subject_buttons, search, search_and_answer, see_also, subjects
from actions.hours import ActionComplaint, ActionHuman, ActionOfficeHours, ActionUrgent
from actions.language import ActionSwitchLanguage
from actions.routing import SMALL_TALK, decide, nlu_guess, should_search
from actions.tickets import ActionPrepareStatus, ActionPrepareTicket

log = logging.getLogger(__name__)

ROUTE_ACTIONS = {
    "request_ticket": ActionPrepareTicket, "urgent_incident": ActionUrgent, "complaint": ActionComplaint,
    "ticket_status": ActionPrepareStatus, "add_info": ActionPrepareStatus, "request_human": ActionHuman,
    "office_hours": ActionOfficeHours, "switch_language": ActionSwitchLanguage,
}


def tracker_guess(tracker) -> tuple[str, float]:
    message = tracker.latest_message
    return nlu_guess(message.get("intent"), message.get("intent_ranking"))


class ActionRoute(Action):
    def name(self) -> str:
        return "action_route"

    async def run(self, dispatcher, tracker, domain):
        text = text_of(tracker)
        intent, confidence = tracker_guess(tracker)
        is_payload = text.startswith("/")
        awaiting = tracker.get_slot("awaiting")
        result, faq = None, None
        if should_search(text, intent, is_payload):
            result = await search(tracker, text)
            faq = result.get("decision") if result else "error"
        decision = decide(text=text, intent=intent, confidence=confidence, faq=faq, awaiting=awaiting,
                          is_payload=is_payload)
        log.debug("route: intent=%s (%.2f) faq=%s -> %s", intent, confidence, faq, decision)
        # for the API's analytics and metrics (the chat log does not see the decision); not shown to the visitor
        dispatcher.utter_message(json_message={"route": decision.intent if decision.kind == "route" else decision.kind})
        if decision.kind == "yes":
            return await ActionAffirm().run(dispatcher, tracker, domain)
        if decision.kind == "no":
            return await ActionDeny().run(dispatcher, tracker, domain)
        # a pending yes/no lapses when the visitor talks about something else; not on gibberish or chatter
        events = [] if decision.kind in ("fallback", "out_of_scope") else [SlotSet("awaiting", None)]
        if decision.kind == "route":
            events += await ROUTE_ACTIONS[decision.intent]().run(dispatcher, tracker, domain)
            return events + (see_also(dispatcher, result) if decision.see_also and result else [])
        if decision.kind == "faq":
            # one problem at a time: each gets its own search (and, if needed, its own ticket); a confident
            # answer is still given first (deflection), with the other problems offered after it
            parts = await subjects(tracker, text)
            if parts and faq != "answer":
                dispatcher.utter_message(response="utter_one_question", buttons=one_subject_buttons(parts))
                return events
            events += await search_and_answer(dispatcher, tracker, domain, text, result=result,
                                              then_ticket=decision.then_ticket)
            if parts:
                dispatcher.utter_message(response="utter_other_subjects", buttons=one_subject_buttons(parts))
            return events
        if decision.kind == "small_talk":
            dispatcher.utter_message(response=SMALL_TALK[decision.intent])
        elif decision.kind == "out_of_scope":  # the search itself is logged: editors see it as unanswered
            dispatcher.utter_message(response="utter_out_of_scope")
        elif decision.intent in ("affirm", "deny"):
            dispatcher.utter_message(response="utter_nothing_pending")
        else:
            dispatcher.utter_message(response="utter_fallback")
        return events

