"""HTTP for the FAQ: public search, feedback and unanswered reports; the editor API."""
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import ClockDep, DbSession, Editor
from api.errors import Invalid
from api.ratelimit import limited
from api.faq import formats, service, workbench
from api.faq.schemas import (QUERY_MAX, EntryIn, EntryOut, EntryPage, EntryPatch, EntryRow, EntryWithHistory,
                             EntryWithWarnings, FeedbackIn, HandledIn, HistoryOut, ImportReport, PhrasingsIn,
                             UnansweredIn, UnansweredItem)

router = APIRouter(prefix="/faq", tags=["faq"])

MAX_IMPORT_BYTES = 20 * 1024 * 1024
Format = Literal["jsonl", "yaml", "csv"]


# ---- public ------------------------------------------------------------------------------------

def _query_parameters(with_k: bool) -> dict:
    """The query parameters as they are checked (service._check_query, with its own stable codes), for the schema."""
    params = [
        {"name": "q", "in": "query", "required": True,
         # at least one character that is not white space for Python's strip() either
         "schema": {"type": "string", "minLength": 1, "maxLength": QUERY_MAX, "pattern": r"[^\s\x1c-\x1f\x85]"}},
        {"name": "lang", "in": "query", "required": True, "schema": {"type": "string", "enum": ["nl", "fr"]}},
    ]
    if with_k:
        params += [{"name": "k", "in": "query", "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": service.MAX_K, "default": 5}},
                   {"name": "session_id", "in": "query", "required": False,
                    "schema": {"type": "string", "maxLength": 100}}]
    return {"parameters": params}


@router.get("/search", dependencies=[Depends(limited("search"))], openapi_extra=_query_parameters(True))
def search(db: DbSession, clock: ClockDep, q: str | None = None, lang: str | None = None, k: int = 5,
           session_id: str | None = Query(default=None, max_length=100)) -> dict:
    return service.search_faq(db, q, lang, k, session_id=session_id, now=clock())


@router.get("/subjects", dependencies=[Depends(limited("search"))], openapi_extra=_query_parameters(False))
def subjects(db: DbSession, q: str | None = None, lang: str | None = None) -> dict:
    """The separate subjects of a visitor's message, decided by the index (the bot takes them one at a time)."""
    return service.subjects(db, q, lang)


@router.post("/feedback", status_code=204, dependencies=[Depends(limited("feedback"))])
def feedback(body: FeedbackIn, db: DbSession, clock: ClockDep) -> None:
    service.record_feedback(db, body, clock())
    db.commit()


@router.post("/unanswered", status_code=204, dependencies=[Depends(limited("feedback"))])
def report_unanswered(body: UnansweredIn, db: DbSession, clock: ClockDep) -> None:
    service.report_unanswered(db, body, clock())
    db.commit()


# ---- editors -----------------------------------------------------------------------------------

@router.get("/unanswered")
def list_unanswered(db: DbSession, _: Editor, lang: Literal["nl", "fr"] | None = None,
                    limit: int = Query(default=100, ge=1, le=1000),
                    include_handled: bool = False) -> list[UnansweredItem]:
    return service.unanswered(db, lang, limit, include_handled=include_handled)


@router.get("/unanswered/groups")
def unanswered_groups(db: DbSession, _: Editor, lang: Literal["nl", "fr"] | None = None,
                      limit: int = Query(default=50, ge=1, le=500)) -> list[dict]:
    """The unanswered questions grouped by meaning, most conversations first."""
    return workbench.unanswered_groups(db, lang, limit)


@router.get("/test")
def test_question(db: DbSession, _: Editor, q: str = Query(min_length=1, max_length=QUERY_MAX),
                  lang: Literal["nl", "fr"] = Query()) -> dict:
    """What the bot would do with a visitor's message: the NLU, the FAQ's decision and scores, the winning route."""
    return workbench.test_question(db, q, lang)


@router.get("/low-rated")
def low_rated(db: DbSession, _: Editor, lang: Literal["nl", "fr"] | None = None,
              min_votes: int = Query(default=1, ge=1, le=10_000),
              limit: int = Query(default=50, ge=1, le=500)) -> list[dict]:
    """Entries by their "did not help" rate, with the visitors' questions behind the negative votes."""
    return workbench.low_rated(db, lang, min_votes, limit)


@router.post("/unanswered/handled", status_code=204)
def mark_handled(body: HandledIn, db: DbSession, user: Editor, clock: ClockDep) -> None:
    service.mark_handled(db, body, user.email, clock())
    db.commit()


@router.delete("/unanswered/handled", status_code=204)
def unmark_handled(db: DbSession, _: Editor, query: str | None = None, lang: str | None = None) -> None:
    service.unmark_handled(db, query, lang)
    db.commit()


@router.get("/entries")
def list_entries(db: DbSession, _: Editor, lang: Literal["nl", "fr"] | None = None,
                 status: Literal["draft", "published", "archived"] | None = None, tag: str | None = None,
                 group: str | None = None, text: str | None = None,
                 limit: int = Query(default=50, ge=1, le=500), offset: int = Query(default=0, ge=0, le=1_000_000)) -> EntryPage:
    total, rows = service.list_entries(db, lang, status, tag, group, text, limit, offset)
    other = service.translations(db, rows)
    return EntryPage(total=total, items=[EntryRow(**EntryOut.model_validate(r).model_dump(), translation=other.get(r.id))
                                         for r in rows])


@router.post("/entries", status_code=201)
def create_entry(body: EntryIn, db: DbSession, user: Editor, clock: ClockDep) -> EntryWithWarnings:
    entry, warnings = service.create_entry(db, body, user.email, clock())
    service.commit(db)
    return EntryWithWarnings(**EntryOut.model_validate(entry).model_dump(), warnings=warnings)


@router.get("/entries/{entry_id}")
def get_entry(entry_id: str, db: DbSession, _: Editor) -> EntryWithHistory:
    entry = service.get_entry(db, entry_id)
    return EntryWithHistory(**EntryOut.model_validate(entry).model_dump(),
                            history=[HistoryOut.model_validate(h, from_attributes=True)
                                     for h in service.history(db, entry_id)])


@router.patch("/entries/{entry_id}")
def update_entry(entry_id: str, body: EntryPatch, db: DbSession, user: Editor, clock: ClockDep) -> EntryWithWarnings:
    entry, warnings = service.update_entry(db, entry_id, body, user.email, clock())
    service.commit(db)
    return EntryWithWarnings(**EntryOut.model_validate(entry).model_dump(), warnings=warnings)


@router.post("/entries/{entry_id}/phrasings")
def add_phrasings(entry_id: str, body: PhrasingsIn, db: DbSession, user: Editor, clock: ClockDep) -> EntryOut:
    """Visitors' phrasings (e.g. an unanswered group's) become alternatives of the entry, live at once."""
    entry = workbench.add_phrasings(db, entry_id, body.phrasings, user.email, clock())
    service.commit(db)
    return EntryOut.model_validate(entry)


@router.post("/entries/{entry_id}/publish")
def publish(entry_id: str, db: DbSession, user: Editor, clock: ClockDep) -> EntryOut:
    entry = service.publish(db, entry_id, user.email, clock())
    service.commit(db)
    return EntryOut.model_validate(entry)


@router.post("/entries/{entry_id}/archive")
def archive(entry_id: str, db: DbSession, user: Editor, clock: ClockDep) -> EntryOut:
    entry = service.archive(db, entry_id, user.email, clock())
    service.commit(db)
    return EntryOut.model_validate(entry)


@router.get("/entries/{entry_id}/history")
def entry_history(entry_id: str, db: DbSession, _: Editor) -> list[HistoryOut]:
    return [HistoryOut.model_validate(h, from_attributes=True) for h in service.history(db, entry_id)]


@router.post("/import")
async def import_file(request: Request, db: DbSession, user: Editor, clock: ClockDep,
                      format: Format = "jsonl") -> ImportReport:
    """The request body is the file itself (any content type). All records or none."""
    raw = await request.body()
    if len(raw) > MAX_IMPORT_BYTES:
        raise Invalid(f"The file is larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB.", "file_too_large")
    return await run_in_threadpool(_import, db, raw, format, user.email, clock())


def _import(db, raw: bytes, fmt: str, who: str, now) -> ImportReport | JSONResponse:
    try:
        entries = service.parse_import(raw, fmt)
    except service.ImportInvalid as exc:  # the report lists every bad record, not just the first
        return JSONResponse({"detail": exc.detail, "code": exc.code, "errors": exc.problems}, status_code=422)
    report = service.import_entries(db, entries, who, now)
    service.commit(db)
    return ImportReport(**report)


@router.get("/export")
def export(db: DbSession, _: Editor, format: Format = "jsonl",
           status: Literal["draft", "published", "archived"] | None = None,
           lang: Literal["nl", "fr"] | None = None) -> Response:
    body = service.export_entries(db, format, status=status, lang=lang)
    return Response(body, media_type=formats.MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="faq.{format}"'})
