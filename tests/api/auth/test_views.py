def test_login_me_logout_and_revoked_token(client, make_user):
    make_user("agent", "anna@example.be")
    bad = client.post("/auth/login", json={"email": "anna@example.be", "password": "wrong"})
    assert bad.status_code == 401 and bad.json()["code"] == "bad_credentials"

    token = client.post("/auth/login", json={"email": "Anna@Example.be", "password": "correct horse battery"}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/auth/me", headers=headers).json()["role"] == "agent"
    assert client.post("/auth/logout", headers=headers).status_code == 204
    assert client.get("/auth/me", headers=headers).status_code == 401


def test_missing_token_and_unknown_field(client):
    assert client.get("/auth/me").json()["code"] == "missing_token"
    r = client.post("/auth/login", json={"email": "a@b.be", "password": "x", "admin": True})
    assert r.status_code == 422 and r.json()["code"] == "unknown_field"
    r = client.post("/auth/login", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["code"] == "malformed_json"


def test_health(client):
    assert client.get("/healthz").json() == {"status": "ok"}
