"""Accounts and revocable API tokens. Passwords hashed with argon2; tokens stored as SHA-256."""
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.models import ROLES, ApiToken, User
from api.db import utcnow
from api.errors import Conflict, Invalid, NotFound, Unauthorized

_hasher = PasswordHasher()


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


def issue_token(db: Session, user: User, label: str = "") -> str:
    """Returns the token once; only its digest is kept."""
    token = "fd_" + secrets.token_urlsafe(32)
    db.add(ApiToken(user_id=user.id, token_hash=_digest(token), label=label))
    db.flush()
    return token


def login(db: Session, email: str, password: str, label: str = "login") -> str:
    user = db.scalar(select(User).where(User.email == email.strip().lower(), User.active.is_(True)))
    try:
        if user is None:
            raise VerifyMismatchError
        _hasher.verify(user.password_hash, password)
    except VerifyMismatchError:
        raise Unauthorized("Wrong e-mail address or password.", "bad_credentials")
    return issue_token(db, user, label)


def user_for_token(db: Session, token: str) -> User:
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None)))
    user = db.get(User, row.user_id) if row else None
    if user is None or not user.active:
        raise Unauthorized("Missing, unknown or revoked token.", "bad_token")
    return user


def revoke_token(db: Session, token: str) -> None:
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None:
        raise NotFound("Unknown token.")
    row.revoked_at = row.revoked_at or utcnow()
