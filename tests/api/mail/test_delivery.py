"""The outbox over a real SMTP server (aiosmtpd) on both engines: both languages, outage and recovery,
two workers at once, permanent refusals, the Maildir default, and no addresses in the logs."""
import logging
import mailbox
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from api import worker
from api.db import new_session
from api.mail import service as mail
from api.mail.models import OutboxEmail
from api.settings import get_settings
from tests.api.mail.smtp_sink import SmtpSink, parts, self_signed_cert
from tests.api.tickets.helpers import create
from tests.conftest import free_port


@pytest.fixture
def smtp_port(settings, monkeypatch):
    port = free_port()
    monkeypatch.setenv("FRONTDOOR_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FRONTDOOR_SMTP_PORT", str(port))
    get_settings.cache_clear()
    return port


@pytest.fixture
def sink(smtp_port):
    server = SmtpSink(smtp_port).start()
    yield server
    server.stop()


def _now():
    return datetime.now(timezone.utc)


def _rows():
    with new_session() as db:
        return list(db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_both_languages_arrive_as_text_and_html(client, sink):
    nl = create(client, language="nl", email="an@example.be")["number"]
    fr = create(client, language="fr", email="luc@example.be")["number"]
    assert worker.run_once(_now())["deliver_outbox"]["sent"] == 2
    by_rcpt = {rcpts[0]: msg for rcpts, msg in sink.messages}
    assert set(by_rcpt) == {"an@example.be", "luc@example.be"}
    text, html = parts(by_rcpt["an@example.be"])
    assert nl in by_rcpt["an@example.be"]["Subject"] and "Vermeld altijd het ticketnummer" in text
    assert "<p>" in html and nl in html and by_rcpt["an@example.be"]["Content-Language"] == "nl"
    text, html = parts(by_rcpt["luc@example.be"])
    assert fr in by_rcpt["luc@example.be"]["Subject"] and "5 jours ouvrables" in text and "un seul sujet" in html
    assert all(r.status == "sent" and r.sent_at and r.attempts == 1 for r in _rows())
    assert worker.run_once(_now())["deliver_outbox"]["sent"] == 0 and len(sink.messages) == 2


LINK_TEXT = {"nl": ("Uw ticket bekijken of informatie toevoegen:", "Ticket {number} openen"),
             "fr": ("Consulter votre ticket ou ajouter des informations :", "Ouvrir le ticket {number}")}


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_reply_reaches_the_desk_and_the_link_is_short(client, sink, lang):
    created = create(client, language=lang, email="an@example.be")
    assert worker.run_once(_now())["deliver_outbox"]["sent"] == 1
    [(_, msg)] = sink.messages
    assert msg["Reply-To"] == get_settings().inbound_address == "Service Desk DG DT <servicedesk@example.be>"
    assert msg["Reply-To"] != msg["From"]
    text, html = parts(msg)
    url = f"{get_settings().public_url}/tickets/{created['number']}?token={created['access_token']}"
    assert len(url) > 80  # what the short text stands for
    label, short = LINK_TEXT[lang]
    lines = text.splitlines()
    assert lines[lines.index(url) - 1] == label  # plain text: the URL on its own line, under a short label
    short = short.format(number=created["number"])
    assert f'<a href="{url}">{short}</a>' in html and f">{url}<" not in html  # HTML: a short link text


def test_the_reply_to_address_is_a_setting(client, sink, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_MAIL_REPLY_TO", "Inbox <inbound@desk.example.be>")
    get_settings.cache_clear()
    create(client, language="nl", email="an@example.be")
    worker.run_once(_now())
    monkeypatch.setenv("FRONTDOOR_MAIL_REPLY_TO", "")  # empty: the inbound address, and with none, no Reply-To
    monkeypatch.setenv("FRONTDOOR_INBOUND_ADDRESS", "")
    get_settings.cache_clear()
    create(client, language="fr", email="luc@example.be")
    worker.run_once(_now())
    by_rcpt = {rcpts[0]: msg for rcpts, msg in sink.messages}
    assert by_rcpt["an@example.be"]["Reply-To"] == "Inbox <inbound@desk.example.be>"
    assert by_rcpt["luc@example.be"]["Reply-To"] is None


def test_smtp_down_ticket_still_created_then_delivered_exactly_once(client, smtp_port):
    number = create(client)["number"]  # nothing listens on smtp_port yet
    now = _now()
    assert worker.run_once(now)["deliver_outbox"] == {"sent": 0, "retried": 1, "failed": 0}
    [row] = _rows()
    assert row.status == "pending" and row.attempts == 1 and "Connection" in row.last_error
    assert row.next_attempt_at == now + mail.retry_base()
    server = SmtpSink(smtp_port).start()
    try:
        assert worker.run_once(now + timedelta(seconds=5))["deliver_outbox"]["sent"] == 0  # backoff respected
        assert worker.run_once(now + timedelta(minutes=1))["deliver_outbox"]["sent"] == 1
        for later in (2, 10, 120):
            worker.run_once(now + timedelta(minutes=later))
        assert len(server.messages) == 1 and number in server.messages[0][1]["Subject"]
        [row] = _rows()
        assert row.status == "sent" and row.attempts == 2
    finally:
        server.stop()


def test_backoff_grows_and_is_capped():
    assert [mail.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert mail.backoff(30) == mail.BACKOFF_MAX


def test_two_workers_at_once_send_every_mail_once(settings, sink):
    now = _now()
    with new_session() as db:
        for i in range(40):
            mail.enqueue(db, to=f"user{i}@example.be", template="autoclosed", language="nl", now=now,
                         values={"number": f"SD-2026-{i:06d}", "subject": "s", "name_part": ""})
        db.commit()
    barrier = threading.Barrier(4)

    def drain():
        barrier.wait()
        for _ in range(10):
            mail.deliver_due(now, limit=5)

    threads = [threading.Thread(target=drain) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    ids = [msg["Message-ID"] for _, msg in sink.messages]
    assert len(ids) == 40 and len(set(ids)) == 40
    assert all(r.status == "sent" and r.attempts == 1 for r in _rows())


def test_permanent_refusal_is_marked_failed_and_others_still_go(client, sink):
    create(client, email="reject-me@example.be")
    create(client, email="fine@example.be")
    assert worker.run_once(_now())["deliver_outbox"] == {"sent": 1, "failed": 1, "retried": 0}
    statuses = {r.to_addr: (r.status, r.last_error) for r in _rows()}
    assert statuses["reject-me@example.be"][0] == "failed" and "550" in statuses["reject-me@example.be"][1]
    assert statuses["fine@example.be"][0] == "sent"


def test_expired_lease_of_a_dead_worker_is_taken_over(settings, sink):
    now = _now()
    with new_session() as db:
        mail.enqueue(db, to="a@example.be", template="autoclosed", language="fr", now=now,
                     values={"number": "SD-2026-000001", "subject": "s", "name_part": ""})
        db.commit()
        assert mail.claim(db, now, "crashed-worker") != []  # claimed, then the worker "dies"
    assert mail.deliver_due(now + timedelta(minutes=1))["sent"] == 0
    assert mail.deliver_due(now + mail.lease() + timedelta(seconds=1))["sent"] == 1
    assert len(sink.messages) == 1


def test_no_smtp_host_means_maildir(client, settings):
    number = create(client, language="fr")["number"]
    assert worker.run_once(_now())["deliver_outbox"]["sent"] == 1
    box = mailbox.Maildir(settings.data_dir / "maildir", create=False)
    [msg] = list(box)
    assert number in msg["Subject"] and msg.is_multipart()


def test_logs_carry_no_addresses_nor_bodies(client, smtp_port, caplog):
    caplog.set_level(logging.DEBUG)
    create(client, email="private.person@example.be", subject="Mijn geheime onderwerp")
    worker.run_once(_now())  # SMTP down: retry logged
    server = SmtpSink(smtp_port).start()
    try:
        worker.run_once(_now() + timedelta(hours=2))
    finally:
        server.stop()
    assert len(server.messages) == 1
    ours = [r for r in caplog.records if r.name != "mail.log"]  # mail.log is the test SMTP server itself
    assert any(r.name.startswith("api.mail") for r in ours)
    logged = "\n".join(r.getMessage() for r in ours)
    assert "private.person" not in logged and "geheime" not in logged


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_auth_from_settings_and_a_wrong_password_is_retried(client, smtp_port, monkeypatch):
    server = SmtpSink(smtp_port, credentials=("frontdoor", "s3cret-relay")).start()
    try:
        create(client)
        monkeypatch.setenv("FRONTDOOR_SMTP_USER", "frontdoor")
        monkeypatch.setenv("FRONTDOOR_SMTP_PASSWORD", "wrong")
        get_settings.cache_clear()
        now = _now()
        assert worker.run_once(now)["deliver_outbox"] == {"sent": 0, "retried": 1, "failed": 0}
        assert _rows()[0].status == "pending" and _rows()[0].last_error.startswith("SMTP")
        monkeypatch.setenv("FRONTDOOR_SMTP_PASSWORD", "s3cret-relay")
        get_settings.cache_clear()
        assert worker.run_once(now + timedelta(minutes=1))["deliver_outbox"]["sent"] == 1
        assert server.logins == ["frontdoor"] and len(server.messages) == 1
    finally:
        server.stop()


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_starttls_and_implicit_tls_with_a_verified_certificate(client, smtp_port, monkeypatch, tmp_path, security):
    cert = self_signed_cert(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", cert[0])  # the client verifies the server against this CA only
    monkeypatch.setenv("FRONTDOOR_SMTP_SECURITY", security)
    get_settings.cache_clear()
    server = SmtpSink(smtp_port, tls=security, cert=cert).start()
    try:
        number = create(client, language="fr")["number"]
        assert worker.run_once(_now())["deliver_outbox"]["sent"] == 1
        assert number in server.messages[0][1]["Subject"]
    finally:
        server.stop()


def test_an_untrusted_certificate_is_not_accepted(client, smtp_port, monkeypatch, tmp_path):
    cert = self_signed_cert(tmp_path)  # not trusted: no SSL_CERT_FILE
    monkeypatch.setenv("FRONTDOOR_SMTP_SECURITY", "starttls")
    get_settings.cache_clear()
    server = SmtpSink(smtp_port, tls="starttls", cert=cert).start()
    try:
        create(client)
        assert worker.run_once(_now())["deliver_outbox"] == {"sent": 0, "retried": 1, "failed": 0}
        assert server.messages == []
    finally:
        server.stop()
