"""Configuration in one place: change the office hours (calendar), the phone numbers and the days before a ticket
closes (settings), and every channel's text says the new values: e-mails, the office-hours answer, the chat's own
messages, the demo page and its form, and the bot's texts (filled by Rasa's own response generator)."""
import json
import re
import subprocess
import sys

import pytest

from api import runner
from api.db import new_session
from api.mail.models import OutboxEmail
from api.settings import get_settings
from tests.api.tickets.helpers import create
from tests.conftest import free_port

PHONES = {"nl": "02 111 22 33", "fr": "02 444 55 66"}
WANT = {"nl": ["9.15 uur", "16 uur", "02 111 22 33"], "fr": ["9h15", "16h", "02 444 55 66"]}


@pytest.fixture
def other_desk(settings, tmp_path, monkeypatch):
    calendar = tmp_path / "calendar.yaml"
    calendar.write_text('office_hours:\n  opens: "09:15"\n  closes: "16:00"\nclosures: []\n')
    monkeypatch.setenv("FRONTDOOR_CALENDAR_FILE", str(calendar))
    monkeypatch.setenv("FRONTDOOR_PHONES", json.dumps(PHONES))
    monkeypatch.setenv("FRONTDOOR_AUTOCLOSE_WORKING_DAYS", "7")
    monkeypatch.setenv("FRONTDOOR_RASA_URL", f"http://127.0.0.1:{free_port()}")  # the chat degrades
    get_settings.cache_clear()


def _no_old_facts(text: str) -> None:
    assert not re.search(r"740 79 9|8[.h]30|8u30|17 uur|17h|\b5 (werkdagen|jours ouvrables)", text), text


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_channel_states_the_configured_hours_phones_and_days(other_desk, client, lang):
    days = "7 werkdagen" if lang == "nl" else "7 jours ouvrables"
    hours = client.get("/office-hours", params={"lang": lang}).json()
    assert hours["phones"] == PHONES and WANT[lang][0] in hours["hours"] and WANT[lang][1] in hours["hours"]

    t = create(client, language=lang)
    with new_session() as db:
        [mail] = db.query(OutboxEmail).filter(OutboxEmail.ref == t["number"]).all()
    for want in [days, *WANT[lang]]:
        assert want in mail.body_text and want in mail.body_html, want
    _no_old_facts(mail.body_text)

    question = "Mijn printer is kapot" if lang == "nl" else "Mon imprimante est en panne"
    chat = client.post("/chat", json={"message": question, "lang": lang}).json()
    said = " ".join(m.get("text", "") for m in chat["messages"])
    assert chat["degraded"] and all(w in said for w in WANT[lang]) and PHONES["nl"] in said and PHONES["fr"] in said
    _no_old_facts(said)

    page = client.get("/").text
    assert "tel:+3221112233" in page and "tel:+3224445566" in page and days in page
    assert all(w in page for w in WANT[lang][:2])
    _no_old_facts(page)
    assert "{{" not in page and client.get("/index.html").text == page


def test_the_demo_form_takes_the_phones_from_the_page(other_desk, client):
    script = client.get("/demo.js").text
    assert "{phone_nl}" in script and "740 79" not in script  # filled in from <html data-phone-*> in the browser
    assert f'data-phone-nl="{PHONES["nl"]}"' in client.get("/").text


BOT_TEXTS = r'''
import json, sys, asyncio
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker

facts = json.loads(sys.argv[1])
domain = Domain.load("bot/domain.yml")
nlg = TemplatedNaturalLanguageGenerator(domain.responses)
out = {}
for lang in ("nl", "fr"):
    tracker = DialogueStateTracker.from_events("s", [], slots=domain.slots)
    tracker.slots["language"].value = lang
    for name in ("utter_hours_unavailable", "utter_ticket_failed", "utter_complaint_info"):
        msg = asyncio.run(nlg.generate(name, tracker, "rest", **facts[lang]))
        out[f"{lang}:{name}"] = msg["text"]
print(json.dumps(out))
'''


def test_the_bots_texts_are_filled_with_the_facts_the_runner_passes(other_desk):
    facts = subprocess.run([sys.executable, "-m", "api.cli", "desk-facts"], cwd=runner.ROOT,
                           capture_output=True, text=True, check=True).stdout
    assert json.loads(facts)["fr"]["phone"] == PHONES["fr"] and json.loads(facts)["nl"]["autoclose_days"] == "7"
    out = subprocess.run([str(runner.BOT_VENV / "bin" / "python"), "-c", BOT_TEXTS, facts], cwd=runner.ROOT,
                         env=runner.rasa_env(), capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    texts = json.loads(out.stdout.strip().splitlines()[-1])
    for text in texts.values():
        assert "{" not in text, text
        _no_old_facts(text)
    for lang in ("nl", "fr"):
        assert all(w in texts[f"{lang}:utter_hours_unavailable"] for w in WANT[lang])
        assert WANT[lang][0] in texts[f"{lang}:utter_ticket_failed"]
        assert PHONES["nl"] in texts[f"{lang}:utter_complaint_info"]
