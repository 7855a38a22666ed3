"""Where e-mail goes: an SMTP server (none/starttls/tls, optional auth), or a Maildir when no host is set.

A transport is opened once per delivery batch, so a down server costs one connection attempt, not one per row.
"""
import mailbox
import smtplib
import ssl
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Iterator, Protocol

from api.settings import Settings

SMTP_TIMEOUT = 10.0


class Transport(Protocol):
    def send(self, msg: EmailMessage) -> None: ...


class MaildirTransport:
    """The embedded default: someone running `make run` reads the mail in var/maildir."""

    def __init__(self, path):
        self.box = mailbox.Maildir(path, create=True)

    def send(self, msg: EmailMessage) -> None:
        self.box.add(msg)


class SmtpTransport:
    def __init__(self, smtp: smtplib.SMTP):
        self.smtp = smtp

    def send(self, msg: EmailMessage) -> None:
        self.smtp.send_message(msg)


@contextmanager
def open_transport(settings: Settings) -> Iterator[Transport]:
    if not settings.smtp_host:
        yield MaildirTransport(settings.data_dir / "maildir")
        return
    if settings.smtp_security == "tls":
        smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
    try:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        yield SmtpTransport(smtp)
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
