"""The bot's internal doors are closed: Rasa and the action server listen on loopback only and answer only with
the shared secrets of this start (an attacker on the machine with a port number gets 401, never a tracker)."""
from pathlib import Path

import httpx
import pytest


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on this port (IPv4 and IPv6), from /proc/net."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                found.add(address)
    return found


@pytest.fixture
def ports(stack):
    return stack.procs.ports


def test_every_process_listens_on_loopback_only(ports):
    for port in (ports.api, ports.rasa, ports.actions):
        addresses = listening_addresses(port)
        assert addresses == {"0100007F"}, (port, addresses)  # 127.0.0.1, and not 0.0.0.0 nor ::


@pytest.mark.parametrize("method,path,body", [
    ("GET", "/conversations/{sender}/tracker", None),
    ("POST", "/conversations/{sender}/tracker/events", {"event": "slot", "name": "email", "value": "x@example.be"}),
    ("DELETE", "/model", None),
    ("PUT", "/model", {"model_file": "/tmp/evil.tar.gz"}),
    ("GET", "/status", None),
])
def test_rasa_s_http_api_refuses_callers_without_the_token(stack, ports, method, path, body):
    chat = stack.chat("nl")
    chat.say("hallo")  # a real conversation exists
    url = f"http://{ports.host}:{ports.rasa}{path.format(sender=chat.session_id)}"
    for params in ({}, {"token": "wrong"}):
        r = httpx.request(method, url, params=params, json=body, timeout=10)
        assert r.status_code == 401, (method, path, r.status_code, r.text[:200])
        assert "x@example.be" not in r.text and "hallo" not in r.text
    assert httpx.get(f"http://{ports.host}:{ports.rasa}/status", params={"token": stack.procs.rasa_token},
                     timeout=10).status_code == 200  # the token itself works


def test_the_chat_channel_needs_the_api_s_secret(stack, ports):
    base = f"http://{ports.host}:{ports.rasa}/webhooks"
    message = {"sender": "attacker-picked-id", "message": "hallo"}
    assert httpx.post(f"{base}/frontdoor/webhook", json=message, timeout=10).status_code == 401
    assert httpx.post(f"{base}/frontdoor/webhook", json=message, headers={"Authorization": "Bearer wrong"},
                      timeout=10).status_code == 401
    assert httpx.post(f"{base}/rest/webhook", json=message, timeout=10).status_code == 404  # stock channel is off
    ok = httpx.post(f"{base}/frontdoor/webhook", json=message, timeout=30,
                    headers={"Authorization": f"Bearer {stack.procs.rasa_token}"})
    assert ok.status_code == 200 and ok.json()


def test_the_action_server_runs_no_action_without_the_token(stack, ports):
    url = f"http://{ports.host}:{ports.actions}"
    call = {"next_action": "action_route", "sender_id": "x", "tracker": {"sender_id": "x", "slots": {},
            "latest_message": {"text": "hallo"}, "events": []}, "domain": {}}
    assert httpx.post(f"{url}/webhook", json=call, timeout=10).status_code == 401
    assert httpx.post(f"{url}/webhook", headers={"X-Frontdoor-Action": "wrong"}, json=call, timeout=10).status_code == 401
    # the right secret in the URL opens nothing: it belongs in the header, out of every log
    token = stack.procs.action_token
    assert httpx.post(f"{url}/webhook", params={"token": token}, json=call, timeout=10).status_code == 401
    right = httpx.post(f"{url}/webhook", headers={"X-Frontdoor-Action": token}, json=call, timeout=30)
    assert right.status_code == 200 and "events" in right.json()
    assert httpx.get(f"{url}/health", timeout=10).status_code == 200  # says nothing but "ok"


def test_the_whole_stack_is_ready_and_says_so(stack):
    """Readiness with everything up: the database, the index and Rasa (reached with the token) all answer."""
    r = httpx.get(f"{stack.api_url}/readyz", timeout=10)
    assert r.status_code == 200 and r.json() == {
        "status": "ready", "checks": {"database": "ok", "index": "ok", "rasa": "ok"}}


def test_no_secret_is_on_a_command_line(stack):
    """`ps` shows every process's command line to every local user: the secrets travel in environments."""
    secrets = (stack.procs.rasa_token, stack.procs.action_token, stack.procs.bot_token)
    for name, proc in stack.procs.procs.items():
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode(errors="replace")
        assert not any(s in cmdline for s in secrets), f"{name} has a secret on its command line"


def test_rasa_keeps_conversations_in_its_sql_store_and_the_worker_purges_them_after_retention(stack):
    """Rasa's tracker store is SQL (bounded memory, kept over a restart); the chat log's purge reaches it."""
    from datetime import datetime, timedelta, timezone

    from api.chat.service import purge_trackers

    chat = stack.chat("nl")
    chat.say("Hoe reset ik mijn wachtwoord?")
    tracker_url = f"sqlite:///{stack.api_env['FRONTDOOR_DATA_DIR']}/rasa-trackers.db"
    token = stack.procs.rasa_token
    rasa = f"http://127.0.0.1:{stack.procs.ports.rasa}"

    def events():
        r = stack.http.get(f"{rasa}/conversations/{chat.session_id}/tracker", params={"token": token})
        assert r.status_code == 200, r.text
        return [e["event"] for e in r.json()["events"]]

    assert "user" in events()
    assert purge_trackers(tracker_url, datetime.now(timezone.utc) - timedelta(days=1)) == 0  # too recent
    assert purge_trackers(tracker_url, datetime.now(timezone.utc) + timedelta(seconds=1)) > 0
    assert "user" not in events()  # Rasa reads the store: the conversation is gone


def test_no_log_holds_a_visitors_address_name_or_words(stack):
    """A whole ticket conversation (question, address, name, organisation), a status check and an FAQ search
    leave none of the visitor's data in the logs of the API, Rasa or the action server."""
    import re

    from tests.e2e.test_faq_and_tickets import SCRIPTS

    s = SCRIPTS["nl"]
    private = {"email": "griet.vermeulen.logs@example.be", "name": "Griet Vermeulen-Logtest",
               "org": "Gemeentebestuur Zzyzxdorp", "words": "kaartlezer zoemt blauw bij Zzyzxdorp"}
    chat = stack.chat("nl")
    chat.say(s["question"])
    chat.click(s["no"])
    chat.click(s["no"])
    assert s["ask_subject"] in chat.click(s["yes"])
    assert s["ask_email"] in chat.say(private["words"])
    chat.say(private["email"])
    assert s["ask_name"] in chat.click(s["yes"])
    assert s["ask_org"] in chat.say(private["name"])
    assert private["org"] in chat.say(private["org"])  # the summary
    done = chat.click(s["send"])
    assert s["created"] in done, done
    number = re.search(r"SD-\d{4}-\d{6}", done).group(0)
    stack.chat("nl").say(f"Wat is de status van ticket {number}?")
    stack.http.get(f"{stack.api_url}/faq/search", params={"q": private["words"], "lang": "nl"})
    logs = {p.name: p.read_text(errors="replace") for p in stack.procs.logs.glob("*.log")}
    assert {"api.log", "rasa.log", "actions.log"} <= set(logs)
    for name, text in logs.items():
        for kind, value in private.items():
            assert value.lower() not in text.lower(), f"{name} holds the visitor's {kind}"
        for script in SCRIPTS.values():  # the addresses of the suite's other conversations
            assert script["email"] not in text, f"{name} holds {script['email']}"
