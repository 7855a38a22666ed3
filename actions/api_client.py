"""A small async HTTP client of the Frontdoor API: the actions reach the facts only through it."""
import os
from typing import Any

import aiohttp

API_URL = os.environ.get("FRONTDOOR_API_URL", "http://127.0.0.1:8000").rstrip("/")
# The bot's secret toward the API: its calls (one address for every visitor) are not rate-limited per address
BOT_HEADERS = {"X-Frontdoor-Bot": os.environ.get("FRONTDOOR_BOT_TOKEN", "")}
# Inside Rasa's wait for an action (FRONTDOOR_ACTION_TIMEOUT, 8 s), itself inside the API's wait for Rasa
TIMEOUT = aiohttp.ClientTimeout(total=float(os.environ.get("FRONTDOOR_API_TIMEOUT", "3")))

_session: aiohttp.ClientSession | None = None
_limits: dict | None = None


class ApiError(Exception):
    """The API could not be reached or answered with an unexpected status."""

    def __init__(self, status: int, body: Any = None):
        super().__init__(f"API answered {status}")
        self.status = status
        self.body = body


async def _client() -> aiohttp.ClientSession:
    global _session  # one pooled connection set per action-server process
    if _session is None or _session.closed:
        _session = aiohttp.ClientSession(timeout=TIMEOUT, headers=BOT_HEADERS)
    return _session


async def request(method: str, path: str, *, expect: tuple[int, ...] = (200,), **kwargs) -> Any:
    try:
        session = await _client()
        async with session.request(method, API_URL + path, **kwargs) as resp:
            body = await resp.json(content_type=None) if resp.status != 204 else None
            if resp.status not in expect:
                raise ApiError(resp.status, body)
            return body
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise ApiError(0, str(exc)) from exc


async def limits() -> dict:
    """The API's text limits (GET /chat/limits), read once per action-server process."""
    global _limits
    if _limits is None:
        _limits = await request("GET", "/chat/limits")
    return _limits


async def search_faq(query: str, lang: str, session_id: str) -> dict:
    return await request("GET", "/faq/search", params={"q": query, "lang": lang, "k": 5, "session_id": session_id})


async def faq_subjects(text: str, lang: str) -> list[str]:
    return (await request("GET", "/faq/subjects", params={"q": text, "lang": lang}))["subjects"]


async def faq_feedback(search_id: str | None, entry_id: str, helpful: bool, session_id: str) -> None:
    await request("POST", "/faq/feedback", expect=(204, 200, 201),
                  json={"search_id": search_id, "entry_id": entry_id, "helpful": helpful, "session_id": session_id})


async def faq_unanswered(query: str, lang: str, decision: str, session_id: str) -> None:
    await request("POST", "/faq/unanswered", expect=(204, 200, 201),
                  json={"query": query, "lang": lang, "decision": decision, "session_id": session_id})


async def office_hours(lang: str) -> dict:
    return await request("GET", "/office-hours", params={"lang": lang})


async def create_ticket(payload: dict, idempotency_key: str) -> dict:
    return await request("POST", "/tickets", expect=(200, 201), json=payload,
                         headers={"Idempotency-Key": idempotency_key})


async def send_ticket_link(number: str, email: str) -> None:
    """Ask the desk to e-mail a fresh link to the ticket's own address (202 whether or not they match)."""
    await request("POST", f"/tickets/{number}/link", expect=(202,), json={"email": email})
