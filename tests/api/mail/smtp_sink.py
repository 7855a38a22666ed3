"""A real aiosmtpd server on a free port that keeps what it receives; start and stop it at will.
Recipients starting with "reject" get a permanent 550."""
import email
import ssl
import subprocess
from pathlib import Path
from email.message import Message

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class _Collect:
    def __init__(self):
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.original_content)))
        return "250 OK"


class SmtpSink:
    """With `credentials=(user, password)` the server demands AUTH (over plain TCP, as test servers may)."""

    def __init__(self, port: int, credentials: tuple[str, str] | None = None, tls: str = "none",
                 cert: tuple[str, str] | None = None):
        self.port = port
        self.tls, self.cert = tls, cert  # tls: none | starttls (required) | tls (implicit); cert: (certfile, keyfile)
        self.handler = _Collect()
        self.credentials = credentials
        self.logins: list[str] = []
        self.controller: Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login.decode(), auth_data.password.decode()) == self.credentials
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)

    @property
    def messages(self) -> list[tuple[list[str], Message]]:
        return self.handler.messages

    def start(self) -> "SmtpSink":
        extra = dict(authenticator=self._authenticate, auth_required=True, auth_require_tls=False) if self.credentials else {}
        if self.tls != "none":
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*self.cert)
            extra.update(tls_context=context, require_starttls=True) if self.tls == "starttls" else \
                extra.update(ssl_context=context)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **extra)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


def parts(msg: Message) -> tuple[str, str]:
    """(plain text, HTML) of a multipart/alternative message."""
    text = html = ""
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return text, html


def self_signed_cert(folder: Path) -> tuple[str, str]:
    """A throw-away certificate for 127.0.0.1; trust it in a test with SSL_CERT_FILE=<certfile>."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return str(cert), str(key)
