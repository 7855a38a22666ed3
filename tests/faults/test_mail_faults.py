"""The e-mail outbox against real faults, with a real `frontdoor worker` process and a real SMTP server (aiosmtpd):
SMTP down, then back; the worker killed (SIGKILL) in the middle of a batch. Every e-mail arrives; none twice,
except at most the one whose SMTP transaction the kill cut (it keeps its Message-ID, so a mail server can tell)."""
import asyncio
import email
import email.policy
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from api.db import new_session
from api.mail.models import OutboxEmail
from tests.api.tickets.helpers import create
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


class Sink:
    def __init__(self, delay: float = 0.0):
        self.delay, self.ids, self._lock = delay, [], threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.ids.append(msg["Message-ID"])
        return "250 OK"


@pytest.fixture
def unlimited(settings, monkeypatch):
    """More tickets from one address in a minute than the public limits allow."""
    from api.settings import get_settings
    from bench._common import no_limits

    for name, value in no_limits().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


def _worker(settings, tmp_path, port: int, name: str, **extra) -> subprocess.Popen:
    env = {**os.environ, "FRONTDOOR_SMTP_HOST": "127.0.0.1", "FRONTDOOR_SMTP_PORT": str(port),
           "FRONTDOOR_MAIL_RETRY_SECONDS": "1", **{k: str(v) for k, v in extra.items()}}
    log = open(tmp_path / f"{name}.log", "wb")
    return subprocess.Popen([sys.executable, "-m", "api.cli", "worker", "--interval", "0.2"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def _outbox_ids() -> set[str]:
    with new_session() as db:
        return {f"<{m}>" for m in db.scalars(select(OutboxEmail.message_id))}


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        proc.wait(30)


def test_smtp_down_then_back_every_mail_arrives_once(unlimited, client, settings, tmp_path):
    port = free_port()  # nothing listens there yet
    for n in range(8):
        create(client, email=f"persoon{n}@example.be")
    worker = _worker(settings, tmp_path, port, "worker")
    try:
        assert _wait(lambda: all(r >= 2 for r in _attempts()), 20)  # it tried, failed, and waits to try again
        sink = Sink()
        smtp = Controller(sink, hostname="127.0.0.1", port=port)
        smtp.start()  # the mail server is back
        try:
            assert _wait(lambda: set(sink.ids) >= _outbox_ids(), 30), "not every e-mail arrived"
            time.sleep(2)  # and nothing comes twice afterwards
            assert sorted(sink.ids) == sorted(_outbox_ids())
        finally:
            smtp.stop()
    finally:
        _stop(worker)
    with new_session() as db:
        assert set(db.scalars(select(OutboxEmail.status))) == {"sent"}


def _attempts() -> list[int]:
    with new_session() as db:
        return list(db.scalars(select(OutboxEmail.attempts)))


def test_a_worker_killed_mid_batch_loses_nothing_and_its_rows_go_to_the_next(unlimited, client, settings, tmp_path):
    sink = Sink(delay=0.25)  # a slow mail server: the kill lands inside a batch
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        for n in range(16):
            create(client, email=f"persoon{n}@example.be")
        first = _worker(settings, tmp_path, smtp.port, "first", FRONTDOOR_MAIL_LEASE_SECONDS=3)
        try:
            assert _wait(lambda: len(sink.ids) >= 4, 30)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
        finally:
            _stop(first)
        assert len(set(sink.ids)) < 16  # it died with claimed rows still unsent
        second = _worker(settings, tmp_path, smtp.port, "second", FRONTDOOR_MAIL_LEASE_SECONDS=3)
        try:
            assert _wait(lambda: set(sink.ids) >= _outbox_ids(), 40), "an e-mail was lost"
            time.sleep(1)
        finally:
            _stop(second)
    finally:
        smtp.stop()
    twice = len(sink.ids) - len(set(sink.ids))
    assert twice <= 1, f"{twice} e-mails were sent twice"
    print(f"\n16 e-mails, all delivered; sent twice: {twice} (the SMTP transaction the kill cut)")
    with new_session() as db:
        assert set(db.scalars(select(OutboxEmail.status))) == {"sent"}
