""""Now" as a dependency, so tests can pin the time (PUT /_test/clock when FRONTDOOR_TEST_CLOCK=true)."""
from datetime import datetime, timezone
from typing import Callable

from fastapi import APIRouter
from pydantic import BaseModel, field_validator

Clock = Callable[[], datetime]

_pinned: datetime | None = None  # only ever set through the test router


def system_clock() -> datetime:
    return _pinned or datetime.now(timezone.utc)


def get_clock() -> Clock:
    return system_clock


class PinClock(BaseModel):
    at: datetime | None  # None unpins

    @field_validator("at")
    @classmethod
    def _aware(cls, v: datetime | None) -> datetime | None:
        if v is not None and v.tzinfo is None:
            raise ValueError("give a timezone, e.g. 2026-12-01T09:00:00+01:00")
        return v


test_router = APIRouter(prefix="/_test", tags=["test"])


@test_router.put("/clock")
def pin_clock(body: PinClock) -> dict:
    global _pinned
    _pinned = body.at.astimezone(timezone.utc) if body.at else None
    return {"now": system_clock().isoformat()}
