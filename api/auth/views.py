from fastapi import APIRouter
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field

from api.auth import service
from api.deps import CurrentUser, DbSession, _bearer
from api.ratelimit import limited
from fastapi import Depends

router = APIRouter(prefix="/auth", tags=["auth"])


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=200)


@router.post("/login", dependencies=[Depends(limited("login"))])
def login(body: LoginIn, db: DbSession) -> dict:
    """A token for the console or a script, valid FRONTDOOR_TOKEN_HOURS; failures lock the address (429)."""
    token = service.login(db, body.email, body.password)
    db.commit()
    return {"token": token, "token_type": "bearer", "expires_at": service.expiry(db, token)}


@router.post("/rotate")
def rotate(_: CurrentUser, db: DbSession, cred: HTTPAuthorizationCredentials = Depends(_bearer)) -> dict:
    """A new token with a fresh lifetime; the one presented stops working."""
    token, expires_at = service.rotate_token(db, cred.credentials)
    db.commit()
    return {"token": token, "token_type": "bearer", "expires_at": expires_at}


@router.get("/me")
def me(user: CurrentUser) -> dict:
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role}


@router.post("/logout", status_code=204)
def logout(user: CurrentUser, db: DbSession, cred: HTTPAuthorizationCredentials = Depends(_bearer)) -> None:
    service.revoke_token(db, cred.credentials)
    db.commit()
