"""GET /metrics in Prometheus' text format, for the operators' scraper.

Per process (each API replica counts its own; sum them in PromQL, e.g. `sum by (route) (...)`): request latency per
route template, FAQ search decisions, the routes chat turns took, degraded turns. From the database (the same on
every replica): the outbox backlog. Labels are route templates and fixed names only: no path, query or text.

Not public: a Bearer token, either `FRONTDOOR_METRICS_TOKEN` (for the scraper) or an admin's or agent's API token.
"""
import hmac
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Receive, Scope, Send

from api.auth import service as auth
from api.deps import DbSession
from api.errors import DomainError, Forbidden, Unauthorized
from api.ratelimit import limited
from api.settings import get_settings

REGISTRY = CollectorRegistry()
LATENCY = Histogram("frontdoor_http_request_duration_seconds", "Time to answer a request, per route template",
                    ["method", "route"], registry=REGISTRY)
SEARCHES = Counter("frontdoor_faq_searches", "FAQ searches logged, per decision of the index", ["decision"],
                   registry=REGISTRY)
CHAT_TURNS = Counter("frontdoor_chat_turns", "Chat turns, per route taken", ["route"], registry=REGISTRY)
DEGRADED_TURNS = Counter("frontdoor_chat_degraded_turns", "Chat turns answered without Rasa", registry=REGISTRY)
OUTBOX_BACKLOG = Gauge("frontdoor_mail_outbox_backlog", "E-mails not sent yet (pending or being sent)",
                       registry=REGISTRY)

NO_TOKEN = ("Deze metingen vragen een token: 'Authorization: Bearer <token>'. / "
            "Ces mesures demandent un jeton : 'Authorization: Bearer <jeton>'.")
WRONG_ROLE = ("De metingen zijn voor beheerders en medewerkers van de servicedesk. / "
              "Les mesures sont réservées aux administrateurs et aux agents du service desk.")
READERS = ("admin", "agent", "service_manager")

router = APIRouter(tags=["ops"])
_bearer = HTTPBearer(auto_error=False)


def _route_of(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return "unmatched"
    return path or "static"  # the static files' mount has the empty path


class RequestLatency:
    """Pure ASGI middleware: observes each HTTP request's duration under its route template."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            LATENCY.labels(scope["method"], _route_of(scope)).observe(time.perf_counter() - start)


def metrics_reader(db: DbSession, cred: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """The scraper's token, or the API token of an admin or an agent (an editor gets 403); anyone else 401."""
    token = cred.credentials if cred else ""
    expected = get_settings().metrics_token
    if expected and hmac.compare_digest(token.encode(), expected.encode()):
        return
    if token:
        try:
            user = auth.user_for_token(db, token)
        except DomainError:
            user = None
        if user is not None and user.role not in READERS:
            raise Forbidden(WRONG_ROLE, "wrong_role")
        if user is not None:
            return
    raise Unauthorized(NO_TOKEN, "metrics_token_required")


@router.get("/metrics", response_class=Response, dependencies=[Depends(limited("read")), Depends(metrics_reader)],
            responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                             "description": "Prometheus text format"}})
def metrics(db: DbSession) -> Response:
    from api.mail import service as mail

    OUTBOX_BACKLOG.set(mail.backlog(db))
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
