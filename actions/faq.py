"""FAQ first: every question is searched through the API; answers ask for feedback, failures offer a ticket."""
import json
import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import api_client
from actions.common import lang_of, response_text
from actions.routing import is_bare_request

# A shorter message holds one subject: not worth asking the index
SUBJECTS_MIN_WORDS = 8

log = logging.getLogger(__name__)


def _hit(h: dict) -> dict:
    return {k: h.get(k) for k in ("id", "question", "answer", "url", "other_language")}


def choice_button(hit: dict) -> dict:
    """A button that shows this entry's answer (action_faq_choose)."""
    return {"title": hit["question"], "payload": "/choose_faq" + json.dumps({"faq_id": hit["id"]})}


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


async def bounded(text: str) -> str:
    """The part of a long message that is searched: its start, up to the API's query limit, cut between words."""
    try:
        limit = int((await api_client.limits())["query_max"])
    except (api_client.ApiError, KeyError, TypeError, ValueError):
        limit = 500
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[:cut.rfind(" ")] if " " in cut else cut


async def subjects(tracker: Tracker, text: str) -> list[str]:
    """The separate subjects of a message, as the FAQ index sees them ([] for one subject). A bare request
    ("kunnen jullie daar een ticket voor maken?") is no subject of its own."""
    if len(text.split()) < SUBJECTS_MIN_WORDS:
        return []
    try:
        found = await api_client.faq_subjects(await bounded(text), lang_of(tracker))
    except (api_client.ApiError, KeyError, TypeError) as exc:
        log.warning("faq subjects failed: %s", getattr(exc, "status", exc))
        return []
    parts = [p for p in found if not is_bare_request(p)]
    return parts if len(parts) >= 2 else []


def one_subject_buttons(parts: list[str]) -> list[dict]:
    """One button per subject: the visitor picks the one to handle first."""
    return [{"title": p[:120], "payload": p[:200]} for p in parts[:4]]


async def search(tracker: Tracker, text: str) -> dict | None:
    """The API's search result for a visitor's message (its bounded part), or None when the search failed."""
    try:
        return await api_client.search_faq(await bounded(text), lang_of(tracker), tracker.sender_id)
    except api_client.ApiError as exc:
        log.warning("faq search failed: %s", exc.status)
        return None


async def search_and_answer(dispatcher, tracker, domain, query: str, *, result: dict | None = None,
                            then_ticket: bool = False) -> list:
    """Answer, clarify or offer a ticket from a search result (searched here when not given).

    then_ticket: the visitor asked for a ticket; the answer comes first, and a "no" opens the ticket form."""
    result = result or await search(tracker, query)
    if result is None:
        dispatcher.utter_message(response="utter_faq_unavailable")
        return [SlotSet("awaiting", "ticket_offer"), SlotSet("last_query", query)]
    lang = lang_of(tracker)
    decision = result.get("decision")
    hits = [_hit(h) for h in result.get("hits") or []]
    base = [SlotSet("last_query", query), SlotSet("faq_search_id", result.get("search_id")),
            SlotSet("faq_hits", hits), SlotSet("faq_shown", 0.0)]
    if decision == "answer" and hits:
        if then_ticket:
            dispatcher.utter_message(response="utter_faq_before_ticket")
        show_answer(dispatcher, hits[0])
        awaiting = "faq_feedback_ticket" if then_ticket else "faq_feedback"
        return base + [SlotSet("awaiting", awaiting), SlotSet("faq_offered", offered(tracker, hits[0]["id"]))]
    if decision == "clarify" and len(hits) >= 2:
        buttons = [choice_button(h) for h in hits[:3]]
        buttons.append({"title": response_text(domain, "utter_faq_none_of_these", lang), "payload": "/deny"})
        dispatcher.utter_message(response="utter_faq_clarify", buttons=buttons)
        return base + [SlotSet("awaiting", "faq_clarify")]
    try:
        await api_client.faq_unanswered(query, lang, decision or "no_match", tracker.sender_id)
    except api_client.ApiError as exc:
        log.warning("could not report an unanswered question: %s", exc.status)
    dispatcher.utter_message(response="utter_faq_no_match")
    return base + [SlotSet("awaiting", "ticket_offer")]


def see_also(dispatcher: CollectingDispatcher, result: dict) -> list:
    """A route won, but the FAQ also had a confident answer: offer it as a button (both plausible)."""
    hits = [_hit(h) for h in (result.get("hits") or [])[:1]]
    if not hits:
        return []
    dispatcher.utter_message(response="utter_faq_see_also", buttons=[choice_button(hits[0])])
    return [SlotSet("faq_hits", hits), SlotSet("faq_search_id", result.get("search_id")), SlotSet("faq_shown", 0.0)]


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
                dispatcher.utter_message(json_message={"route": "faq_choice"})  # an FAQ answer shown (analytics)
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
