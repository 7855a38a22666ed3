"""Load on the whole product, the single stack and the cluster side by side in one run (one after the other on the
same 2 cores):

1. Many visitors who think: N concurrent simulated visitors for D seconds, each reading and typing 1-5 s between
   requests, mixing an FAQ conversation through /chat (most), a ticket through the web form (POST /tickets with an
   Idempotency-Key) and a status check through /chat. Throughput, p50 / p99 per route, errors, and the memory
   (RSS) of all the stack's processes at the start and the end.
2. 20 visitors back to back on /chat (no think time): the capacity, as in bench/chat.py.

    .venv/bin/python -m bench.load [--visitors 200] [--seconds 60] [--target single|cluster|both]

The cluster needs PostgreSQL and Redis (FRONTDOOR_TEST_PG, default postgres@127.0.0.1:5432; Redis db 12) and
nginx (`make nginx`). Rate limits are lifted: every simulated visitor comes from one address.
"""
import argparse
import asyncio
import json
import random
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

import httpx
from api import cluster, runner
from bench._common import free_port, no_limits, percentile

FAQ = {"nl": ["Ik ben de pincode van mijn identiteitskaart vergeten, wat nu?", "Hoe meld ik mij aan met itsme?",
              "Hoe reset ik mijn wachtwoord?", "Wat zijn de openingsuren van de helpdesk?"],
       "fr": ["J'ai oublié le code PIN de ma carte d'identité, que faire ?", "Comment me connecter avec itsme ?",
              "Comment réinitialiser mon mot de passe ?", "Quelles sont les heures d'ouverture du helpdesk ?"]}
STATUS = {"nl": "Wat is de status van mijn ticket {}?", "fr": "Quel est le statut de mon ticket {} ?"}


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (nginx's and sanic's workers), in MB."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def memory(stack: runner.Stack) -> float:
    return round(sum(rss_mb(p.pid) for p in stack.procs.values()), 0)


class Recorder:
    def __init__(self):
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    async def call(self, route: str, request) -> httpx.Response | None:
        t0 = time.perf_counter()
        try:
            r = await request
        except httpx.HTTPError:
            self.errors[route] += 1
            return None
        self.times[route].append((time.perf_counter() - t0) * 1000)
        if r.status_code >= 400 or (route.startswith("/chat") and r.json().get("degraded")):
            self.errors[route] += 1
        return r

    def report(self, wall: float) -> dict:
        routes = {route: {"requests": len(t), "p50_ms": round(percentile(t, 50), 1),
                          "p99_ms": round(percentile(t, 99), 1), "errors": self.errors[route]}
                  for route, t in sorted(self.times.items())}
        n = sum(len(t) for t in self.times.values())
        return {"requests": n, "throughput_rps": round(n / wall, 1), "errors": sum(self.errors.values()),
                "routes": routes}


async def visitor(c: httpx.AsyncClient, url: str, n: int, until: float, rec: Recorder, rng: random.Random,
                  think: tuple[float, float] | None) -> None:
    lang = ("nl", "fr")[n % 2]
    numbers: list[str] = []

    async def pause():
        if think:
            await asyncio.sleep(rng.uniform(*think))

    if think:
        await asyncio.sleep(rng.uniform(0, think[1]))  # arrivals spread over the first think time
    while time.monotonic() < until:
        kind = rng.random() if think else 0.0
        if kind < 0.75:  # an FAQ conversation: a question, then "yes, that helped"
            session = None
            for message in (rng.choice(FAQ[lang]), "/affirm"):
                body = {"message": message, "lang": lang, **({"session_id": session} if session else {})}
                r = await rec.call("/chat (FAQ)", c.post(f"{url}/chat", json=body))
                session = r.json().get("session_id") if r is not None and r.status_code == 200 else None
                await pause()
        elif kind < 0.90 or not numbers:  # a ticket through the web form
            ticket = {"type": "question", "subject": f"Vraag {uuid.uuid4().hex[:6]}", "language": lang,
                      "description": "Mijn kaartlezer wordt niet herkend.", "email": f"load{n}@example.be",
                      "name": "Load Test", "channel": "web"}
            r = await rec.call("POST /tickets", c.post(f"{url}/tickets", json=ticket,
                                                       headers={"Idempotency-Key": uuid.uuid4().hex}))
            if r is not None and r.status_code == 201:
                numbers.append(r.json()["number"])
            await pause()
        else:  # a status check through the bot
            await rec.call("/chat (status)", c.post(f"{url}/chat", json={
                "message": STATUS[lang].format(rng.choice(numbers)), "lang": lang}))
            await pause()


async def load(url: str, visitors: int, seconds: float, think: tuple[float, float] | None) -> dict:
    rec, rng = Recorder(), random.Random(7)
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=visitors + 10)) as c:
        t0 = time.perf_counter()
        until = time.monotonic() + seconds
        await asyncio.gather(*(visitor(c, url, n, until, rec, rng, think) for n in range(visitors)))
        return rec.report(time.perf_counter() - t0)


def start_single(tmp: Path) -> runner.Stack:
    ports = runner.Ports(api=free_port(), rasa=free_port(), actions=free_port())
    return runner.start(ports, runner.ensure_model(), api_env={
        "FRONTDOOR_DATABASE_URL": f"sqlite:///{tmp / 'frontdoor.db'}", "FRONTDOOR_DATA_DIR": str(tmp / "data"),
        **no_limits()}, logs=tmp / "logs", wait=300)


def start_cluster(tmp: Path, database_url: str) -> runner.Stack:
    ports = cluster.ClusterPorts(public=free_port(), rasa=free_port(), actions=free_port(),
                                 apis=(free_port(), free_port()), rasas=(free_port(), free_port()),
                                 action_servers=(free_port(), free_port()))
    return cluster.start_cluster(ports, runner.ensure_model(), database_url, "redis://127.0.0.1:6379/12",
                                 no_limits(), tmp)


def run(target: str, stack: runner.Stack, args) -> dict:
    url = stack.api_url
    asyncio.run(load(url, 2, 5, None))  # warm-up: first model calls, connections
    out = {"memory_mb_start": memory(stack)}
    out["thinking"] = asyncio.run(load(url, args.visitors, args.seconds, (1.0, 5.0)))
    out["memory_mb_after_thinking"] = memory(stack)
    out["back_to_back_20"] = asyncio.run(load(url, 20, args.back_to_back_seconds, None))
    out["memory_mb_end"] = memory(stack)
    print(f"{target}:", json.dumps(out), flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--visitors", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--back-to-back-seconds", type=float, default=30)
    ap.add_argument("--target", choices=("single", "cluster", "both"), default="both")
    ap.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()
    results = {}
    for target in (("single", "cluster") if args.target == "both" else (args.target,)):
        with tempfile.TemporaryDirectory() as tmp:
            database_url = args.pg.rsplit("/", 1)[0] + f"/frontdoor_load_{uuid.uuid4().hex[:8]}"
            stack = start_single(Path(tmp)) if target == "single" else start_cluster(Path(tmp), database_url)
            try:
                results[target] = run(target, stack, args)
            finally:
                stack.stop()
                if target == "cluster":
                    cluster.drop_databases(database_url)
    if len(results) == 2:
        single, many = (results[t]["back_to_back_20"]["throughput_rps"] for t in ("single", "cluster"))
        print(f"back-to-back throughput, cluster / single: {many / single:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
