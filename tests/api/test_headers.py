"""Security headers on every response (pages, static files, JSON): a strict CSP, no framing, no sniffing."""
import re

import pytest

from tests.api.tickets.helpers import create


@pytest.mark.parametrize("path", ["/", "/console/", "/widget.js", "/demo.js", "/healthz", "/chat/limits"])
def test_every_response_carries_the_security_headers(client, path):
    r = client.get(path)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in r.headers  # plain HTTP: HSTS would mean nothing


def test_the_pages_have_no_inline_script_or_style(client):
    for path in ("/", "/console/"):
        page = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), path  # every script is a file
        assert "<style" not in page and " style=" not in page and not re.search(r"\son[a-z]+=", page), path


def test_the_ticket_page_allows_only_its_own_nonce(client):
    t = create(client)
    r = client.get(f"/tickets/{t['number']}", params={"token": t["access_token"]}, headers={"Accept": "text/html"})
    nonce = re.search(r"'nonce-([\w-]+)'", r.headers["content-security-policy"]).group(1)
    assert f'<script nonce="{nonce}">' in r.text and r.text.count("<script") == 1
    assert "<style" not in r.text and " style=" not in r.text and not re.search(r"\son[a-z]+=", r.text)
    assert "style-src 'self';" in r.headers["content-security-policy"]  # the nonce is for the script only
    assert r.headers["referrer-policy"] == "no-referrer"  # the page's own, stricter (its URL holds the token)
    again = client.get(f"/tickets/{t['number']}", params={"token": t["access_token"]}, headers={"Accept": "text/html"})
    assert nonce not in again.headers["content-security-policy"]  # a fresh nonce per response


def test_hsts_over_https_from_a_trusted_proxy_only(settings, monkeypatch):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import get_settings

    monkeypatch.setenv("FRONTDOOR_TRUSTED_PROXIES", '["10.0.0.0/24"]')
    get_settings.cache_clear()
    with TestClient(create_app(), client=("10.0.0.2", 4000)) as proxied:
        assert "max-age=" in proxied.get("/healthz", headers={"X-Forwarded-Proto": "https"}).headers[
            "strict-transport-security"]
    with TestClient(create_app(), client=("203.0.113.9", 4000)) as direct:  # anyone can send the header
        assert "strict-transport-security" not in direct.get("/healthz", headers={"X-Forwarded-Proto": "https"}).headers
    with TestClient(create_app(), base_url="https://desk.example.be") as tls:
        assert "strict-transport-security" in tls.get("/healthz").headers
