"""The requester's ticket page: what the link in every e-mail opens in a browser (JSON stays for API clients).

It looks like the desk's contact page (the demo page's stylesheet, demo.css) and has its NL/FR switch: the page is
in the ticket's language unless `?lang=` asks for the other one. Texts come from templates/texts.yaml (NL/FR);
everything from the ticket is HTML-escaped. The form posts JSON to POST /tickets/{number}/messages with the same
token, so there is one way to add information. No inline style; the one script carries the response's nonce.
"""
import html
import json
from functools import lru_cache
from pathlib import Path
from string import Template
from urllib.parse import urlencode

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


def _language_switch(token: str, lang: str) -> str:
    """NL | FR as on the demo page; each link is this page (same token) in that language."""
    e = html.escape
    items = "".join(
        f'<li><a href="?{e(urlencode({"token": token, "lang": code}))}" hreflang="{code}" lang="{code}" '
        f'title="{e(texts(code)["language_name"])}" aria-current="{str(code == lang).lower()}">{code.upper()}</a></li>'
        for code in LOCALES)
    return f'<nav aria-label="{e(texts(lang)["language_switch"])}"><ul class="langswitch">{items}</ul></nav>'


def _history(messages: list[TicketMessage], t: dict, lang: str) -> str:
    """The messages under their heading; nothing at all (no empty heading) before the first one."""
    if not messages:
        return ""
    e = html.escape
    rows = "".join(
        f'<li class="{e(m.author)}"><strong>{e(t[m.author])}</strong> <time>{e(_when(m.created_at, lang))}</time>'
        f'<p class="ticket-text">{e(m.text)}</p></li>' for m in messages)
    return f'<h2>{e(t["history"])}</h2><ul class="ticket-messages">{rows}</ul>'


def _action(ticket: Ticket, t: dict, lang: str) -> str:
    """The form to add information, or why there is none (closed)."""
    e = html.escape
    if ticket.status == "closed":
        return f'<p class="note">{e(Template(t["closed_note"]).substitute(number=ticket.number))}</p>'
    note = ""
    if ticket.autoclose_at is not None:
        note = e(Template(t["autoclose_note"]).substitute(deadline=_when(ticket.autoclose_at, lang)))
        note = f'<p class="note">{note}</p>'
    return (f'{note}<form id="add" class="ticket-add">'
            f'<div class="field"><label for="text">{e(t["add"])}</label><span class="hint" id="text-hint">'
            f'{e(t["add_hint"])}</span><textarea id="text" name="text" rows="6" maxlength="10000" required '
            f'aria-describedby="text-hint"></textarea></div><div class="form-actions"><button type="submit">'
            f'{e(t["send"])}</button></div><p id="result" class="form-result" role="status" tabindex="-1"></p></form>')


def render(ticket: Ticket, messages: list[TicketMessage], token: str, nonce: str, lang: str | None = None) -> str:
    """The page in `lang` (else the ticket's language); its one script carries `nonce`, the only one its
    Content-Security-Policy allows."""
    lang = lang if lang in LOCALES else ticket.language
    t, e = texts(lang), html.escape
    title = e(Template(t["title"]).substitute(number=ticket.number))
    data = json.dumps({"url": f"/tickets/{ticket.number}/messages", "token": token, "sent": t["sent"],
                       "failed": t["failed"]}).replace("<", "\\u003c")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Service Desk</title><link rel="stylesheet" href="/demo.css"></head>
<body><a class="skip" href="#content">{e(t["skip"])}</a>
<header class="masthead"><div class="wrap"><span class="brand"><span class="brand-mark" aria-hidden="true">DT</span>
<span><span class="brand-name">{e(t["organisation"])}</span><span class="brand-sub">Service Desk</span></span></span>
{_language_switch(token, lang)}</div></header>
<main id="content"><div class="wrap ticket"><h1>{title}</h1>
<dl class="ticket-facts"><dt>{e(t["subject"])}</dt><dd>{e(ticket.subject)}</dd><dt>{e(t["status"])}</dt>
<dd>{e(t["statuses"][ticket.status])}</dd><dt>{e(t["opened"])}</dt><dd>{e(_when(ticket.created_at, lang))}</dd></dl>
<h2>{e(t["description"])}</h2><p class="ticket-text">{e(ticket.description)}</p>
{_history(messages, t, lang)}{_action(ticket, t, lang)}</div></main>
<script nonce="{nonce}">const FD = {data};
const form = document.getElementById("add");
if (form) form.addEventListener("submit", async (ev) => {{
  ev.preventDefault();
  const out = document.getElementById("result");
  let ok = false;
  try {{
    const r = await fetch(FD.url, {{method: "POST", headers: {{"Content-Type": "application/json"}},
      body: JSON.stringify({{token: FD.token, text: document.getElementById("text").value}})}});
    ok = r.ok;
  }} catch (e) {{ /* the network: same message as a refusal */ }}
  out.className = "form-result " + (ok ? "ok" : "fail");
  out.textContent = ok ? FD.sent : FD.failed;
  if (ok) setTimeout(() => location.reload(), 800);
}});</script></body></html>
"""
