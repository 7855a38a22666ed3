"""`frontdoor inbound`, the process `frontdoor run` starts when inbound mail is on: a real child process that
receives over LMTP and stores the message; with the mode off it refuses to start."""
import os
import smtplib
import socket
import subprocess
import sys
import time

from sqlalchemy import select

from api.db import new_session
from api.inbound.models import InboundMessage
from api.settings import ROOT
from tests.api.inbound.mails import mail
from tests.conftest import free_port


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, **{f"FRONTDOOR_{k}": v for k, v in extra.items()}}


def _wait_for_port(port: int, proc: subprocess.Popen, wait: float = 30.0) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        assert proc.poll() is None, "frontdoor inbound exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("frontdoor inbound did not listen")


def test_the_inbound_command_receives_over_lmtp(settings):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "inbound"], cwd=ROOT,
                            env=_env(INBOUND_MODE="lmtp", INBOUND_PORT=str(port)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, proc)
        with smtplib.LMTP("127.0.0.1", port, timeout=10) as lmtp:
            lmtp.sendmail("x@bounce.example", ["servicedesk@example.be"],
                         mail("luc@example.be", "Printer", "Mijn printer drukt niets meer af sinds gisteren."))
        with new_session() as db:
            assert [(m.sender, m.status) for m in db.scalars(select(InboundMessage))] == [("luc@example.be", "created")]
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_inbound_command_refuses_to_start_when_the_mode_is_off(settings):
    done = subprocess.run([sys.executable, "-m", "api.cli", "inbound"], cwd=ROOT, env=_env(INBOUND_MODE="off"),
                          capture_output=True, timeout=60)
    assert done.returncode != 0 and b"FRONTDOOR_INBOUND_MODE" in done.stderr
