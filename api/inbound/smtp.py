"""The LMTP/SMTP receiver the desk's mail server delivers to (aiosmtpd), bound to loopback by default.

Only the configured inbound address is accepted as a recipient (550 for any other: no open relay). A message
larger than settings.inbound_max_bytes is refused with 552. The answer is 250 only after the message's
transaction committed; on a database error it is 451, so the sending server keeps the message and retries:
nothing is lost.
"""
import asyncio
import logging
from email.utils import parseaddr

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP

from api.clock import system_clock
from api.db import new_session
from api.settings import Settings, get_settings

log = logging.getLogger(__name__)


def accepted_addresses(settings: Settings) -> set[str]:
    return {parseaddr(settings.inbound_address)[1].strip().lower()} - {""}


class InboundHandler:
    def __init__(self, addresses: set[str], clock=system_clock):
        self.addresses = addresses
        self.clock = clock

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.strip().lower() not in self.addresses:
            return "550 5.1.1 Unknown recipient"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        try:
            await asyncio.to_thread(self._receive, envelope.original_content or envelope.content)
        except Exception as exc:  # noqa: BLE001 - the sender must retry rather than lose the message
            log.error("inbound mail not stored: %s", type(exc).__name__)
            return "451 4.3.0 Temporary failure, please retry"
        return "250 OK"

    def _receive(self, raw: bytes) -> None:
        from api.inbound.service import receive

        with new_session() as db:
            receive(db, raw, self.clock())


class InboundController(Controller):
    """`lmtp` (what Postfix's lmtp: transport speaks) or `smtp`, on settings.inbound_host:inbound_port."""

    def __init__(self, settings: Settings | None = None, clock=system_clock, port: int | None = None):
        settings = settings or get_settings()
        self.lmtp = settings.inbound_mode == "lmtp"
        super().__init__(InboundHandler(accepted_addresses(settings), clock), hostname=settings.inbound_host,
                         port=settings.inbound_port if port is None else port,
                         data_size_limit=settings.inbound_max_bytes, decode_data=False)

    def factory(self):
        return (LMTP if self.lmtp else SMTP)(self.handler, **self.SMTP_kwargs)
