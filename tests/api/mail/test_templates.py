"""Every e-mail exists in NL and FR, as text and HTML, with every placeholder filled and user text escaped."""
import pytest

from api.mail.templates import catalogue, render

VALUES = {"number": "SD-2026-000042", "subject": "Wachtwoord <vergeten> & zo", "name_part": " An",
          "link": "https://desk.example.be/tickets/SD-2026-000042?token=a&b", "text": "Regel 1\nRegel <2>",
          "deadline": "maandag 7 december 2026", "days": "7",
          **{"autoclose_days": "7", "opens": "9 uur", "closes": "16 uur", "phone": "02 111 22 33"}}  # as enqueue adds
EXPECTED = {"ticket_created", "ticket_link", "agent_reply", "request_info", "resolved", "closed", "autoclosed",
            "inbound_unknown", "inbound_refused"}
PUBLIC = ("ticket_created", "ticket_link", "inbound_unknown", "inbound_refused")  # sent when anyone asks: no caller's words in them


def test_both_languages_have_the_same_templates():
    assert set(catalogue("nl")) == set(catalogue("fr")) == EXPECTED


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("template", sorted(EXPECTED))
def test_each_template_renders_completely_and_safely(language, template):
    subject, text, html = render(template, language, {**VALUES, "count": "2", "max_mb": "10"})
    assert "\n" not in subject and "$" not in text + html
    if template != "inbound_unknown":  # the answer to a mail we could not link to a ticket names none
        assert "SD-2026-000042" in subject and "SD-2026-000042" in text
    assert "<vergeten>" not in html and "Regel <2>" not in html
    assert f'<html lang="{language}">' in html and "<script" not in html
    if template in ("ticket_created", "ticket_link", "agent_reply", "request_info", "resolved"):  # with the link
        short = {"nl": "Ticket SD-2026-000042 openen", "fr": "Ouvrir le ticket SD-2026-000042"}[language]
        assert f'<a href="https://desk.example.be/tickets/SD-2026-000042?token=a&amp;b">{short}</a>' in html
        assert ">https://" not in html  # the long URL is never the text of the link
        lines = text.splitlines()
        assert VALUES["link"] in lines and lines[lines.index(VALUES["link"]) - 1].endswith(":")  # on its own line
    if template in ("agent_reply", "request_info", "resolved"):
        assert "Regel 1\nRegel <2>" in text and "Regel 1<br>" in html and "Regel &lt;2&gt;" in html
    if template == "request_info":
        assert "maandag 7 december 2026" in text


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        render("ticket_created", "de", VALUES)


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("template", PUBLIC)
def test_mails_anyone_can_trigger_carry_none_of_the_caller_s_words(language, template):
    """No relay: a stranger's subject ("your password expires, confirm at evil.example") or name never goes out
    from the desk's sender, neither in the subject, the greeting nor anywhere else."""
    phishing = {**VALUES, "subject": "Uw wachtwoord verloopt vandaag - bevestig via https://evil.example.com/login",
                "name_part": " Beste klant, klik op https://evil.example.com om uw account te behouden"}
    subject, text, html = render(template, language, {**phishing, "count": "1", "max_mb": "10"})
    assert subject in ("Uw ticket SD-2026-000042", "Votre ticket SD-2026-000042") or template != "ticket_created"
    for part in (subject, text, html):
        assert "evil.example.com" not in part and "wachtwoord" not in part.lower() and "Beste klant" not in part
