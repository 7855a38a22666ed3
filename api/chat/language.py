"""Which language a chat turn is in: lingua restricted to Dutch and French, loaded once.

Short or ambiguous messages ("hallo", "merci", "ok", a ticket number) never decide on their own:
the conversation keeps its language, or takes the page's.
"""
import re
from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

MIN_CONFIDENCE = 0.7
MIN_WORDS = 3  # fewer words never change the language: "merci", "ok dank u", "SPF Test"
_NOISE = re.compile(r"\S+@\S+|https?://\S+|\bSD-\d{4}-\d{6}\b|[^\w\s'-]|\d+", re.IGNORECASE)
_CODES = {Language.DUTCH: "nl", Language.FRENCH: "fr"}


@lru_cache
def _detector():
    return LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.FRENCH).with_preloaded_language_models().build()


def detect(text: str) -> tuple[str | None, float]:
    """(language, confidence); (None, 0.0) when the text has too few words to tell, or is a button's payload
    ("/choose_faq{...}": entry ids are no language)."""
    if text.startswith("/"):
        return None, 0.0
    words = [w for w in _NOISE.sub(" ", text).split() if any(c.isalpha() for c in w)]
    if len(words) < MIN_WORDS:
        return None, 0.0
    best = _detector().compute_language_confidence_values(" ".join(words))[0]
    return _CODES[best.language], round(best.value, 3)


def conversation_language(page_lang: str, previous_lang: str | None, previous_page_lang: str | None) -> str:
    """The language the conversation is in before this turn: a toggle of the widget wins, else the
    conversation's, else the page's."""
    if previous_lang and previous_page_lang and page_lang != previous_page_lang:
        return page_lang  # the visitor used the widget's NL/FR toggle
    return previous_lang or page_lang


def sentence_language(detected: str | None, confidence: float) -> str | None:
    """The detected language when it is sure enough to follow (a whole sentence), else None. Whether it is
    followed is the dialogue's call: never on a form's slot answer (a name, "SPF Test", an e-mail address)."""
    return detected if detected and confidence >= MIN_CONFIDENCE else None


def resolve(detected: str | None, confidence: float, page_lang: str, previous_lang: str | None,
            previous_page_lang: str | None) -> str:
    """The turn's language without the dialogue (degraded mode): a confident detection, else the conversation's."""
    return sentence_language(detected, confidence) or conversation_language(page_lang, previous_lang,
                                                                            previous_page_lang)


def warm_up() -> None:
    _detector()
