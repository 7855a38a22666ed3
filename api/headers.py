"""Security headers on every response: a strict Content-Security-Policy (no inline script, except one carrying
a page's own nonce; no inline style at all), no framing, no MIME sniffing, a referrer policy, and HSTS when served over HTTPS.

The widget is a script that host pages include (it draws in a shadow root, no iframe), so nothing of ours is
ever framed: frame-ancestors 'none' everywhere. Host pages on other origins keep their own policy; they need
our origin in their script-src and connect-src (docs/security.md).
"""
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.ratelimit import is_trusted_proxy

HSTS = "max-age=31536000; includeSubDomains"


def policy(nonce: str | None = None) -> str:
    own = f" 'nonce-{nonce}'" if nonce else ""
    return ("default-src 'self'; "
            f"script-src 'self'{own}; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _https(scope: Scope, headers: dict[bytes, bytes]) -> bool:
    if scope.get("scheme") == "https":
        return True
    peer = (scope.get("client") or ("", 0))[0]
    return is_trusted_proxy(peer) and headers.get(b"x-forwarded-proto", b"").split(b",")[0].strip() == b"https"


class SecurityHeaders:
    """Pure ASGI middleware: adds the headers a response does not set itself."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = _https(scope, dict(scope.get("headers") or []))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                wanted = [(b"content-security-policy", policy().encode()), (b"x-frame-options", b"DENY"),
                          (b"x-content-type-options", b"nosniff"),
                          (b"referrer-policy", b"strict-origin-when-cross-origin"),
                          (b"cross-origin-opener-policy", b"same-origin")]
                if https:
                    wanted.append((b"strict-transport-security", HSTS.encode()))
                headers += [(k, v) for k, v in wanted if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
