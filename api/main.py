"""The FastAPI application: one backend for the widget, the bot's actions, agents and editors."""
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api import errors, openapi
from api.analytics.views import router as analytics_router
from api.headers import SecurityHeaders
from api.auth.views import router as auth_router
from api.chat.views import router as chat_router
from api.clock import test_router
from api.demo import router as demo_router
from api.faq.views import router as faq_router
from api.hours.views import router as hours_router
from api.inbound.views import router as inbound_router
from api.metrics import RequestLatency
from api.metrics import router as metrics_router
from api.ops import router as ops_router
from api.settings import get_settings
from api.tickets.canned import router as canned_router
from api.tickets.views import router as tickets_router

STATIC = Path(__file__).parent / "static"


@asynccontextmanager
async def lifespan(app: FastAPI):
    from api import lifecycle

    async with lifecycle.running(app):
        yield


def create_app() -> FastAPI:
    app = FastAPI(title="Frontdoor", version="0.1.0", lifespan=lifespan)
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLatency)
    if get_settings().widget_origins:  # sites that embed widget.js from another origin
        app.add_middleware(CORSMiddleware, allow_origins=get_settings().widget_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Content-Type", "Idempotency-Key"])
    for router in (auth_router, faq_router, tickets_router, canned_router, hours_router, chat_router, ops_router,
                   metrics_router, analytics_router, inbound_router, demo_router):
        app.include_router(router)
    if get_settings().test_clock:
        app.include_router(test_router)

    app.mount("/", StaticFiles(directory=STATIC, html=True), name="static")
    openapi.install(app)
    return app


app = create_app()
