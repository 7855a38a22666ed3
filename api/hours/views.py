"""GET /office-hours: public; the widget and the bot's actions ask it before sending anyone to the phone."""
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.deps import ClockDep
from api.errors import Invalid
from api.hours import service
from api.hours.calendar import current_calendar
from api.hours.messages import LANGUAGES
from api.hours.schemas import OfficeHoursOut
from api.ratelimit import limited

router = APIRouter(tags=["hours"])


@router.get("/office-hours", response_model=OfficeHoursOut, dependencies=[Depends(limited("read"))])
def office_hours(clock: ClockDep, lang: Annotated[str, Query(description="nl or fr")]) -> OfficeHoursOut:
    if lang not in LANGUAGES:
        raise Invalid(f"Unknown language '{lang[:20]}': use lang=nl or lang=fr.", "unknown_language")
    return service.report(clock(), lang, current_calendar())
