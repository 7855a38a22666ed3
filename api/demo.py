"""The demo page (the desk's contact page with the widget): its hours, phone numbers and closing days are filled
in from the settings and the calendar (api/hours/facts.py) each time it is served."""
import html
import re
from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from api import ratelimit
from api.hours.facts import all_facts

PAGE = Path(__file__).parent / "static" / "index.html"
router = APIRouter(include_in_schema=False, dependencies=[Depends(ratelimit.limited("read"))])


def tel(phone: str) -> str:
    """A Belgian number as a tel: link: 02 740 79 93 -> +3227407993."""
    digits = re.sub(r"\D", "", phone)
    return "+32" + digits[1:] if digits.startswith("0") else "+" + digits


def render() -> str:
    """The page with {{opens_nl}}, {{closes_fr}} ... filled in; the facts that do not depend on the language
    ({{phone_nl}}, {{phone_fr}}, {{autoclose_days}}) without a suffix, and the numbers as tel: links."""
    facts = all_facts()
    values = {f"{key}_{lang}": value for lang, written in facts.items() for key, value in written.items()}
    same = facts["nl"]
    values.update(phone_nl=same["phone_nl"], phone_fr=same["phone_fr"], autoclose_days=same["autoclose_days"],
                  tel_nl=tel(same["phone_nl"]), tel_fr=tel(same["phone_fr"]))
    return re.sub(r"\{\{(\w+)\}\}", lambda m: html.escape(values[m.group(1)]), PAGE.read_text(encoding="utf-8"))


@router.get("/", response_class=HTMLResponse)
@router.get("/index.html", response_class=HTMLResponse)
def page() -> HTMLResponse:
    return HTMLResponse(render())
