"""The transactional outbox: enqueue inside the caller's transaction; the worker claims and delivers.

Claiming marks rows 'sending' with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on
SQLite), so two workers never send the same row. A worker that dies mid-send leaves a lease that expires;
that row is then retried, so a crash between the SMTP "250 OK" and the commit can repeat one mail. The
Message-ID stays the same across retries, so receivers can drop such a repeat.
Logs carry outbox ids, templates and error classes only: never addresses or bodies.
"""
import logging
import smtplib
import socket
import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from api.db import new_session
from api.mail.models import OutboxEmail
from api.mail.templates import render
from api.mail.transport import open_transport
from api.settings import Settings, get_settings

log = logging.getLogger(__name__)

BACKOFF_MAX = timedelta(hours=1)
MAX_ATTEMPTS = 20
PERMANENT = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


def retry_base() -> timedelta:
    """The first pause after a failed delivery (settings.mail_retry_seconds, 30 s); it doubles after each failure."""
    return timedelta(seconds=get_settings().mail_retry_seconds)


def lease() -> timedelta:
    """How long a worker holds the rows it claimed (settings.mail_lease_seconds, 5 min): the rows of a worker that
    died mid-batch go to another worker after this."""
    return timedelta(seconds=get_settings().mail_lease_seconds)


def enqueue(db: Session, *, to: str, template: str, language: str, values: dict[str, str], now: datetime,
            ref: str = "") -> None:
    """Adds a rendered e-mail to the outbox in the caller's transaction (the caller commits)."""
    from api.hours.facts import desk_facts

    subject, text, html = render(template, language, {**desk_facts(language), **values})
    db.execute(insert(OutboxEmail.__table__).values(  # Core: skips the ORM bulk-insert machinery
        message_id=f"{uuid.uuid4().hex}@{_message_domain()}", to_addr=to, subject=subject, body_text=text,
        body_html=html, template=template, language=language, ref=ref, status="pending", attempts=0,
        next_attempt_at=now, created_at=now, claimed_by="", last_error=""))


def backlog(db: Session) -> int:
    """E-mails not sent yet: waiting for their (next) attempt or being sent."""
    return db.scalar(select(func.count()).select_from(OutboxEmail)
                     .where(OutboxEmail.status.in_(("pending", "sending")))) or 0


def _message_domain() -> str:
    return get_settings().mail_from.rsplit("@", 1)[-1].strip(">").strip() or "frontdoor.invalid"


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at one hour."""
    return min(retry_base() * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def claim(db: Session, now: datetime, worker: str, limit: int = 50) -> list[int]:
    """Takes due rows (and rows whose lease expired) for this worker; commits so others see the claim."""
    due = ((OutboxEmail.status == "pending") & (OutboxEmail.next_attempt_at <= now)) | (
        (OutboxEmail.status == "sending") & (OutboxEmail.claimed_until < now))
    ids = list(db.scalars(select(OutboxEmail.id).where(due).order_by(OutboxEmail.id).limit(limit)
                          .with_for_update(skip_locked=True)))
    if ids:
        db.execute(update(OutboxEmail).where(OutboxEmail.id.in_(ids)).values(
            status="sending", claimed_by=worker, claimed_until=now + lease(), attempts=OutboxEmail.attempts + 1))
    db.commit()
    return ids


def build_message(row: OutboxEmail, settings: Settings, now: datetime) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.mail_from
    if settings.reply_to:  # From is a no-reply sender: replies must reach the desk's inbound address
        msg["Reply-To"] = settings.reply_to
    msg["To"] = row.to_addr
    msg["Subject"] = row.subject
    msg["Message-ID"] = f"<{row.message_id}>"
    msg["Date"] = format_datetime(now)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(row.body_text)
    msg.add_alternative(row.body_html, subtype="html")
    msg["Content-Language"] = row.language  # after set_content, which drops Content-* headers
    return msg


def _error_label(exc: Exception) -> str:
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):  # its message holds the address: keep only the codes
        code = ",".join(str(c) for c, _ in exc.recipients.values())
    return f"{type(exc).__name__}{f' {code}' if code else ''}"[:500]


def _finish(row_id: int, worker: str, **values) -> None:
    with new_session() as db:
        db.execute(update(OutboxEmail).where(OutboxEmail.id == row_id, OutboxEmail.claimed_by == worker,
                                             OutboxEmail.status == "sending").values(**values))
        db.commit()


def _retry_or_fail(row: OutboxEmail, worker: str, now: datetime, exc: Exception, permanent: bool) -> str:
    label = _error_label(exc)
    if permanent or row.attempts >= MAX_ATTEMPTS:
        _finish(row.id, worker, status="failed", last_error=label, claimed_until=None)
        log.warning("mail %s (%s) failed for good after %d attempt(s): %s", row.id, row.template, row.attempts, label)
        return "failed"
    _finish(row.id, worker, status="pending", last_error=label, claimed_until=None,
            next_attempt_at=now + backoff(row.attempts))
    log.info("mail %s (%s) attempt %d failed (%s); retry later", row.id, row.template, row.attempts, label)
    return "retried"


def deliver_due(now: datetime, settings: Settings | None = None, limit: int = 50) -> dict[str, int]:
    """One delivery pass: claim due rows, send them over one connection, record each outcome."""
    settings = settings or get_settings()
    worker = f"{socket.gethostname()[:40]}-{uuid.uuid4().hex[:8]}"
    counts = {"sent": 0, "retried": 0, "failed": 0}
    with new_session() as db:
        ids = claim(db, now, worker, limit)
        if not ids:
            return counts
        rows = list(db.scalars(select(OutboxEmail).where(OutboxEmail.id.in_(ids)).order_by(OutboxEmail.id)))
    try:
        with open_transport(settings) as transport:
            for i, row in enumerate(rows):
                try:
                    transport.send(build_message(row, settings, now))
                except PERMANENT as exc:
                    counts[_retry_or_fail(row, worker, now, exc, permanent=True)] += 1
                    continue
                except (smtplib.SMTPServerDisconnected, OSError):
                    raise  # the connection is gone: everything not yet sent goes back to the queue
                except smtplib.SMTPResponseException as exc:
                    counts[_retry_or_fail(row, worker, now, exc, permanent=exc.smtp_code >= 500)] += 1
                    continue
                _finish(row.id, worker, status="sent", sent_at=now, claimed_until=None, last_error="")
                counts["sent"] += 1
    except (smtplib.SMTPException, OSError) as exc:
        with new_session() as db:
            still = list(db.scalars(select(OutboxEmail).where(
                OutboxEmail.id.in_(ids), OutboxEmail.status == "sending", OutboxEmail.claimed_by == worker)))
        for row in still:
            counts[_retry_or_fail(row, worker, now, exc, permanent=False)] += 1
    if any(counts.values()):
        log.info("mail delivery: %s", counts)
    return counts
