"""Two real API processes (uvicorn) on one database: an entry published through one is found by
the other once it notices the FAQ version moved (at most a second later)."""
import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.api.faq.conftest import SMALL_FAQ, entry
from tests.conftest import free_port

ROOT = SMALL_FAQ.parents[3]


def _serve(settings, name: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "FRONTDOOR_DATA_DIR": str(settings.data_dir / name)}  # own saved index
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"replica {name} stopped: {proc.stderr.read().decode()[-1500:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    pytest.fail(f"replica {name} did not start")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_a_publication_on_one_replica_reaches_the_other(sqlite_settings, make_user):
    a, base_a = _serve(sqlite_settings, "a")  # imports the seed; b then finds the table filled
    try:
        b, base_b = _serve(sqlite_settings, "b")
        try:
            editor = make_user("editor")
            query = {"q": "Waar kan ik mijn auto parkeren bij jullie gebouw?", "lang": "nl"}
            assert httpx.get(f"{base_b}/faq/search", params=query).json()["decision"] == "no_match"

            assert httpx.post(f"{base_a}/faq/entries", json=entry(), headers=editor).status_code == 201
            assert httpx.post(f"{base_a}/faq/entries/parking-nl/publish", headers=editor).status_code == 200
            assert httpx.get(f"{base_a}/faq/search", params=query).json()["hits"][0]["id"] == "parking-nl"

            time.sleep(1.1)  # b reads the version row at most once a second
            hits = httpx.get(f"{base_b}/faq/search", params=query).json()["hits"]
            assert hits and hits[0]["id"] == "parking-nl"

            httpx.post(f"{base_b}/faq/entries/parking-nl/archive", headers=editor)
            time.sleep(1.1)
            assert "parking-nl" not in [h["id"] for h in httpx.get(f"{base_a}/faq/search", params=query).json()["hits"]]
        finally:
            _stop(b)
    finally:
        _stop(a)
