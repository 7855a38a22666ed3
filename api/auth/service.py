"""Accounts and revocable, expiring API tokens. Passwords hashed with argon2; tokens stored as SHA-256.

Login: an unknown address costs the same argon2 verification as a known one (no timing oracle), and failures
per address lock it with a doubling backoff from the LOCK_AFTER-th one (known or unknown, so a lockout reveals
nothing); while locked even the right password is refused.
"""
import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.auth.models import ROLES, ApiToken, LoginFailure, User
from api.db import utcnow
from api.errors import Conflict, Invalid, NotFound, TooMany, Unauthorized
from api.settings import get_settings

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))  # verified for unknown addresses: the same work and time
LOCK_AFTER = 5  # failures before the first lockout
LOCK_FIRST = timedelta(minutes=1)  # doubled with every further failure
LOCK_MAX = timedelta(hours=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(db: Session, email: str, password: str, role: str, name: str = "") -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise Invalid(f"Unknown role '{role}'; choose one of {', '.join(ROLES)}.", "unknown_role")
    if len(password) < 10:
        raise Invalid("A password needs at least 10 characters.", "weak_password")
    if db.scalar(select(User).where(User.email == email)):
        raise Conflict(f"A user with e-mail {email} exists already.", "user_exists")
    user = User(email=email, name=name, role=role, password_hash=_hasher.hash(password))
    db.add(user)
    db.flush()
    return user


def issue_token(db: Session, user: User, label: str = "", now: datetime | None = None,
                hours: float | None = None) -> str:
    """Returns the token once; only its digest is kept. It expires after `hours` (FRONTDOOR_TOKEN_HOURS)."""
    now = now or utcnow()
    token = "fd_" + secrets.token_urlsafe(32)
    lifetime = timedelta(hours=get_settings().token_hours if hours is None else hours)
    db.add(ApiToken(user_id=user.id, token_hash=_digest(token), label=label, created_at=now, expires_at=now + lifetime))
    db.flush()
    return token


def _failure_key(email: str) -> str:
    return _digest("login:" + email.strip().lower())


def _count_failure(db: Session, key: str, failure: LoginFailure | None, now: datetime) -> None:
    """One more failure for the address, committed at once (the request itself fails); a concurrent first failure
    for the same address (its row inserted meanwhile) is counted on that row."""
    for _ in range(2):
        failure = failure or LoginFailure(key=key, failures=0)
        failure.failures += 1
        failure.last_at = now
        if failure.failures >= LOCK_AFTER:
            failure.locked_until = now + min(LOCK_MAX, LOCK_FIRST * 2 ** (failure.failures - LOCK_AFTER))
        db.add(failure)
        try:
            db.commit()
            return
        except IntegrityError:
            db.rollback()
            failure = db.get(LoginFailure, key)


def login(db: Session, email: str, password: str, label: str = "login", now: datetime | None = None) -> str:
    now = now or utcnow()
    key = _failure_key(email)
    failure = db.get(LoginFailure, key)
    if failure is not None and failure.locked_until is not None and failure.locked_until > now:
        raise TooMany(int((failure.locked_until - now).total_seconds()) + 1, "Te veel mislukte aanmeldingen",
                      "Trop d'échecs de connexion", "login_locked")
    user = db.scalar(select(User).where(User.email == email.strip().lower(), User.active.is_(True)))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        if user is None:
            raise VerifyMismatchError
    except VerifyMismatchError:
        _count_failure(db, key, failure, now)
        raise Unauthorized("Wrong e-mail address or password.", "bad_credentials") from None
    if failure is not None:
        db.delete(failure)
    return issue_token(db, user, label, now)


def user_for_token(db: Session, token: str, now: datetime | None = None) -> User:
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None)))
    expired = row is not None and row.expires_at is not None and row.expires_at <= (now or utcnow())
    user = db.get(User, row.user_id) if row and not expired else None
    if user is None or not user.active:
        raise Unauthorized("Missing, unknown, expired or revoked token.", "bad_token")
    return user


def rotate_token(db: Session, token: str, now: datetime | None = None) -> tuple[str, datetime]:
    """A new token for the same account (with a fresh lifetime); the one presented is revoked."""
    now = now or utcnow()
    user = user_for_token(db, token, now)
    old = db.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    old.revoked_at = now
    new = issue_token(db, user, old.label, now)
    return new, expiry(db, new)


def expiry(db: Session, token: str) -> datetime | None:
    return db.scalar(select(ApiToken.expires_at).where(ApiToken.token_hash == _digest(token)))


def revoke_token(db: Session, token: str) -> None:
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None:
        raise NotFound("Unknown token.")
    row.revoked_at = row.revoked_at or utcnow()
