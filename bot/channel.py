"""Rasa's REST channel behind a shared secret: the only door to a conversation is the API.

Rasa's `--auth-token` guards its HTTP API but not its channels, and a channel's sender id is the key to a
conversation. This channel is Rasa's REST channel (`/webhooks/frontdoor/webhook`) that answers only a caller
sending `Authorization: Bearer <FRONTDOOR_RASA_TOKEN>`, the secret the runner gives the API and Rasa.
"""
import hmac
import os

from rasa.core.channels.rest import RestInput
from sanic import response


def authorised(header: str, token: str) -> bool:
    scheme, _, given = (header or "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())


class FrontdoorInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "frontdoor"

    def blueprint(self, on_new_message):
        blueprint = super().blueprint(on_new_message)
        token = os.environ.get("FRONTDOOR_RASA_TOKEN", "")
        if not token:
            raise RuntimeError("FRONTDOOR_RASA_TOKEN is not set: the chat channel would be open to anyone")

        @blueprint.middleware("request")
        async def require_token(request):
            if request.path.rstrip("/").endswith("/webhook") and not authorised(
                    request.headers.get("authorization", ""), token):
                return response.json({"error": "unauthorized"}, status=401)

        return blueprint
