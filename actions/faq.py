"""FAQ first: every question is searched through the API; answers ask for feedback, failures offer a ticket."""
import json
import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import api_client
from actions.common import lang_of, response_text, several_problems, text_of

log = logging.getLogger(__name__)


def _hit(h: dict) -> dict:
    return {k: h.get(k) for k in ("id", "question", "answer", "url", "other_language")}


def show_answer(dispatcher: CollectingDispatcher, hit: dict) -> None:
    name = "utter_faq_answer_other_language" if hit.get("other_language") else "utter_faq_answer"
    url = hit.get("url") or "-"
    links = [{"title": hit.get("question") or url, "url": hit["url"]}] if hit.get("url") else []
    dispatcher.utter_message(response=name, answer=hit.get("answer") or "", url=url,
                             json_message={"links": links} if links else None)
    dispatcher.utter_message(response="utter_did_that_help")


def offered(tracker: Tracker, entry_id: str) -> list:
    ids = list(tracker.get_slot("faq_offered") or [])
    return ids if entry_id in ids else ids + [entry_id]


async def search_and_answer(dispatcher, tracker, domain, query: str, *, report: bool = True) -> list:
    """Search the FAQ and answer, clarify or offer a ticket. Returns the slot events."""
    lang = lang_of(tracker)
    try:
        result = await api_client.search_faq(query, lang, tracker.sender_id)
    except api_client.ApiError as exc:
        log.warning("faq search failed: %s", exc.status)
        dispatcher.utter_message(response="utter_faq_unavailable")
        return [SlotSet("awaiting", "ticket_offer"), SlotSet("last_query", query)]
    decision = result.get("decision")
    hits = [_hit(h) for h in result.get("hits") or []]
    base = [SlotSet("last_query", query), SlotSet("faq_search_id", result.get("search_id")),
            SlotSet("faq_hits", hits), SlotSet("faq_shown", 0.0)]
    if decision == "answer" and hits:
        show_answer(dispatcher, hits[0])
        return base + [SlotSet("awaiting", "faq_feedback"), SlotSet("faq_offered", offered(tracker, hits[0]["id"]))]
    if decision == "clarify" and len(hits) >= 2:
        buttons = [{"title": h["question"], "payload": "/choose_faq" + json.dumps({"faq_id": h["id"]})}
                   for h in hits[:3]]
        buttons.append({"title": response_text(domain, "utter_faq_none_of_these", lang), "payload": "/deny"})
        dispatcher.utter_message(response="utter_faq_clarify", buttons=buttons)
        return base + [SlotSet("awaiting", "faq_clarify")]
    if report:
        try:
            await api_client.faq_unanswered(query, lang, decision or "no_match", tracker.sender_id)
        except api_client.ApiError as exc:
            log.warning("could not report an unanswered question: %s", exc.status)
    dispatcher.utter_message(response="utter_faq_no_match")
    return base + [SlotSet("awaiting", "ticket_offer")]


class ActionFaqSearch(Action):
    def name(self) -> str:
        return "action_faq_search"

    async def run(self, dispatcher, tracker, domain):
        text = text_of(tracker)
        parts = several_problems(text)
        if parts:  # one problem at a time: each gets its own search (and, if needed, its own ticket)
            dispatcher.utter_message(response="utter_one_question",
                                     buttons=[{"title": p[:120], "payload": p[:200]} for p in parts[:4]])
            return [SlotSet("awaiting", None)]
        return await search_and_answer(dispatcher, tracker, domain, text)


class ActionFaqChoose(Action):
    """The visitor picked one of the clarify candidates."""

    def name(self) -> str:
        return "action_faq_choose"

    async def run(self, dispatcher, tracker, domain):
        wanted = next(tracker.get_latest_entity_values("faq_id"), None)
        hits = tracker.get_slot("faq_hits") or []
        for i, hit in enumerate(hits):
            if hit.get("id") == wanted:
                show_answer(dispatcher, hit)
                return [SlotSet("faq_shown", float(i)), SlotSet("awaiting", "faq_feedback"),
                        SlotSet("faq_offered", offered(tracker, hit["id"]))]
        dispatcher.utter_message(response="utter_nothing_pending")
        return [SlotSet("awaiting", None)]


async def feedback(tracker: Tracker, helpful: bool) -> None:
    hits = tracker.get_slot("faq_hits") or []
    shown = int(tracker.get_slot("faq_shown") or 0)
    if shown < len(hits):
        try:
            await api_client.faq_feedback(tracker.get_slot("faq_search_id"), hits[shown]["id"], helpful,
                                          tracker.sender_id)
        except api_client.ApiError as exc:
            log.warning("could not send FAQ feedback: %s", exc.status)
