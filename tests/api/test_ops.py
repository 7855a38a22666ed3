"""Liveness stays cheap; readiness says which component is not ready (503), for a balancer or a supervisor."""
from api.settings import get_settings
from tests.conftest import free_port


def test_not_ready_without_rasa_and_says_so(client):
    r = client.get("/readyz")  # the test settings point Rasa at nothing
    assert r.status_code == 503 and r.json() == {
        "status": "not_ready", "checks": {"database": "ok", "index": "ok", "rasa": "failing"}}
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_database_that_is_gone_makes_it_not_ready_but_still_alive(client, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/gone")
    get_settings.cache_clear()  # the running app now reaches for a database that refuses connections
    r = client.get("/readyz")
    assert r.status_code == 503 and r.json()["checks"]["database"] == "failing"
    assert client.get("/healthz").status_code == 200  # liveness: the process itself is fine
