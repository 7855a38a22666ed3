"""Reading inbound mail: the number, the trimmed text (NL, FR, EN), loops and unsafe attachments."""
import pytest

from api.inbound.parse import Attachment, find_number, parse, trim
from api.inbound.service import is_unsafe
from tests.api.inbound.mails import bounce, mail

NL = """Beste,

Hier is de gevraagde informatie: mijn rijksregisternummer eindigt op 123.

Met vriendelijke groeten,
Jan
--
Jan Peeters | FOD Test
Op ma 7 dec. 2026 om 10:12 schreef Service Desk <servicedesk@example.be>:
> Om uw ticket SD-2026-000042 verder te behandelen ..."""

FR = """Bonjour,

Voici l'information demandée.

Le lun. 7 déc. 2026 à 10:12, Service Desk <servicedesk@example.be> a écrit :
> Pour traiter votre ticket SD-2026-000042 ..."""

OUTLOOK = """Het werkt weer, dank u.

Van: Service Desk <servicedesk@example.be>
Verzonden: maandag 7 december 2026 10:12
Aan: Jan Peeters
Onderwerp: [SD-2026-000042] Wij hebben bijkomende informatie nodig"""

EN = """Thanks, see below.

On Mon, Dec 7, 2026 at 10:12 AM Service Desk <servicedesk@example.be> wrote:
> quoted"""


@pytest.mark.parametrize("text, kept, cut", [
    (NL, "mijn rijksregisternummer eindigt op 123.", "Jan Peeters | FOD Test"),
    (FR, "Voici l'information demandée.", "a écrit"),
    (OUTLOOK, "Het werkt weer, dank u.", "Verzonden"),
    (EN, "Thanks, see below.", "wrote:"),
])
def test_quoted_text_and_signatures_are_trimmed(text, kept, cut):
    trimmed = trim(text)
    assert kept in trimmed and cut not in trimmed and ">" not in trimmed


def test_a_line_that_merely_mentions_from_is_kept():
    text = "De fout komt van: de printer op de tweede verdieping.\nZe drukt niets af."
    assert trim(text) == text


def test_the_number_comes_from_the_subject_first_then_the_body():
    assert find_number("Re: [sd-2026-000042] Wachtwoord", "SD-2026-000001") == "SD-2026-000042"
    assert find_number("Re: wachtwoord", "zie ticket SD-2026-000007 hierboven") == "SD-2026-000007"
    assert find_number("Re: SD-2026-42", "geen nummer") is None


def test_an_out_of_office_reply_and_a_bulk_mail_are_auto():
    ooo = parse(mail("an@example.be", "Afwezig: [SD-2026-000042]", "Ik ben afwezig.",
                     headers={"Auto-Submitted": "auto-replied"}))
    bulk = parse(mail("news@example.be", "Nieuwsbrief", "...", headers={"Precedence": "bulk"}))
    human = parse(mail("an@example.be", "Re: [SD-2026-000042]", "Hier is het."))
    assert ooo.auto and bulk.auto and not human.auto


def test_a_bounce_names_the_message_it_reports():
    parsed = parse(bounce("abc123@example.be"))
    assert parsed.bounce and parsed.auto and parsed.bounced_ids == ["abc123@example.be"]


def test_attachments_are_read_and_executables_are_unsafe():
    parsed = parse(mail("an@example.be", "Scherm", "Zie bijlage.", attachments=(
        ("scherm.png", "image/png", b"\x89PNG...."), ("tool.exe", "application/octet-stream", b"MZ\x90\x00"))))
    png, exe = parsed.attachments
    assert (png.filename, png.content_type, png.data) == ("scherm.png", "image/png", b"\x89PNG....")
    assert not is_unsafe(png) and is_unsafe(exe)
    assert is_unsafe(Attachment("factuur.pdf", "application/pdf", b"MZ\x90\x00"))  # an executable in disguise
    assert is_unsafe(Attachment("run.PS1", "text/plain", b"Get-Item"))


def test_a_forwarded_mail_is_kept_as_an_eml_attachment():
    from email import message_from_bytes, policy

    forwarded = message_from_bytes(mail("x@example.be", "De fout", "Foutmelding 0x80070005"), policy=policy.default)
    raw = mail("an@example.be", "Doorgestuurd", "Zie de doorgestuurde e-mail.")
    outer = message_from_bytes(raw, policy=policy.default)
    outer.add_attachment(forwarded)
    [eml] = parse(outer.as_bytes(policy=policy.SMTP)).attachments
    assert (eml.filename, eml.content_type) == ("message.eml", "message/rfc822") and b"0x80070005" in eml.data

