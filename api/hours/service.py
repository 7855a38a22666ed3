"""Office hours as a visitor hears them: open or not, when it opens, whom to call, in their language."""
from datetime import datetime, timezone

from api.hours import messages
from api.hours.calendar import BRUSSELS, Calendar
from api.hours.office_hours import closes_at, next_opening
from api.settings import get_settings
from api.hours.schemas import OfficeHoursOut


def report(now: datetime, lang: str, cal: Calendar) -> OfficeHoursOut:
    """Everything GET /office-hours answers, for the time `now` (aware) and a served language."""
    other = "fr" if lang == "nl" else "nl"
    PHONES = get_settings().phones
    today = now.astimezone(BRUSSELS).date()
    phones = {
        "phone": PHONES[lang],
        "phone_language": messages.text(lang, "language_of_phone"),
        "other_phone": PHONES[other],
        "other_phone_language": messages.text(lang, "language_of_other_phone"),
    }
    opening = next_opening(now, cal)
    closing = closes_at(now, cal)
    when = messages.moment(opening.astimezone(BRUSSELS), today, lang) if opening else None
    if closing is not None:
        message = messages.text(lang, "open", closes=messages.clock_time(cal.closes, lang), **phones)
    elif when is not None:
        message = messages.text(lang, "closed", when=when, **phones)
    else:
        message = messages.text(lang, "closed_no_opening")
    return OfficeHoursOut(
        open=closing is not None, now=now.astimezone(timezone.utc),
        next_opening=opening, closes_at=closing, next_opening_text=when,
        phone=PHONES[lang], phones=dict(PHONES), message=message,
        hours=messages.text(lang, "hours", opens=messages.clock_time(cal.opens, lang),
                            closes=messages.clock_time(cal.closes, lang)),
    )
