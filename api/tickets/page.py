"""The requester's ticket page: what the link in every e-mail opens in a browser (JSON stays for API clients).

Texts come from templates/texts.yaml (NL/FR); everything from the ticket is HTML-escaped. The form posts
JSON to POST /tickets/{number}/messages with the same token, so there is one way to add information.
"""
import html
import json
from functools import lru_cache
from pathlib import Path
from string import Template

import yaml
from babel.dates import format_datetime

from api.tickets.models import Ticket, TicketMessage
from api.tickets.service import BRUSSELS

HERE = Path(__file__).parent / "templates"
LOCALES = {"nl": "nl_BE", "fr": "fr_BE"}


@lru_cache
def texts(language: str) -> dict:
    return yaml.safe_load((HERE / "texts.yaml").read_text(encoding="utf-8"))[language]


def _when(at, language: str) -> str:
    return format_datetime(at.astimezone(BRUSSELS), "d MMMM y HH:mm", locale=LOCALES[language])


def render(ticket: Ticket, messages: list[TicketMessage], token: str, nonce: str) -> str:
    """The page; its one style and one script carry `nonce`, the only ones its Content-Security-Policy allows."""
    t, lang, e = texts(ticket.language), ticket.language, html.escape
    number = {"number": ticket.number}
    rows = "".join(
        f'<li class="{e(m.author)}"><strong>{e(t[m.author])}</strong> <time>{e(_when(m.created_at, lang))}</time>'
        f"<p>{e(m.text)}</p></li>" for m in messages)
    if ticket.status == "closed":
        action = f'<p class="note">{e(Template(t["closed_note"]).substitute(number))}</p>'
    else:
        note = ""
        if ticket.autoclose_at is not None:
            note = e(Template(t["autoclose_note"]).substitute(deadline=_when(ticket.autoclose_at, lang)))
            note = f'<p class="note">{note}</p>'
        action = (f'{note}<form id="add"><label for="text">{e(t["add"])}</label>'
                  f'<p class="hint">{e(t["add_hint"])}</p><textarea id="text" name="text" rows="6" maxlength="10000" required>'
                  f'</textarea><button type="submit">{e(t["send"])}</button><p id="result" role="status"></p></form>')
    data = json.dumps({"url": f"/tickets/{ticket.number}/messages", "token": token, "sent": t["sent"],
                       "failed": t["failed"]}).replace("<", "\\u003c")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(Template(t["title"]).substitute(number))}</title>
<style nonce="{nonce}">body{{font-family:sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.45}}
li{{list-style:none;border-left:4px solid #888;padding:.2rem .8rem;margin:.8rem 0}} li.agent{{border-color:#1f5fa8}}
textarea{{width:100%}} .note,.hint{{color:#444}} dt{{font-weight:bold}}</style></head>
<body><main><h1>{e(Template(t["title"]).substitute(number))}</h1>
<dl><dt>{e(t["subject"])}</dt><dd>{e(ticket.subject)}</dd><dt>{e(t["status"])}</dt>
<dd>{e(t["statuses"][ticket.status])}</dd><dt>{e(t["opened"])}</dt><dd>{e(_when(ticket.created_at, lang))}</dd></dl>
<h2>{e(t["description"])}</h2><p>{e(ticket.description)}</p>
<h2>{e(t["history"])}</h2><ul>{rows}</ul>{action}</main>
<script nonce="{nonce}">const FD = {data};
const form = document.getElementById("add");
if (form) form.addEventListener("submit", async (ev) => {{
  ev.preventDefault();
  const out = document.getElementById("result");
  const r = await fetch(FD.url, {{method: "POST", headers: {{"Content-Type": "application/json"}},
    body: JSON.stringify({{token: FD.token, text: document.getElementById("text").value}})}});
  out.textContent = r.ok ? FD.sent : FD.failed;
  if (r.ok) setTimeout(() => location.reload(), 800);
}});</script></body></html>
"""
