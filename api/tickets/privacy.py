"""Keep requester e-mail addresses, access tokens and visitors' words out of the access log.

The e-mail link `?token=...`, an old-style `?email=...` (which opens nothing but is still personal data) and the
question in `/faq/search?q=...` travel in the query string, which uvicorn's access log prints in full. This filter
blanks those values and leaves the rest of the line.
"""
import logging
import re

_SECRET_PARAM = re.compile(r"(?i)([?&](?:email|token|q)=)[^&\s]*")


def redact(path: str) -> str:
    return _SECRET_PARAM.sub(r"\1***", path)


class RedactRequesterQuery(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            record.args = record.args[:2] + (redact(record.args[2]),) + record.args[3:]
        return True


def install() -> None:
    """Idempotent: adds the filter to uvicorn's access logger once."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactRequesterQuery) for f in access.filters):
        access.addFilter(RedactRequesterQuery())
