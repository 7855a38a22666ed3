"""What a visitor reads about office hours, in Dutch and French: one catalogue, phrased with Babel.

Dates read as people write them: "maandag 1 december om 8.30 uur", "lundi 1er décembre à 8h30",
or "morgen om 8.30 uur" / "demain à 8h30" when the opening is tomorrow.
"""
from __future__ import annotations

from datetime import date, datetime, time

from babel.dates import format_date, format_time

LANGUAGES = ("nl", "fr")

CATALOGUE: dict[str, dict[str, str]] = {
    "nl": {
        "locale": "nl_BE",
        # Babel patterns
        "date": "EEEE d MMMM",
        "date_first_of_month": "EEEE d MMMM",
        "time": "H.mm 'uur'",
        "time_on_the_hour": "H 'uur'",
        # sentence fragments
        "today": "vandaag",
        "tomorrow": "morgen",
        "when": "{day} om {time}",
        "language_of_phone": "in het Nederlands",
        "language_of_other_phone": "in het Frans",
        # ready sentences
        "hours": "De Service Desk is telefonisch bereikbaar op federale werkdagen van {opens} tot {closes}.",
        "open": "De Service Desk is nu telefonisch bereikbaar, tot {closes}. "
                "Bel nu {phone} ({phone_language}) of {other_phone} ({other_phone_language}).",
        "closed": "De telefonische lijn van de Service Desk is nu gesloten. "
                  "U kunt ons opnieuw bellen vanaf {when}, op {phone} ({phone_language}) "
                  "of {other_phone} ({other_phone_language}). "
                  "U kunt de details van uw vraag ook nu al achterlaten: dan registreren we ze als ticket "
                  "en ontvangt u het ticketnummer via e-mail.",
        "closed_no_opening": "De telefonische lijn van de Service Desk is nu gesloten. "
                             "U kunt de details van uw vraag achterlaten: dan registreren we ze als ticket "
                             "en ontvangt u het ticketnummer via e-mail.",
    },
    "fr": {
        "locale": "fr_BE",
        "date": "EEEE d MMMM",
        "date_first_of_month": "EEEE d'er' MMMM",
        "time": "H'h'mm",
        "time_on_the_hour": "H'h'",
        "today": "aujourd'hui",
        "tomorrow": "demain",
        "when": "{day} à {time}",
        "language_of_phone": "en français",
        "language_of_other_phone": "en néerlandais",
        "hours": "Le Service Desk est joignable par téléphone les jours ouvrables fédéraux de {opens} à {closes}.",
        "open": "Le Service Desk est joignable par téléphone maintenant, jusqu'à {closes}. "
                "Appelez le {phone} ({phone_language}) ou le {other_phone} ({other_phone_language}).",
        "closed": "La ligne téléphonique du Service Desk est fermée pour le moment. "
                  "Vous pourrez à nouveau nous appeler {when}, au {phone} ({phone_language}) "
                  "ou au {other_phone} ({other_phone_language}). "
                  "Vous pouvez aussi nous laisser dès maintenant les détails de votre demande : "
                  "nous les enregistrerons dans un ticket et vous recevrez son numéro par e-mail.",
        "closed_no_opening": "La ligne téléphonique du Service Desk est fermée pour le moment. "
                             "Vous pouvez nous laisser les détails de votre demande : nous les enregistrerons "
                             "dans un ticket et vous recevrez son numéro par e-mail.",
    },
}


def text(lang: str, key: str, **values: str) -> str:
    return CATALOGUE[lang][key].format(**values)


def clock_time(wall: time, lang: str) -> str:
    """8.30 uur / 8h30; on the hour 17 uur / 17h."""
    entry = CATALOGUE[lang]
    pattern = entry["time_on_the_hour"] if wall.minute == 0 else entry["time"]
    return format_time(wall, pattern, locale=entry["locale"])


def day_name(day: date, today: date, lang: str) -> str:
    """vandaag / morgen / maandag 1 december; aujourd'hui / demain / lundi 1er décembre."""
    entry = CATALOGUE[lang]
    delta = (day - today).days
    if delta == 0:
        return entry["today"]
    if delta == 1:
        return entry["tomorrow"]
    pattern = entry["date_first_of_month"] if day.day == 1 else entry["date"]
    return format_date(day, pattern, locale=entry["locale"])


def moment(local: datetime, today: date, lang: str) -> str:
    """A Brussels wall-clock moment as a sentence fragment: "maandag 1 december om 8.30 uur"."""
    return text(lang, "when", day=day_name(local.date(), today, lang), time=clock_time(local.time(), lang))
