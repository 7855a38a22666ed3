"""Forwarding a visitor's message to Rasa's REST channel, with the turn's language as metadata.

The call is async: while Rasa (and its actions, which call this API back) work on a turn, /chat holds no thread.
A circuit breaker per Rasa URL: after a failure, turns answer in degraded mode at once for `retry_after` seconds
instead of each waiting for a Rasa that is known to be down; then one turn tries again.
"""
import asyncio
import time
import weakref

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timeout, or an error status), or the breaker is open: the chat degrades."""


_clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient]" = weakref.WeakKeyDictionary()
_down_until: dict[str, float] = {}  # Rasa URL -> monotonic time until which it is taken as down


def _client() -> httpx.AsyncClient:
    loop = asyncio.get_running_loop()  # a client's pool belongs to one event loop
    client = _clients.get(loop)
    if client is None:
        client = _clients[loop] = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50))
    return client


def failed(rasa_url: str, retry_after: float) -> None:
    """Open the breaker: Rasa failed (a caller's turn is answered without it)."""
    _down_until[rasa_url] = time.monotonic() + retry_after


def is_down(rasa_url: str) -> bool:
    return time.monotonic() < _down_until.get(rasa_url, 0.0)


WEBHOOK = "/webhooks/frontdoor/webhook"  # Rasa's REST channel behind the shared secret (bot/channel.py)


async def send(rasa_url: str, token: str, session_id: str, text: str, metadata: dict, timeout: float) -> list[dict]:
    if is_down(rasa_url):
        raise RasaUnavailable("known to be down")
    try:
        resp = await _client().post(f"{rasa_url.rstrip('/')}{WEBHOOK}", timeout=timeout,
                                    headers={"Authorization": f"Bearer {token}"} if token else {},
                                    json={"sender": session_id, "message": text, "metadata": metadata})
    except httpx.HTTPError as exc:
        raise RasaUnavailable(type(exc).__name__) from exc
    if resp.status_code != 200:
        raise RasaUnavailable(f"status {resp.status_code}")
    try:
        body = resp.json()
    except ValueError as exc:
        raise RasaUnavailable("not JSON") from exc
    if not isinstance(body, list):
        raise RasaUnavailable("unexpected body")
    _down_until.pop(rasa_url, None)
    return body


def _without_repeated_urls(text: str, urls: set[str]) -> str:
    """The text without its paragraphs that only state one of the links ("Bron: https://..."), which the
    links show already, with their titles."""
    def states_a_link(paragraph: str) -> bool:
        label, _, url = paragraph.strip().rpartition(" ")
        return url in urls and label.rstrip().endswith(":") and len(label) <= 30
    return "\n\n".join(p for p in text.split("\n\n") if not states_a_link(p))


def not_in_text(links: list[dict], text: str) -> list[dict]:
    """The links whose URL the text does not link already (an answer that links its own source shows it once)."""
    return [link for link in links if link["url"] not in text]


def route_of(raw: list[dict]) -> str | None:
    """The route the bot's action_route reports for the turn (a custom payload {"route": ...}), if it ran."""
    for item in raw:
        custom = item.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("route"), str):
            return custom["route"]
    return None


def to_messages(raw: list[dict]) -> tuple[list[dict], str | None]:
    """Rasa's REST output as our messages: one message per answer. Rasa's REST channel sends each paragraph of a
    response as a message of its own; consecutive texts are joined again, so that an FAQ answer is one message.
    Custom payloads carry links (joined to the message before them, whose text need not repeat their URLs) and a
    language switch; they are not shown as messages themselves. A message with buttons stands on its own."""
    messages: list[dict] = []
    switched: str | None = None
    for item in raw:
        custom = item.get("custom")
        if isinstance(custom, dict):
            if custom.get("language") in ("nl", "fr"):
                switched = custom["language"]
            links = [link for link in custom.get("links") or [] if link.get("url")]
            if links:
                if messages:
                    last = messages[-1]
                    if "text" in last:
                        last["text"] = _without_repeated_urls(last["text"], {link["url"] for link in links})
                    links = not_in_text(links, last.get("text", ""))
                    if links:
                        last.setdefault("links", []).extend(links)
                else:
                    messages.append({"links": links})
            continue
        msg: dict = {}
        if item.get("text"):
            msg["text"] = item["text"]
        if item.get("buttons"):
            msg["buttons"] = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in item["buttons"]]
        if not msg:
            continue
        last = messages[-1] if messages else None
        if last is not None and "text" in msg and "buttons" not in msg and set(last) == {"text"}:
            last["text"] += "\n\n" + msg["text"]  # a paragraph of the same answer
        else:
            messages.append(msg)
    return messages, switched
