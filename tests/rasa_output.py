"""What Rasa's REST channel sends for an FAQ answer, built from the bot's own responses (bot/domain.yml) the way
Rasa 3.6 sends them: each paragraph of a text as a message of its own (CollectingOutputChannel splits on blank
lines), a text with buttons whole, a custom payload after its text. Also a stand-in Rasa server answering with it.
"""
import http.server
import json
import socketserver
import threading
from functools import lru_cache
from pathlib import Path

import yaml

DOMAIN = Path(__file__).resolve().parents[1] / "bot" / "domain.yml"


@lru_cache
def _responses() -> dict:
    return yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]


def response(name: str, lang: str) -> dict:
    """The variant of a response for the conversation's language (Dutch has no condition)."""
    for variant in _responses()[name]:
        conditions = variant.get("condition") or []
        if any(c.get("name") == "language" and c.get("value") == lang for c in conditions) or (
                lang == "nl" and not conditions):
            return variant
    raise KeyError(f"{name} has no variant for {lang}")


def faq_answer(lang: str, answer: str, url: str, title: str) -> list[dict]:
    """actions/faq.py show_answer: utter_faq_answer with the source link as custom payload, then utter_did_that_help."""
    text = response("utter_faq_answer", lang)["text"].format(answer=answer, url=url)
    raw = [{"recipient_id": "s", "text": part} for part in text.strip().split("\n\n")]
    raw.append({"recipient_id": "s", "custom": {"links": [{"title": title, "url": url}]}})
    question = response("utter_did_that_help", lang)
    raw.append({"recipient_id": "s", "text": question["text"],
                "buttons": [{**b, "type": "postback"} for b in question["buttons"]]})
    return raw


class FakeRasa:
    """A loopback server on Rasa's webhook path that answers every message with `answer(lang)`."""

    def __init__(self, answer):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                out = json.dumps(answer(body["metadata"]["language"])).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *_):
                pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
