"""Polling an IMAP mailbox (imaplib), for desks that have a mailbox and no way to deliver to a receiver.

Each pass: log in, select settings.imap_folder, search UNSEEN, fetch each message without marking it read
(BODY.PEEK[]), receive() it in its own transaction, and only after that commit flag it \\Seen. A message whose
transaction failed stays unseen and is fetched again next pass; one that was stored but not flagged (a crash
in between) is fetched again and dropped by the Message-ID dedupe.
"""
import imaplib
import logging
import ssl
import threading

from api.clock import system_clock
from api.db import new_session
from api.settings import Settings, get_settings

log = logging.getLogger(__name__)
TIMEOUT = 30.0


def _connect(settings: Settings) -> imaplib.IMAP4:
    if settings.imap_ssl:
        return imaplib.IMAP4_SSL(settings.imap_host, settings.imap_port, ssl_context=ssl.create_default_context(),
                                 timeout=TIMEOUT)
    return imaplib.IMAP4(settings.imap_host, settings.imap_port, timeout=TIMEOUT)


def poll_once(settings: Settings | None = None, clock=system_clock) -> dict[str, int]:
    """One pass over the unseen messages; returns counts per outcome (and `failed`)."""
    from api.inbound.service import receive

    settings = settings or get_settings()
    counts: dict[str, int] = {}
    imap = _connect(settings)
    try:
        imap.login(settings.imap_user, settings.imap_password)
        status, _ = imap.select(settings.imap_folder)
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot select the folder: {status}")
        _, data = imap.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split():
            _, fetched = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in fetched if isinstance(part, tuple)), None)
            if raw is None:
                continue
            try:
                with new_session() as db:
                    outcome = receive(db, raw, clock()).status
            except Exception as exc:  # noqa: BLE001 - left unseen: the next pass tries again
                log.error("inbound mail not stored: %s", type(exc).__name__)
                counts["failed"] = counts.get("failed", 0) + 1
                continue
            imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            counts[outcome] = counts.get(outcome, 0) + 1
    finally:
        try:
            imap.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    if counts:
        log.info("imap poll: %s", counts)
    return counts


def poll_forever(settings: Settings | None = None, stop: threading.Event | None = None) -> None:
    settings = settings or get_settings()
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            poll_once(settings)
        except (imaplib.IMAP4.error, OSError) as exc:
            log.warning("imap poll failed: %s", type(exc).__name__)
        stop.wait(settings.imap_poll_seconds)
