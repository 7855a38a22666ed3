"""The shapes the index takes and gives. No web, no database."""
from dataclasses import dataclass, field
from typing import Literal

LANGS = ("nl", "fr")
Decision = Literal["answer", "clarify", "no_match"]


@dataclass(frozen=True)
class Entry:
    id: str
    lang: str
    question: str
    answer: str
    url: str | None = None
    alternatives: tuple[str, ...] = ()
    group: str | None = None  # links the NL and FR versions of one entry


@dataclass(frozen=True)
class Hit:
    id: str
    lang: str
    question: str
    answer: str
    url: str | None
    score: float
    other_language: bool = False  # True when no translation in the visitor's language exists


@dataclass
class SearchResult:
    decision: Decision
    lang: str
    hits: list[Hit] = field(default_factory=list)
