"""What the HTTP benchmarks share: free ports, percentiles, and a real API server started and stopped by PID."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def no_limits() -> dict[str, str]:
    """Settings that lift the rate limits and the per-address ticket cap: a benchmark or a test suite sends far more
    than one visitor from one address. The limits themselves are tested in tests/api/test_ratelimit.py."""
    from api.ratelimit import RULES

    return {"FRONTDOOR_RATE_LIMITS": json.dumps({name: [10**9, rule.window] for name, rule in RULES.items()}),
            "FRONTDOOR_TICKETS_PER_ADDRESS_PER_HOUR": str(10**9)}


def start_server(cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
    """Start `cmd` (an API server) in its own process group with FRONTDOOR_* overrides in `env`."""
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **no_limits(), **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def wait_ready(base: str, server: subprocess.Popen, timeout: float = 300) -> float:
    """Seconds until /healthz answers; exits when the server dies or never answers."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not start in time")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


PYTHON = sys.executable


def create_account(env: dict[str, str], role: str, email: str | None = None) -> str:
    """A new account in the database that `env` (FRONTDOOR_* settings) points at, through the CLI; its API token."""
    out = subprocess.run([sys.executable, "-m", "api.cli", "users", "create",
                          email or f"{role}-{uuid.uuid4().hex[:8]}@example.be", "--role", role,
                          "--password", uuid.uuid4().hex], cwd=ROOT, env={**os.environ, **env},
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().rsplit("API token: ", 1)[1]
