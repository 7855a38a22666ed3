"""Builders for inbound test e-mails (real RFC 5322 bytes, as a mail server delivers them)."""
import uuid
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid


def mail(sender: str, subject: str, body: str, *, to: str = "servicedesk@example.be", message_id: str | None = None,
         headers: dict | None = None, attachments: tuple = ()) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(idstring=uuid.uuid4().hex[:8], domain="requester.example")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes(policy=policy.SMTP)  # CRLF line ends, as on the wire


def bounce(original_message_id: str) -> bytes:
    """A delivery status notification (RFC 3464) for one of our own mails, as Postfix sends it."""
    msg = EmailMessage()
    msg["From"] = "MAILER-DAEMON@mx.example.be"
    msg["To"] = "servicedesk@example.be"
    msg["Subject"] = "Undelivered Mail Returned to Sender"
    msg["Message-ID"] = make_msgid(domain="mx.example.be")
    msg["Auto-Submitted"] = "auto-replied"
    msg.set_content("I'm sorry to have to inform you that your message could not be delivered.")
    original = EmailMessage()
    original["Message-ID"] = f"<{original_message_id}>"
    original["Subject"] = "Uw ticket"
    original.set_content("...")
    msg.add_attachment(original)  # message/rfc822
    msg.replace_header("Content-Type", msg["Content-Type"].replace("multipart/mixed", "multipart/report"))
    return msg.as_bytes(policy=policy.SMTP)
