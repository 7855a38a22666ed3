"""The background worker: one list of jobs, run by `frontdoor worker`, by a task inside the API process
(settings.embedded_worker), or by hand through run_once(now).

Jobs run in order; one failing job is logged (its error class only: messages can carry personal data)
and does not stop the others. Other domains register purge jobs by exposing `purge_expired(db, now)`.
"""
import asyncio
import importlib
import logging
import threading
import time
from datetime import datetime, timedelta
from typing import Any, Callable

from api.clock import system_clock
from api.db import new_session

log = logging.getLogger(__name__)


def _autoclose(now: datetime) -> list[str]:
    from api.tickets.flows import autoclose_due

    with new_session() as db:
        return autoclose_due(db, now)


def _deliver_outbox(now: datetime) -> dict[str, int]:
    from api.mail.service import deliver_due

    total = {"sent": 0, "retried": 0, "failed": 0}
    started, batch_now = time.monotonic(), now
    while True:  # drain in batches, but stop when a batch sends nothing (e.g. SMTP down)
        counts = deliver_due(batch_now)
        for key, value in counts.items():
            total[key] += value
        if counts["sent"] == 0 or sum(counts.values()) < 50:
            return total
        # "now" per batch: the first batch runs at the given time, each later one as much later as the drain took,
        # so a lease taken after a long drain has not expired already
        batch_now = now + timedelta(seconds=time.monotonic() - started)


def _purge(module: str) -> Callable[[datetime], Any]:
    """A purge job for a domain that exposes purge_expired(db, now); skipped while it does not."""

    def job(now: datetime) -> Any:
        try:
            purge = getattr(importlib.import_module(module), "purge_expired", None)
        except ModuleNotFoundError:
            purge = None
        if purge is None:
            return "absent"
        with new_session() as db:
            result = purge(db, now)
            db.commit()
        return result

    return job


# The one place that says what the worker does. Auto-close runs before delivery so its mails leave at once.
JOBS: list[tuple[str, Callable[[datetime], Any]]] = [
    ("autoclose", _autoclose),
    ("deliver_outbox", _deliver_outbox),
    ("purge_faq", _purge("api.faq.service")),
    ("purge_chat", _purge("api.chat.service")),
    ("privacy_retention", _purge("api.privacy.service")),
    ("purge_inbound", _purge("api.inbound.service")),
]


def run_once(now: datetime | None = None) -> dict[str, Any]:
    now = now or system_clock()
    results: dict[str, Any] = {}
    for name, job in JOBS:
        try:
            results[name] = job(now)
        except Exception as exc:  # noqa: BLE001 - one broken job must not stop the others
            log.error("worker job %s failed: %s", name, type(exc).__name__)
            results[name] = {"error": type(exc).__name__}
    return results


def run_forever(interval: float, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    while not stop.is_set():
        started = time.monotonic()
        run_once()
        stop.wait(max(0.0, interval - (time.monotonic() - started)))


async def run_embedded(interval: float) -> None:
    """The API process's own worker loop; the blocking jobs run in a thread so requests keep flowing."""
    while True:
        await asyncio.to_thread(run_once)
        await asyncio.sleep(interval)
