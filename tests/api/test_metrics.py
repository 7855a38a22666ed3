"""GET /metrics: Prometheus' text format behind a token; latency per route template (never a raw path or a
query), search decisions, chat routes, degraded turns (per process), and the outbox backlog (from the database)."""
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.settings import ROOT, get_settings
from tests.api.tickets.helpers import create
from tests.conftest import free_port

SCRAPER = {"Authorization": "Bearer scrape-secret"}


@pytest.fixture
def metrics_env(settings, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_METRICS_TOKEN", "scrape-secret")
    monkeypatch.setenv("FRONTDOOR_RASA_URL", f"http://127.0.0.1:{free_port()}")  # Rasa is down: turns degrade
    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(ROOT / "tests" / "api" / "faq" / "faq_small.jsonl"))
    get_settings.cache_clear()


def _samples(client, headers=SCRAPER) -> dict:
    r = client.get("/metrics", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(r.text) for s in family.samples}


def _value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.mark.parametrize("headers, status, code", [
    ({}, 401, "metrics_token_required"),
    ({"Authorization": "Bearer guessed"}, 401, "metrics_token_required"),
])
def test_a_stranger_gets_401_in_dutch_and_french(metrics_env, client, headers, status, code):
    r = client.get("/metrics", headers=headers)
    assert r.status_code == status and r.json()["code"] == code
    assert "token" in r.json()["detail"] and "jeton" in r.json()["detail"]


def test_an_editor_is_refused_and_an_agent_or_the_scraper_reads(metrics_env, client, make_user):
    r = client.get("/metrics", headers=make_user("editor"))
    assert r.status_code == 403 and r.json()["code"] == "wrong_role"
    assert "beheerders" in r.json()["detail"] and "administrateurs" in r.json()["detail"]
    assert client.get("/metrics", headers=make_user("agent")).status_code == 200
    assert client.get("/metrics", headers=make_user("admin")).status_code == 200
    assert client.get("/metrics", headers=SCRAPER).status_code == 200


def test_the_figures_follow_what_happens_and_name_no_path(metrics_env, client):
    before = _samples(client)
    client.get("/chat/limits")
    assert client.get("/tickets/SD-2026-000042", params={"token": "private-token"}).status_code in (403, 404)
    assert client.get("/faq/search", params={"q": "Wat wordt het weer morgen?", "lang": "nl"}).json()[
        "decision"] == "no_match"
    assert client.post("/chat", json={"message": "ik ben mijn pincode vergeten", "lang": "nl"}).json()["degraded"]
    create(client)  # queues the confirmation e-mail
    r = client.get("/metrics", headers=SCRAPER)
    after = _samples(client)

    count = "frontdoor_http_request_duration_seconds_count"
    assert _value(after, count, method="GET", route="/chat/limits") == _value(
        before, count, method="GET", route="/chat/limits") + 1
    assert _value(after, count, method="GET", route="/tickets/{number}") >= 1
    assert "SD-2026-000042" not in r.text and "private-token" not in r.text and "pincode" not in r.text
    assert _value(after, "frontdoor_faq_searches_total", decision="no_match") == _value(
        before, "frontdoor_faq_searches_total", decision="no_match") + 1
    assert _value(after, "frontdoor_faq_searches_total", decision="answer") == _value(
        before, "frontdoor_faq_searches_total", decision="answer") + 1  # the degraded turn's own search
    assert _value(after, "frontdoor_chat_turns_total", route="degraded") == _value(
        before, "frontdoor_chat_turns_total", route="degraded") + 1
    assert _value(after, "frontdoor_chat_degraded_turns_total") == _value(
        before, "frontdoor_chat_degraded_turns_total") + 1
    assert _value(after, "frontdoor_mail_outbox_backlog") == 1  # from the database: the same on every replica
