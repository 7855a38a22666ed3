"""The editor's workbench: test a question through the bot's real routing, unanswered questions grouped by
meaning, visitors' phrasings added to an entry in one click, and the answers that help least."""
from datetime import datetime

import httpx
import numpy as np
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from actions.routing import decide, nlu_guess, should_search
from api.errors import Invalid
from faq_index import grouping
from api.faq import index_holder, service
from api.faq.models import FaqEntry, FaqFeedback, FaqSearch
from api.faq.schemas import EntryPatch
from api.settings import get_settings

NLU_TIMEOUT = 3.0


def _parse(text: str) -> dict | None:
    """Rasa's NLU on the text (POST /model/parse with the API token); None when Rasa is not reachable."""
    settings = get_settings()
    try:
        r = httpx.post(f"{settings.rasa_url.rstrip('/')}/model/parse", json={"text": text}, timeout=NLU_TIMEOUT,
                       params={"token": settings.rasa_token} if settings.rasa_token else None)
        r.raise_for_status()
        return r.json()
    except (httpx.HTTPError, ValueError):
        return None


def test_question(db: Session, q: str, lang: str) -> dict:
    """What the bot would do with this message as a visitor's first turn: the NLU's guess, the FAQ's decision
    with scores and runner-ups, and the route that wins under the bot's policy (actions/routing.py). Nothing is
    logged as a visitor's search."""
    parse = _parse(q)
    intent, confidence = nlu_guess(parse.get("intent"), parse.get("intent_ranking")) if parse else ("", 0.0)
    searched = should_search(q, intent, is_payload=False)
    result = service.search_faq(db, q, lang, 5, log=False) if searched else None
    decision = decide(text=q, intent=intent, confidence=confidence, faq=result["decision"] if result else None,
                      awaiting=None, is_payload=False)
    if decision.kind == "faq":
        route = {"answer": "faq_answer", "clarify": "faq_clarify"}.get(result["decision"] if result else "",
                                                                      "ticket_offer")
        route = "faq_answer_then_ticket" if decision.then_ticket else route
    elif decision.kind == "route":
        route = decision.intent
    else:
        route = decision.kind
    ranking = [{"intent": r.get("name"), "confidence": round(float(r.get("confidence") or 0), 4)}
               for r in (parse or {}).get("intent_ranking") or []][:5]
    return {"query": q, "lang": lang, "route": route, "see_also": decision.see_also,
            "nlu": {"available": parse is not None, "intent": intent, "confidence": round(confidence, 4),
                    "ranking": ranking},
            "faq": {"searched": searched, "decision": result["decision"] if result else None,
                    "hits": [{k: h[k] for k in ("id", "question", "score", "url")} for h in result["hits"]]
                    if result else []}}


def unanswered_groups(db: Session, lang: str | None = None, limit: int = 50) -> list[dict]:
    """The unanswered questions (service.unanswered, not handled), grouped by meaning per language: each group
    has its phrasings (most asked first), how many conversations asked it, and the entries that visitors said
    did not help (faq_index/grouping.py: the most asked question of a group leads it)."""
    items = service.unanswered(db, lang, limit=1000)
    holder = index_holder.current(db)
    groups: list[dict] = []
    for item_lang in ("nl", "fr"):
        mine = [i for i in items if i["lang"] == item_lang]
        if not mine:
            continue
        vectors = np.asarray(holder.embedder.embed_queries([i["query"] for i in mine]), dtype=np.float32)
        labels = grouping.group(vectors, holder.index.thresholds.group_min)
        mine_groups: dict[int, dict] = {}
        for item, label in zip(mine, labels):
            group = mine_groups.get(label)
            if group is None:
                group = mine_groups[label] = {"lang": item_lang, "query": item["query"], "phrasings": [],
                                              "sessions": set(), "not_helpful_entries": set(),
                                              "last_at": item["last_at"]}
                groups.append(group)
            group["phrasings"].append(item["query"])
            group["sessions"] |= item["sessions"]
            group["not_helpful_entries"] |= set(item["not_helpful_entries"])
            group["last_at"] = max(group["last_at"], item["last_at"])
    for g in groups:
        g["conversations"] = len(g.pop("sessions"))
        g["not_helpful_entries"] = sorted(g["not_helpful_entries"])
    groups.sort(key=lambda g: (-g["conversations"], -len(g["phrasings"]), g["query"]))
    return groups[:limit]


def add_phrasings(db: Session, entry_id: str, phrasings: list[str], who: str, now: datetime) -> FaqEntry:
    """Visitors' phrasings as alternatives of an entry (those it has already are skipped), live at once for a
    published entry; each is marked handled for the unanswered list, with the entry."""
    entry = service.get_entry(db, entry_id)
    have = {service._normalise(a) for a in [entry.question, *entry.alternatives]}
    new = []
    for p in phrasings:
        if service._normalise(p) not in have:
            have.add(service._normalise(p))
            new.append(p.strip())
    if not new:
        raise Invalid("The entry has all these phrasings already.", "nothing_to_add")
    updated, _ = service.update_entry(db, entry_id, EntryPatch(alternatives=[*entry.alternatives, *new]), who, now)
    for p in phrasings:
        service.mark_handled(db, service.HandledIn(query=p, lang=entry.lang, entry_id=entry_id), who, now)
    return updated


def low_rated(db: Session, lang: str | None = None, min_votes: int = 1, limit: int = 50) -> list[dict]:
    """Entries by their "did not help" rate (votes in the feedback log, counted by the database), with the
    questions that led to the negative votes (up to 10 each, oldest first)."""
    not_helpful = func.sum(case((FaqFeedback.helpful.is_(False), 1), else_=0))
    counted = (select(FaqEntry, func.count().label("votes"), not_helpful.label("not_helpful"))
               .join(FaqFeedback, FaqFeedback.entry_id == FaqEntry.id).group_by(FaqEntry.id)
               .having(func.count() >= min_votes, not_helpful > 0))
    if lang:
        counted = counted.where(FaqEntry.lang == lang)
    out = [{"entry_id": entry.id, "votes": votes, "not_helpful": int(no), "lang": entry.lang,
            "question": entry.question, "status": entry.status, "rate": round(int(no) / votes, 4), "questions": []}
           for entry, votes, no in db.execute(counted)]
    out.sort(key=lambda r: (-r["rate"], -r["not_helpful"], r["entry_id"]))
    out = out[:limit]
    by_id = {r["entry_id"]: r for r in out}
    if by_id:
        asked = (select(FaqFeedback.entry_id, FaqSearch.query).join(FaqSearch, FaqSearch.id == FaqFeedback.search_id)
                 .where(FaqFeedback.entry_id.in_(list(by_id)), FaqFeedback.helpful.is_(False))
                 .order_by(FaqFeedback.at, FaqFeedback.id))
        for entry_id, query in db.execute(asked):
            questions = by_id[entry_id]["questions"]
            if query not in questions and len(questions) < 10:
                questions.append(query)
    return out
