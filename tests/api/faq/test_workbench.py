"""The editor's workbench on both engines: test a question through the bot's routing policy, unanswered
questions counted by conversation and grouped by meaning, a group's phrasings added to an entry (answered at
once, no retrain), and the entries that help least."""
from tests.api.faq.conftest import entry


def _search(client, q: str, lang: str = "nl", session: str | None = None) -> dict:
    params = {"q": q, "lang": lang, **({"session_id": session} if session else {})}
    r = client.get("/faq/search", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _report(client, q: str, session: str | None, lang: str = "nl") -> None:
    body = {"query": q, "lang": lang, "decision": "no_match", **({"session_id": session} if session else {})}
    assert client.post("/faq/unanswered", json=body).status_code == 204


def test_a_question_is_tested_through_the_routing_policy(client, editor):
    # Rasa is not running here: the NLU is reported unavailable and the FAQ and the policy still decide
    phone = client.get("/faq/test", params={"q": "Wat is het telefoonnummer van de servicedesk?", "lang": "nl"},
                       headers=editor).json()
    assert phone["route"] == "faq_answer" and phone["nlu"]["available"] is False
    assert phone["faq"]["decision"] == "answer" and phone["faq"]["hits"][0]["id"] == "contact-phone-nl"
    assert phone["faq"]["hits"][0]["score"] > 0
    # a route needs the NLU's intent as well as the words' evidence: without the NLU the FAQ decides
    complaint = client.get("/faq/test", params={"q": "Ik wil een klacht indienen over de servicedesk", "lang": "nl"},
                           headers=editor).json()
    assert complaint["route"].startswith("faq_") and complaint["nlu"]["intent"] == ""
    weather = client.get("/faq/test", params={"q": "Wat wordt het weer morgen?", "lang": "nl"}, headers=editor).json()
    assert weather["faq"]["decision"] == "no_match" and weather["route"] == "ticket_offer"
    # nothing of this is a visitor's search
    assert client.get("/faq/unanswered", headers=editor).json() == []
    assert client.get("/faq/test", params={"q": "x", "lang": "de"}, headers=editor).status_code == 422
    assert client.get("/faq/test", params={"q": "x", "lang": "nl"}).status_code == 401


def test_one_conversation_counts_once_and_the_refused_entry_is_named(client, editor):
    weather = "Wat wordt het weer morgen?"
    # one conversation: the search finds nothing, and the bot reports it
    _search(client, weather, session="conv-1")
    _report(client, weather, "conv-1")
    # another conversation asks the same
    _search(client, weather, session="conv-2")
    items = {i["query"]: i for i in client.get("/faq/unanswered", headers=editor).json()}
    assert items[weather]["count"] == 2 and items[weather]["no_match"] == 2 and items[weather]["reported"] == 1
    # a "did not help" names the entry it was about
    found = _search(client, "Hoe kan ik de servicedesk bellen?", session="conv-3")
    entry_id = found["hits"][0]["id"]
    assert client.post("/faq/feedback", json={"search_id": found["search_id"], "entry_id": entry_id,
                                              "helpful": False}).status_code == 204
    items = {i["query"]: i for i in client.get("/faq/unanswered", headers=editor).json()}
    assert items["Hoe kan ik de servicedesk bellen?"]["not_helpful_entries"] == [entry_id]


def test_unanswered_questions_group_by_meaning_and_become_alternatives(client, editor):
    parking = ["Waar kan ik parkeren bij jullie gebouw?", "waar kan ik mijn auto parkeren bij het gebouw",
               "Is er een parking bij het gebouw?"]
    for i, q in enumerate(parking):
        _report(client, q, f"visitor-{i}")
    _report(client, parking[0], "visitor-0")  # the same visitor again: still three conversations
    _report(client, "Mag ik mijn hond meebrengen naar de balie?", "visitor-9")
    _report(client, "Où puis-je garer ma voiture près du bâtiment ?", "visiteur-1", lang="fr")
    groups = client.get("/faq/unanswered/groups", headers=editor).json()
    nl = [g for g in groups if g["lang"] == "nl"]
    biggest = nl[0]
    assert sorted(biggest["phrasings"]) == sorted(parking) and biggest["conversations"] == 3
    assert all("hond" not in p for p in biggest["phrasings"])
    assert any("hond" in g["query"] for g in nl)
    assert [g["lang"] for g in groups].count("fr") == 1  # languages never mix
    assert client.get("/faq/unanswered/groups", params={"lang": "fr"}, headers=editor).json()[0]["conversations"] == 1

    # the group's phrasings go to a published entry in one click, and the bot answers them at once
    made = client.post("/faq/entries", json=entry(question="Waar parkeren bezoekers?",
                                                 answer="In de **openbare parking** naast het gebouw."),
                       headers=editor)
    assert made.status_code == 201, made.text
    assert client.post("/faq/entries/parking-nl/publish", headers=editor).status_code == 200
    added = client.post("/faq/entries/parking-nl/phrasings", json={"phrasings": biggest["phrasings"]}, headers=editor)
    assert added.status_code == 200, added.text
    assert sorted(added.json()["alternatives"]) == sorted(parking)
    for q in parking:
        result = _search(client, q)
        assert result["decision"] == "answer" and result["hits"][0]["id"] == "parking-nl", (q, result)
    # handled: the group leaves the list
    assert all("parkeren" not in g["query"] for g in client.get("/faq/unanswered/groups", headers=editor).json())
    again = client.post("/faq/entries/parking-nl/phrasings", json={"phrasings": parking[:1]}, headers=editor)
    assert again.status_code == 422 and again.json()["code"] == "nothing_to_add"
    assert client.post("/faq/entries/parking-nl/phrasings", json={"phrasings": []},
                       headers=editor).status_code == 422
    assert client.post("/faq/entries/nope/phrasings", json={"phrasings": ["x"]}, headers=editor).status_code == 404


def test_low_rated_entries_come_with_the_questions_behind_the_votes(client, editor):
    def vote(q: str, helpful: bool, lang: str = "nl") -> None:
        found = _search(client, q, lang)
        assert client.post("/faq/feedback", json={"search_id": found["search_id"], "entry_id": found["hits"][0]["id"],
                                                  "helpful": helpful}).status_code == 204

    vote("Hoe kan ik de servicedesk bellen?", False)
    vote("Wat is het telefoonnummer van de servicedesk?", True)
    vote("Wat is het telefoonnummer van de servicedesk?", False)
    vote("Ik ben de pincode van mijn eID vergeten", False)
    vote("Quel est le numéro de téléphone du service desk ?", True, "fr")
    rows = client.get("/faq/low-rated", headers=editor).json()
    assert [(r["entry_id"], r["votes"], r["not_helpful"], r["rate"]) for r in rows] == [
        ("eid-pin-nl", 1, 1, 1.0), ("contact-phone-nl", 3, 2, 0.6667)]
    assert rows[1]["questions"] == ["Hoe kan ik de servicedesk bellen?", "Wat is het telefoonnummer van de servicedesk?"]
    assert client.get("/faq/low-rated", params={"lang": "fr"}, headers=editor).json() == []  # only helpful votes
    assert [r["entry_id"] for r in client.get("/faq/low-rated", params={"min_votes": 2}, headers=editor).json()] == [
        "contact-phone-nl"]
