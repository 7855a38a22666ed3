"""The real fault: Rasa is up but its action server is gone. Rasa then answers a question with nothing at all;
/chat must degrade (FAQ answer, ticket form link, "assistant limited") instead of leaving the visitor unanswered."""
import subprocess
from pathlib import Path

import pytest

from api import runner

pytestmark = pytest.mark.e2e

QUESTIONS = {"nl": "Ik ben de pincode van mijn identiteitskaart vergeten, hoe los ik dat op?",
             "fr": "J'ai oublié le code PIN de ma carte d'identité, comment faire ?"}
LIMITED = {"nl": "beperkt", "fr": "limité"}


def _stop(proc: subprocess.Popen):
    """Stop a child; returns how to start it again with the same command line and environment (from /proc)."""
    cmd = Path(f"/proc/{proc.pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
    env = dict(item.split(b"=", 1) for item in Path(f"/proc/{proc.pid}/environ").read_bytes().split(b"\0") if b"=" in item)
    cwd = Path(f"/proc/{proc.pid}/cwd").resolve()
    proc.terminate()
    proc.wait(30)
    return lambda: subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_chat_degrades_when_the_action_server_is_down(stack):
    procs = stack.procs.procs
    start_again = _stop(procs["actions"])
    try:
        for lang, question in QUESTIONS.items():
            chat = stack.chat(lang)
            r = stack.http.post(f"{stack.api_url}/chat", json={"session_id": chat.session_id, "message": question,
                                                              "lang": lang})
            body = r.json()
            assert r.status_code == 200 and body["degraded"] is True, body
            texts = " ".join(m.get("text", "") for m in body["messages"])
            assert LIMITED[lang] in texts and "pin" in texts.lower()  # the FAQ answer, straight from the search
            assert any("#ticket" in link["url"] for m in body["messages"] for link in m.get("links", []))
    finally:
        procs["actions"] = start_again()
        runner._wait_healthy(stack.procs, "actions",
                             f"http://{stack.procs.ports.host}:{stack.procs.ports.actions}/health", 60)
    chat = stack.chat("nl")  # and the bot is whole again
    assert "Bron:" in chat.say(QUESTIONS["nl"]) and chat.last["degraded"] is False
