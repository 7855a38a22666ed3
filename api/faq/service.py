"""The rules of the FAQ: editing with history, the version counter, import/export, the public
search with its log, feedback, unanswered questions and retention.

Functions flush; the caller commits. After a commit that changed entries, call `commit(db)`
instead of `db.commit()` so that this process's index follows at once.
"""
import hashlib
import logging
import re
import uuid
from datetime import datetime, timedelta

from pydantic import ValidationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.analytics import events as analytics
from api.errors import Conflict, Invalid, NotFound
from api.faq import formats, index_holder
from api.faq.models import (LANGS, FaqEntry, FaqFeedback, FaqHistory, FaqSearch, FaqUnanswered,
                            FaqUnansweredHandled, FaqVersion)
from api.faq.schemas import QUERY_MAX, EntryIn, EntryPatch, FeedbackIn, HandledIn, UnansweredIn
from api.settings import get_settings

MAX_K = 20
log = logging.getLogger(__name__)


class ImportInvalid(Invalid):
    """One or more bad records: nothing was imported. `problems` lists each one."""

    code = "import_invalid"

    def __init__(self, problems: list[dict]):
        super().__init__(f"{len(problems)} record(s) in the file are invalid; nothing was imported.")
        self.problems = problems


# ---- entries ---------------------------------------------------------------------------------

def snapshot(entry: FaqEntry) -> dict:
    """The entry in the import format: what history, export and import all speak."""
    return {name: getattr(entry, name) for name in formats.FIELDS}


def get_entry(db: Session, entry_id: str) -> FaqEntry:
    entry = db.get(FaqEntry, entry_id)
    if entry is None:
        raise NotFound(f"There is no FAQ entry '{entry_id}'.", "unknown_entry")
    return entry


def list_entries(db: Session, lang: str | None = None, status: str | None = None, tag: str | None = None,
                 group: str | None = None, text: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[int, list[FaqEntry]]:
    query = select(FaqEntry).order_by(FaqEntry.id)
    if lang:
        query = query.where(FaqEntry.lang == lang)
    if status:
        query = query.where(FaqEntry.status == status)
    if group:
        query = query.where(FaqEntry.group == group)
    if text:
        pattern = f"%{text.strip()}%"
        query = query.where(FaqEntry.question.ilike(pattern) | FaqEntry.answer.ilike(pattern))
    rows = list(db.scalars(query))
    if tag:  # tags are a JSON list: filtered here, the same way on every engine
        rows = [r for r in rows if tag in (r.tags or [])]
    return len(rows), rows[offset:offset + limit]


def translations(db: Session, entries: list[FaqEntry]) -> dict[str, str]:
    """For each entry with a group, the id of its group's entry in the other language (not archived), if any."""
    groups = {e.group for e in entries if e.group}
    if not groups:
        return {}
    others: dict[tuple[str, str], str] = {}
    for other in db.scalars(select(FaqEntry).where(FaqEntry.group.in_(groups), FaqEntry.status != "archived")
                            .order_by(FaqEntry.id)):
        others.setdefault((other.group, other.lang), other.id)
    return {e.id: others[(e.group, "fr" if e.lang == "nl" else "nl")] for e in entries
            if e.group and (e.group, "fr" if e.lang == "nl" else "nl") in others}


def history(db: Session, entry_id: str) -> list[FaqHistory]:
    get_entry(db, entry_id)
    return list(db.scalars(select(FaqHistory).where(FaqHistory.entry_id == entry_id)
                           .order_by(FaqHistory.at, FaqHistory.id)))


def _record(db: Session, entry: FaqEntry, action: str, before: dict | None, who: str, now: datetime) -> None:
    db.add(FaqHistory(entry_id=entry.id, who=who, at=now, action=action, before=before, after=snapshot(entry)))
    if (before and before["status"] == "published") or entry.status == "published":
        bump_version(db, now)


def bump_version(db: Session, now: datetime) -> None:
    """Same transaction as the change, so a replica never sees the change without the bump."""
    done = db.execute(update(FaqVersion).where(FaqVersion.id == 1)
                      .values(version=FaqVersion.version + 1, updated_at=now))
    if done.rowcount == 0:  # the row was lost (a truncated table): start again
        db.add(FaqVersion(id=1, version=1, updated_at=now))
    db.flush()


def current_version(db: Session) -> int:
    return index_holder.db_version(db)


def _near_duplicates(db: Session, entry: FaqEntry) -> list[dict]:
    """Entries a visitor would confuse with this one, by the search's own calibrated thresholds: asked as a
    visitor would, the entry's question or an alternative is answered by another entry (answered_by), or another
    entry scores as high as an answer needs (confused_with: the visitor may get it instead). Exactly the same question is caught too (same_question), also
    among drafts. A warning for the editor, never a block; each names the other entry, its question and the
    phrasing that leads to it, so the console says it in the editor's language."""
    warnings: dict[str, dict] = {}
    same = db.scalars(select(FaqEntry).where(
        FaqEntry.lang == entry.lang, FaqEntry.id != entry.id, FaqEntry.status != "archived",
        func.lower(FaqEntry.question) == entry.question.lower()))
    for other in same:
        warnings[other.id] = {"code": "same_question", "entry_id": other.id, "question": other.question,
                              "asked": entry.question, "score": 1.0,
                              "detail": f"Entry '{other.id}' has the same question."}
    holder = index_holder.current(db)
    for code, hit, asked in holder.confusable([entry.question, *entry.alternatives][:6], entry.lang, entry.id):
        if hit.id in warnings:
            continue
        detail = (f"A visitor asking '{asked}' gets the answer of '{hit.id}'." if code == "answered_by" else
                  f"A visitor asking '{asked}' may get '{hit.id}' instead.")
        warnings[hit.id] = {"code": code, "entry_id": hit.id, "question": hit.question, "asked": asked,
                            "score": round(hit.score, 4), "detail": detail}
    return list(warnings.values())


def group_taken(db: Session, group: str) -> bool:
    """Whether an entry has this group, or an id this group's entries would get (<group>-nl, <group>-fr)."""
    return db.scalar(select(FaqEntry.id).where((FaqEntry.group == group)
                                               | FaqEntry.id.in_([f"{group}-nl", f"{group}-fr"])).limit(1)) is not None


def create_entry(db: Session, data: EntryIn, who: str, now: datetime) -> tuple[FaqEntry, list[dict]]:
    if db.get(FaqEntry, data.id) is not None:
        raise Conflict(f"An FAQ entry with id '{data.id}' exists already.", "duplicate_id")
    entry = FaqEntry(**data.model_dump(), created_at=now, updated_at=now, updated_by=who)
    db.add(entry)
    try:
        db.flush()
    except IntegrityError:  # created by someone else a moment ago
        db.rollback()
        raise Conflict(f"An FAQ entry with id '{data.id}' exists already.", "duplicate_id")
    _record(db, entry, "create", None, who, now)
    return entry, _near_duplicates(db, entry)


def update_entry(db: Session, entry_id: str, patch: EntryPatch, who: str,
                 now: datetime) -> tuple[FaqEntry, list[dict]]:
    entry = get_entry(db, entry_id)
    before = snapshot(entry)
    changes = {k: v for k, v in patch.model_dump(exclude_unset=True).items() if before[k] != v}
    if not changes:
        return entry, []
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.updated_at, entry.updated_by = now, who
    db.flush()
    _record(db, entry, "update", before, who, now)
    return entry, _near_duplicates(db, entry) if "question" in changes or "lang" in changes else []


def _set_status(db: Session, entry_id: str, status: str, action: str, who: str, now: datetime) -> FaqEntry:
    entry = get_entry(db, entry_id)
    if entry.status == status:
        return entry  # idempotent: a second click changes nothing and records nothing
    before = snapshot(entry)
    entry.status, entry.updated_at, entry.updated_by = status, now, who
    db.flush()
    _record(db, entry, action, before, who, now)
    return entry


def publish(db: Session, entry_id: str, who: str, now: datetime) -> FaqEntry:
    return _set_status(db, entry_id, "published", "publish", who, now)


def archive(db: Session, entry_id: str, who: str, now: datetime) -> FaqEntry:
    return _set_status(db, entry_id, "archived", "archive", who, now)


def commit(db: Session) -> None:
    """Commit, then let this process's index follow (other processes follow by the version)."""
    db.commit()
    try:
        index_holder.current(db).sync(db)
    except Exception:  # noqa: BLE001 - the change is saved; the version check retries the sync
        log.exception("FAQ index sync after a commit failed; the next search retries it")
        db.rollback()
    db.commit()  # end the read transaction of the sync (SQLite holds a lock until then)


# ---- import and export -------------------------------------------------------------------------

def _reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        if err.get("type") == "extra_forbidden":
            parts.append(f"unknown field '{where}'")
        elif err.get("type") == "missing":
            parts.append(f"{where}: required")
        else:
            parts.append(f"{where}: {err.get('msg', 'invalid').removeprefix('Value error, ')}")
    return "; ".join(parts)


def parse_import(raw: bytes | str, fmt: str) -> list[EntryIn]:
    """Every record valid, or ImportInvalid listing each bad one (line number, id, reason)."""
    try:
        records = formats.read(raw, fmt)
    except formats.UnreadableFile as exc:
        raise Invalid(str(exc), "unreadable_file")
    problems: list[dict] = []
    entries: list[EntryIn] = []
    first_line: dict[str, int] = {}
    for line, data in records:
        entry_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
        if isinstance(data, str):
            problems.append({"line": line, "id": None, "reason": data})
            continue
        try:
            entry = EntryIn.model_validate(data)
        except ValidationError as exc:
            problems.append({"line": line, "id": entry_id, "reason": _reason(exc)})
            continue
        if entry.id in first_line:
            problems.append({"line": line, "id": entry.id,
                             "reason": f"id '{entry.id}' appears already on line {first_line[entry.id]}"})
            continue
        first_line[entry.id] = line
        entries.append(entry)
    if problems:
        raise ImportInvalid(problems)
    if not entries:
        raise Invalid("The file holds no FAQ entries.", "empty_import")
    return entries


def import_entries(db: Session, entries: list[EntryIn], who: str, now: datetime) -> dict:
    """Upsert by id, with history and one version bump; the caller commits (all or nothing)."""
    report = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {e.id: e for e in db.scalars(select(FaqEntry).where(FaqEntry.id.in_([e.id for e in entries])))}
    for data in entries:
        values = data.model_dump()
        entry = existing.get(data.id)
        if entry is None:
            entry = FaqEntry(**values, created_at=now, updated_at=now, updated_by=who)
            db.add(entry)
            db.flush()
            _record(db, entry, "import", None, who, now)
            report["created"] += 1
            continue
        before = snapshot(entry)
        if before == values:
            report["unchanged"] += 1
            continue
        for name, value in values.items():
            setattr(entry, name, value)
        entry.updated_at, entry.updated_by = now, who
        db.flush()
        _record(db, entry, "import", before, who, now)
        report["updated"] += 1
    return report


def export_entries(db: Session, fmt: str, status: str | None = None, lang: str | None = None) -> bytes:
    if fmt not in formats.FORMATS:
        raise Invalid(f"Unknown format '{fmt}'; use one of {', '.join(formats.FORMATS)}.", "unknown_format")
    _, rows = list_entries(db, lang=lang, status=status, limit=10**9)
    return formats.write((snapshot(r) for r in rows), fmt)


def import_seed_if_empty(db: Session, path, now: datetime) -> dict | None:
    """First start: load the seed FAQ when the table is empty. A bad seed file stops the start."""
    if db.scalar(select(func.count()).select_from(FaqEntry)):
        return None
    if path is None or not path.exists():
        return None
    entries = parse_import(path.read_bytes(), formats.format_for(path.name))
    try:
        report = import_entries(db, entries, "seed", now)
        db.commit()
    except IntegrityError:  # another replica, starting at the same moment, seeded it first (and committed)
        db.rollback()
        return None
    return report


# ---- public search -----------------------------------------------------------------------------

def _check_query(q: str | None, lang: str | None, k: int = 5) -> str:
    q = (q or "").strip()
    if not q:
        raise Invalid("The query q is empty; type a question.", "empty_query")
    if len(q) > QUERY_MAX:
        raise Invalid(f"The query has {len(q)} characters; at most {QUERY_MAX:,} are allowed.", "query_too_long")
    if lang not in LANGS:
        raise Invalid(f"Unknown language '{lang}'; use nl or fr.", "unknown_language")
    if not 1 <= k <= MAX_K:
        raise Invalid(f"k must be between 1 and {MAX_K}.", "bad_k")
    return q


def search_faq(db: Session, q: str, lang: str, k: int = 5, session_id: str | None = None,
               now: datetime | None = None, log: bool = True) -> dict:
    """The JSON of GET /faq/search. Logs the search (and commits that row) unless log=False;
    the chat domain calls this directly in degraded mode."""
    q = _check_query(q, lang, k)
    holder = index_holder.current(db)
    holder.ensure_fresh(db)
    result = holder.search(q, lang, k)
    search_id = uuid.uuid4().hex
    hits = [{"id": h.id, "lang": h.lang, "question": h.question, "answer": h.answer, "url": h.url,
             "score": round(h.score, 4), "other_language": h.other_language} for h in result.hits]
    if log:
        from api.clock import system_clock  # honours the pinned test clock when no time is given

        at = now or system_clock()
        db.add(FaqSearch(id=search_id, query=q, lang=lang, decision=result.decision,
                         top=[[h["id"], h["score"]] for h in hits], session_id=session_id, at=at))
        analytics.search(db, at, session_id, lang, result.decision, hits[0]["id"] if hits else None)
        db.commit()
    return {"decision": result.decision, "lang": lang, "search_id": search_id, "hits": hits}


def subjects(db: Session, q: str | None, lang: str | None) -> dict:
    """The JSON of GET /faq/subjects: the separate subjects of a message ([] when it holds one)."""
    q = _check_query(q, lang)
    holder = index_holder.current(db)
    holder.ensure_fresh(db)
    return {"lang": lang, "subjects": holder.subjects(q, lang)}


def record_feedback(db: Session, body: FeedbackIn, now: datetime) -> None:
    search = db.get(FaqSearch, body.search_id)
    if search is None:
        raise NotFound(f"There is no search '{body.search_id}' (or it is older than the retention period).",
                       "unknown_search")
    if db.get(FaqEntry, body.entry_id) is None:
        raise NotFound(f"There is no FAQ entry '{body.entry_id}'.", "unknown_entry")
    db.add(FaqFeedback(search_id=body.search_id, entry_id=body.entry_id, helpful=body.helpful, at=now))
    analytics.feedback(db, now, search.session_id, search.lang, body.entry_id, body.helpful)
    db.flush()


def report_unanswered(db: Session, body: UnansweredIn, now: datetime) -> None:
    db.add(FaqUnanswered(query=body.query, lang=body.lang, decision=body.decision,
                         session_id=body.session_id, at=now))
    db.flush()


def _normalise(query: str) -> str:
    return re.sub(r"\s+", " ", query.strip().lower())


def _key(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def unanswered(db: Session, lang: str | None = None, limit: int = 100,
               include_handled: bool = False) -> list[dict]:
    """What the FAQ failed on, grouped by (normalised) question, most conversations first: `count` is the
    conversations that asked it (a no-match search, the bot's report and a "did not help" of one conversation
    are one), `not_helpful_entries` the entries that visitors said did not help.

    A group an editor marked as handled is left out while its newest occurrence (last_at) is not
    later than the mark; one that failed again after the mark comes back with the mark's
    handled_at and entry_id (handled=false). include_handled=True lists the handled ones too
    (handled=true)."""
    groups: dict[tuple[str, str], dict] = {}

    def count(query: str, q_lang: str, at: datetime, kind: str, session: str | None, row: str,
              entry_id: str | None = None) -> None:
        if lang and q_lang != lang:
            return
        key = (_normalise(query), q_lang)
        item = groups.setdefault(key, {"query": query.strip(), "lang": q_lang, "count": 0, "no_match": 0,
                                       "reported": 0, "not_helpful": 0, "last_at": at, "sessions": set(),
                                       "not_helpful_entries": []})
        item[kind] += 1
        # one conversation that searched, was reported and voted counts once (a row without one counts alone)
        item["sessions"].add(session or row)
        item["count"] = len(item["sessions"])
        item["last_at"] = max(item["last_at"], at)
        if entry_id and entry_id not in item["not_helpful_entries"]:
            item["not_helpful_entries"].append(entry_id)

    for s in db.execute(select(FaqSearch.id, FaqSearch.query, FaqSearch.lang, FaqSearch.at, FaqSearch.session_id)
                        .where(FaqSearch.decision == "no_match")):
        count(s.query, s.lang, s.at, "no_match", s.session_id, f"s{s.id}")
    for u in db.execute(select(FaqUnanswered.id, FaqUnanswered.query, FaqUnanswered.lang, FaqUnanswered.at,
                               FaqUnanswered.session_id)):
        count(u.query, u.lang, u.at, "reported", u.session_id, f"u{u.id}")
    negative = (select(FaqFeedback.id, FaqFeedback.entry_id, FaqSearch.query, FaqSearch.lang, FaqFeedback.at,
                       FaqSearch.session_id)
                .join(FaqFeedback, FaqFeedback.search_id == FaqSearch.id).where(FaqFeedback.helpful.is_(False)))
    for f in db.execute(negative):
        count(f.query, f.lang, f.at, "not_helpful", f.session_id, f"f{f.id}", f.entry_id)

    marks = select(FaqUnansweredHandled)
    if lang:
        marks = marks.where(FaqUnansweredHandled.lang == lang)
    shown = []
    by_key = {(m.query, m.lang): m for m in db.scalars(marks)}
    for key, item in groups.items():
        mark = by_key.get(key)
        if mark is not None:
            item.update(handled=item["last_at"] <= mark.handled_at, handled_at=mark.handled_at,
                        handled_by=mark.handled_by, entry_id=mark.entry_id, note=mark.note)
            if item["handled"] and not include_handled:
                continue
        shown.append(item)
    items = sorted(shown, key=lambda i: (-i["count"], i["query"]))
    return items[:limit]


def _find_mark(db: Session, normalised: str, lang: str) -> FaqUnansweredHandled | None:
    return db.scalar(select(FaqUnansweredHandled).where(FaqUnansweredHandled.key == _key(normalised),
                                                        FaqUnansweredHandled.lang == lang))


def mark_handled(db: Session, body: HandledIn, who: str, now: datetime) -> FaqUnansweredHandled:
    """Mark (or mark again: the one mark is updated) an unanswered question as handled; the
    caller commits. The query is matched the way unanswered() groups it."""
    query = _normalise(_check_query(body.query, body.lang))
    if body.entry_id is not None and db.get(FaqEntry, body.entry_id) is None:
        raise NotFound(f"There is no FAQ entry '{body.entry_id}'.", "unknown_entry")
    values = {"handled_at": now, "handled_by": who, "entry_id": body.entry_id, "note": body.note}
    mark = _find_mark(db, query, body.lang)
    if mark is None:
        mark = FaqUnansweredHandled(key=_key(query), query=query, lang=body.lang, **values)
        db.add(mark)
        try:
            db.flush()
        except IntegrityError:  # marked by someone else a moment ago: update that mark
            db.rollback()
            mark = _find_mark(db, query, body.lang)
            if mark is None:  # ... and undone at once: let the editor try again
                raise Conflict("Someone else changed this mark at the same moment; try again.", "mark_conflict")
    for name, value in values.items():
        setattr(mark, name, value)
    db.flush()
    return mark


def unmark_handled(db: Session, query: str | None, lang: str | None) -> bool:
    """Undo a mark; the caller commits. False if there was none (not an error: undo is idempotent)."""
    normalised = _normalise(_check_query(query, lang))
    gone = db.execute(delete(FaqUnansweredHandled).where(FaqUnansweredHandled.key == _key(normalised),
                                                         FaqUnansweredHandled.lang == lang)).rowcount
    return bool(gone)


def purge_expired(db: Session, now: datetime) -> int:
    """Delete visitor text older than the retention period (the worker calls this); the caller
    commits. Feedback rows keep only ids and stay. Returns how many rows went."""
    cutoff = now - timedelta(days=get_settings().faq_search_retention_days)
    gone = db.execute(delete(FaqSearch).where(FaqSearch.at < cutoff)).rowcount
    gone += db.execute(delete(FaqUnanswered).where(FaqUnanswered.at < cutoff)).rowcount
    # A mark older than the retention period can only cover occurrences that are purged too.
    gone += db.execute(delete(FaqUnansweredHandled).where(FaqUnansweredHandled.handled_at < cutoff)).rowcount
    return gone


# ---- process lifecycle -------------------------------------------------------------------------

def start_up() -> None:
    """API start: seed an empty FAQ, then load (or build) this process's index."""
    from api.db import new_session, utcnow

    seed = get_settings().faq_seed
    with new_session() as db:
        try:
            import_seed_if_empty(db, seed, utcnow())
        except ImportInvalid as exc:
            for p in exc.problems:
                log.error("seed FAQ %s line %s (%s): %s", seed, p["line"], p["id"], p["reason"])
            raise
        index_holder.start(db)
        db.commit()


def shut_down() -> None:
    index_holder.stop()
