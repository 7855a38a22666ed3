"""The worker: one job list, failures isolated, purge hooks, the loop, and the task inside the API process."""
import mailbox
import sys
import threading
import time
import types
import uuid
from datetime import datetime, timezone

from fastapi.testclient import TestClient

from api import worker
from api.settings import get_settings
from tests.api.tickets.helpers import ticket_body

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def test_the_job_list_runs_in_order_on_both_engines(settings):
    assert [name for name, _ in worker.JOBS] == ["autoclose", "deliver_outbox", "purge_faq", "purge_chat",
                                                    "privacy_retention", "purge_inbound"]
    results = worker.run_once(NOW)
    assert set(results) == {name for name, _ in worker.JOBS}
    assert results["autoclose"] == [] and results["deliver_outbox"] == {"sent": 0, "retried": 0, "failed": 0}


def test_a_failing_job_does_not_stop_the_others(monkeypatch, caplog):
    seen = []

    def broken(now):
        raise RuntimeError("private.person@example.be")  # messages may hold personal data

    monkeypatch.setattr(worker, "JOBS", [("broken", broken), ("fine", lambda now: seen.append(now) or "ok")])
    assert worker.run_once(NOW) == {"broken": {"error": "RuntimeError"}, "fine": "ok"}
    assert seen == [NOW] and "private.person" not in caplog.text and "RuntimeError" in caplog.text


def test_purge_hooks_are_called_when_a_domain_exposes_them(monkeypatch, settings):
    calls = []
    module = types.ModuleType("fake_domain_service")
    module.purge_expired = lambda db, now: calls.append(now) or 3
    monkeypatch.setitem(sys.modules, "fake_domain_service", module)
    assert worker._purge("fake_domain_service")(NOW) == 3 and calls == [NOW]
    assert worker._purge("no_such_domain.service")(NOW) == "absent"
    assert worker._purge("json")(NOW) == "absent"  # a module without purge_expired


def test_run_forever_loops_until_stopped(monkeypatch):
    runs = []
    monkeypatch.setattr(worker, "JOBS", [("count", lambda now: runs.append(now))])
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(0.01, stop))
    thread.start()
    time.sleep(0.3)
    stop.set()
    thread.join(5)
    assert not thread.is_alive() and len(runs) >= 3


def test_the_api_process_delivers_mail_by_itself(sqlite_settings, monkeypatch):
    """With the embedded worker on and no SMTP host, a new ticket's mail lands in the Maildir by itself."""
    monkeypatch.setenv("FRONTDOOR_EMBEDDED_WORKER", "true")
    monkeypatch.setenv("FRONTDOOR_WORKER_INTERVAL", "0.2")
    get_settings.cache_clear()
    from api.main import create_app

    with TestClient(create_app()) as client:
        number = client.post("/tickets", json=ticket_body(), headers={"Idempotency-Key": uuid.uuid4().hex}).json()["number"]
        box = mailbox.Maildir(get_settings().data_dir / "maildir", create=True)
        deadline = time.monotonic() + 20
        while not len(box) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [m["Subject"] for m in box][0] == f"Uw ticket {number}"
