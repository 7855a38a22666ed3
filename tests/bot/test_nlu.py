"""`rasa test nlu` on the held-out file (never trained on): intent accuracy >= 0.90 in each language.

Uses the cached model (trained once per change of bot/ inputs). The figures are printed and written to
.state/nlu_report.json so docs/benchmarks.md can quote them.
"""
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from api import runner

ROOT = Path(__file__).resolve().parents[2]
TEST_FILE = ROOT / "tests" / "bot" / "data" / "nlu_test.yml"
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))")
MIN_ACCURACY = 0.90


def _languages() -> dict[tuple[str, str], str]:
    """(intent, plain text) -> language, from the blocks' metadata."""
    out = {}
    for block in yaml.safe_load(TEST_FILE.read_text())["nlu"]:
        if "intent" not in block:
            continue
        lang = (block.get("metadata") or {}).get("language", "none")
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                text = ANNOTATION.sub(r"\1", line.strip()[2:])
                out[(block["intent"], text.strip())] = lang
    return out


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    model = runner.ensure_model()
    out = tmp_path_factory.mktemp("nlu")
    subprocess.run(runner.rasa("test", "nlu", "--nlu", str(TEST_FILE), "--model", str(model), "--out", str(out),
                               "--successes"), env=runner.rasa_env(), cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    langs = _languages()
    rows = []
    for name, ok in (("intent_successes.json", True), ("intent_errors.json", False)):
        path = out / name
        for item in json.loads(path.read_text()) if path.exists() else []:
            rows.append((langs.get((item["intent"], item["text"].strip()), "?"), ok, item))
    per_lang = {}
    for lang in {r[0] for r in rows}:
        mine = [r for r in rows if r[0] == lang]
        per_lang[lang] = {"n": len(mine), "accuracy": round(sum(r[1] for r in mine) / len(mine), 4)}
    figures = {"model": model.name, "per_language": per_lang,
               "errors": [{"lang": r[0], "text": r[2]["text"], "gold": r[2]["intent"],
                           "predicted": r[2]["intent_prediction"]["name"],
                           "confidence": round(r[2]["intent_prediction"]["confidence"], 3)} for r in rows if not r[1]]}
    (runner.STATE / "nlu_report.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(json.dumps(per_lang))
    return figures, rows


def test_every_test_example_was_evaluated_and_mapped_to_a_language(report):
    figures, rows = report
    assert rows, "rasa test nlu produced no results"
    assert "?" not in figures["per_language"], "some results could not be matched to the test file"


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_intent_accuracy_per_language(report, lang):
    figures, _ = report
    stats = figures["per_language"][lang]
    assert stats["n"] >= 100
    assert stats["accuracy"] >= MIN_ACCURACY, figures["errors"]


def _fallback_threshold() -> float:
    config = yaml.safe_load((runner.BOT / "config.yml").read_text())
    return next(c["threshold"] for c in config["pipeline"] if c["name"] == "FallbackClassifier")


def test_gibberish_is_never_read_as_yes(report):
    """`rasa test nlu` reports the classifier's own label; below the FallbackClassifier threshold the bot
    treats the message as not understood, so only confident predictions can be mistaken for a yes."""
    _, rows = report
    threshold = _fallback_threshold()
    for lang, ok, item in rows:
        if item["intent"] == "out_of_scope" and lang == "none":
            pred = item["intent_prediction"]
            assert not (pred["name"] in ("affirm", "goodbye") and pred["confidence"] >= threshold), item
