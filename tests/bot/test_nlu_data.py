"""Sanity checks on the Rasa NLU data: counts, duplicates, entity annotations.

The bot's NLU model is only as good as its training data, and the held-out test
set is only honest if it shares nothing with the training data. These checks run
in the main venv (pyyaml only, no Rasa) so they stay fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "bot" / "data" / "nlu.yml"
TEST = ROOT / "tests" / "bot" / "data" / "nlu_test.yml"

INTENTS = {
    "greet", "goodbye", "thank", "affirm", "deny", "ask_question", "request_ticket",
    "urgent_incident", "complaint", "ticket_status", "add_info", "request_human",
    "office_hours", "switch_language", "out_of_scope", "bot_challenge",
}
LANGS = ("nl", "fr")
MIN_TRAIN = {"ask_question": 80, "out_of_scope": 80}  # per language; others 30
MIN_TEST = 12

# [text](entity) or [text]{"entity": ..., "value": ...}
ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<name>[^)]+)\)|(?P<json>\{[^}]+\}))")


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def examples(path: Path) -> list[tuple[str, str, str]]:
    """(intent, language, raw example) for every example in the file."""
    rows = []
    for block in load(path)["nlu"]:
        if "intent" not in block:
            continue
        lang = (block.get("metadata") or {}).get("language", "none")
        for line in block["examples"].splitlines():
            line = line.strip()
            if line:
                assert line.startswith("- "), f"{path.name}: bad line {line!r}"
                rows.append((block["intent"], lang, line[2:].strip()))
    return rows


def entities(raw: str) -> list[tuple[str, str, str | None]]:
    """(entity name, surface text, normalised value or None)."""
    out = []
    for m in ANNOTATION.finditer(raw):
        if m.group("name"):
            out.append((m.group("name"), m.group("text"), None))
        else:
            spec = yaml.safe_load(m.group("json"))
            out.append((spec["entity"], m.group("text"), spec.get("value")))
    return out


def plain(raw: str) -> str:
    return ANNOTATION.sub(lambda m: m.group("text"), raw)


def norm(raw: str) -> str:
    """Near-duplicate key: no case, accents, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", plain(raw).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text).strip()
    return text or raw.strip()  # punctuation-only gibberish keeps its own key


def regexes(path: Path) -> dict[str, list[re.Pattern]]:
    found = {}
    for block in load(path)["nlu"]:
        if "regex" in block:
            pats = [ln.strip()[2:] for ln in block["examples"].splitlines() if ln.strip()]
            found[block["regex"]] = [re.compile(p) for p in pats]
    return found


@pytest.fixture(scope="module")
def train():
    return examples(TRAIN)


@pytest.fixture(scope="module")
def test():
    return examples(TEST)


def test_only_known_intents(train, test):
    assert {i for i, _, _ in train} == INTENTS
    assert {i for i, _, _ in test} == INTENTS


@pytest.mark.parametrize("intent", sorted(INTENTS))
def test_training_counts_per_language(train, intent):
    counts = Counter(lang for i, lang, _ in train if i == intent)
    need = MIN_TRAIN.get(intent, 30)
    for lang in LANGS:
        assert counts[lang] >= need, f"{intent}/{lang}: {counts[lang]} < {need}"


@pytest.mark.parametrize("intent", sorted(INTENTS))
def test_test_counts_per_language(test, intent):
    counts = Counter(lang for i, lang, _ in test if i == intent)
    for lang in LANGS:
        assert counts[lang] >= MIN_TEST, f"{intent}/{lang}: {counts[lang]} < {MIN_TEST}"


def test_enough_gibberish(train):
    assert sum(1 for i, lang, _ in train if i == "out_of_scope" and lang == "none") >= 40


def test_no_duplicates_within_each_file(train, test):
    for rows in (train, test):
        dupes = [k for k, n in Counter(norm(r) for _, _, r in rows).items() if n > 1]
        assert not dupes, f"duplicates: {dupes}"


def test_test_set_is_held_out(train, test):
    seen = {norm(r) for _, _, r in train}
    leaked = [r for _, _, r in test if norm(r) in seen]
    assert not leaked, f"test examples also in training data: {leaked}"


@pytest.mark.parametrize("path", [TRAIN, TEST], ids=["train", "test"])
def test_entity_annotations_match_regexes(path):
    pats = regexes(TRAIN)
    for _, _, raw in examples(path):
        for name, text, value in entities(raw):
            assert name in {"ticket_number", "email", "target_language"}, raw
            if name in pats:
                assert any(p.fullmatch(text) for p in pats[name]), f"{text!r} vs regex {name}"
            if name == "target_language":
                assert value in LANGS, raw


@pytest.mark.parametrize("path", [TRAIN, TEST], ids=["train", "test"])
def test_every_ticket_number_and_email_is_annotated(path):
    """An unannotated ticket number teaches the extractor to ignore it."""
    pats = regexes(TRAIN)
    for _, _, raw in examples(path):
        bare = ANNOTATION.sub(" ", raw)
        for name in ("ticket_number", "email"):
            assert not any(p.search(bare) for p in pats[name]), f"unannotated {name}: {raw}"


def test_entity_coverage(train):
    def count(intent, lang, name):
        return sum(
            1 for i, lg, r in train if i == intent and lg == lang
            for n, _, _ in entities(r) if n == name
        )

    for intent in ("ticket_status", "add_info"):
        for lang in LANGS:
            assert count(intent, lang, "ticket_number") >= 15, (intent, lang)
    emails = sum(1 for _, _, r in train for n, _, _ in entities(r) if n == "email")
    assert emails >= 10
    for lang in LANGS:
        assert count("switch_language", lang, "target_language") >= 15
