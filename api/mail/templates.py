"""E-mail texts come from the NL/FR catalogues in templates/*.yaml; one source gives plain text and HTML.

The ticket link is a long token URL: plain text puts it on a line of its own under a short label, HTML shows a
short link text (`_link_text`) instead.

Values (ticket subject, agent text, links) are user-controlled, so the HTML version escapes every one.
"""
import html
from functools import lru_cache
from pathlib import Path
from string import Template

import yaml

HERE = Path(__file__).parent / "templates"
LANGUAGES = ("nl", "fr")


@lru_cache
def _load(language: str) -> dict:
    if language not in LANGUAGES:
        raise ValueError(f"no e-mail catalogue for language {language!r}")
    return yaml.safe_load((HERE / f"{language}.yaml").read_text(encoding="utf-8"))


@lru_cache
def catalogue(language: str) -> dict:
    return {name: {"subject": Template(spec["subject"]), "paragraphs": [Template(p) for p in spec["paragraphs"]]}
            for name, spec in _load(language).items() if not name.startswith("_")}


def link_text(language: str) -> Template:
    """What the HTML version shows for the ticket link instead of its long token URL."""
    return Template(_load(language)["_link_text"])


def render(template: str, language: str, values: dict[str, str]) -> tuple[str, str, str]:
    """Returns (subject, plain text, HTML). Empty paragraphs (e.g. no closing note) are left out."""
    spec = catalogue(language)[template]
    one_line = {k: " ".join(str(v).split()) for k, v in values.items()}
    subject = spec["subject"].substitute(one_line)[:300]
    texts, htmls = [], []
    escaped = {k: html.escape(str(v)) for k, v in values.items()}
    if "link" in values:  # plain text: the URL itself, on its own line under its label
        label = link_text(language).substitute(values)
        escaped["link"] = f'<a href="{html.escape(values["link"], quote=True)}">{html.escape(label)}</a>'
    for paragraph in spec["paragraphs"]:
        text = paragraph.substitute(values).strip()
        if not text:
            continue
        texts.append(text)
        htmls.append("<p>" + paragraph.substitute(escaped).strip().replace("\n", "<br>\n") + "</p>")
    body_html = (f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
                 f"<title>{html.escape(subject)}</title></head>\n"
                 f'<body style="font-family: sans-serif; line-height: 1.4">\n' + "\n".join(htmls) + "\n</body></html>\n")
    return subject, "\n\n".join(texts) + "\n", body_html
