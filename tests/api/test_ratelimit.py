"""Rate limits on every public route, on the in-process store and on Redis (the machine's, 127.0.0.1:6379)."""
import json
import os
import time

import pytest

from api import ratelimit
from api.settings import get_settings
from tests.conftest import free_port

CI = os.environ.get("CI") == "true"
REDIS_URL = os.environ.get("FRONTDOOR_TEST_REDIS", "redis://127.0.0.1:6379/15")

# every public route, with a call that reaches it (a wrong token or an unknown number counts as much as a right one)
PUBLIC = [
    ("chat", "POST", "/chat", {"json": {"message": "hallo", "lang": "nl"}}),
    ("read", "GET", "/chat/limits", {}),
    ("read", "GET", "/office-hours", {"params": {"lang": "fr"}}),
    ("read", "GET", "/readyz", {}),
    ("read", "GET", "/metrics", {"headers": {"Authorization": "Bearer guess"}}),  # the scraper's token or an account
    ("read", "GET", "/", {}),  # the demo page, filled in from the settings
    ("read", "GET", "/index.html", {}),
    ("search", "GET", "/faq/search", {"params": {"q": "pincode vergeten", "lang": "nl"}}),
    ("search", "GET", "/faq/subjects", {"params": {"q": "pincode vergeten", "lang": "nl"}}),
    ("feedback", "POST", "/faq/feedback", {"json": {"search_id": "x", "entry_id": "y", "helpful": True}}),
    ("feedback", "POST", "/faq/unanswered", {"json": {"query": "iets", "lang": "nl"}}),
    ("ticket_create", "POST", "/tickets", {"json": {"type": "question"}}),
    ("ticket_access", "GET", "/tickets/SD-2026-000001", {"params": {"token": "guess"}}),
    ("ticket_access", "POST", "/tickets/SD-2026-000001/messages", {"json": {"token": "guess", "text": "hallo"}}),
    ("ticket_link", "POST", "/tickets/SD-2026-000001/link", {"json": {"email": "a@example.be"}}),
    ("login", "POST", "/auth/login", {"json": {"email": "a@example.be", "password": "wrong"}}),
]
NOT_LIMITED = {"/healthz"}  # says "ok" and nothing else


@pytest.fixture
def redis_url():
    """The machine's Redis (database 15, emptied of our counters); under CI=true a missing Redis fails."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError as exc:
        if CI:
            pytest.fail(f"Redis is required under CI=true and is not reachable at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis not reachable: {exc}")
    ratelimit.RedisStore(REDIS_URL).reset()
    yield REDIS_URL
    ratelimit.RedisStore(REDIS_URL).reset()


@pytest.fixture(params=["memory", "redis"])
def store_kind(request, settings, monkeypatch):
    if request.param == "redis":
        monkeypatch.setenv("FRONTDOOR_REDIS_URL", request.getfixturevalue("redis_url"))
        get_settings.cache_clear()
    return request.param


def _limits(monkeypatch, **rules):
    monkeypatch.setenv("FRONTDOOR_RATE_LIMITS", json.dumps({k: list(v) for k, v in rules.items()}))
    get_settings.cache_clear()


@pytest.mark.parametrize("name,method,path,kwargs", PUBLIC, ids=[p[2] + " " + p[1] for p in PUBLIC])
def test_each_public_route_answers_429_over_its_limit(store_kind, client, monkeypatch, name, method, path, kwargs):
    _limits(monkeypatch, **{name: (2, 60)})
    first = [client.request(method, path, **kwargs).status_code for _ in range(2)]
    assert 429 not in first
    over = client.request(method, path, **kwargs)
    assert over.status_code == 429 and over.json()["code"] == "rate_limited", over.text
    assert 0 < int(over.headers["Retry-After"]) <= 60
    assert "probeer het over" in over.json()["detail"] and "réessayez dans" in over.json()["detail"]


def test_every_public_route_is_limited(settings):
    """A route without an account requirement must carry a rate limit (new routes cannot forget it)."""
    from api.main import create_app
    from api.openapi import api_routes, needs_account, rate_limited

    covered = {(m, p) for _, m, p, _ in PUBLIC}
    public = [(path, methods, ctx) for path, methods, ctx in api_routes(create_app())
              if path not in NOT_LIMITED and not path.startswith("/_test") and not needs_account(ctx)]
    assert len(public) == len(PUBLIC)  # the walk sees the included routers' routes, and the table has them all
    for path, methods, ctx in public:
        assert rate_limited(ctx), f"public route {methods} {path} has no rate limit"
        assert any((m, path.replace("{number}", "SD-2026-000001")) in covered for m in methods), (methods, path)


@pytest.fixture
def behind_proxy(store_kind, monkeypatch):
    """A client whose requests come from a trusted reverse proxy at 10.0.0.2 (as nginx would forward them)."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    monkeypatch.setenv("FRONTDOOR_TRUSTED_PROXIES", '["10.0.0.0/24"]')
    get_settings.cache_clear()
    with TestClient(create_app(), client=("10.0.0.2", 40000)) as c:
        yield c


def test_the_limit_is_per_address_and_the_bot_is_not_counted(behind_proxy, monkeypatch):
    client = behind_proxy
    _limits(monkeypatch, search=(1, 60))
    monkeypatch.setenv("FRONTDOOR_BOT_TOKEN", "bot-secret")
    get_settings.cache_clear()
    params = {"q": "pincode", "lang": "nl"}
    one = {"X-Forwarded-For": "203.0.113.7, 10.0.0.1"}  # the visitor, then a proxy of ours
    assert client.get("/faq/search", params=params, headers=one).status_code == 200
    assert client.get("/faq/search", params=params, headers=one).status_code == 429
    assert client.get("/faq/search", params=params, headers={"X-Forwarded-For": "203.0.113.8"}).status_code == 200
    for _ in range(3):  # the action server, for every visitor at once
        assert client.get("/faq/search", params=params,
                          headers={**one, "X-Frontdoor-Bot": "bot-secret"}).status_code == 200
    assert client.get("/faq/search", params=params, headers={**one, "X-Frontdoor-Bot": "wrong"}).status_code == 429


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(store_kind, client, monkeypatch):
    _limits(monkeypatch, search=(1, 60))
    params = {"q": "pincode", "lang": "nl"}
    assert client.get("/faq/search", params=params, headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200
    # no trusted proxy: a forged header does not give a fresh address
    assert client.get("/faq/search", params=params, headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 429


def test_a_chat_session_has_its_own_limit(store_kind, client, monkeypatch):
    _limits(monkeypatch, chat=(100, 60), chat_session=(2, 60))
    sid = client.post("/chat", json={"message": "hallo", "lang": "nl"}).json()["session_id"]
    assert client.post("/chat", json={"session_id": sid, "message": "hallo", "lang": "nl"}).status_code == 200
    assert client.post("/chat", json={"session_id": sid, "message": "hallo", "lang": "nl"}).status_code == 200
    assert client.post("/chat", json={"session_id": sid, "message": "hallo", "lang": "nl"}).status_code == 429
    assert client.post("/chat", json={"message": "hallo", "lang": "nl"}).status_code == 200  # a new one is fine


def test_windows_end(store_kind, settings):
    store = ratelimit.store()
    assert store.hit("t:x", 2, 1000.0)[0] == 1 and store.hit("t:x", 2, 1001.0)[0] == 2
    count, reset_in = store.hit("t:x", 2, 1002.0)  # the next window
    assert count == 1 and reset_in == pytest.approx(2.0)


def test_replicas_share_the_counts_in_redis(redis_url):
    a, b = ratelimit.RedisStore(redis_url), ratelimit.RedisStore(redis_url)  # two API processes' clients
    now = time.time()
    assert a.hit("share:x", 60, now)[0] == 1 and b.hit("share:x", 60, now)[0] == 2 and a.hit("share:x", 60, now)[0] == 3


def test_a_dead_redis_fails_open(settings, client, monkeypatch):
    """A counter that cannot count must not close the desk: the request goes through, with a warning."""
    monkeypatch.setenv("FRONTDOOR_REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    _limits(monkeypatch, search=(1, 60))
    for _ in range(3):
        assert client.get("/faq/search", params={"q": "pincode", "lang": "nl"}).status_code == 200
