"""Forwarding a visitor's message to Rasa's REST channel, with the turn's language as metadata."""
from functools import lru_cache

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timeout, or an error status): the chat degrades."""


@lru_cache
def _client(timeout: float) -> httpx.Client:
    return httpx.Client(timeout=timeout, limits=httpx.Limits(max_connections=50, max_keepalive_connections=20))


WEBHOOK = "/webhooks/frontdoor/webhook"  # Rasa's REST channel behind the shared secret (bot/channel.py)


def send(rasa_url: str, token: str, session_id: str, text: str, metadata: dict, timeout: float) -> list[dict]:
    try:
        resp = _client(timeout).post(f"{rasa_url.rstrip('/')}{WEBHOOK}", headers={"Authorization": f"Bearer {token}"},
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
    return body


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
