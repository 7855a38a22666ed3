"""Analytics tests: the routes a conversation's turns took are recorded as the chat records what the bot reports
(api.analytics.events.turn); Rasa itself is not running, so a real /chat turn degrades (Rasa unreachable) and is
answered from the FAQ. The small bilingual FAQ, and the bot's secret so that the test calls the API as the actions
do."""
import json
from datetime import datetime

import pytest

from api.settings import get_settings
from tests.api.faq.conftest import SMALL_FAQ
from tests.conftest import free_port

BOT = {"X-Frontdoor-Bot": "bot-secret"}


@pytest.fixture
def bot(settings, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_RASA_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens: /chat degrades
    monkeypatch.setenv("FRONTDOOR_RASA_RETRY_AFTER", "0")
    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(SMALL_FAQ))
    monkeypatch.setenv("FRONTDOOR_BOT_TOKEN", BOT["X-Frontdoor-Bot"])
    monkeypatch.setenv("FRONTDOOR_RATE_LIMITS", json.dumps({"chat": [1000, 60], "chat_session": [1000, 60]}))
    get_settings.cache_clear()
    yield


def pin(client, at: datetime) -> None:
    assert client.put("/_test/clock", json={"at": at.isoformat()}).status_code == 200
