"""Office hours as a visitor hears them: open or not, when it opens, whom to call, in their language."""
from datetime import datetime, timezone

from api.hours import messages
from api.hours.calendar import BRUSSELS, Calendar
from api.hours.facts import desk_facts
from api.hours.office_hours import closes_at, next_opening
from api.hours.schemas import OfficeHoursOut


def report(now: datetime, lang: str, cal: Calendar) -> OfficeHoursOut:
    """Everything GET /office-hours answers, for the time `now` (aware) and a served language."""
    facts = desk_facts(lang, cal)  # the hours and numbers as every other text states them
    today = now.astimezone(BRUSSELS).date()
    phones = {
        "phone": facts["phone"],
        "phone_language": messages.text(lang, "language_of_phone"),
        "other_phone": facts["other_phone"],
        "other_phone_language": messages.text(lang, "language_of_other_phone"),
    }
    opening = next_opening(now, cal)
    closing = closes_at(now, cal)
    when = messages.moment(opening.astimezone(BRUSSELS), today, lang) if opening else None
    if closing is not None:
        message = messages.text(lang, "open", closes=facts["closes"], **phones)
    elif when is not None:
        message = messages.text(lang, "closed", when=when, **phones)
    else:
        message = messages.text(lang, "closed_no_opening")
    return OfficeHoursOut(
        open=closing is not None, now=now.astimezone(timezone.utc),
        next_opening=opening, closes_at=closing, next_opening_text=when,
        phone=facts["phone"], phones={"nl": facts["phone_nl"], "fr": facts["phone_fr"]}, message=message,
        hours=messages.text(lang, "hours", opens=facts["opens"], closes=facts["closes"]),
    )
