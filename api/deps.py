"""Typed dependencies shared by every router."""
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.auth import service as auth
from api.auth.models import User
from api.clock import Clock, get_clock
from api.db import get_db
from api.errors import Forbidden, Unauthorized

DbSession = Annotated[Session, Depends(get_db)]
ClockDep = Annotated[Clock, Depends(get_clock)]

_bearer = HTTPBearer(auto_error=False)


def current_user(db: DbSession, cred: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User:
    if cred is None:
        raise Unauthorized("This needs an API token: 'Authorization: Bearer <token>'.", "missing_token")
    return auth.user_for_token(db, cred.credentials)


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(*roles: str):
    """A dependency that lets through the given roles, and admin."""

    def check(user: CurrentUser) -> User:
        if user.role != "admin" and user.role not in roles:
            raise Forbidden(f"This needs the role {' or '.join(roles)}.", "wrong_role")
        return user

    return check


Editor = Annotated[User, Depends(require_role("editor"))]
Agent = Annotated[User, Depends(require_role("agent", "service_manager"))]
ServiceManager = Annotated[User, Depends(require_role("service_manager"))]
# who reads the desk's analytics: the people who answer (agents, service managers) and who write the FAQ (editors)
Analyst = Annotated[User, Depends(require_role("agent", "service_manager", "editor"))]
