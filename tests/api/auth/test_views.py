import pytest


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


def _login(client, email, password):
    return client.post("/auth/login", json={"email": email, "password": password})


def test_brute_force_locks_the_address_even_for_the_right_password(client, make_user, monkeypatch):
    from api.settings import get_settings

    monkeypatch.setenv("FRONTDOOR_RATE_LIMITS", '{"login": [1000, 60]}')  # the lockout is tested, not the rate
    get_settings.cache_clear()
    make_user("agent", "anna@example.be")
    answers = [_login(client, "anna@example.be", f"guess-{i}") for i in range(8)]
    assert [a.status_code for a in answers[:5]] == [401] * 5
    assert all(a.status_code == 429 and a.json()["code"] == "login_locked" for a in answers[5:])
    assert int(answers[5].headers["Retry-After"]) > 0
    assert "mislukte aanmeldingen" in answers[5].json()["detail"] and "échecs de connexion" in answers[5].json()["detail"]
    right = _login(client, "anna@example.be", "correct horse battery")
    assert right.status_code == 429  # locked: the right password does not get through either
    # an address nobody has behaves the same, so a lockout reveals nothing
    ghost = [_login(client, "nobody@example.be", f"guess-{i}").status_code for i in range(6)]
    assert ghost == [401] * 5 + [429]


def test_the_lockout_doubles_and_ends_and_a_success_clears_it(settings, make_user):
    from datetime import timedelta

    from api.auth import service
    from api.db import new_session, utcnow
    from api.errors import TooMany, Unauthorized

    make_user("agent", "bram@example.be")
    t0 = utcnow()
    with new_session() as db:
        for i in range(service.LOCK_AFTER + 1):  # the 5th failure locks 1 min, the 6th (after it ended) 2 min
            try:
                service.login(db, "bram@example.be", "wrong", now=t0 + timedelta(minutes=2 * i))
            except Unauthorized:
                pass
        with pytest.raises(TooMany) as locked:
            service.login(db, "bram@example.be", "correct horse battery", now=t0 + timedelta(minutes=11))
        assert 60 < int(locked.value.headers["Retry-After"]) <= 120
        token = service.login(db, "bram@example.be", "correct horse battery", now=t0 + timedelta(minutes=13))
        db.commit()
        assert token.startswith("fd_")
        with pytest.raises(Unauthorized):  # cleared: one new failure does not lock
            service.login(db, "bram@example.be", "wrong", now=t0 + timedelta(minutes=14))
        assert service.login(db, "bram@example.be", "correct horse battery", now=t0 + timedelta(minutes=14))


def test_an_unknown_address_costs_the_same_time_as_a_wrong_password(client, make_user, monkeypatch):
    """No timing oracle: both paths verify one argon2 hash (medians within a factor of two)."""
    import statistics
    import time

    from api.settings import get_settings

    monkeypatch.setenv("FRONTDOOR_RATE_LIMITS", '{"login": [1000, 60]}')
    get_settings.cache_clear()
    make_user("agent", "cas@example.be")

    def median(email):
        times = []
        for i in range(4):  # under the lockout threshold
            t = time.perf_counter()
            assert _login(client, email, f"wrong-{i}").status_code == 401
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    known, unknown = median("cas@example.be"), median("nobody-at-all@example.be")
    assert 0.5 < unknown / known < 2, (known, unknown)


def test_tokens_expire_and_can_be_rotated(client, make_user, monkeypatch):
    from datetime import datetime, timedelta

    from api.auth import service
    from api.auth.models import User
    from api.db import new_session, utcnow
    from api.errors import Unauthorized

    make_user("agent", "dina@example.be")
    body = _login(client, "dina@example.be", "correct horse battery").json()
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(hours=11) < expires - utcnow() <= timedelta(hours=12)
    old = {"Authorization": f"Bearer {body['token']}"}
    rotated = client.post("/auth/rotate", headers=old)
    assert rotated.status_code == 200
    new = {"Authorization": f"Bearer {rotated.json()['token']}"}
    assert client.get("/auth/me", headers=old).status_code == 401  # the rotated token stops working
    assert client.get("/auth/me", headers=new).json()["email"] == "dina@example.be"
    with new_session() as db:
        user = db.query(User).filter_by(email="dina@example.be").one()
        short = service.issue_token(db, user, "test", hours=1)
        db.commit()
        assert service.user_for_token(db, short).email == "dina@example.be"
        with pytest.raises(Unauthorized):
            service.user_for_token(db, short, now=utcnow() + timedelta(hours=1, seconds=1))


def test_a_failure_counted_meanwhile_by_another_request_is_added_to_not_lost(settings):
    """Two first failures for one address at once: the second finds the row the first just inserted, and counts on
    it (no 500 from a duplicate key, no failure lost)."""
    from api.auth import service
    from api.auth.models import LoginFailure
    from api.db import new_session, utcnow

    key = service._failure_key("race@example.be")
    with new_session() as other:  # the concurrent request got there first
        other.add(LoginFailure(key=key, failures=3, last_at=utcnow()))
        other.commit()
    with new_session() as db:  # this request had read "no row" before that
        service._count_failure(db, key, None, utcnow())
    with new_session() as db:
        assert db.get(LoginFailure, key).failures == 4
