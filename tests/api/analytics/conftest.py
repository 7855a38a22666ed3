"""Analytics tests: a real HTTP server in Rasa's place that answers each turn as the bot would and reports the
route the message names ("faq|..." -> route faq; "dialogue|..." -> no route, as a form; "down|..." -> 500, so the
chat degrades), the small bilingual FAQ, and the bot's secret so that the test can call the API as the actions do."""
import http.server
import json
import threading
from datetime import datetime

import pytest

from api.settings import get_settings
from tests.api.faq.conftest import SMALL_FAQ

BOT = {"X-Frontdoor-Bot": "bot-secret"}


class FakeRasa(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        route, _, _ = body["message"].partition("|")
        if route == "down":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        out = [{"recipient_id": body["sender"], "text": "ok"}]
        if route != "dialogue":
            out.insert(0, {"recipient_id": body["sender"], "custom": {"route": route}})
        data = json.dumps(out).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def bot(settings, monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("FRONTDOOR_RASA_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("FRONTDOOR_RASA_RETRY_AFTER", "0")  # one "down" turn must not degrade the next ones
    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(SMALL_FAQ))
    monkeypatch.setenv("FRONTDOOR_BOT_TOKEN", BOT["X-Frontdoor-Bot"])
    monkeypatch.setenv("FRONTDOOR_RATE_LIMITS", json.dumps({"chat": [1000, 60], "chat_session": [1000, 60]}))
    get_settings.cache_clear()
    yield
    server.shutdown()
    server.server_close()


def pin(client, at: datetime) -> None:
    assert client.put("/_test/clock", json={"at": at.isoformat()}).status_code == 200
