"""The agents' queue at volume: search, filters, counts, sort, the "requester replied" and "reopened" markers,
release, the colleagues to reassign to, FAQ answers to insert, canned replies, and what a ticket shows of its
chat (button presses, offered FAQ entries with the visitor's verdict, working days before the auto-close)."""
from datetime import datetime, timezone
from pathlib import Path

import pytest

from api.db import new_session
from tests.api.tickets.helpers import create

SMALL_FAQ = Path(__file__).parents[1] / "faq" / "faq_small.jsonl"


def _pin(client, *args) -> None:
    assert client.put("/_test/clock", json={"at": datetime(*args, tzinfo=timezone.utc).isoformat()}).status_code == 200


def _queue(client, headers, **params) -> dict:
    r = client.get("/tickets", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def _numbers(queue: dict) -> set[str]:
    return {t["number"] for t in queue["items"]}


@pytest.fixture
def desk(client, make_user):
    """Four tickets of different kinds, languages and requesters."""
    agent = make_user("agent")
    tickets = {
        "mygov": create(client),
        "printer": create(client, subject="Printer 3e verdieping", description="De printer drukt 100% zwart af_",
                          email="an.claes@fin.belgium.be", type="incident"),
        "vpn": create(client, subject="VPN ne fonctionne pas", description="Le VPN coupe après 5 minutes.",
                      language="fr", email="marie.dubois@spf.be", channel="web"),
        "badge": create(client, subject="Nieuwe badge", description="Mijn badge is kwijt.", type="request",
                        email="piet@example.be"),
    }
    return agent, {k: v["number"] for k, v in tickets.items()}


def test_search_finds_a_number_an_address_and_words(client, desk):
    agent, n = desk
    assert _numbers(_queue(client, agent, q=n["vpn"])) == {n["vpn"]}
    assert _numbers(_queue(client, agent, q=n["vpn"].lower())) == {n["vpn"]}
    assert _numbers(_queue(client, agent, q=str(int(n["badge"][-6:])))) == {n["badge"]}  # its last digits
    assert _numbers(_queue(client, agent, q="fin.belgium")) == {n["printer"]}
    assert _numbers(_queue(client, agent, q="MARIE.dubois@spf.be")) == {n["vpn"]}
    assert _numbers(_queue(client, agent, q="vpn minutes")) == {n["vpn"]}  # every word, in any field
    assert _numbers(_queue(client, agent, q="vpn badge")) == set()
    # LIKE's wildcards are the visitor's characters, not patterns
    assert _numbers(_queue(client, agent, q="100%")) == {n["printer"]}
    assert _numbers(_queue(client, agent, q="%")) == {n["printer"]}
    assert _numbers(_queue(client, agent, q="_")) == {n["printer"]}
    assert _queue(client, agent, q="SD-2026-999999")["total"] == 0


def test_filters_combine_and_counts_follow_the_other_filters(client, desk):
    agent, n = desk
    assert _numbers(_queue(client, agent, language="fr")) == {n["vpn"]}
    assert _numbers(_queue(client, agent, type="incident")) == {n["printer"]}
    client.post(f"/tickets/{n['printer']}/claim", headers=agent)
    nl = _queue(client, agent, language="nl")
    assert nl["total"] == 3 and nl["counts"]["new"] == 2 and nl["counts"]["open"] == 1 and nl["counts"]["closed"] == 0
    new_nl = _queue(client, agent, language="nl", status="new")
    assert new_nl["total"] == 2 and new_nl["counts"] == nl["counts"]  # the counts ignore the status filter
    me = client.get("/auth/me", headers=agent).json()["id"]
    assert _numbers(_queue(client, agent, assignee=me)) == {n["printer"]} == _numbers(_queue(client, agent, mine=True))
    assert _queue(client, agent, unassigned=True)["total"] == 3


def test_sort_by_last_activity(client, desk):
    agent, n = desk
    _pin(client, 2026, 12, 2, 9)
    client.post(f"/tickets/{n['mygov']}/notes", json={"text": "kijk ik na"}, headers=agent)
    newest = _queue(client, agent, sort="-updated")["items"]
    assert newest[0]["number"] == n["mygov"]
    assert _queue(client, agent, sort="updated")["items"][-1]["number"] == n["mygov"]
    assert client.get("/tickets", params={"sort": "subject"}, headers=agent).status_code == 422


def _requester_writes(client, ticket: dict, text: str) -> None:
    r = client.post(f"/tickets/{ticket['number']}/messages", json={"token": ticket["access_token"], "text": text})
    assert r.status_code == 201, r.text


def test_requester_replied_and_reopened_markers(client, make_user):
    agent = make_user("agent")
    t = create(client)
    n = t["number"]
    client.post(f"/tickets/{n}/claim", headers=agent)
    client.post(f"/tickets/{n}/request-info", json={"text": "Welke browser?"}, headers=agent)
    assert _queue(client, agent, replied=True)["total"] == 0
    _requester_writes(client, t, "Firefox")
    replied = _queue(client, agent, replied=True)
    assert _numbers(replied) == {n} and replied["items"][0]["requester_replied_at"] is not None
    assert replied["items"][0]["reopened_at"] is None  # from waiting: an answer, not a reopen
    client.post(f"/tickets/{n}/resolve", json={"text": "Cache gewist."}, headers=agent)
    assert _queue(client, agent, replied=True)["total"] == 0  # the agent answered
    _requester_writes(client, t, "Het werkt weer niet")
    item = _queue(client, agent, q=n)["items"][0]
    assert item["status"] == "open" and item["reopened_at"] and item["requester_replied_at"]
    client.post(f"/tickets/{n}/reply", json={"text": "Ik kijk het na."}, headers=agent)
    item = _queue(client, agent, q=n)["items"][0]
    assert item["requester_replied_at"] is None and item["reopened_at"]  # still a reopened ticket
    client.post(f"/tickets/{n}/resolve", json={"text": "Opgelost."}, headers=agent)
    assert _queue(client, agent, q=n)["items"][0]["reopened_at"] is None


def test_release_and_the_colleagues_to_reassign_to(client, make_user):
    agent, colleague = make_user("agent", "an@desk.be"), make_user("agent", "bo@desk.be")
    make_user("editor", "ed@desk.be")
    names = [a["email"] for a in client.get("/tickets/assignees", headers=agent).json()]
    assert "an@desk.be" in names and "bo@desk.be" in names and "ed@desk.be" not in names
    n = create(client)["number"]
    assert client.post(f"/tickets/{n}/release", headers=agent).json()["code"] == "not_assigned"
    client.post(f"/tickets/{n}/claim", headers=agent)
    r = client.post(f"/tickets/{n}/release", headers=colleague)
    assert r.status_code == 200 and r.json()["assignee_id"] is None and r.json()["status"] == "open"
    events = client.get(f"/tickets/{n}/detail", headers=agent).json()["events"]
    assert events[-1]["kind"] == "released" and events[-1]["actor_email"] == "bo@desk.be"
    client.post(f"/tickets/{n}/reassign", json={"assignee": "bo@desk.be"}, headers=agent)
    bo = client.get("/auth/me", headers=colleague).json()["id"]
    assert _numbers(_queue(client, colleague, mine=True)) == {n} and _queue(client, agent, assignee=bo)["total"] == 1
    client.post(f"/tickets/{n}/close", headers=agent)
    assert client.post(f"/tickets/{n}/release", headers=agent).status_code == 409
    assert client.get("/tickets/assignees").status_code == 401


def test_faq_answers_for_a_reply_are_not_logged_as_searches(client, make_user, monkeypatch):
    from sqlalchemy import func, select

    from api.faq.models import FaqSearch
    from api.settings import get_settings

    monkeypatch.setenv("FRONTDOOR_FAQ_SEED", str(SMALL_FAQ))
    get_settings.cache_clear()
    from api.faq import index_holder

    index_holder.stop()
    from api.faq import service as faq

    with new_session() as db:
        faq.import_seed_if_empty(db, SMALL_FAQ, datetime(2026, 12, 1, tzinfo=timezone.utc))
        db.commit()
    agent = make_user("agent")
    try:
        fr = client.get("/tickets/faq-answers", params={"q": "numéro de téléphone", "lang": "fr"}, headers=agent)
        nl = client.get("/tickets/faq-answers", params={"q": "telefoonnummer servicedesk", "lang": "nl"},
                        headers=agent)
        assert fr.status_code == nl.status_code == 200
        assert fr.json()[0]["id"] == "contact-phone-fr" and "02 740 79 94" in fr.json()[0]["answer"]
        assert nl.json()[0]["id"] == "contact-phone-nl"
        # the answer as Markdown, and as the plain text an e-mail reply takes
        assert "**02 740 79 93**" in nl.json()[0]["answer"] and "Bel 02 740 79 93 op" in nl.json()[0]["text"]
        with new_session() as db:
            assert db.scalar(select(func.count()).select_from(FaqSearch)) == 0
        assert client.get("/tickets/faq-answers", params={"q": "x", "lang": "de"}, headers=agent).status_code == 422
        assert client.get("/tickets/faq-answers", params={"q": "x", "lang": "nl"}).status_code == 401
    finally:
        index_holder.stop()


def test_canned_replies_are_kept_per_language(client, make_user):
    agent = make_user("agent")
    body = {"lang": "nl", "title": "Meer info", "text": "Kunt u een schermafdruk sturen?"}
    made = client.post("/canned-replies", json=body, headers=agent)
    assert made.status_code == 201 and made.json()["updated_by"].startswith("agent-")
    client.post("/canned-replies", json={"lang": "fr", "title": "Plus d'infos", "text": "Pouvez-vous envoyer une "
                                                                                          "capture d'écran ?"},
                headers=agent)
    again = client.post("/canned-replies", json=body, headers=agent)
    assert again.status_code == 409 and again.json()["code"] == "canned_reply_exists"
    assert [r["title"] for r in client.get("/canned-replies", params={"lang": "fr"}, headers=agent).json()] == \
        ["Plus d'infos"]
    rid = made.json()["id"]
    changed = client.put(f"/canned-replies/{rid}", json={**body, "text": "Stuur een schermafdruk, aub."},
                         headers=agent)
    assert changed.status_code == 200 and changed.json()["text"] == "Stuur een schermafdruk, aub."
    assert client.post("/canned-replies", json={**body, "title": " "}, headers=agent).status_code == 422
    assert client.delete(f"/canned-replies/{rid}", headers=agent).status_code == 204
    assert client.delete(f"/canned-replies/{rid}", headers=agent).json()["code"] == "canned_reply_not_found"
    assert client.get("/canned-replies").status_code == 401


def test_a_chat_ticket_shows_button_presses_and_the_offered_entries_with_verdicts(client, make_user):
    from api.chat import service as chat
    from api.faq.models import FaqEntry, FaqFeedback, FaqSearch

    session = "issued-session-key-0123456789abcdef"
    at = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
    with new_session() as db:
        for i, q in enumerate(("Hoe reset ik mijn wachtwoord?", "Wachtwoord vergeten")):
            db.add(FaqEntry(id=f"pw-{i}", lang="nl", question=q, answer="Via **MyAccount**.", status="published",
                            alternatives=[], tags=[], group=f"pw-{i}", updated_by="x", updated_at=at))
        db.add(FaqSearch(id="s1", query="wachtwoord", lang="nl", decision="clarify",
                         top=[["pw-0", 0.7], ["pw-1", 0.6], ["pw-9", 0.2], ["pw-8", 0.1]], session_id=session, at=at))
        db.add(FaqFeedback(search_id="s1", entry_id="pw-0", helpful=False, at=at))
        db.add(FaqSearch(id="s2", query="other", lang="nl", decision="answer", top=[["pw-1", 0.9]],
                         session_id="someone-else", at=at))
        chat.record_turn(db, session_id=session, at=at, page_lang="nl", detected_lang="nl", confidence=1.0,
                         lang="nl", visitor_text="wachtwoord", degraded=False, bot_messages=[
                             {"text": "Bedoelt u een van deze?", "buttons": [
                                 {"title": "Hoe reset ik mijn wachtwoord?", "payload": '/faq_choose{"faq_id":"pw-0"}'},
                                 {"title": "Geen van deze", "payload": "/deny"}]}])
        chat.record_turn(db, session_id=session, at=at, page_lang="nl", detected_lang="nl", confidence=1.0,
                         lang="nl", visitor_text='/faq_choose{"faq_id":"pw-0"}', degraded=False,
                         bot_messages=[{"text": "Via **MyAccount**.", "links": [{"title": "Bron", "url": "https://x.be"}]},
                                       {"text": "Heeft dit geholpen?", "buttons": [
                                           {"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]}])
        chat.record_turn(db, session_id=session, at=at, page_lang="nl", detected_lang="nl", confidence=1.0,
                         lang="nl", visitor_text="/deny", degraded=False, bot_messages=[{"text": "Een ticket?"}])
        chat.record_turn(db, session_id=session, at=at, page_lang="nl", detected_lang="nl", confidence=1.0,
                         lang="nl", visitor_text="/affirm", degraded=False, bot_messages=[{"text": "Onderwerp?"}])
        db.commit()
    n = create(client, chat_session=session, faq_entries_offered=["pw-0"])["number"]
    detail = client.get(f"/tickets/{n}/detail", headers=make_user("agent")).json()
    visitor = [(t["text"], t.get("pressed", False)) for t in detail["transcript"] if t["from"] == "visitor"]
    # "/affirm" after a turn without buttons is no button press: it is left out, as before
    assert visitor == [("wachtwoord", False), ("Hoe reset ik mijn wachtwoord?", True), ("Nee", True)]
    offer = next(t for t in detail["transcript"] if t.get("buttons") and "Ja" in t["buttons"])
    assert offer["text"] == "Heeft dit geholpen?"
    assert next(t for t in detail["transcript"] if t.get("links"))["links"][0]["url"] == "https://x.be"
    # the clarify showed three entries (one of them no longer exists); the visitor refused the first
    assert [(o["entry_id"], o["verdict"]) for o in detail["faq_offers"]] == [
        ("pw-0", False), ("pw-1", None), ("pw-9", None)]
    assert detail["faq_offers"][1]["question"] == "Wachtwoord vergeten"


def test_the_auto_close_counts_working_days(client, make_user):
    agent = make_user("agent")
    _pin(client, 2026, 12, 3, 9)  # a Thursday
    n = create(client)["number"]
    client.post(f"/tickets/{n}/claim", headers=agent)
    client.post(f"/tickets/{n}/request-info", json={"text": "Welke browser?"}, headers=agent)
    detail = client.get(f"/tickets/{n}/detail", headers=agent).json()
    assert detail["autoclose_working_days"] == 5 and detail["autoclose_at"].startswith("2026-12-10")
    _pin(client, 2026, 12, 7, 9)  # Monday: Tue, Wed, Thu to go
    assert client.get(f"/tickets/{n}/detail", headers=agent).json()["autoclose_working_days"] == 3
    _pin(client, 2026, 12, 10, 8)  # the day itself, before the time
    assert client.get(f"/tickets/{n}/detail", headers=agent).json()["autoclose_working_days"] == 0
    _pin(client, 2026, 12, 10, 10)  # past it (the worker closes it on its next run)
    assert client.get(f"/tickets/{n}/detail", headers=agent).json()["autoclose_working_days"] is None


def test_a_resolved_ticket_becomes_an_faq_draft_in_its_language(client, make_user):
    from api.chat import service as chat

    agent, editor = make_user("agent"), make_user("editor")
    session = "issued-session-key-fr-0123456789abcd"
    with new_session() as db:
        chat.record_turn(db, session_id=session, at=datetime(2026, 12, 1, 9, tzinfo=timezone.utc), page_lang="fr",
                         detected_lang="fr", confidence=1.0, lang="fr", degraded=False,
                         visitor_text="mon lecteur de  carte ne marche plus", bot_messages=[{"text": "Un ticket ?"}])
        db.commit()
    n = create(client, language="fr", subject="Lecteur de carte eID", chat_session=session)["number"]
    assert client.post(f"/tickets/{n}/faq-draft", headers=agent).json()["code"] == "not_resolved"
    client.post(f"/tickets/{n}/claim", headers=agent)
    client.post(f"/tickets/{n}/notes", json={"text": "interne notitie"}, headers=agent)
    client.post(f"/tickets/{n}/resolve", json={"text": "Installez le **pilote** eID depuis eid.belgium.be."},
                headers=agent)
    made = client.post(f"/tickets/{n}/faq-draft", headers=agent)
    assert made.status_code == 201, made.text
    draft = made.json()
    assert draft["id"] == "lecteur-de-carte-eid-fr" and draft["group"] == "lecteur-de-carte-eid"
    assert draft["lang"] == "fr" and draft["status"] == "draft" and "from-ticket" in draft["tags"]
    assert draft["question"] == "mon lecteur de carte ne marche plus"  # the visitor's words
    assert draft["alternatives"] == ["Lecteur de carte eID"]
    assert draft["answer"] == "Installez le **pilote** eID depuis eid.belgium.be."
    drafts = client.get("/faq/entries", params={"status": "draft"}, headers=editor).json()["items"]
    assert [d["id"] for d in drafts] == ["lecteur-de-carte-eid-fr"]  # in the editors' list, not published
    assert client.get("/faq/search", params={"q": "lecteur de carte", "lang": "fr"}).json()["hits"] == []
    # a second click makes a second draft under a group of its own, never overwrites the first
    assert client.post(f"/tickets/{n}/faq-draft", headers=agent).json()["group"] == "lecteur-de-carte-eid-2"
    events = client.get(f"/tickets/{n}/detail", headers=agent).json()["events"]
    assert [e["data"].get("entry_id") for e in events if e["kind"] == "faq_draft_created"] == [
        "lecteur-de-carte-eid-fr", "lecteur-de-carte-eid-2-fr"]


@pytest.mark.parametrize("markdown, text", [
    ("Zie [csam.be](https://www.csam.be).", "Zie csam.be (https://www.csam.be)."),
    ("[https://x.be](https://x.be)", "https://x.be"),
    ("**Vet**, *schuin*, __ook vet__ en `code`", "Vet, schuin, ook vet en code"),
    ("## Stappen\n- snake_case_name blijft\n- 2*3*4 blijft", "Stappen\n- snake_case_name blijft\n- 2*3*4 blijft"),
])
def test_an_faq_answer_becomes_plain_text_for_an_email(markdown, text):
    from api.tickets.views import plain_text

    assert plain_text(markdown) == text
