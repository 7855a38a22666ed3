"""The FAQ over HTTP on both engines: editor API (roles, validation, history, warnings), the index
following edits, public search with its decisions in NL and FR, feedback and unanswered."""
import pytest

from tests.api.faq.conftest import entry


def test_editor_api_needs_an_editor_token(client, make_user):
    r = client.get("/faq/entries")
    assert r.status_code == 401 and r.json()["code"] == "missing_token"
    r = client.post("/faq/entries", json=entry(), headers=make_user("agent"))
    assert r.status_code == 403 and r.json()["code"] == "wrong_role"
    assert client.get("/faq/unanswered", headers=make_user("service_manager")).status_code == 403
    agent = make_user("agent")
    assert client.get("/faq/export", headers=agent).status_code == 403
    assert client.post("/faq/import", content=b"", headers=agent).status_code == 403
    assert client.post("/faq/entries/itsme-nl/archive", headers=agent).status_code == 403
    assert client.post("/faq/entries/itsme-nl/archive").status_code == 401
    editor = make_user("editor")
    r = client.get("/faq/entries", headers=editor)
    assert r.status_code == 200 and r.json()["total"] == 10  # the small seed, imported at start
    assert client.get("/faq/entries?status=published", headers=make_user("admin")).json()["total"] == 9


@pytest.mark.parametrize("field, value, message", [
    ("lang", "de", "lang: language must be nl or fr, not 'de'"),
    ("question", "   ", "question: the question must not be empty"),
    ("answer", "\n", "answer: the answer must not be empty"),
    ("question", "x" * 301, "question: the question has 301 characters; at most 300 are allowed"),
    ("answer", "y" * 20_001, "answer: the answer has 20001 characters; at most 20,000 are allowed"),
    ("id", "Not A Slug!", "id: the id must be a slug"),
    ("url", "javascript:alert(1)", "url: the url must start with http:// or https://"),
])
def test_each_validation_rule_gives_a_clear_422_and_writes_nothing(client, editor, field, value, message):
    r = client.post("/faq/entries", json=entry(**{field: value}), headers=editor)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "validation_error"
    assert message in r.json()["detail"]
    assert client.get("/faq/entries?text=parkeren", headers=editor).json()["total"] == 0


def test_limits_are_inclusive_and_unknown_fields_refused(client, editor):
    r = client.post("/faq/entries", json=entry(question="x" * 300, answer="y" * 20_000), headers=editor)
    assert r.status_code == 201
    r = client.post("/faq/entries", json=entry(id="other", popularity=3), headers=editor)
    assert r.status_code == 422 and r.json()["code"] == "unknown_field"
    r = client.patch("/faq/entries/parking-nl", json={"question": None}, headers=editor)
    assert r.status_code == 422 and "may be left out but not set to null" in r.json()["detail"]
    r = client.patch("/faq/entries/parking-nl", json={"status": "published"}, headers=editor)
    assert r.status_code == 422 and r.json()["code"] == "unknown_field"


def test_duplicate_id_is_409(client, editor):
    assert client.post("/faq/entries", json=entry(), headers=editor).status_code == 201
    r = client.post("/faq/entries", json=entry(question="Iets anders"), headers=editor)
    assert r.status_code == 409 and r.json()["code"] == "duplicate_id" and "parking-nl" in r.json()["detail"]
    assert client.post("/faq/entries", json=entry(id="contact-phone-nl"), headers=editor).status_code == 409


def test_history_records_who_when_before_and_after(client, make_user):
    editor = make_user("editor", "els@example.be")
    created = client.post("/faq/entries", json=entry(), headers=editor).json()
    assert created["status"] == "draft" and created["updated_by"] == "els@example.be"
    client.patch("/faq/entries/parking-nl", json={"question": "Waar parkeer ik als bezoeker?",
                                                  "url": "https://example.be/parking"}, headers=editor)
    client.post("/faq/entries/parking-nl/publish", headers=editor)
    client.post("/faq/entries/parking-nl/publish", headers=editor)  # idempotent: no new record
    client.post("/faq/entries/parking-nl/archive", headers=editor)

    got = client.get("/faq/entries/parking-nl", headers=editor).json()
    assert got["status"] == "archived" and got["question"] == "Waar parkeer ik als bezoeker?"
    history = got["history"]
    assert [h["action"] for h in history] == ["create", "update", "publish", "archive"]
    assert {h["who"] for h in history} == {"els@example.be"}
    assert history[0]["before"] is None and history[0]["after"]["question"] == entry()["question"]
    assert history[1]["before"]["question"] == entry()["question"]
    assert history[1]["after"]["question"] == "Waar parkeer ik als bezoeker?"
    assert history[1]["before"]["url"] is None and history[1]["after"]["url"] == "https://example.be/parking"
    assert history[2]["before"]["status"] == "draft" and history[2]["after"]["status"] == "published"
    assert client.get("/faq/entries/parking-nl/history", headers=editor).json() == history
    r = client.get("/faq/entries/nope", headers=editor)
    assert r.status_code == 404 and r.json()["code"] == "unknown_entry"


def test_list_filters(client, editor):
    def ids(query: str) -> list[str]:
        return [e["id"] for e in client.get(f"/faq/entries?{query}", headers=editor).json()["items"]]

    assert ids("lang=fr&tag=eid") == ["eid-pin-fr", "eid-puk-fr"]
    assert ids("group=contact-phone") == ["contact-phone-fr", "contact-phone-nl"]
    assert ids("status=draft") == ["ebox-draft-nl"]
    assert ids("text=ITSME") == ["itsme-nl"]
    assert ids("lang=nl&limit=2&offset=1") == ["ebox-draft-nl", "eid-pin-nl"]
    assert client.get("/faq/entries?lang=de", headers=editor).status_code == 422


def test_nearly_the_same_question_warns_and_names_the_entry(client, editor):
    r = client.post("/faq/entries", json=entry(id="phone-again", question="Welk telefoonnummer heeft de servicedesk?"),
                    headers=editor)
    assert r.status_code == 201  # a warning, not a block
    warnings = r.json()["warnings"]
    assert [w["entry_id"] for w in warnings] == ["contact-phone-nl"]
    # what a visitor asking it would get today: the other entry's answer (the console says so in NL or FR)
    assert warnings[0]["code"] == "answered_by" and warnings[0]["asked"] == "Welk telefoonnummer heeft de servicedesk?"
    assert warnings[0]["question"] == "Wat is het telefoonnummer van de servicedesk?"
    # an unrelated question warns about nothing, whatever the embeddings' raw similarity
    r = client.post("/faq/entries", json=entry(id="peppol-fr", lang="fr", group="peppol",
                                               question="Comment recevoir les factures de mon fournisseur via Peppol ?"),
                    headers=editor)
    assert r.json()["warnings"] == []

    assert client.post("/faq/entries", json=entry(), headers=editor).json()["warnings"] == []
    # Exactly the same question as a draft (not in the index) is caught too.
    r = client.patch("/faq/entries/parking-nl", json={"question": "Wat is de eBox?"}, headers=editor)
    assert [(w["code"], w["entry_id"]) for w in r.json()["warnings"]] == [("same_question", "ebox-draft-nl")]
    # Another language's entry is not a duplicate: only entries of the entry's own language are compared
    r = client.post("/faq/entries", json=entry(id="tel-fr", lang="fr", question="Wat is het telefoonnummer van de servicedesk?"),
                    headers=editor)
    assert "contact-phone-nl" not in [w["entry_id"] for w in r.json()["warnings"]]


def test_publish_makes_searchable_and_archive_removes_without_full_rebuild(client, editor):
    from api.faq import index_holder

    holder = index_holder._holder
    builds = holder.full_builds
    query = {"q": "Waar kan ik mijn auto parkeren bij jullie gebouw?", "lang": "nl"}

    client.post("/faq/entries", json=entry(), headers=editor)
    assert client.get("/faq/search", params=query).json()["decision"] == "no_match"  # a draft is not public
    client.post("/faq/entries/parking-nl/publish", headers=editor)
    found = client.get("/faq/search", params=query).json()
    assert found["decision"] == "answer" and found["hits"][0]["id"] == "parking-nl"

    client.patch("/faq/entries/parking-nl", json={"answer": "Parkeren kan in de **ondergrondse garage**."},
                 headers=editor)
    assert "ondergrondse garage" in client.get("/faq/search", params=query).json()["hits"][0]["answer"]

    client.post("/faq/entries/parking-nl/archive", headers=editor)
    assert "parking-nl" not in [h["id"] for h in client.get("/faq/search", params=query).json()["hits"]]
    assert holder.full_builds == builds and index_holder._holder is holder


# Clear-cut queries only, so that recalibrating faq_index's thresholds does not flip them:
# an FAQ question asked as written, two equally close entries (PIN and PUK), and off-topic text.
@pytest.mark.parametrize("q, lang, decision, top", [
    ("Wat is het telefoonnummer van de servicedesk?", "nl", "answer", "contact-phone-nl"),
    ("ik ben mijn pincode vergeten", "nl", "answer", "eid-pin-nl"),
    ("Quel est le numéro de téléphone du service desk ?", "fr", "answer", "contact-phone-fr"),
    ("J'ai oublié le code PIN de ma carte eID", "fr", "answer", "eid-pin-fr"),
    ("codes eID", "nl", "clarify", None),
    ("codes eID", "fr", "clarify", None),
    ("Wat wordt het weer morgen?", "nl", "no_match", None),
    ("Quelle est la recette de la tarte tatin ?", "fr", "no_match", None),
])
def test_search_decisions_in_nl_and_fr(client, q, lang, decision, top):
    r = client.get("/faq/search", params={"q": q, "lang": lang})
    assert r.status_code == 200
    body = r.json()
    assert body["decision"] == decision and body["lang"] == lang and len(body["search_id"]) == 32
    if decision == "answer":
        assert body["hits"][0]["id"] == top
        assert set(body["hits"][0]) == {"id", "lang", "question", "answer", "url", "score", "other_language"}
    if decision == "clarify":
        assert 2 <= len(body["hits"]) <= 3 and {h["id"] for h in body["hits"]} == {f"eid-pin-{lang}", f"eid-puk-{lang}"}
    if decision == "no_match":
        assert body["hits"] == []


def test_search_falls_back_to_the_other_language(client):
    body = client.get("/faq/search", params={"q": "comment me connecter avec itsme", "lang": "fr"}).json()
    itsme = [h for h in body["hits"] if h["id"] == "itsme-nl"]
    assert itsme and itsme[0]["other_language"] is True and itsme[0]["lang"] == "nl"


@pytest.mark.parametrize("params, code, words", [
    ({"q": "", "lang": "nl"}, "empty_query", "empty"),
    ({"q": "   ", "lang": "fr"}, "empty_query", "empty"),
    ({"lang": "nl"}, "empty_query", "empty"),
    ({"q": "x" * 1001, "lang": "nl"}, "query_too_long", "1001 characters; at most 1,000"),
    ({"q": "hallo", "lang": "de"}, "unknown_language", "Unknown language 'de'"),
    ({"q": "hallo"}, "unknown_language", "use nl or fr"),
    ({"q": "hallo", "lang": "nl", "k": 0}, "bad_k", "between 1 and 20"),
])
def test_search_rejects_bad_input_with_a_clear_422(client, params, code, words):
    r = client.get("/faq/search", params=params)
    assert r.status_code == 422 and r.json()["code"] == code and words in r.json()["detail"]


def test_a_query_of_exactly_1000_characters_is_fine(client):
    assert client.get("/faq/search", params={"q": "pincode " * 124 + "vergeten", "lang": "nl"}).status_code == 200


def test_feedback_and_unanswered_feed_the_editors_list(client, editor):
    weather = client.get("/faq/search", params={"q": "Wat wordt het weer morgen?", "lang": "nl"}).json()
    client.get("/faq/search", params={"q": "wat wordt het  weer morgen?", "lang": "nl"})
    pin = client.get("/faq/search", params={"q": "ik ben mijn pincode vergeten", "lang": "nl"}).json()
    assert weather["decision"] == "no_match"

    r = client.post("/faq/feedback", json={"search_id": pin["search_id"], "entry_id": "eid-pin-nl", "helpful": False,
                                           "session_id": "s-1"})
    assert r.status_code == 204
    r = client.post("/faq/unanswered", json={"query": "Mag ik mijn hond meebrengen?", "lang": "nl",
                                             "decision": "clarify", "session_id": "s-1"})
    assert r.status_code == 204

    items = client.get("/faq/unanswered", headers=editor).json()
    by_query = {i["query"].lower(): i for i in items}
    assert by_query["wat wordt het weer morgen?"]["count"] == 2 and by_query["wat wordt het weer morgen?"]["no_match"] == 2
    assert by_query["ik ben mijn pincode vergeten"]["not_helpful"] == 1
    assert by_query["mag ik mijn hond meebrengen?"]["reported"] == 1
    assert items[0]["count"] == 2  # most frequent first
    assert client.get("/faq/unanswered?lang=fr", headers=editor).json() == []


def test_feedback_and_unanswered_validate(client):
    r = client.post("/faq/feedback", json={"search_id": "nope", "entry_id": "eid-pin-nl", "helpful": True})
    assert r.status_code == 404 and r.json()["code"] == "unknown_search"
    sid = client.get("/faq/search", params={"q": "pincode", "lang": "nl"}).json()["search_id"]
    r = client.post("/faq/feedback", json={"search_id": sid, "entry_id": "nope", "helpful": True})
    assert r.status_code == 404 and r.json()["code"] == "unknown_entry"
    r = client.post("/faq/feedback", json={"search_id": sid, "entry_id": "eid-pin-nl"})
    assert r.status_code == 422 and "helpful" in r.json()["detail"]
    r = client.post("/faq/unanswered", json={"query": " ", "lang": "nl"})
    assert r.status_code == 422 and "the query must not be empty" in r.json()["detail"]
    r = client.post("/faq/unanswered", json={"query": "hallo", "lang": "en"})
    assert r.status_code == 422 and "language must be nl or fr" in r.json()["detail"]
    r = client.post("/faq/unanswered", json={"query": "hallo", "lang": "nl", "decision": "maybe"})
    assert r.status_code == 422


@pytest.mark.parametrize("q,lang", [
    ("Ik ben de pincode van mijn eID vergeten en ook wil ik weten wat het telefoonnummer van de servicedesk is",
     "nl"),
    ("code PIN de ma carte eID oublié, et aussi je voudrais le numéro de téléphone du service desk", "fr"),
])
def test_subjects_are_the_separate_problems_the_index_finds(client, q, lang):
    body = client.get("/faq/subjects", params={"q": q, "lang": lang}).json()
    assert body["lang"] == lang and len(body["subjects"]) == 2, body
    assert "PIN" in body["subjects"][0].upper() and "PIN" not in body["subjects"][1].upper()


def test_one_subject_gives_no_subjects(client):
    body = client.get("/faq/subjects", params={"q": "Ik ben de pincode van mijn eID vergeten, wat nu?",
                                               "lang": "nl"}).json()
    assert body == {"lang": "nl", "subjects": []}


@pytest.mark.parametrize("params, code", [
    ({"q": "", "lang": "nl"}, "empty_query"), ({"q": "x" * 1001, "lang": "fr"}, "query_too_long"),
    ({"q": "hallo", "lang": "de"}, "unknown_language"),
])
def test_subjects_reject_bad_input_like_the_search(client, params, code):
    r = client.get("/faq/subjects", params=params)
    assert r.status_code == 422 and r.json()["code"] == code
