"""Editors mark "what the bot could not answer" as handled, on both engines: the mark hides the
group, a new failure after it brings the group back (with the old mark), include_handled, undo,
validation with stable codes, roles, an unknown entry, and marking twice."""
import pytest

from tests.api.faq.conftest import entry

WEATHER = "Wat wordt het weer morgen?"


def _at(client, when: str) -> None:
    assert client.put("/_test/clock", json={"at": when}).status_code == 200


def _fail(client, query: str = WEATHER, lang: str = "nl") -> None:
    r = client.post("/faq/unanswered", json={"query": query, "lang": lang})
    assert r.status_code == 204, r.text


def _mark(client, headers, **body):
    return client.post("/faq/unanswered/handled", json={"query": WEATHER, "lang": "nl", **body}, headers=headers)


def _queries(client, headers, **params) -> dict:
    items = client.get("/faq/unanswered", params=params, headers=headers).json()
    return {" ".join(i["query"].lower().split()): i for i in items}


def test_a_mark_hides_the_group_until_it_fails_again(client, make_user):
    editor = make_user("editor", "els@example.be")
    _at(client, "2026-11-02T09:00:00+01:00")
    _fail(client)
    client.get("/faq/search", params={"q": "wat wordt  het WEER morgen?", "lang": "nl"})  # no_match, same group
    _fail(client, "Mag ik mijn hond meebrengen?")
    assert _queries(client, editor)["wat wordt het weer morgen?"]["count"] == 2

    _at(client, "2026-11-02T10:00:00+01:00")
    # any spelling that normalises the same marks the group
    assert _mark(client, editor, query="  WAT wordt het weer   morgen? ").status_code == 204
    shown = _queries(client, editor)
    assert "wat wordt het weer morgen?" not in shown
    assert shown["mag ik mijn hond meebrengen?"]["handled_at"] is None  # others untouched

    # include_handled lists it, with the mark
    listed = _queries(client, editor, include_handled="true")
    weather = listed["wat wordt het weer morgen?"]
    assert weather["handled"] is True and weather["handled_by"] == "els@example.be"
    assert weather["handled_at"].startswith("2026-11-02T09:00:00") and weather["entry_id"] is None
    assert listed["mag ik mijn hond meebrengen?"]["handled"] is False

    # a new failure after the mark: back in the list, with the old mark so the editor sees it came back
    _at(client, "2026-11-03T08:00:00+01:00")
    _fail(client, "wat wordt het weer morgen?")
    back = _queries(client, editor)["wat wordt het weer morgen?"]
    assert back["handled"] is False and back["count"] == 3
    assert back["handled_at"].startswith("2026-11-02T09:00:00") and back["handled_by"] == "els@example.be"


def test_a_mark_is_per_language(client, editor):
    _fail(client, "pincode", "nl")
    _fail(client, "pincode", "fr")
    assert client.post("/faq/unanswered/handled", json={"query": "pincode", "lang": "fr"},
                       headers=editor).status_code == 204
    items = client.get("/faq/unanswered", headers=editor).json()
    assert [(i["query"], i["lang"]) for i in items] == [("pincode", "nl")]
    assert client.get("/faq/unanswered?lang=fr", headers=editor).json() == []
    assert len(client.get("/faq/unanswered?lang=fr&include_handled=true", headers=editor).json()) == 1


def test_marking_twice_updates_the_one_mark_and_entry_ids_are_checked(client, make_user):
    first, second = make_user("editor", "an@example.be"), make_user("editor", "bo@example.be")
    _at(client, "2026-11-02T09:00:00+01:00")
    _fail(client)
    r = _mark(client, first, entry_id="no-such-entry")
    assert r.status_code == 404 and r.json()["code"] == "unknown_entry" and "no-such-entry" in r.json()["detail"]
    assert WEATHER.lower() in _queries(client, first)  # nothing was marked

    assert _mark(client, first, note="buiten scope").status_code == 204
    _at(client, "2026-11-02T11:00:00+01:00")
    assert client.post("/faq/entries", json=entry(id="weer-nl", question=WEATHER, answer="Zie het KMI."),
                       headers=second).status_code == 201
    assert _mark(client, second, entry_id="weer-nl").status_code == 204
    items = client.get("/faq/unanswered?include_handled=true", headers=second).json()
    assert len(items) == 1
    item = items[0]
    assert item["handled"] is True and item["handled_by"] == "bo@example.be" and item["entry_id"] == "weer-nl"
    assert item["handled_at"].startswith("2026-11-02T10:00:00") and item["note"] is None


def test_undo_shows_the_group_again_and_is_idempotent(client, editor):
    _fail(client)
    assert _mark(client, editor).status_code == 204
    assert client.get("/faq/unanswered", headers=editor).json() == []
    params = {"query": WEATHER, "lang": "nl"}
    assert client.delete("/faq/unanswered/handled", params=params, headers=editor).status_code == 204
    assert [i["query"] for i in client.get("/faq/unanswered", headers=editor).json()] == [WEATHER]
    assert client.delete("/faq/unanswered/handled", params=params, headers=editor).status_code == 204
    r = client.delete("/faq/unanswered/handled", params={"query": "", "lang": "nl"}, headers=editor)
    assert r.status_code == 422 and r.json()["code"] == "empty_query"
    r = client.delete("/faq/unanswered/handled", params={"query": WEATHER, "lang": "de"}, headers=editor)
    assert r.status_code == 422 and r.json()["code"] == "unknown_language"


@pytest.mark.parametrize("body, status, code, words", [
    ({"query": "   ", "lang": "nl"}, 422, "empty_query", "empty"),
    ({"query": "x" * 1001, "lang": "nl"}, 422, "query_too_long", "at most 1,000"),
    ({"query": "hallo", "lang": "de"}, 422, "unknown_language", "use nl or fr"),
    ({"query": "hallo"}, 422, "validation_error", "lang"),
    ({"query": "hallo", "lang": "nl", "colour": "red"}, 422, "unknown_field", "colour"),
    ({"query": "hallo", "lang": "nl", "note": "n" * 1001}, 422, "validation_error", "at most 1,000"),
    ({"query": "hallo", "lang": "nl", "entry_id": "nope"}, 404, "unknown_entry", "nope"),
])
def test_marks_are_validated_with_stable_codes(client, editor, body, status, code, words):
    r = client.post("/faq/unanswered/handled", json=body, headers=editor)
    assert r.status_code == status, r.text
    assert r.json()["code"] == code and words in r.json()["detail"]


def test_a_query_of_exactly_1000_characters_can_be_marked(client, editor):
    query = "pincode " * 124 + "vergeten"
    _fail(client, query)
    assert client.post("/faq/unanswered/handled", json={"query": query, "lang": "nl"},
                       headers=editor).status_code == 204
    assert client.get("/faq/unanswered", headers=editor).json() == []


def test_only_editors_mark_and_undo(client, make_user):
    body = {"query": WEATHER, "lang": "nl"}
    params = {"query": WEATHER, "lang": "nl"}
    r = client.post("/faq/unanswered/handled", json=body)
    assert r.status_code == 401 and r.json()["code"] == "missing_token"
    assert client.delete("/faq/unanswered/handled", params=params).status_code == 401
    for role in ("agent", "service_manager"):
        who = make_user(role)
        r = client.post("/faq/unanswered/handled", json=body, headers=who)
        assert r.status_code == 403 and r.json()["code"] == "wrong_role"
        assert client.delete("/faq/unanswered/handled", params=params, headers=who).status_code == 403
        assert client.get("/faq/unanswered?include_handled=true", headers=who).status_code == 403
    assert client.post("/faq/unanswered/handled", json=body, headers=make_user("admin")).status_code == 204


def test_purge_removes_old_marks(client, editor):
    from datetime import datetime, timedelta, timezone

    from api.db import new_session
    from api.faq import service

    _fail(client)
    assert _mark(client, editor).status_code == 204
    with new_session() as db:
        later = datetime.now(timezone.utc) + timedelta(days=400)
        assert service.purge_expired(db, later) == 2  # the report and the mark
        db.commit()
    assert client.get("/faq/unanswered?include_handled=true", headers=editor).json() == []
