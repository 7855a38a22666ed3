"""Rate limits on every public route, per client address (and per chat session), shared by replicas through Redis.

A rule allows `limit` hits per `window` seconds for one key (fixed windows). With `FRONTDOOR_REDIS_URL` set the
counters live in Redis (INCR + EXPIRE in one round trip), so every API replica counts the same hits; without it
they live in this process (the embedded default, one process). A Redis that stops answering fails open with a
warning: a broken counter must not take the desk's front door down.

The bot's action server calls the API for every visitor from one address; it sends `X-Frontdoor-Bot` with the
shared secret `FRONTDOOR_BOT_TOKEN` and is not limited here (each of those calls comes from a chat turn, which
`POST /chat` limits per address and per session).

Operators tune a rule with `FRONTDOOR_RATE_LIMITS`, a JSON object such as `{"chat": [30, 60]}` (limit, window).
"""
from __future__ import annotations

import hmac
import logging
import math
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import ip_address, ip_network

from fastapi import Request

from api.errors import TooMany
from api.settings import get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    limit: int
    window: int  # seconds


# name -> (hits, seconds), per client address unless said otherwise
RULES: dict[str, Rule] = {
    "chat": Rule(30, 60),  # POST /chat per address
    "chat_session": Rule(20, 60),  # POST /chat per conversation
    "search": Rule(60, 60),  # FAQ search and subjects
    "feedback": Rule(30, 60),  # FAQ feedback, unanswered reports
    "read": Rule(120, 60),  # limits, office hours
    "ticket_create": Rule(10, 3600),
    "ticket_access": Rule(30, 60),  # a ticket by token: read, page, add a message
    "ticket_link": Rule(5, 3600),  # a link by e-mail
    "login": Rule(10, 60),
}


class MemoryStore:
    """Counters in this process (the embedded default)."""

    def __init__(self):
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, window: int, now: float) -> tuple[int, float]:
        slot = int(now // window)
        with self._lock:
            if len(self._counts) > 100_000:  # forget finished windows
                self._counts = {k: v for k, v in self._counts.items() if (k[1] + 1) * window > now}
            count = self._counts.get((key, slot), 0) + 1
            self._counts[(key, slot)] = count
        return count, (slot + 1) * window - now

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


class RedisStore:
    """Counters in Redis, shared by every API replica."""

    def __init__(self, url: str):
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def hit(self, key: str, window: int, now: float) -> tuple[int, float]:
        slot = int(now // window)
        name = f"frontdoor:rl:{key}:{slot}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, window + 1, nx=True)
        count, _ = pipe.execute()
        return int(count), (slot + 1) * window - now

    def reset(self) -> None:
        for name in self._redis.scan_iter("frontdoor:rl:*"):
            self._redis.delete(name)


@lru_cache
def store_for(redis_url: str):
    return RedisStore(redis_url) if redis_url else MemoryStore()


def store():
    return store_for(get_settings().redis_url)


def rule(name: str) -> Rule:
    custom = get_settings().rate_limits.get(name)
    return Rule(int(custom[0]), int(custom[1])) if custom else RULES[name]


def check(name: str, key: str, now: float | None = None) -> None:
    """Count one hit of rule `name` for `key`; over the limit -> 429 with Retry-After (NL/FR detail)."""
    r = rule(name)
    try:
        count, reset_in = store().hit(f"{name}:{key}", r.window, time.time() if now is None else now)
    except Exception as exc:  # noqa: BLE001  (fail open: see the module's docstring)
        log.warning("rate limit store unavailable (%s): %s not counted", type(exc).__name__, name)
        return
    if count > r.limit:
        raise TooMany(math.ceil(reset_in))


def is_bot(request: Request) -> bool:
    token = get_settings().bot_token
    given = request.headers.get("x-frontdoor-bot", "")
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


@lru_cache
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ip_network(n, strict=False) for n in entries)


def is_trusted_proxy(address: str) -> bool:
    """The address is one of FRONTDOOR_TRUSTED_PROXIES (whose forwarding headers are believed)."""
    try:
        return any(ip_address(address) in net for net in _networks(tuple(get_settings().trusted_proxies)))
    except ValueError:
        return False


def client_address(request: Request) -> str:
    """The caller's address; behind a trusted proxy, the last address in X-Forwarded-For it did not add."""
    peer = request.client.host if request.client else "unknown"
    if not is_trusted_proxy(peer):
        return peer
    for hop in reversed([h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]):
        if not is_trusted_proxy(hop):
            return hop
    return peer


def limited(name: str):
    """A route dependency: rule `name` per client address (the bot's calls are not counted)."""
    def dependency(request: Request) -> None:
        if not is_bot(request):
            check(name, client_address(request))
    dependency.rate_limit = name  # the route test finds it
    return dependency
