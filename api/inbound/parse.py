"""Reading an inbound e-mail: the sender, the ticket number, the requester's own words and the attachments.

Trimming rule (no maintained quote-stripping library installs offline on Python 3.11 here, so the rule is ours,
tested in NL, FR and EN in tests/api/inbound/test_parse.py): the text is cut at the first line that starts
quoted or signed text, which is
- a reply header: "On … wrote:", "Op … schreef …:", "Le … a écrit :", "-----Original Message-----",
  "----- Oorspronkelijk bericht -----", "----- Message d'origine -----", a line of underscores (Outlook);
- a header block of a forwarded or quoted mail: a "From:"/"Van:"/"De:" line followed within two lines by
  another header ("Sent:", "Verzonden:", "Envoyé :", "To:", "Aan:", "À :", "Date:", "Subject:", "Onderwerp:",
  "Objet :");
- a line starting with ">" (a quoted line);
- the signature separator "-- " (or "--") on a line of its own.
"""
import hashlib
import html
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

NUMBER = re.compile(r"\bSD-(\d{4})-(\d{6})\b", re.IGNORECASE)
_REPLY_HEADER = re.compile(
    r"^\s*(on\s.+\swrote:|op\s.+\sschreef.*:|le\s.+\sa\s+écrit\s*:|-{2,}\s*(original message|oorspronkelijk bericht|"
    r"message d'origine|doorgestuurd bericht|forwarded message|message transféré)\s*-{2,}|_{10,})\s*$",
    re.IGNORECASE)
_FROM = re.compile(r"^\s*\*?(from|van|de)\s*:", re.IGNORECASE)
_HEADER = re.compile(r"^\s*\*?(sent|verzonden|envoyé|to|aan|à|date|datum|subject|onderwerp|objet|cc)\s*:",
                     re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s?$")
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.IGNORECASE)


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass
class Parsed:
    message_id: str
    sender: str
    subject: str
    text: str  # the requester's own words (trimmed)
    number: str | None
    auto: bool  # an auto-reply or bulk mail: it never gets an answer
    bounce: bool
    bounced_ids: list[str] = field(default_factory=list)  # Message-IDs of the mails a bounce reports
    attachments: list[Attachment] = field(default_factory=list)


def trim(text: str) -> str:
    """The new text of a reply: everything before the first quote header, quoted line or signature."""
    lines = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        if (_REPLY_HEADER.match(line) or line.lstrip().startswith(">") or _SIGNATURE.match(line)
                or (_FROM.match(line) and any(_HEADER.match(nxt) for nxt in lines[i + 1:i + 3]))):
            lines = lines[:i]
            break
    return "\n".join(lines).strip()


def find_number(*texts: str) -> str | None:
    for text in texts:
        found = NUMBER.search(text or "")
        if found:
            return f"SD-{found.group(1)}-{found.group(2)}"
    return None


def _html_text(markup: str) -> str:
    return html.unescape(_TAGS.sub("", _BLOCK_TAGS.sub("\n", markup)))


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset: the bytes as Latin-1 say more than nothing
        content = (part.get_payload(decode=True) or b"").decode("latin-1")
    return _html_text(content) if part.get_content_type() == "text/html" else content


def is_auto(msg: EmailMessage) -> bool:
    """RFC 3834 Auto-Submitted, Precedence bulk/junk/list, and the usual out-of-office markers."""
    auto_submitted = str(msg.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(msg.get("Precedence", "")).strip().lower()
    return (auto_submitted != "no" or precedence in ("bulk", "junk", "list", "auto_reply")
            or bool(msg.get("X-Autoreply")) or bool(msg.get("X-Autorespond")) or bool(msg.get("List-Id"))
            or str(msg.get("X-Auto-Response-Suppress", "")).lower() in ("all", "oof"))


def _bounce(msg: EmailMessage, sender: str) -> tuple[bool, list[str]]:
    """A delivery status notification (RFC 3464), or a mail from the mailer daemon; the Message-IDs it reports
    come from its enclosed original (message/rfc822 or text/rfc822-headers)."""
    local = sender.split("@", 1)[0].lower()
    is_report = msg.get_content_type() == "multipart/report"
    if not (is_report or local in ("mailer-daemon", "postmaster")):
        return False, []
    ids = []
    for part in msg.walk():
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) else inner
            ids.append(str(inner.get("Message-ID", "")))
        elif part.get_content_type() == "text/rfc822-headers":
            found = re.search(r"^Message-ID:\s*(\S+)", part.get_content(), re.IGNORECASE | re.MULTILINE)
            ids.append(found.group(1) if found else "")
    return True, [i.strip().strip("<>") for i in ids if i.strip()]


def _attachment(part: EmailMessage) -> Attachment:
    if part.get_content_type() == "message/rfc822":  # a forwarded e-mail: kept as an .eml file
        return Attachment(part.get_filename() or "message.eml", "message/rfc822", part.get_payload(0).as_bytes())
    return Attachment(part.get_filename() or "attachment", part.get_content_type(),
                      part.get_payload(decode=True) or b"")


def parse(raw: bytes) -> Parsed:
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    addresses = getaddresses([str(msg.get("From", ""))])
    sender = (addresses[0][1] if addresses else "").strip().lower()
    subject = " ".join(str(msg.get("Subject", "")).split())[:300]
    message_id = str(msg.get("Message-ID", "")).strip().strip("<>")[:250] or \
        "sha256:" + hashlib.sha256(raw).hexdigest()  # no Message-ID: the same bytes are the same message
    body = _body(msg)
    bounce, bounced_ids = _bounce(msg, sender)
    attachments = [] if bounce else [_attachment(part) for part in msg.iter_attachments()]
    return Parsed(message_id=message_id, sender=sender, subject=subject, text=trim(body),
                  number=find_number(subject, body), auto=bounce or is_auto(msg), bounce=bounce,
                  bounced_ids=bounced_ids, attachments=attachments)
