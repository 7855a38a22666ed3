"""A real LMTP/SMTP receiver (the production handler, aiosmtpd) on a free loopback port; stopped also on failure."""
import pytest

from api.inbound.smtp import InboundController
from api.settings import get_settings
from tests.conftest import free_port


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
