"""How many subjects does a message hold? The index decides, not a list of joining words.

A message is cut into clauses where any writer may start a new one (sentence marks, commas, line breaks,
numbered items, a coordinating conjunction). A clause states a subject when the FAQ index finds an entry for it on
its own (its best score reaches answer_min + subject_anchor) or, where calibrated, when it is long; the other
clauses ("en dat lukt nooit", "merci d'avance") belong to the subject before them. A subject clause joins the
subject before it when the entries the index matches for the two overlap (rank-weighted, subject_overlap); else it
starts a new subject. A message left with two or more subjects is taken one at a time.

So "mijn kaartlezer wordt niet herkend, ik heb de drivers opnieuw geinstalleerd" stays one subject, while
"mijn kaartlezer wordt niet herkend. Daarnaast krijg ik geen meldingen van mijn eBox" becomes two, whatever word
joins them. Thresholds: subject_* in faq_index/config.py, calibrated with bench/subjects.py.
"""
from __future__ import annotations

import re

from faq_index.config import Thresholds

# Where a new clause may start: after a sentence mark, a comma or a line break, at a numbered item, before a
# coordinating conjunction. Grammar only: whether a cut separates two subjects is the index's decision.
_CUT = re.compile(
    r"(?:(?<=[.!?;])\s+|\s*[\n\r]+\s*|\s*,\s*|\s+(?=\d[).]\s)|\s+(?=(?:en|maar|et|mais)\s))",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:(?:en|maar|et|mais)\s+|\d[).]\s*|[-*•]\s*)+", re.IGNORECASE)
_STRIP = " \t\r\n.,;:!?"
MIN_WORDS = 3  # a shorter clause ("en verder", "merci") belongs to its neighbour
MAX_CLAUSES = 12  # a longer message is cut no further: its tail stays with the last clause
TOP = 5  # entries in a clause's profile
MAX_WORDS = 150  # a longer message is a description, not a list of questions: one subject


def clauses(text: str) -> list[tuple[int, int]]:
    """The text cut at every place where a clause may start (lead-in before a short colon phrase dropped);
    each clause a slice of the text, so that neighbours joined again read as the visitor wrote them."""
    head, colon, tail = text.partition(":")
    start = len(head) + 1 if colon and len(head.split()) <= 6 and tail.strip() else 0  # "twee vragen: A, B"
    spans, at = [], start
    for cut in _CUT.finditer(text, start):
        spans.append((at, cut.start()))
        at = cut.end()
    spans.append((at, len(text)))
    spans = [(a, b) for a, b in spans if text[a:b].strip(_STRIP)]
    if len(spans) > MAX_CLAUSES:
        spans = spans[:MAX_CLAUSES - 1] + [(spans[MAX_CLAUSES - 1][0], spans[-1][1])]
    return spans


def _clean(piece: str) -> str:
    return _LEADING.sub("", piece.strip(_STRIP)).strip(_STRIP)


def _words(piece: str) -> int:
    return len(_clean(piece).split())


def profile_overlap(a: list[tuple[str, float]], b: list[tuple[str, float]]) -> float:
    """Rank-weighted overlap of two top-entry lists, 0 (nothing shared) .. 1 (the same entries, same order)."""
    def weights(hits):
        w = {entry: 1.0 / (rank + 1) for rank, (entry, _) in enumerate(hits[:TOP])}
        total = sum(w.values()) or 1.0
        return {k: v / total for k, v in w.items()}
    wa, wb = weights(a), weights(b)
    return sum(min(wa[k], wb[k]) for k in wa.keys() & wb.keys())


def split(text: str, embed, rank, th: Thresholds) -> list[str]:
    """The subjects of a message, in order: [] when it holds one subject.

    embed(texts) -> unit vectors (one row per text); rank(vector, text) -> [(entry id, score)] best first;
    th: the index's thresholds (answer_min and the subject_* values).
    """
    if len(text.split()) > MAX_WORDS:
        return []
    spans = clauses(text)
    if len(spans) < 2:
        return []
    pieces = [text[a:b] for a, b in spans]
    vectors = list(embed(pieces))
    # what the index retrieves for a clause: the entries it would match at all
    profiles = [[hit for hit in rank(v, p) if hit[1] >= th.match_min] for v, p in zip(vectors, pieces)]
    # a clause that states a subject: enough words, and the index finds an entry for it on its own; the
    # other clauses ("en dat lukt nooit", "merci d'avance") belong to the subject before them
    anchors = [_words(p) >= MIN_WORDS and ((bool(r) and r[0][1] >= th.answer_min + th.subject_anchor)
                                           or 0 < th.subject_words <= _words(p))
               for p, r in zip(pieces, profiles)]

    def same(i: int, j: int) -> bool:
        return profile_overlap(profiles[i], profiles[j]) >= th.subject_overlap

    groups: list[tuple[int, int, list[int]]] = []  # (start, end, anchor clauses) per subject
    for i, (a, b) in enumerate(spans):
        if groups and (not anchors[i] or not groups[-1][2] or any(same(i, j) for j in groups[-1][2])):
            start, _, members = groups[-1]
            groups[-1] = (start, b, members + [i] if anchors[i] else members)
        else:
            groups.append((a, b, [i] if anchors[i] else []))
    subjects = [_clean(text[a:b]) for a, b, members in groups if members]
    return subjects if len(subjects) >= 2 else []
