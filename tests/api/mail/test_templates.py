"""Every e-mail exists in NL and FR, as text and HTML, with every placeholder filled and user text escaped."""
import pytest

from api.mail.templates import catalogue, render

VALUES = {"number": "SD-2026-000042", "subject": "Wachtwoord <vergeten> & zo", "name_part": " An",
          "link": "https://desk.example.be/tickets/SD-2026-000042?token=a&b", "text": "Regel 1\nRegel <2>",
          "deadline": "maandag 7 december 2026"}
EXPECTED = {"ticket_created", "agent_reply", "request_info", "resolved", "closed", "autoclosed"}


def test_both_languages_have_the_same_templates():
    assert set(catalogue("nl")) == set(catalogue("fr")) == EXPECTED


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("template", sorted(EXPECTED))
def test_each_template_renders_completely_and_safely(language, template):
    subject, text, html = render(template, language, VALUES)
    assert subject.startswith("[SD-2026-000042]") and "\n" not in subject
    assert "SD-2026-000042" in text and "$" not in text + html
    assert "<vergeten>" not in html and "Regel <2>" not in html
    assert f'<html lang="{language}">' in html and "<script" not in html
    if template in ("ticket_created", "agent_reply", "request_info", "resolved"):  # the ones with the link
        assert 'href="https://desk.example.be/tickets/SD-2026-000042?token=a&amp;b"' in html
        assert VALUES["link"] in text
    if template in ("agent_reply", "request_info", "resolved"):
        assert "Regel 1\nRegel <2>" in text and "Regel 1<br>" in html and "Regel &lt;2&gt;" in html
    if template == "request_info":
        assert "maandag 7 december 2026" in text


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        render("ticket_created", "de", VALUES)
