"""The demo page (the desk's contact page with the widget): its hours, phone numbers and closing days are filled
in from the settings and the calendar (api/hours/facts.py) each time it is served."""
import html
import re
from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from api import ratelimit
from api.hours.facts import all_facts
from api.settings import get_settings

PAGE = Path(__file__).parent / "static" / "index.html"
router = APIRouter(include_in_schema=False, dependencies=[Depends(ratelimit.limited("read"))])


def tel(phone: str) -> str:
    """A Belgian number as a tel: link: 02 740 79 93 -> +3227407993."""
    digits = re.sub(r"\D", "", phone)
    return "+32" + digits[1:] if digits.startswith("0") else "+" + digits


def render() -> str:
    values = {f"{key}_{lang}": value for lang, facts in all_facts().items() for key, value in facts.items()}
    values.update(tel_nl=tel(values["phone_nl_nl"]), tel_fr=tel(values["phone_fr_nl"]),
                  phone_nl=values["phone_nl_nl"], phone_fr=values["phone_fr_nl"],
                  autoclose_days=str(get_settings().autoclose_working_days))
    return re.sub(r"\{\{(\w+)\}\}", lambda m: html.escape(values[m.group(1)]), PAGE.read_text(encoding="utf-8"))


@router.get("/", response_class=HTMLResponse)
@router.get("/index.html", response_class=HTMLResponse)
def page() -> HTMLResponse:
    return HTMLResponse(render())
