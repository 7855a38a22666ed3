"""Requester e-mail addresses and tokens in query strings are blanked in uvicorn's access log."""
import logging

from api.tickets.privacy import RedactRequesterQuery, redact


def test_redact_blanks_email_and_token_only():
    assert redact("/tickets/SD-2026-000001?email=jan%40example.be") == "/tickets/SD-2026-000001?email=***"
    assert redact("/tickets/SD-2026-000001?lang=nl&token=abc-DEF_1&x=2") == "/tickets/SD-2026-000001?lang=nl&token=***&x=2"
    assert redact("/tickets?status=open") == "/tickets?status=open"
    assert redact("/faq/search?q=mijn%20naam%20is%20Jan&lang=nl") == "/faq/search?q=***&lang=nl"
    assert redact("/faq/search?lang=fr&q=Jean") == "/faq/search?lang=fr&q=***"


def test_the_filter_rewrites_a_uvicorn_access_record():
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/tickets/SD-2026-000001?email=jan@example.be", "1.1", 200),
                               None)
    assert RedactRequesterQuery().filter(record)
    assert "jan@example.be" not in record.getMessage() and "email=***" in record.getMessage()


def test_the_api_installs_it_at_start(sqlite_client):
    assert any(isinstance(f, RedactRequesterQuery) for f in logging.getLogger("uvicorn.access").filters)
