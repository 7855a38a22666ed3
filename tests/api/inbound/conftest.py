"""A real LMTP/SMTP receiver (the production handler, aiosmtpd) on a free loopback port; stopped also on failure."""
import os
import tempfile
from pathlib import Path

import pytest

from api.inbound.smtp import InboundController
from api.settings import get_settings
from tests.conftest import free_port


@pytest.fixture(autouse=True)
def forget_the_index():
    """The multi-subject flag starts the process's FAQ index holder; each test gets its own."""
    yield
    from api.faq import index_holder

    index_holder.stop()


@pytest.fixture
def receiver(settings, monkeypatch):
    """receiver(mode) -> (host, port) of a running receiver in that mode ("lmtp" or "smtp")."""
    started = []

    def start(mode: str) -> tuple[str, int]:
        monkeypatch.setenv("FRONTDOOR_INBOUND_MODE", mode)
        get_settings.cache_clear()
        controller = InboundController(get_settings(), port=free_port())
        controller.start()
        started.append(controller)
        return controller.hostname, controller.port

    try:
        yield start
    finally:
        for controller in started:
            controller.stop()


@pytest.fixture
def agent(client, make_user):
    return make_user("agent")


@pytest.fixture
def imap_server(settings, monkeypatch):
    """A real Dovecot on a free loopback port with an empty maildir; the settings point the poller at it.
    Its files live in a directory of their own that the mail user can reach (pytest's tmp_path is 0700)."""
    from tests.api.inbound import dovecot

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="frontdoor-imap-") as tmp:
        os.chmod(tmp, 0o711)
        yield from _dovecot(dovecot, Path(tmp), port, monkeypatch)


def _dovecot(dovecot, tmp: Path, port: int, monkeypatch):
    proc = dovecot.start(tmp, port)
    try:
        for name, value in {"INBOUND_MODE": "imap", "IMAP_HOST": "127.0.0.1", "IMAP_PORT": str(port),
                            "IMAP_SSL": "false", "IMAP_USER": dovecot.USER, "IMAP_PASSWORD": dovecot.PASSWORD}.items():
            monkeypatch.setenv(f"FRONTDOOR_{name}", value)
        get_settings.cache_clear()
        yield port
    finally:
        dovecot.stop(proc)
