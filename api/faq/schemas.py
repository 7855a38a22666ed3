"""In and out shapes of the FAQ domain. The validation rules of an entry live here, once,
and serve the editor API and every import format alike."""
import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.faq.models import LANGS

QUESTION_MAX = 300
ANSWER_MAX = 20_000
QUERY_MAX = 1_000
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
URL = re.compile(r"^https?://\S+$")


def _lang(v: str) -> str:
    if v not in LANGS:
        raise ValueError(f"language must be nl or fr, not '{v}'")
    return v


def _required_text(v: str, what: str, limit: int) -> str:
    v = v.strip()
    if not v:
        raise ValueError(f"the {what} must not be empty")
    if len(v) > limit:
        raise ValueError(f"the {what} has {len(v)} characters; at most {limit:,} are allowed")
    return v


def _question(v: str) -> str:
    return _required_text(v, "question", QUESTION_MAX)


def _answer(v: str) -> str:
    return _required_text(v, "answer", ANSWER_MAX)


def _slug(v: str | None, what: str) -> str | None:
    if v is None:
        return None
    v = v.strip()
    if not SLUG.fullmatch(v) or len(v) > 100:
        raise ValueError(f"the {what} must be a slug of at most 100 characters "
                         f"(lower-case letters, digits, '-' or '_'), not '{v}'")
    return v


def _url(v: str | None) -> str | None:
    if v is None or not v.strip():
        return None
    v = v.strip()
    if not URL.fullmatch(v) or len(v) > 500:
        raise ValueError(f"the url must start with http:// or https:// and have at most 500 characters, not '{v}'")
    return v


def _alternatives(v: list[str]) -> list[str]:
    out = []
    for i, alt in enumerate(v, 1):
        alt = alt.strip()
        if not alt:
            raise ValueError(f"alternative {i} is empty")
        if "|" in alt:
            raise ValueError(f"alternative {i} contains '|', which separates alternatives in CSV files")
        if len(alt) > QUESTION_MAX:
            raise ValueError(f"alternative {i} has {len(alt)} characters; at most {QUESTION_MAX} are allowed")
        out.append(alt)
    return out


def _tags(v: list[str]) -> list[str]:
    out = []
    for tag in v:
        tag = tag.strip()
        if not tag or len(tag) > 50 or "|" in tag:
            raise ValueError(f"a tag must have 1 to 50 characters and no '|', not '{tag}'")
        if tag not in out:
            out.append(tag)
    return out


def _not_null(check):
    def validate(v):
        if v is None:
            raise ValueError("may be left out but not set to null")
        return check(v)

    return validate


class EntryIn(BaseModel):
    """A new entry (editor API) or one line of an import file."""

    model_config = ConfigDict(extra="forbid")
    id: str
    lang: str
    question: str
    answer: str
    alternatives: list[str] = Field(default_factory=list)
    url: str | None = None
    tags: list[str] = Field(default_factory=list)
    group: str | None = None
    status: Literal["draft", "published", "archived"] = "draft"

    _v_id = field_validator("id")(lambda v: _slug(v, "id"))
    _v_group = field_validator("group")(lambda v: _slug(v or None, "group"))
    _v_lang = field_validator("lang")(_lang)
    _v_question = field_validator("question")(_question)
    _v_answer = field_validator("answer")(_answer)
    _v_alternatives = field_validator("alternatives")(_alternatives)
    _v_url = field_validator("url")(_url)
    _v_tags = field_validator("tags")(_tags)


class EntryPatch(BaseModel):
    """A partial update; status changes go through publish and archive."""

    model_config = ConfigDict(extra="forbid")
    lang: str | None = None
    question: str | None = None
    answer: str | None = None
    alternatives: list[str] | None = None
    url: str | None = None
    tags: list[str] | None = None
    group: str | None = None

    _v_group = field_validator("group")(lambda v: _slug(v or None, "group"))
    # An explicit null reaches these validators (an omitted field does not): only url and
    # group may be cleared.
    _v_lang = field_validator("lang")(_not_null(_lang))
    _v_question = field_validator("question")(_not_null(_question))
    _v_answer = field_validator("answer")(_not_null(_answer))
    _v_alternatives = field_validator("alternatives")(_not_null(_alternatives))
    _v_url = field_validator("url")(_url)
    _v_tags = field_validator("tags")(_not_null(_tags))


class HistoryOut(BaseModel):
    who: str
    at: datetime
    action: str
    before: dict | None
    after: dict | None


class EntryWarning(BaseModel):
    code: str  # same_question | answered_by | confused_with
    detail: str
    entry_id: str  # the other entry
    question: str = ""  # its question
    asked: str = ""  # the phrasing of this entry that leads a visitor to it
    score: float | None = None


class EntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    lang: str
    question: str
    answer: str
    alternatives: list[str]
    url: str | None
    tags: list[str]
    group: str | None
    status: str
    created_at: datetime
    updated_at: datetime
    updated_by: str


class EntryWithWarnings(EntryOut):
    warnings: list[EntryWarning] = Field(default_factory=list)


class EntryWithHistory(EntryOut):
    history: list[HistoryOut] = Field(default_factory=list)


class EntryRow(EntryOut):
    translation: str | None = None  # the other language's entry of the group (None: missing, or no group)


class EntryPage(BaseModel):
    total: int
    items: list[EntryRow]


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    search_id: str = Field(min_length=1, max_length=32)
    entry_id: str = Field(min_length=1, max_length=100)
    helpful: bool
    session_id: str | None = Field(default=None, max_length=100)  # accepted, not stored


class UnansweredIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str
    lang: str
    decision: Literal["answer", "clarify", "no_match"] = "no_match"
    session_id: str | None = Field(default=None, max_length=100)

    _v_lang = field_validator("lang")(_lang)

    @field_validator("query")
    @classmethod
    def _query(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("the query must not be empty")
        if len(v) > QUERY_MAX:
            raise ValueError(f"the query has {len(v)} characters; at most {QUERY_MAX:,} are allowed")
        return v


class UnansweredItem(BaseModel):
    query: str
    lang: str
    count: int  # conversations that asked it
    no_match: int  # searches that ended in no_match
    reported: int  # POST /faq/unanswered reports
    not_helpful: int  # negative feedback on an offered entry
    not_helpful_entries: list[str] = []  # the entries it was given
    last_at: datetime
    # An editor's mark on this question (POST /faq/unanswered/handled), if any. handled=false with
    # a handled_at means the question came back: it failed again after the mark.
    handled: bool = False
    handled_at: datetime | None = None
    handled_by: str | None = None
    entry_id: str | None = None
    note: str | None = None


NOTE_MAX = 1_000


class HandledIn(BaseModel):
    """Mark an unanswered question as handled. query and lang are checked like a search (stable
    codes empty_query, query_too_long, unknown_language) by the service."""

    model_config = ConfigDict(extra="forbid")
    query: str
    lang: str
    entry_id: str | None = Field(default=None, max_length=100)
    note: str | None = None

    @field_validator("entry_id", "note")
    @classmethod
    def _blank_is_none(cls, v: str | None) -> str | None:
        v = v.strip() if v is not None else None
        return v or None

    @field_validator("note")
    @classmethod
    def _note(cls, v: str | None) -> str | None:
        return None if v is None else _required_text(v, "note", NOTE_MAX)  # a blank note is already None


class ImportReport(BaseModel):
    created: int
    updated: int
    unchanged: int




class PhrasingsIn(BaseModel):
    """Visitors' phrasings to add to an entry as alternatives."""

    model_config = ConfigDict(extra="forbid")
    phrasings: list[str] = Field(min_length=1, max_length=50)

    _v = field_validator("phrasings")(_alternatives)
