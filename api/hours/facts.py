"""The desk's facts as every text states them: office hours (from the calendar), the phone numbers and the days
before a ticket closes (from the settings). E-mails, the chat's own messages, the demo page and the bot's texts
all take them from here, never from a copied literal."""
from api.hours.calendar import Calendar, current_calendar
from api.hours.messages import clock_time
from api.settings import get_settings


def desk_facts(lang: str, cal: Calendar | None = None) -> dict[str, str]:
    """{opens, closes, phone, other_phone, phone_nl, phone_fr, autoclose_days}, written for `lang`."""
    cal = cal or current_calendar()
    settings = get_settings()
    phones = settings.phones
    other = "fr" if lang == "nl" else "nl"
    return {"opens": clock_time(cal.opens, lang), "closes": clock_time(cal.closes, lang), "phone": phones[lang],
            "other_phone": phones[other], "phone_nl": phones["nl"], "phone_fr": phones["fr"],
            "autoclose_days": str(settings.autoclose_working_days)}


def all_facts() -> dict[str, dict[str, str]]:
    return {lang: desk_facts(lang) for lang in ("nl", "fr")}
