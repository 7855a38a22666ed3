"""Import and export over HTTP: atomic imports with a report of every bad line, round trips in
JSONL, YAML and CSV (as Excel wants it), history and version on import."""
import csv
import io
import json

import pytest
import yaml
from sqlalchemy import func, select

from api.db import new_session
from api.faq.models import FaqEntry, FaqHistory
from api.faq.service import current_version


def _count() -> int:
    with new_session() as db:
        return db.scalar(select(func.count()).select_from(FaqEntry))


def _line(**over) -> str:
    data = {"id": "parking-nl", "lang": "nl", "question": "Waar kan ik parkeren?", "answer": "In de garage.",
            "status": "published"}
    data.update(over)
    return json.dumps(data, ensure_ascii=False)


def test_one_bad_line_imports_nothing_and_every_bad_line_is_reported(client, editor):
    before, version = _count(), None
    with new_session() as db:
        version = current_version(db)
    body = "\n".join([
        _line(),                                            # 1 fine
        _line(id="b", lang="en"),                           # 2 language
        "{not json",                                        # 3 JSON
        "",                                                 # blank lines are skipped, yet counted
        _line(id="c", question="q" * 301),                  # 5 too long
        _line(id="parking-nl"),                             # 6 duplicate of line 1
        _line(id="d", answer="  ", colour="red"),           # 7 empty answer and unknown field
        json.dumps(["a", "list"]),                          # 8 not an object
        _line(id="e", question=None),                       # 9 missing question
    ]) + "\n"
    r = client.post("/faq/import?format=jsonl", content=body.encode(), headers=editor)
    assert r.status_code == 422, r.text
    report = r.json()
    assert report["code"] == "import_invalid" and "nothing was imported" in report["detail"]
    problems = {p["line"]: p for p in report["errors"]}
    assert sorted(problems) == [2, 3, 5, 6, 7, 8, 9]
    assert "language must be nl or fr" in problems[2]["reason"] and problems[2]["id"] == "b"
    assert "not valid JSON" in problems[3]["reason"]
    assert "301 characters" in problems[5]["reason"]
    assert "appears already on line 1" in problems[6]["reason"]
    assert "answer must not be empty" in problems[7]["reason"] and "unknown field 'colour'" in problems[7]["reason"]
    assert "not a JSON object" in problems[8]["reason"]
    assert "question" in problems[9]["reason"]
    assert _count() == before  # not even line 1
    with new_session() as db:
        assert current_version(db) == version


def test_bad_yaml_and_csv_records_are_numbered_by_line_and_row(client, editor):
    bad_yaml = ("- id: ok-nl\n  lang: nl\n  question: Vraag?\n  answer: Antwoord.\n"
                "- id: bad-nl\n  lang: xx\n  question: Vraag?\n  answer: Antwoord.\n")
    r = client.post("/faq/import?format=yaml", content=bad_yaml.encode(), headers=editor)
    assert r.status_code == 422 and [(p["line"], p["id"]) for p in r.json()["errors"]] == [(5, "bad-nl")]

    bad_csv = ("\ufeffid;lang;question;answer\r\n"
               'ok-nl;nl;"Vraag?";"Regel 1\nRegel 2"\r\n'   # row 2 spans two lines but is one row
               "bad-nl;nl;;Antwoord.\r\n")                   # row 3: empty question
    r = client.post("/faq/import?format=csv", content=bad_csv.encode(), headers=editor)
    assert r.status_code == 422 and [(p["line"], p["id"]) for p in r.json()["errors"]] == [(3, "bad-nl")]
    assert "question must not be empty" in r.json()["errors"][0]["reason"]

    r = client.post("/faq/import?format=yaml", content=b"id: [unclosed", headers=editor)
    assert r.status_code == 422 and r.json()["code"] == "unreadable_file"
    r = client.post("/faq/import?format=jsonl", content="caf\xe9".encode("latin-1"), headers=editor)
    assert r.status_code == 422 and "UTF-8" in r.json()["detail"]
    r = client.post("/faq/import?format=xml", content=b"<faq/>", headers=editor)
    assert r.status_code == 422
    assert client.post("/faq/import", content=_line().encode(), headers={}).status_code == 401


def test_import_upserts_by_id_records_history_and_bumps_the_version(client, editor):
    with new_session() as db:
        version = current_version(db)
    body = "\n".join([_line(), _line(id="contact-phone-nl", lang="nl", group="contact-phone",
                                     question="Wat is het telefoonnummer van de servicedesk?",
                                     alternatives=["Hoe kan ik de servicedesk bellen?"],
                                     answer="Bel **02 740 79 93** (werkdagen, 8.30-17 uur).",
                                     url="https://dt.bosa.be/nl/contact", tags=["contact"])])
    r = client.post("/faq/import?format=jsonl", content=body.encode(), headers=editor)
    assert r.status_code == 200 and r.json() == {"created": 1, "updated": 1, "unchanged": 0}
    with new_session() as db:
        assert current_version(db) > version
        actions = db.scalars(select(FaqHistory).where(FaqHistory.entry_id == "contact-phone-nl")
                             .order_by(FaqHistory.id)).all()
        assert [h.action for h in actions] == ["import", "import"]  # the seed, then this import
        assert "8.30-17 uur" in actions[-1].after["answer"] and "8.30 tot 17 uur" in actions[-1].before["answer"]
    # Imported published content is searchable at once, in this process.
    hit = client.get("/faq/search", params={"q": "Waar kan ik parkeren?", "lang": "nl"}).json()["hits"][0]
    assert hit["id"] == "parking-nl"
    # The same file again changes nothing.
    r = client.post("/faq/import?format=jsonl", content=body.encode(), headers=editor)
    assert r.json() == {"created": 0, "updated": 0, "unchanged": 2}


@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "csv"])
def test_export_then_import_is_a_round_trip(client, editor, fmt):
    tricky = {"id": "tricky-fr", "lang": "fr", "question": "Où « trouver » l'accès; \"guillemets\" ?",
              "answer": "- premier point\n- second point avec [lien](https://example.be/a;b)\n\n=SOMME(A1)",
              "alternatives": ["Une autre façon, avec virgule", "Encore une"], "tags": ["accès", "test"],
              "url": "https://example.be/fr?x=1&y=2", "group": "tricky"}
    assert client.post("/faq/entries", json=tricky, headers=editor).status_code == 201
    exported = client.get(f"/faq/export?format={fmt}", headers=editor)
    assert exported.status_code == 200
    with new_session() as db:
        rows = {e.id: e for e in db.scalars(select(FaqEntry))}
        stored = {i: (e.question, e.answer, e.alternatives, e.tags, e.url, e.group, e.status) for i, e in rows.items()}

    r = client.post(f"/faq/import?format={fmt}", content=exported.content, headers=editor)
    assert r.status_code == 200, r.text
    assert r.json() == {"created": 0, "updated": 0, "unchanged": len(stored)}
    with new_session() as db:
        again = {e.id: (e.question, e.answer, e.alternatives, e.tags, e.url, e.group, e.status)
                 for e in db.scalars(select(FaqEntry))}
    assert again == stored


def test_csv_is_made_for_excel(client, editor):
    client.post("/faq/entries", headers=editor, json={
        "id": "lijst-nl", "lang": "nl", "question": "Welke kaartlezers werken?",
        "answer": "- elke **CCID**-lezer\n- met de eID-software", "alternatives": ["Kaartlezer; welke?"]})
    raw = client.get("/faq/export?format=csv", headers=editor).content
    assert raw.startswith("\ufeff".encode())  # UTF-8 BOM: Excel reads é and ë right
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "id;lang;group;status;question;alternatives;answer;url;tags"
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    row = next(r for r in rows if r["id"] == "lijst-nl")
    assert row["answer"] == " - elke **CCID**-lezer\n- met de eID-software"  # space: not a formula, one cell
    assert row["alternatives"] == "Kaartlezer; welke?"
    pair = next(r for r in rows if r["id"] == "contact-phone-nl")
    assert pair["tags"] == "contact" and pair["status"] == "published"


def test_yaml_export_is_a_readable_list(client, editor):
    data = yaml.safe_load(client.get("/faq/export?format=yaml&lang=fr&status=published", headers=editor).content)
    assert {e["id"] for e in data} == {"contact-phone-fr", "eid-pin-fr", "eid-puk-fr", "ticket-number-fr"}
    assert list(data[0]) == ["id", "lang", "group", "status", "question", "alternatives", "answer", "url", "tags"]
