"""The cluster survives the death of a replica of each kind, and its replicas share what they must."""
import os
import signal
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from tests.api.faq.conftest import entry
from tests.e2e.test_faq_and_tickets import SCRIPTS

pytestmark = pytest.mark.cluster


def _kill(procs, name):
    proc = procs.procs[name]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    return proc


def _back(procs, name, killed, url, timeout=120):
    """Wait until the supervisor started `name` again and it answers at `url`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if procs.procs[name] is not killed:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
        time.sleep(0.5)
    raise AssertionError(f"{name} did not come back")


def test_a_conversation_goes_on_with_its_slots_when_its_rasa_server_dies(cluster_stack):
    stack, ports = cluster_stack
    s = SCRIPTS["nl"]
    chat = stack.chat("nl")
    chat.say(s["question"])
    chat.click(s["no"])
    assert s["not_helped"] in chat.click(s["no"])
    assert s["ask_subject"] in chat.click(s["yes"])
    assert s["ask_email"] in chat.say(s["subject"])
    assert s["confirm_email"] in chat.say(s["email"])  # the form holds subject, description and address
    killed = _kill(stack.procs, "rasa-1")  # nginx had sent turns to both servers, in turn
    assert s["ask_name"] in chat.click(s["yes"])  # answered by rasa-2, from the shared tracker store
    assert s["ask_org"] in chat.say(s["name"])
    summary = chat.click(s["skip"])
    assert s["subject"] in summary and s["email"] in summary and s["name"] in summary
    number = chat.click(s["send"])
    assert s["created"] in number
    token = stack.procs.rasa_token
    _back(stack.procs, "rasa-1", killed, f"http://127.0.0.1:{ports.rasas[0]}/status?token={token}")
    folder = stack.procs.logs.parent  # nginx's logs, and every process's, hold no address and no secret
    for log in [*folder.glob("*.log"), *stack.procs.logs.glob("*.log")]:
        text = log.read_text(errors="replace")
        assert s["email"] not in text and stack.procs.action_token not in text, log.name


def test_an_api_replica_dies_and_nginx_sends_the_visitors_to_the_other(cluster_stack):
    stack, ports = cluster_stack
    chat = stack.chat("fr")
    assert "Cela répond-il à votre question" in chat.say(SCRIPTS["fr"]["question"])  # answered in French
    killed = _kill(stack.procs, "api-1")
    for _ in range(6):  # every request is answered, and the conversation goes on
        r = stack.http.get(f"{stack.api_url}/office-hours", params={"lang": "fr"})
        assert r.status_code == 200, r.text
    assert SCRIPTS["fr"]["glad"] in chat.click(SCRIPTS["fr"]["yes"])  # the same conversation, in its state
    _back(stack.procs, "api-1", killed, f"http://127.0.0.1:{ports.apis[0]}/healthz")


def test_an_entry_published_on_one_replica_is_answered_by_the_other_within_2_seconds(cluster_stack):
    stack, ports = cluster_stack
    editor = stack.account("editor")
    one, other = (f"http://127.0.0.1:{p}" for p in ports.apis)
    question = "Waar kan ik mijn auto parkeren als ik op bezoek kom bij het FOD-gebouw?"
    assert httpx.post(f"{one}/faq/entries", json=entry(), headers=editor).status_code == 201
    assert httpx.post(f"{one}/faq/entries/parking-nl/publish", headers=editor).status_code == 200
    published = time.monotonic()
    while True:
        r = httpx.post(f"{other}/chat", json={"message": question, "lang": "nl"}, timeout=30)
        assert r.status_code == 200, r.text
        if "openbare parking" in " ".join(m.get("text", "") for m in r.json()["messages"]):
            break
        assert time.monotonic() - published < 2, "the other replica did not answer with the new entry within 2 s"
        time.sleep(0.2)


def test_conversations_are_kept_in_postgresql_and_purged_after_retention(cluster_stack):
    from api.chat.service import purge_trackers
    from api.cluster import ensure_databases

    stack, ports = cluster_stack
    chat = stack.chat("nl")
    chat.say(SCRIPTS["nl"]["question"])
    tracker_url = ensure_databases(stack.api_env["FRONTDOOR_DATABASE_URL"])
    assert tracker_url.startswith("postgresql://")
    assert purge_trackers(tracker_url, datetime.now(timezone.utc) - timedelta(days=1)) == 0
    assert purge_trackers(tracker_url, datetime.now(timezone.utc) + timedelta(seconds=1)) > 0
    r = httpx.get(f"http://127.0.0.1:{ports.rasas[1]}/conversations/{chat.session_id}/tracker",
                  params={"token": stack.procs.rasa_token})
    assert r.status_code == 200 and not [e for e in r.json()["events"] if e["event"] == "user"]


def test_the_widget_goes_on_when_an_api_replica_dies(cluster_stack, browser):
    """In Chromium through nginx: the visitor's conversation goes on in the widget while one API replica is dead."""
    from playwright.sync_api import expect

    from tests.browser.helpers import stored_state
    from tests.browser.test_widget_chat import TEXTS, ask, bot_replies, open_chat

    stack, ports = cluster_stack
    ctx = browser.new_context(locale="nl-BE")
    ctx.set_default_timeout(30_000)
    try:
        page = ctx.new_page()
        box = open_chat(page, stack.api_url, "nl")
        ask(page, box, "Wat is het telefoonnummer van de Service Desk?")
        expect(bot_replies(page).last).to_contain_text("Heeft dit uw vraag beantwoord?")
        session = stored_state(page)["sessionId"]
        assert session
        killed = _kill(stack.procs, "api-1")
        try:
            for question in ("Wanneer is de Service Desk open?", "Hoe installeer ik de eID-software op mijn computer?"):
                ask(page, page.get_by_role("textbox", name=TEXTS["nl"]["input"]), question)
                expect(page.locator(".fdw-degraded")).to_be_hidden()
                expect(page.get_by_role("alert")).to_be_hidden()
            # the same conversation: the widget kept its key, and the last answer asks for feedback again
            assert stored_state(page)["sessionId"] == session
            expect(bot_replies(page).last).to_contain_text("Heeft dit uw vraag beantwoord?")
        finally:
            _back(stack.procs, "api-1", killed, f"http://127.0.0.1:{ports.apis[0]}/healthz")
    finally:
        ctx.close()
