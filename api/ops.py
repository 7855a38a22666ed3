"""Liveness and readiness, for a supervisor or a load balancer.

`/healthz` is liveness: the process answers (cheap, touches nothing). `/readyz` is readiness: the database answers,
the FAQ index is loaded, and Rasa answers its status with our token; 503 with what is not ready, so a balancer
sends visitors elsewhere. It names components, nothing else.
"""
import httpx
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.db import new_session
from api.ratelimit import limited
from api.settings import get_settings

router = APIRouter(tags=["ops"])


@router.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}


def _database() -> bool:
    try:
        with new_session() as db:
            db.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001  (any failure means: not ready)
        return False


def _index() -> bool:
    from api.faq import index_holder

    return index_holder.is_loaded()


def _rasa() -> bool:
    settings = get_settings()
    try:
        r = httpx.get(f"{settings.rasa_url.rstrip('/')}/status", params={"token": settings.rasa_token}, timeout=2)
        return r.status_code == 200 and bool(r.json().get("model_file"))
    except (httpx.HTTPError, ValueError):
        return False


@router.get("/readyz", dependencies=[Depends(limited("read"))],
            responses={503: {"description": "Not ready: the components that are not"}})
def readyz():
    checks = {"database": _database(), "index": _index(), "rasa": _rasa()}
    body = {"status": "ready" if all(checks.values()) else "not_ready",
            "checks": {name: "ok" if ok else "failing" for name, ok in checks.items()}}
    return JSONResponse(body, status_code=200 if all(checks.values()) else 503)
