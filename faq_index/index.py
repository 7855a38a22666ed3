"""The FAQ index: one vector store per language, searched visitor's language first.

Each entry contributes a vector for its question, one per alternative phrasing and one per passage of
its answer (a long answer is matched by its best passage, not by one vector of the whole text). A faiss
id packs (entry number, slot) so that no per-vector table is needed: slots 0..P-1 are the answer's P
passages, then the question, then the alternatives. Every upsert gives the entry a new
number, so old and new vectors never share an id (the HNSW store can only tombstone).

Concurrency: many readers and one writer share one lock; embedding (the slow part) runs
outside it.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
from dataclasses import asdict
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

import faiss
import numpy as np

from faq_index import subjects as subjects_
from faq_index.config import Thresholds, thresholds_for
from faq_index.embedders import Embedder
from faq_index.lexical import Bm25Stats
from faq_index.types import LANGS, Entry, Hit, SearchResult

# One query at a time gains nothing from OpenMP, and when the cores are oversubscribed its thread
# team turned a 270-vector search into 34 ms (measured); single-threaded it takes microseconds.
faiss.omp_set_num_threads(1)

FORMAT_VERSION = 2
SLOT_BITS = 7
MAX_PASSAGES = 16
MAX_ALTERNATIVES = (1 << SLOT_BITS) - 1 - MAX_PASSAGES
# Words per answer passage: paragraphs and list items are merged up to this size, longer ones cut at sentences.
# Chosen on answers-only retrieval (docs/benchmarks.md, "Passages").
PASSAGE_WORDS = 60
HNSW_FROM = 20_000  # vectors per language; below this an exact flat scan is fast enough
HNSW_M = 32
HNSW_EF_SEARCH = 128
EXACT_UP_TO = 4_000  # below this many vectors, score every vector of the language (exact)
BATCH = 32

_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"[*_#>`]+")


def answer_text(markdown: str) -> str:
    """What we embed for an answer: its words, without link targets and Markdown marks."""
    return re.sub(r"\s+", " ", _MD_MARKS.sub(" ", _MD_LINK.sub(r"\1", markdown))).strip()


_BLOCKS = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")
_SENTENCES = re.compile(r"(?<=[.!?:;])\s+")


def passages(markdown: str, max_words: int = PASSAGE_WORDS) -> list[str]:
    """The texts an answer is matched by: the whole answer and, when it is longer than about max_words words, its
    passages (paragraphs and list items, neighbours merged, long ones cut between sentences). max_words 0: the
    whole answer only."""
    whole = answer_text(markdown) or markdown.strip()
    if max_words <= 0 or len(whole.split()) <= max_words:
        return [whole]
    pieces = []
    for block in _BLOCKS.split(markdown):
        block = answer_text(block)
        if len(block.split()) <= max_words:
            pieces.append(block)
        else:
            pieces.extend(_SENTENCES.split(block))
    out: list[str] = []
    for piece in (p for p in pieces if p):
        if out and len(out[-1].split()) + len(piece.split()) <= max_words:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    if len(out) > MAX_PASSAGES - 1:  # keep the limit: the tail becomes one passage
        out = out[:MAX_PASSAGES - 2] + [" ".join(out[MAX_PASSAGES - 2:])]
    return [whole, *out] if len(out) > 1 else [whole]


def lexical_text(entry: Entry) -> str:
    return " ".join([entry.question, *entry.alternatives, answer_text(entry.answer)])


def entry_digest(entry: Entry) -> str:
    data = json.dumps(asdict(entry), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def fingerprint_of(embedder_name: str, digests: Iterable[str], questions_as_queries: bool = True) -> str:
    """Model + content: equal fingerprints mean the stored vectors are still right."""
    h = hashlib.sha256(f"v{FORMAT_VERSION}|{embedder_name}|q={questions_as_queries}".encode())
    for d in sorted(digests):
        h.update(d.encode())
    return h.hexdigest()


def validate(entry: Entry) -> None:
    if entry.lang not in LANGS:
        raise ValueError(f"entry {entry.id!r}: lang must be one of {LANGS}")
    if not entry.id or not entry.question.strip() or not entry.answer.strip():
        raise ValueError(f"entry {entry.id!r}: id, question and answer must be non-empty")


class _Store:
    """The vectors of one language. Flat (exact, real removal) until large, then HNSW with
    tombstones that a compaction drops."""

    def __init__(self, dim: int):
        self.dim = dim
        self.index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self.hnsw = False
        self.deleted: set[int] = set()

    @property
    def live(self) -> int:
        return self.index.ntotal - len(self.deleted)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if not len(ids):
            return
        if not self.hnsw and self.index.ntotal + len(ids) >= HNSW_FROM:
            self._rebuild(to_hnsw=True, extra=(ids, vectors))
            return
        self.index.add_with_ids(vectors, ids.astype(np.int64))

    def remove(self, ids: Iterable[int]) -> None:
        ids = np.fromiter(ids, dtype=np.int64)
        if not len(ids):
            return
        if not self.hnsw:
            self.index.remove_ids(faiss.IDSelectorBatch(ids))
            return
        self.deleted.update(int(i) for i in ids)
        if len(self.deleted) > 0.2 * max(self.index.ntotal, 1):
            self._rebuild(to_hnsw=True)

    def _all(self) -> tuple[np.ndarray, np.ndarray]:
        n = self.index.ntotal
        ids = faiss.vector_to_array(self.index.id_map).astype(np.int64)
        vectors = self.index.index.reconstruct_n(0, n) if n else np.zeros((0, self.dim), np.float32)
        if self.deleted:
            keep = ~np.isin(ids, np.fromiter(self.deleted, dtype=np.int64))
            ids, vectors = ids[keep], vectors[keep]
        return ids, np.ascontiguousarray(vectors, dtype=np.float32)

    def _rebuild(self, to_hnsw: bool, extra: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        ids, vectors = self._all()
        if extra is not None:
            ids = np.concatenate([ids, extra[0].astype(np.int64)])
            vectors = np.concatenate([vectors, extra[1]])
        if to_hnsw:
            inner = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = 80
            inner.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            inner = faiss.IndexFlatIP(self.dim)
        index = faiss.IndexIDMap2(inner)
        if len(ids):
            index.add_with_ids(vectors, ids)
        self.index, self.hnsw, self.deleted = index, to_hnsw, set()

    def search(self, query: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        total = self.index.ntotal
        if total == 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        fetch = min(total, n + len(self.deleted))
        if self.hnsw:
            faiss.downcast_index(self.index.index).hnsw.efSearch = max(HNSW_EF_SEARCH, fetch)
        scores, ids = self.index.search(query[None, :], fetch)
        scores, ids = scores[0], ids[0]
        keep = ids >= 0
        if self.deleted:
            keep &= ~np.isin(ids, np.fromiter(self.deleted, dtype=np.int64))
        return scores[keep], ids[keep]


class FaqIndex:
    """Semantic FAQ search with decisions (answer / clarify / no_match) and incremental updates."""

    def __init__(self, embedder: Embedder, thresholds: Thresholds | None = None,
                 passage_words: int = PASSAGE_WORDS):
        self.embedder = embedder
        self.thresholds = thresholds or thresholds_for(embedder.name)
        self.passage_words = passage_words
        self._lock = threading.RLock()
        self._reset()

    def _reset(self) -> None:
        self._stores = {lang: _Store(self.embedder.dim) for lang in LANGS}
        self._lexical = {lang: Bm25Stats(lang) for lang in LANGS}
        self._entries: dict[str, Entry] = {}
        self._digests: dict[str, str] = {}
        self._num: dict[str, int] = {}  # entry id -> current entry number
        self._by_num: dict[int, str] = {}
        self._slots: dict[str, int] = {}  # entry id -> number of vectors
        self._passages: dict[int, int] = {}  # entry number -> number of answer passages (its first slots)
        self._groups: dict[tuple[str, str], str] = {}  # (group, lang) -> entry id
        self._next_num = 1
        self._fingerprint: str | None = None

    # ---- building and incremental changes -------------------------------------------------

    def _texts(self, entry: Entry) -> tuple[list[str], list[str]]:
        questions = [entry.question, *entry.alternatives[:MAX_ALTERNATIVES]]
        return passages(entry.answer, self.passage_words), [q for q in questions if q.strip()]

    def _embed(self, entries: list[Entry], progress: bool = False) -> list[tuple[np.ndarray, int]]:
        """One matrix per entry (its answer passages, then the question and its alternatives) and its number of
        passages."""
        answers, questions, counts, n_passages = [], [], [], []
        for e in entries:
            ps, qs = self._texts(e)
            answers.extend(ps)
            n_passages.append(len(ps))
            questions.extend(qs)
            counts.append(len(qs))
        embed_q = (self.embedder.embed_queries if self.thresholds.questions_as_queries
                   else self.embedder.embed_passages)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(answers) + len(questions), desc="embedding FAQ", unit="text")

        def run(fn, texts):
            out = []
            for i in range(0, len(texts), BATCH):
                out.append(fn(texts[i:i + BATCH]))
                if bar is not None:
                    bar.update(len(texts[i:i + BATCH]))
            return np.concatenate(out) if out else np.zeros((0, self.embedder.dim), np.float32)

        a_vecs, q_vecs = run(self.embedder.embed_passages, answers), run(embed_q, questions)
        if bar is not None:
            bar.close()
        result, pos, apos = [], 0, 0
        for c, p in zip(counts, n_passages):
            result.append((np.concatenate([a_vecs[apos:apos + p], q_vecs[pos:pos + c]]), p))
            pos, apos = pos + c, apos + p
        return result

    def build(self, entries: Iterable[Entry], progress: bool = False) -> None:
        """Full (re)build; embeds everything. Use upsert/remove for edits."""
        entries = self._dedupe(entries)
        vectors = self._embed(entries, progress=progress)
        with self._lock:
            self._reset()
            self._apply(entries, vectors)

    def upsert(self, entries: Iterable[Entry]) -> None:
        """Add or replace entries; only these are embedded."""
        entries = self._dedupe(entries)
        if not entries:
            return
        vectors = self._embed(entries)
        with self._lock:
            self._drop([e.id for e in entries if e.id in self._entries])
            self._apply(entries, vectors)

    def remove(self, ids: Iterable[str]) -> None:
        """Remove entries (unknown ids are ignored, so unpublishing twice is harmless)."""
        with self._lock:
            self._drop([i for i in ids if i in self._entries])

    @staticmethod
    def _dedupe(entries: Iterable[Entry]) -> list[Entry]:
        latest: dict[str, Entry] = {}
        for e in entries:
            validate(e)
            latest[e.id] = e
        return list(latest.values())

    def _apply(self, entries: list[Entry], vectors: list[tuple[np.ndarray, int]]) -> None:
        per_lang: dict[str, tuple[list, list]] = {lang: ([], []) for lang in LANGS}
        for e, (vecs, n_passages) in zip(entries, vectors):
            num = self._next_num
            self._next_num += 1
            ids, mats = per_lang[e.lang]
            ids.extend((num << SLOT_BITS) | s for s in range(len(vecs)))
            mats.append(vecs)
            self._remember(e, num, len(vecs), n_passages)
        for lang, (ids, mats) in per_lang.items():
            if ids:
                self._stores[lang].add(np.asarray(ids, np.int64), np.concatenate(mats))
        self._fingerprint = None

    def _remember(self, e: Entry, num: int, slots: int, n_passages: int) -> None:
        self._entries[e.id], self._digests[e.id] = e, entry_digest(e)
        self._num[e.id], self._by_num[num], self._slots[e.id] = num, e.id, slots
        self._passages[num] = n_passages
        if e.group:
            self._groups[(e.group, e.lang)] = e.id
        self._lexical[e.lang].add(e.id, lexical_text(e))

    def _drop(self, ids: list[str]) -> None:
        per_lang: dict[str, list[int]] = {lang: [] for lang in LANGS}
        for entry_id in ids:
            e = self._entries.pop(entry_id)
            num = self._num.pop(entry_id)
            del self._by_num[num], self._digests[entry_id], self._passages[num]
            per_lang[e.lang].extend((num << SLOT_BITS) | s for s in range(self._slots.pop(entry_id)))
            if e.group and self._groups.get((e.group, e.lang)) == entry_id:
                del self._groups[(e.group, e.lang)]
            self._lexical[e.lang].remove(entry_id)
        for lang, vids in per_lang.items():
            self._stores[lang].remove(vids)
        self._fingerprint = None

    # ---- reading --------------------------------------------------------------------------

    @property
    def entries(self) -> Mapping[str, Entry]:
        return MappingProxyType(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def fingerprint(self) -> str:
        with self._lock:
            if self._fingerprint is None:
                self._fingerprint = fingerprint_of(self.embedder.name, self._digests.values(),
                                                   self.thresholds.questions_as_queries)
            return self._fingerprint

    def _rank_lang(self, qvec: np.ndarray, query: str, lang: str, n: int) -> list[tuple[Entry, float]]:
        """Entries of one language by fused score, one per group, best first."""
        store = self._stores[lang]
        fetch = store.live if store.live <= EXACT_UP_TO else max(64, 10 * n)
        scores, ids = store.search(qvec, fetch)
        best_q: dict[int, float] = {}
        best_a: dict[int, float] = {}
        passages_of = self._passages
        for s, vid in zip(scores.tolist(), ids.tolist()):
            num, slot = vid >> SLOT_BITS, vid & ((1 << SLOT_BITS) - 1)
            target = best_a if slot < passages_of.get(num, 1) else best_q
            if s > target.get(num, -2.0):
                target[num] = s
        nums = [num for num in best_q.keys() | best_a.keys() if num in self._by_num]
        if not nums:
            return []
        th = self.thresholds
        semantic = []
        for num in nums:
            q, a = best_q.get(num), best_a.get(num)
            if q is None or a is None:  # approximate search: fetch the missing side exactly
                q, a = self._exact_scores(store, num, qvec, q, a)
            semantic.append((1 - th.answer_mix) * q + th.answer_mix * a)
        entry_ids = [self._by_num[num] for num in nums]
        if th.lexical_weight:
            bm25 = self._lexical[lang].scores(query, entry_ids)
            semantic = [s + th.lexical_weight * b / (b + th.lexical_saturation) for s, b in zip(semantic, bm25)]
        fused: dict[str, tuple[Entry, float]] = {}
        for entry_id, score in zip(entry_ids, semantic):
            entry = self._entries[entry_id]
            key = entry.group or entry.id
            if key not in fused or score > fused[key][1]:
                fused[key] = (entry, score)
        return sorted(fused.values(), key=lambda pair: -pair[1])[:n]

    def _exact_scores(self, store: _Store, num: int, qvec: np.ndarray, q: float | None,
                      a: float | None) -> tuple[float, float]:
        slots, first_q = self._slots[self._by_num[num]], self._passages[num]

        def best(slot_range) -> float:
            return max(float(store.index.reconstruct((num << SLOT_BITS) | s) @ qvec) for s in slot_range)

        return (best(range(first_q, slots)) if q is None else q), (best(range(first_q)) if a is None else a)

    def _hit(self, entry: Entry, score: float, lang: str) -> Hit:
        """The entry as the visitor should see it: its translation when one exists."""
        other = False
        if entry.lang != lang:
            translated = self._groups.get((entry.group, lang)) if entry.group else None
            if translated is not None:
                entry = self._entries[translated]
            else:
                other = True
        return Hit(id=entry.id, lang=entry.lang, question=entry.question, answer=entry.answer,
                   url=entry.url, score=round(float(score), 4), other_language=other)

    def rank(self, query: str, lang: str, k: int = 10) -> list[Hit]:
        """Ranked hits before any decision (for evaluation and diagnostics)."""
        return self._rank_vec(self._embed_query(query), query, lang, k)

    def _embed_query(self, query: str) -> np.ndarray:
        return self.embedder.embed_queries([query])[0]

    def _rank_vec(self, qvec: np.ndarray, query: str, lang: str, k: int) -> list[Hit]:
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}")
        other = LANGS[1 - LANGS.index(lang)]
        with self._lock:
            ranked = self._rank_lang(qvec, query, lang, k)
            below = max(self.thresholds.match_min, self.thresholds.fallback_below)
            if not ranked or ranked[0][1] < below:
                fallback = self._rank_lang(qvec, query, other, k)
                if fallback and (not ranked or fallback[0][1] > ranked[0][1]):
                    ranked = fallback
            hits, seen = [], set()
            for entry, score in ranked:
                hit = self._hit(entry, score, lang)
                if hit.id not in seen:
                    seen.add(hit.id)
                    hits.append(hit)
            return hits

    def search(self, query: str, lang: str, k: int = 5) -> SearchResult:
        """Ranked hits and what the bot should do with them.

        answer: hits[0] is the answer, followed by the runners-up that would be confident answers on their own
        (the next best after a "no"; never an unrelated entry);
        clarify: hits are the 2-3 candidates to offer; no_match: hits is empty (never guess).
        """
        hits = self._rank_vec(self._embed_query(query), query, lang, max(k, 3))
        decision, shown = decide(hits, self.thresholds)
        if decision == "answer":  # runners-up only when confident on their own: a "no" gets a real next best
            shown = [shown[0]] + [h for h in shown[1:k] if h.score >= self.thresholds.answer_min]
        return SearchResult(decision=decision, lang=lang, hits=shown)

    def subjects(self, text: str, lang: str) -> list[str]:
        """The separate subjects of a message ([] for one): clauses the index finds about different entries."""
        def rank(vector, piece):
            return [(h.id, h.score) for h in self._rank_vec(vector, piece, lang, subjects_.TOP)]
        return subjects_.split(text, self.embedder.embed_queries, rank, self.thresholds)

    def confusable(self, texts: list[str], lang: str, exclude: str | None = None) -> list[tuple[str, Hit, str]]:
        """Entries a visitor asking one of `texts` (an entry's question and alternatives) could get instead of
        the entry `exclude`: those scoring at least answer_min + warn_above, as ("answered_by", hit, text) when the
        search answers with it, else ("confused_with", hit, text). The editor's near-duplicate warning
        (bench/faq_warnings.py measures it against the confusions visitors of the dev queries meet)."""
        found: dict[str, tuple[str, Hit, str]] = {}
        floor = self.thresholds.answer_min + self.thresholds.warn_above
        for text in texts:
            result = self.search(text, lang, 5)
            for rank, hit in enumerate(result.hits):
                if hit.id == exclude or hit.id in found or hit.score < floor:
                    continue
                code = "answered_by" if rank == 0 and result.decision == "answer" else "confused_with"
                found[hit.id] = (code, hit, text)
        return list(found.values())

    def similar_questions(self, text: str, lang: str, k: int = 3, min_score: float | None = None,
                          exclude: str | None = None) -> list[tuple[str, float]]:
        """Entries of `lang` whose question or an alternative is close to `text`
        (the editor's near-duplicate warning). Returns (entry id, score), best first."""
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}")
        floor = self.thresholds.duplicate_min if min_score is None else min_score
        embed = (self.embedder.embed_queries if self.thresholds.questions_as_queries
                 else self.embedder.embed_passages)
        qvec = embed([text])[0]
        with self._lock:
            store = self._stores[lang]
            scores, ids = store.search(qvec, store.live if store.live <= EXACT_UP_TO else 64)
            best: dict[str, float] = {}
            for s, vid in zip(scores.tolist(), ids.tolist()):
                if vid & ((1 << SLOT_BITS) - 1) < self._passages.get(vid >> SLOT_BITS, 1):
                    continue  # answers are not questions
                entry_id = self._by_num.get(vid >> SLOT_BITS)
                if entry_id is None or entry_id == exclude or s < floor:
                    continue
                best[entry_id] = max(best.get(entry_id, -2.0), s)
        return sorted(((i, round(s, 4)) for i, s in best.items()), key=lambda p: -p[1])[:k]

    # ---- persistence ----------------------------------------------------------------------

    def save(self, directory: str | os.PathLike) -> None:
        """Write the index atomically (a half-written index is never loaded)."""
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
        with self._lock:
            for lang, store in self._stores.items():
                faiss.write_index(store.index, str(tmp / f"{lang}.faiss"))
            meta = {
                "format": FORMAT_VERSION,
                "embedder": self.embedder.name,
                "dim": self.embedder.dim,
                "questions_as_queries": self.thresholds.questions_as_queries,
                "fingerprint": self.fingerprint,
                "next_num": self._next_num,
                "passage_words": self.passage_words,
                "entries": [
                    {**asdict(e), "num": self._num[e.id], "slots": self._slots[e.id],
                     "passages": self._passages[self._num[e.id]]}
                    for e in self._entries.values()
                ],
                "stores": {lang: {"hnsw": s.hnsw, "deleted": sorted(s.deleted)}
                           for lang, s in self._stores.items()},
            }
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False))
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: str | os.PathLike, embedder: Embedder,
             entries: Iterable[Entry] | None = None,
             thresholds: Thresholds | None = None) -> "FaqIndex | None":
        """The saved index, or None when it is missing, unreadable, made with another model, or
        (when `entries` is given) no longer matches those entries. Never embeds anything, so a
        restart with unchanged content costs only the file read."""
        directory = Path(directory)
        try:
            meta = json.loads((directory / "meta.json").read_text())
        except (OSError, ValueError):
            return None
        index = cls(embedder, thresholds)
        if (meta.get("format") != FORMAT_VERSION or meta.get("embedder") != embedder.name
                or meta.get("dim") != embedder.dim
                or meta.get("questions_as_queries") != index.thresholds.questions_as_queries
                or meta.get("passage_words") != index.passage_words):
            return None
        if entries is not None:
            expected = fingerprint_of(embedder.name, (entry_digest(e) for e in entries),
                                      index.thresholds.questions_as_queries)
            if expected != meta["fingerprint"]:
                return None
        try:
            for lang in LANGS:
                store = index._stores[lang]
                store.index = faiss.read_index(str(directory / f"{lang}.faiss"))
                store.hnsw = bool(meta["stores"][lang]["hnsw"])
                store.deleted = set(meta["stores"][lang]["deleted"])
        except (OSError, RuntimeError, KeyError):
            return None
        for raw in meta["entries"]:
            num, slots, n_passages = raw.pop("num"), raw.pop("slots"), raw.pop("passages")
            raw["alternatives"] = tuple(raw.get("alternatives") or ())
            index._remember(Entry(**raw), num, slots, n_passages)
        index._next_num = int(meta["next_num"])
        if index.fingerprint != meta["fingerprint"]:
            return None
        return index


def decide(hits: list[Hit], th: Thresholds) -> tuple[str, list[Hit]]:
    """answer / clarify / no_match from ranked, group-deduplicated hits."""
    if not hits or hits[0].score < th.match_min:
        return "no_match", []
    top = hits[0].score
    second = hits[1].score if len(hits) > 1 else -1.0
    if top >= th.answer_min and top - second >= th.margin:
        return "answer", hits
    close = [h for h in hits[:3] if h.score >= th.match_min and top - h.score <= th.clarify_window]
    if len(close) < 2:
        if top >= th.answer_min:
            return "answer", hits
        close = hits[:2]  # one plausible candidate: let the visitor confirm or pick the runner-up
    return "clarify", close

