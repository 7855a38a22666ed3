"""Chat benchmarks, in one run on the real stack (action server, Rasa, API on free ports, SQLite):

1. POST /chat round trip: 1 visitor; 20 concurrent simulated visitors who read and type between turns (think time
   uniform 1-5 s, starts spread over the first think time); and the same 20 sending back to back (no think
   time: the stack's capacity). NL and FR scripts; p50 / p99 per turn. With --baseline the same load also
   runs against stock `rasa run` (without bot/serve.py), side by side.
2. Our FAQ answering (GET /faq/search) against Rasa's own ResponseSelector (retrieval intents trained on the
   same seed FAQ), on data/eval/dev.jsonl: quality, answer latency, and the time from an FAQ edit to the bot
   answering with it (our incremental reindex against a retrain plus model reload).

    .venv/bin/python -m bench.chat [--visitors 20] [--rounds 2] [--think 1 5] [--baseline] [--skip-rs]
"""
import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import yaml

from api import runner
from bench._common import free_port, no_limits, percentile

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "faq" / "seed.jsonl"
DEV = ROOT / "data" / "eval" / "dev.jsonl"

SCRIPTS = {
    "nl": ["Goeiedag", "Ik ben de pincode van mijn identiteitskaart vergeten, wat nu?", "/affirm",
           "Hoe meld ik mij aan met itsme?", "/deny", "/deny", "bedankt"],
    "fr": ["Bonjour", "J'ai oublié le code PIN de ma carte d'identité, que faire ?", "/affirm",
           "Comment me connecter avec itsme ?", "/deny", "/deny", "merci"],
}


async def visitor(client: httpx.AsyncClient, url: str, lang: str, rounds: int, out: list[float],
                  think: tuple[float, float] | None = None, rng: random.Random | None = None) -> None:
    """One simulated visitor: replays the script; with think=(lo, hi) it first waits a random part of hi (its
    arrival) and then lo..hi seconds before each message, as a person reads the answer and types."""
    session = None  # the server issues the conversation's key with its first answer
    if think:
        await asyncio.sleep(rng.uniform(0, think[1]))
    for _ in range(rounds):
        for message in SCRIPTS[lang]:
            t0 = time.perf_counter()
            body = {"message": message, "lang": lang, **({"session_id": session} if session else {})}
            r = await client.post(f"{url}/chat", json=body)
            out.append((time.perf_counter() - t0) * 1000)
            r.raise_for_status()
            assert not r.json()["degraded"]
            session = r.json()["session_id"]
            if think:
                await asyncio.sleep(rng.uniform(*think))


async def chat_round_trip(url: str, visitors: int, rounds: int, think: tuple[float, float] | None = None) -> dict:
    latencies: list[float] = []
    rng = random.Random(42)
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=visitors + 5)) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(visitor(client, url, ("nl", "fr")[i % 2], rounds, latencies, think, rng)
                               for i in range(visitors)))
        wall = time.perf_counter() - t0
    return {"requests": len(latencies), "p50_ms": round(percentile(latencies, 50), 1), "p99_ms": round(percentile(latencies, 99), 1),
            "mean_ms": round(statistics.mean(latencies), 1), "throughput_rps": round(len(latencies) / wall, 1)}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def chat_load(stack: runner.Stack, args) -> dict:
    """The three /chat loads against one running stack, printed as they finish, with each process's CPU
    time per turn (where a turn's cost goes)."""
    think = tuple(args.think)
    loads = {"1 visitor": (1, None), f"{args.visitors} visitors, think {think[0]:g}-{think[1]:g} s": (args.visitors, think),
             f"{args.visitors} visitors, back to back": (args.visitors, None)}
    out = {}
    asyncio.run(chat_round_trip(stack.api_url, 1, 1))  # warm up (first model calls, connections)
    for name, (n, t) in loads.items():
        before = {proc: cpu_seconds(p.pid) for proc, p in stack.procs.items()}
        out[name] = asyncio.run(chat_round_trip(stack.api_url, n, args.rounds, t))
        out[name]["cpu_ms_per_turn"] = {proc: round(1000 * (cpu_seconds(p.pid) - before[proc]) / out[name]["requests"], 1)
                                        for proc, p in stack.procs.items()}
        print(f"  /chat, {name}:", json.dumps(out[name]), flush=True)
    return out


def start_stack(tmp: Path, args, stock_rasa: bool = False) -> tuple[runner.Stack, str]:
    db_url = f"sqlite:///{tmp / 'frontdoor.db'}"
    ports = runner.Ports(api=free_port(), rasa=free_port(), actions=free_port())
    stack = runner.start(ports, runner.ensure_model(), api_env={
        "FRONTDOOR_DATABASE_URL": db_url, "FRONTDOOR_DATA_DIR": str(tmp / "data"),
        "FRONTDOOR_EMBEDDED_WORKER": "false", **no_limits(),
        **({"FRONTDOOR_EMBEDDER": args.embedder} if args.embedder else {})},
        logs=tmp / "logs", wait=300, stock_rasa=stock_rasa)
    return stack, db_url


def load_seed() -> list[dict]:
    return [json.loads(line) for line in SEED.read_text().splitlines() if line.strip()]


def group_of(entries: list[dict]) -> dict[str, str]:
    return {e["id"]: e.get("group") or e["id"] for e in entries}


def score(predictions: list[tuple[dict, str | None]], groups: dict[str, str]) -> dict:
    """Top-1 by FAQ group (an NL/FR translation of the gold entry counts), and out-of-scope handling."""
    in_scope = [(q, p) for q, p in predictions if q["gold"]]
    oos = [(q, p) for q, p in predictions if not q["gold"]]
    hit = sum(1 for q, p in in_scope if p and groups.get(p) in {groups.get(g, g) for g in q["gold"]})
    return {"n": len(predictions), "top1_in_scope": round(hit / max(1, len(in_scope)), 3),
            "out_of_scope_refused": round(sum(1 for _, p in oos if p is None) / max(1, len(oos)), 3),
            "wrong_answers": sum(1 for q, p in predictions if p is not None and
                                 (not q["gold"] or groups.get(p) not in {groups.get(g, g) for g in q["gold"]}))}


def ours(url: str, queries: list[dict], groups: dict[str, str]) -> dict:
    preds, lat = [], []
    with httpx.Client(timeout=30) as c:
        for q in queries:
            t0 = time.perf_counter()
            r = c.get(f"{url}/faq/search", params={"q": q["query"], "lang": q["lang"], "k": 5}).json()
            lat.append((time.perf_counter() - t0) * 1000)
            preds.append((q, r["hits"][0]["id"] if r["hits"] else None, r["decision"]))
    result = score([(q, top) for q, top, _ in preds], groups)  # top-1 of the ranking, as the RS is scored
    answered = [(q, top if d == "answer" else None) for q, top, d in preds]  # what the bot states outright
    strict = score(answered, groups)
    result.update({"out_of_scope_refused": strict["out_of_scope_refused"], "wrong_answers": strict["wrong_answers"],
                   "answered_correctly_in_scope": strict["top1_in_scope"],
                   "decisions": {d: sum(1 for *_, x in preds if x == d) for d in ("answer", "clarify", "no_match")},
                   "p50_ms": round(percentile(lat, 50), 1), "p99_ms": round(percentile(lat, 99), 1)})
    return result


def rs_project(entries: list[dict], folder: Path, changed: dict | None = None) -> None:
    """A Rasa NLU project whose retrieval intent faq/<id> is trained on each entry's question and alternatives."""
    nlu, responses = [], {}
    for e in entries:
        examples = [e["question"], *e.get("alternatives", [])]
        nlu.append({"intent": f"faq/{e['id']}",
                    "examples": "".join(f"- {x.replace(chr(10), ' ')}\n" for x in dict.fromkeys(examples))})
        answer = (changed or {}).get(e["id"], e["answer"])
        responses[f"utter_faq/{e['id']}"] = [{"text": answer}]
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "data" / "nlu.yml").write_text(yaml.safe_dump({"version": "3.1", "nlu": nlu}, allow_unicode=True))
    (folder / "domain.yml").write_text(yaml.safe_dump({"version": "3.1", "intents": ["faq"], "responses": responses},
                                                      allow_unicode=True))
    (folder / "config.yml").write_text(yaml.safe_dump({
        "recipe": "default.v1", "language": "xx", "assistant_id": "rs-bench",
        "pipeline": [{"name": "WhitespaceTokenizer"}, {"name": "CountVectorsFeaturizer"},
                     {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
                     {"name": "ResponseSelector", "retrieval_intent": "faq", "epochs": 50, "random_seed": 42}],
        "policies": []}))


def rs_train(folder: Path, name: str) -> tuple[Path, float]:
    t0 = time.perf_counter()
    subprocess.run(runner.rasa("train", "nlu", "--config", "config.yml", "--domain", "domain.yml", "--nlu", "data",
                               "--out", "models", "--fixed-model-name", name),
                   cwd=folder, env=runner.rasa_env(RASA_CACHE_DIRECTORY=str(folder / "cache")),  # cold first train
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return folder / "models" / f"{name}.tar.gz", time.perf_counter() - t0


def rs_select(c: httpx.Client, url: str, text: str) -> tuple[str | None, float, str]:
    r = c.post(f"{url}/model/parse", json={"text": text}).json()
    sel = (r.get("response_selector") or {}).get("faq", {}).get("response", {})
    key = sel.get("intent_response_key") or ""
    answer = ((sel.get("responses") or [{}])[0]).get("text", "")
    return (key.split("/", 1)[1] if "/" in key else None), sel.get("confidence") or 0.0, answer


def rasa_rs(queries: list[dict], groups: dict[str, str], entries: list[dict], edit: dict, threshold: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rs_project(entries, folder)
        model, train_s = rs_train(folder, "rs")
        port = free_port()
        log = open(folder / "rasa.log", "wb")
        token = secrets.token_urlsafe(16)  # loopback only, and its HTTP API behind a token, like the product's
        proc = subprocess.Popen(runner.rasa("run", "--enable-api", "--auth-token", token, "--interface", "127.0.0.1",
                                            "--model", str(model), "--port", str(port)),
                                cwd=folder, env=runner.rasa_env(), stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 300
            while time.time() < deadline:
                try:
                    if httpx.get(f"{url}/status", params={"token": token}, timeout=2).json().get("model_file"):
                        break
                except (httpx.HTTPError, ValueError):
                    pass
                time.sleep(0.5)
            raw, lat = [], []
            with httpx.Client(timeout=60, params={"token": token}) as c:
                for q in queries:
                    t0 = time.perf_counter()
                    entry, conf, _ = rs_select(c, url, q["query"])
                    lat.append((time.perf_counter() - t0) * 1000)
                    raw.append((q, entry, conf))
                preds = [(q, entry if conf >= threshold else None) for q, entry, conf in raw]
                always = score([(q, entry) for q, entry, _ in raw], groups)
                result = {**score(preds, groups), "threshold": threshold,
                          "median_confidence": round(statistics.median(c for *_, c in raw), 3),
                          "p50_ms": round(percentile(lat, 50), 1),
                          "p99_ms": round(percentile(lat, 99), 1), "train_s": round(train_s, 1),
                          "top1_without_threshold": always["top1_in_scope"]}
                # an FAQ edit: retrain with the new answer, then load the model into the running server
                t0 = time.perf_counter()
                rs_project(entries, folder, changed={edit["id"]: edit["answer"]})
                new_model, _ = rs_train(folder, "rs-edited")
                c.put(f"{url}/model", json={"model_file": str(new_model)}, timeout=300).raise_for_status()
                _, _, answer = rs_select(c, url, edit["question"])
                result["edit_to_answer_s"] = round(time.perf_counter() - t0, 1)
                result["edit_visible"] = edit["answer"] in answer
        finally:
            proc.terminate()
            proc.wait(30)
    return result


def our_edit(url: str, db_url: str, edit: dict, lang: str) -> dict:
    """PATCH one entry's answer as an editor, then poll the public search until it answers with the new text."""
    code = ("import uuid; from api.auth import service; from api.db import new_session\n"
            "with new_session() as db:\n"
            "    u = service.create_user(db, f'bench-{uuid.uuid4().hex[:6]}@example.be', 'correct horse battery', 'editor')\n"
            "    print(service.issue_token(db, u, 'bench')); db.commit()\n")
    token = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True,
                           env={**os.environ, "FRONTDOOR_DATABASE_URL": db_url}).stdout.strip()
    with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {token}"}) as c:
        t0 = time.perf_counter()
        c.patch(f"{url}/faq/entries/{edit['id']}", json={"answer": edit["answer"]}).raise_for_status()
        while time.perf_counter() - t0 < 120:
            r = c.get(f"{url}/faq/search", params={"q": edit["question"], "lang": lang}).json()
            if r["hits"] and edit["answer"] in r["hits"][0]["answer"]:
                return {"edit_to_answer_s": round(time.perf_counter() - t0, 3), "edit_visible": True}
            time.sleep(0.05)
    return {"edit_to_answer_s": None, "edit_visible": False}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--visitors", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--think", type=float, nargs=2, default=(1.0, 5.0), metavar=("LO", "HI"),
                    help="seconds a simulated visitor reads and types before each message")
    ap.add_argument("--baseline", action="store_true", help="also run the /chat loads against stock `rasa run`")
    ap.add_argument("--rs-threshold", type=float, default=0.5)
    ap.add_argument("--skip-rs", action="store_true", help="leave out the ResponseSelector comparison")
    ap.add_argument("--embedder", default="", help="FRONTDOOR_EMBEDDER for the API (default: the settings default)")
    args = ap.parse_args()
    entries = load_seed()
    groups = group_of(entries)
    queries = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    target = next(e for e in entries if e["id"] == "pin-forgotten-nl")
    edit = {"id": target["id"], "question": target["question"],
            "answer": target["answer"] + f"\n\nBijgewerkt door de benchmark {uuid.uuid4().hex[:8]}."}
    results: dict = {}
    if args.baseline:
        with tempfile.TemporaryDirectory() as tmp:
            stack, _ = start_stack(Path(tmp), args, stock_rasa=True)
            try:
                print("stock `rasa run` (baseline):", flush=True)
                results["chat_stock_rasa"] = chat_load(stack, args)
            finally:
                stack.stop()
    with tempfile.TemporaryDirectory() as tmp:
        stack, db_url = start_stack(Path(tmp), args)
        try:
            print("ours (bot/serve.py):", flush=True)
            results["chat"] = chat_load(stack, args)
            results["ours"] = ours(stack.api_url, queries, groups)
            results["ours"].update(our_edit(stack.api_url, db_url, edit, "nl"))
            print("our FAQ search:", json.dumps(results["ours"]), flush=True)
        finally:
            stack.stop()
    if args.baseline:
        for name, ours_ in results["chat"].items():
            base = results["chat_stock_rasa"][name]
            print(f"  {name}: p50 {ours_['p50_ms']} vs {base['p50_ms']} ms (x{base['p50_ms'] / ours_['p50_ms']:.1f}), "
                  f"p99 {ours_['p99_ms']} vs {base['p99_ms']} ms, {ours_['throughput_rps']} vs "
                  f"{base['throughput_rps']} turns/s", flush=True)
    if not args.skip_rs:
        results["rasa_response_selector"] = rasa_rs(queries, groups, entries, edit, args.rs_threshold)
        print("Rasa ResponseSelector:", json.dumps(results["rasa_response_selector"]), flush=True)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
