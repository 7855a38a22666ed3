"""The widget embedded on another site may call the API only from configured origins."""


def _preflight(client, origin):
    return client.options("/chat", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                            "Access-Control-Request-Headers": "content-type"})


def test_configured_origin_may_call_the_chat(sqlite_settings, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_WIDGET_ORIGINS", '["https://www.example.be"]')
    from tests.conftest import _client

    for client in _client():
        ok = _preflight(client, "https://www.example.be")
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://www.example.be"
        other = _preflight(client, "https://evil.example.com")
        assert "access-control-allow-origin" not in other.headers


def test_no_cross_origin_access_by_default(sqlite_client):
    assert "access-control-allow-origin" not in _preflight(sqlite_client, "https://www.example.be").headers
