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


def route_of(raw: list[dict]) -> str | None:
    """The route the bot's action_route reports for the turn (a custom payload {"route": ...}), if it ran."""
    for item in raw:
        custom = item.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("route"), str):
            return custom["route"]
    return None


def to_messages(raw: list[dict]) -> tuple[list[dict], str | None]:
    """Rasa's REST output as our messages. Custom payloads carry links (joined to the text before them)
    and a language switch; they are not shown as messages themselves."""
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
                    messages[-1].setdefault("links", []).extend(links)
                else:
                    messages.append({"links": links})
            continue
        msg: dict = {}
        if item.get("text"):
            msg["text"] = item["text"]
        if item.get("buttons"):
            msg["buttons"] = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in item["buttons"]]
        if msg:
            messages.append(msg)
    return messages, switched
