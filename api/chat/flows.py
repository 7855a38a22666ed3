"""One chat turn: detect the language, ask Rasa (or, when it is down, the FAQ directly), log the turn."""
import logging
from datetime import datetime

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api.analytics import events as analytics
from api.chat import language, rasa, service
from api.chat.messages import msg
from api.chat.schemas import ChatIn, ChatOut
from api.db import new_session
from api.settings import get_settings

log = logging.getLogger(__name__)


def degraded_reply(db: Session, text: str, lang: str, session_id: str) -> list[dict]:
    """Without Rasa: say that the assistant is limited, answer from the FAQ, and offer the ticket form."""
    from api.faq import service as faq

    settings = get_settings()
    messages: list[dict] = [{"text": msg("limited", lang)}]
    try:
        result = faq.search_faq(db, text, lang, 3, session_id)
    except Exception:  # noqa: BLE001  (a bad query or a broken index must not break the fallback)
        log.exception("FAQ search failed in degraded mode")
        result = None
    if result is None:
        messages.append({"text": msg("search_failed", lang)})
    elif result["decision"] == "answer" and result["hits"]:
        hit = result["hits"][0]
        answer = {"text": hit["answer"]}
        links = rasa.not_in_text([{"title": f"{msg('source', lang)}: {hit['question']}", "url": hit["url"]}]
                                 if hit.get("url") else [], hit["answer"])
        if links:
            answer["links"] = links
        messages.append(answer)
    elif result["decision"] == "clarify" and result["hits"]:
        links = [{"title": h["question"], "url": h["url"]} for h in result["hits"][:3] if h.get("url")]
        texts = "\n".join(f"- {h['question']}" for h in result["hits"][:3])
        messages.append({"text": f"{msg('clarify', lang)}\n{texts}", **({"links": links} if links else {})})
    else:
        messages.append({"text": msg("no_match", lang)})
    form_url = settings.contact_form_url or f"{settings.public_url.rstrip('/')}/?lang={lang}#ticket"
    messages.append({"text": msg("ticket", lang), "links": [{"title": msg("ticket_link", lang), "url": form_url}]})
    return messages


def _begin(body: ChatIn) -> tuple[str, str | None, str, str | None, float, str | None]:
    """Which conversation this turn belongs to and its languages (a short read, in a worker thread)."""
    with new_session() as db:
        previous = service.previous_turn(db, body.session_id) if body.session_id else None
    # only an id the server issued continues a conversation; any other starts a new one (and is kept as its label)
    session_id = previous.session_id if previous else service.new_session_id()
    label = previous.label if previous else (body.label or body.session_id)
    detected, confidence = language.detect(body.message)
    current = language.conversation_language(body.lang, previous.lang if previous else None,
                                             previous.page_lang if previous else None)
    return session_id, label, current, detected, confidence, language.sentence_language(detected, confidence)


def _finish(body: ChatIn, now: datetime, session_id: str, label: str | None, detected: str | None,
            confidence: float, lang: str, messages: list[dict] | None, route: str | None) -> list[dict]:
    """Log the turn (and its route, for analytics); without Rasa's messages, answer in degraded mode first (in a
    worker thread)."""
    degraded = messages is None
    with new_session() as db:
        if degraded:
            messages = degraded_reply(db, body.message, lang, session_id)
        service.record_turn(db, session_id=session_id, label=label, at=now, page_lang=body.lang,
                            detected_lang=detected, confidence=confidence, lang=lang, visitor_text=body.message,
                            bot_messages=messages, degraded=degraded)
        analytics.turn(db, now, session_id, lang, route, degraded)
        db.commit()
    return messages


async def handle_turn(body: ChatIn, now: datetime) -> ChatOut:
    """No thread and no transaction is held while Rasa works (its actions call this API back)."""
    settings = get_settings()
    session_id, label, current, detected, confidence, sentence = await run_in_threadpool(_begin, body)
    messages: list[dict] | None = None
    route: str | None = None
    try:
        # the dialogue decides whether the sentence's language is followed (not on a form's slot answer)
        raw = await rasa.send(settings.rasa_url, settings.rasa_token, session_id, body.message,
                              {"language": current, "sentence_language": sentence, "page_lang": body.lang},
                              settings.rasa_timeout)
        messages, switched = rasa.to_messages(raw)
        route = rasa.route_of(raw)
        if not messages:  # every turn has an answer; none means Rasa could not run it (e.g. no action server)
            raise rasa.RasaUnavailable("no answer")
        lang = switched or current
    except rasa.RasaUnavailable as exc:
        if str(exc) != "known to be down":
            log.warning("Rasa unavailable (%s): answering in degraded mode for %s s", exc, settings.rasa_retry_after)
            rasa.failed(settings.rasa_url, settings.rasa_retry_after)
        messages, lang = None, sentence or current
    degraded = messages is None
    messages = await run_in_threadpool(_finish, body, now, session_id, label, detected, confidence, lang, messages,
                                      route)
    return ChatOut(session_id=session_id, lang=lang, degraded=degraded, messages=messages)
