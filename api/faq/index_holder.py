"""The process's FAQ index: the one piece of global state the API allows.

Why it looks like this:
- Start-up loads the index saved under `settings.data_dir / "index"` and only embeds what differs
  from the published entries in the database (nothing, after a plain restart; everything, when
  the model changed or there is no saved index).
- After every commit that touched the FAQ, `sync` brings the index in line with the database by
  difference: only new or changed entries are embedded, gone ones are removed. No full rebuild.
- Several API replicas share one database. Before a search, at most once per `check_interval`
  seconds, the holder reads the FAQ version row (one primary-key read); when the database is
  ahead of what this process loaded, it syncs.
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.faq.models import FaqEntry, FaqVersion
from faq_index.embedders import Embedder, get_embedder
from faq_index.index import FaqIndex
from faq_index.types import Entry, SearchResult

log = logging.getLogger(__name__)


def to_index_entry(row: FaqEntry) -> Entry:
    return Entry(id=row.id, lang=row.lang, question=row.question, answer=row.answer, url=row.url,
                 alternatives=tuple(row.alternatives or ()), group=row.group)


def published_entries(db: Session) -> list[Entry]:
    rows = db.scalars(select(FaqEntry).where(FaqEntry.status == "published").order_by(FaqEntry.id))
    return [to_index_entry(r) for r in rows]


def db_version(db: Session) -> int:
    return db.scalar(select(FaqVersion.version).where(FaqVersion.id == 1)) or 0


class RememberingEmbedder:
    """The process's embedder, remembering the vectors of FAQ texts it embedded while building,
    so that an API started again in the same process (every test with a client does that) does
    not embed the same seed again (`frontdoor faq reindex` uses the plain embedder: it re-embeds). Visitor queries are never remembered: only
    calls inside `remembering()` (index builds and updates, on this thread) use the memory."""

    MAX_TEXTS = 20_000

    def __init__(self, inner: Embedder):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self._vectors: dict[tuple[str, str], np.ndarray] = {}
        self._lock = threading.Lock()
        self._on = threading.local()

    @contextmanager
    def remembering(self):
        self._on.active = True
        try:
            yield
        finally:
            self._on.active = False

    def _embed(self, side: str, embed, texts: list[str]) -> np.ndarray:
        if not getattr(self._on, "active", False) or not texts:
            return embed(texts)
        with self._lock:
            known = {t: self._vectors[(side, t)] for t in texts if (side, t) in self._vectors}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            known.update(zip(missing, embed(missing)))
            with self._lock:
                if len(self._vectors) + len(missing) > self.MAX_TEXTS:
                    self._vectors.clear()
                self._vectors.update(((side, t), known[t]) for t in missing)
        return np.stack([known[t] for t in texts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed("query", self.inner.embed_queries, texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed("passage", self.inner.embed_passages, texts)


_remembering: dict[str, RememberingEmbedder] = {}


def process_embedder(spec: str) -> RememberingEmbedder:
    """One remembering embedder per spec per process (the model itself is cached by faq_index)."""
    with _holder_lock:
        if spec not in _remembering:
            _remembering[spec] = RememberingEmbedder(get_embedder(spec))
        return _remembering[spec]


def _remembering_ctx(embedder):
    return embedder.remembering() if isinstance(embedder, RememberingEmbedder) else nullcontext()


class IndexHolder:
    def __init__(self, embedder: Embedder, directory: Path | None, check_interval: float = 1.0):
        self.embedder = embedder
        self.directory = directory
        self.check_interval = check_interval
        self.index = FaqIndex(embedder)
        self.version = -1  # the FAQ version the index reflects; -1 = not loaded yet
        self.full_builds = 0  # how many times everything was embedded (tests watch this)
        self._checked_at = float("-inf")
        self._lock = threading.RLock()  # one sync at a time; searches go through the index's own lock

    # ---- loading -------------------------------------------------------------------------

    def start(self, db: Session, progress: bool = False) -> None:
        """Load the saved index (or build one) and bring it in line with the database."""
        with self._lock:
            version = db_version(db)
            entries = published_entries(db)
            saved = FaqIndex.load(self.directory, self.embedder) if self.directory else None
            if saved is None:
                self.rebuild(entries, progress=progress)
            else:
                self.index = saved
                if self._apply_difference(entries):
                    self.save()
            self.version = version
            self._checked_at = time.monotonic()

    def rebuild(self, entries: list[Entry], progress: bool = False) -> None:
        """Embed everything again (model change, `frontdoor faq reindex`) and save."""
        with self._lock:
            index = FaqIndex(self.embedder)
            with _remembering_ctx(self.embedder):
                index.build(entries, progress=progress)
            self.index = index
            self.full_builds += 1
            self.save()

    def save(self) -> None:
        """Saving only spares the next start some embedding, so a failure (e.g. two replicas
        saving into one shared directory at once) is logged, never raised."""
        if self.directory is None:
            return
        try:
            self.index.save(self.directory)
        except OSError as exc:
            log.warning("could not save the FAQ index to %s: %s", self.directory, exc)

    # ---- keeping up with the database ------------------------------------------------------

    def sync(self, db: Session) -> bool:
        """Apply what changed in the published entries since the last sync; True if anything did."""
        with self._lock:
            version = db_version(db)
            changed = self._apply_difference(published_entries(db))
            self.version = version
            self._checked_at = time.monotonic()
            return changed

    def ensure_fresh(self, db: Session) -> None:
        """Cheap check before a search: reload when another process changed the FAQ."""
        now = time.monotonic()
        if now - self._checked_at < self.check_interval:
            return
        self._checked_at = now
        if db_version(db) != self.version:
            log.info("FAQ version changed in the database; syncing the index")
            self.sync(db)

    def _apply_difference(self, entries: list[Entry]) -> bool:
        current = self.index.entries
        wanted = {e.id: e for e in entries}
        gone = [i for i in current if i not in wanted]
        changed = [e for e in entries if current.get(e.id) != e]
        if gone:
            self.index.remove(gone)
        if changed:
            with _remembering_ctx(self.embedder):
                self.index.upsert(changed)
        return bool(gone or changed)

    # ---- reading -------------------------------------------------------------------------

    def search(self, query: str, lang: str, k: int) -> SearchResult:
        return self.index.search(query, lang, k)

    def subjects(self, text: str, lang: str) -> list[str]:
        return self.index.subjects(text, lang)

    def confusable(self, texts: list[str], lang: str, exclude: str | None = None):
        return self.index.confusable(texts, lang, exclude)


_holder: IndexHolder | None = None
_holder_lock = threading.Lock()


def start(db: Session, progress: bool = False) -> IndexHolder:
    """Create the process's holder from the settings and load it (API start-up, CLI)."""
    global _holder
    from api.settings import get_settings

    settings = get_settings()
    holder = IndexHolder(process_embedder(settings.embedder), settings.data_dir / "index")
    holder.start(db, progress=progress)
    with _holder_lock:
        _holder = holder
    return holder


def is_loaded() -> bool:
    """The process has its index (readiness)."""
    with _holder_lock:
        return _holder is not None


def current(db: Session) -> IndexHolder:
    """The process's holder, started on first use (e.g. a worker or CLI that never ran start)."""
    with _holder_lock:
        holder = _holder
    return holder if holder is not None else start(db)


def stop() -> None:
    """Save what the process has (so the next start embeds nothing) and forget it."""
    global _holder
    with _holder_lock:
        holder, _holder = _holder, None
    if holder is not None:
        holder.save()
