"""What Rasa's REST channel sends for an FAQ answer, built from the bot's own responses (bot/domain.yml) the way
Rasa 3.6 sends them: each paragraph of a text as a message of its own (CollectingOutputChannel splits on blank
lines), a text with buttons whole, a custom payload after its text (for the unit tests of api/chat/rasa.py).
"""
from functools import lru_cache
from pathlib import Path

import yaml

DOMAIN = Path(__file__).resolve().parents[1] / "bot" / "domain.yml"


@lru_cache
def _responses() -> dict:
    return yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]


def response(name: str, lang: str) -> dict:
    """The variant of a response for the conversation's language (Dutch has no condition)."""
    for variant in _responses()[name]:
        conditions = variant.get("condition") or []
        if any(c.get("name") == "language" and c.get("value") == lang for c in conditions) or (
                lang == "nl" and not conditions):
            return variant
    raise KeyError(f"{name} has no variant for {lang}")


def faq_answer(lang: str, answer: str, url: str, title: str) -> list[dict]:
    """actions/faq.py show_answer: utter_faq_answer with the source link as custom payload, then utter_did_that_help."""
    text = response("utter_faq_answer", lang)["text"].format(answer=answer, url=url)
    raw = [{"recipient_id": "s", "text": part} for part in text.strip().split("\n\n")]
    raw.append({"recipient_id": "s", "custom": {"links": [{"title": title, "url": url}]}})
    question = response("utter_did_that_help", lang)
    raw.append({"recipient_id": "s", "text": question["text"],
                "buttons": [{**b, "type": "postback"} for b in question["buttons"]]})
    return raw
