"""`rasa run`, with fixes of Rasa 3.6: two of its per-turn overhead (found with py-spy) and its action timeout (docs/benchmarks.md).

1. Rasa checks every action-server reply with `jsonschema.validate()`, which first re-checks the constant
   schema itself against the meta-schema: about half of that call. The validator is now built once; every
   reply is still validated against the same schema, and an invalid one still fails with Rasa's own message.
2. Rasa waits 5 minutes for an action. It now waits FRONTDOOR_ACTION_TIMEOUT (8 s), less than the API waits
   for Rasa (settings.rasa_timeout, 12 s), so an answer never comes after the caller has given up.
3. Every event read back from the tracker store finds its class by walking the whole subclass tree of
   `Event` (about 15% of a turn). The class found for each event name is now remembered.

Run with the bot venv's Python: `.venv-bot/bin/python -m bot.serve run ...` takes the arguments of `rasa`; the HTTP
API's `--auth-token` comes from FRONTDOOR_RASA_TOKEN, so that it is not on the command line.

`run actions --port N` starts the action server our way: bound to FRONTDOOR_ACTIONS_HOST (default 127.0.0.1,
where stock rasa-sdk binds 0.0.0.0) and answering `/webhook` only with the shared secret FRONTDOOR_ACTION_TOKEN,
which Rasa sends in the header X-Frontdoor-Action (the endpoints file the runner writes), never in the URL. rasa-sdk 3.6 has no authentication of its own.
"""
import hmac
import os
import sys


def patch_rasa() -> None:
    import rasa.core.actions.action as rasa_action
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    spec = RemoteAction.action_response_format_spec()
    validator = validator_for(spec)(spec)
    validate_with_message = RemoteAction._validate_action_result

    def validate_action_result(self, result):
        try:
            validator.validate(result)
        except ValidationError:
            return validate_with_message(self, result)  # raises, with Rasa's explanation
        return True

    resolve = Event.resolve_by_type
    found: dict = {}

    def resolve_by_type(type_name, default=None):
        cls = found.get(type_name)
        if cls is None:
            cls = resolve(type_name, default)
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                found[type_name] = cls
        return cls

    RemoteAction._validate_action_result = validate_action_result
    rasa_action.DEFAULT_REQUEST_TIMEOUT = float(os.environ.get("FRONTDOOR_ACTION_TIMEOUT", "8"))
    Event.resolve_by_type = staticmethod(resolve_by_type)


def serve_actions(port: int) -> None:
    import logging

    from rasa_sdk import utils
    from rasa_sdk.endpoint import create_app
    from sanic import response

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    token = os.environ.get("FRONTDOOR_ACTION_TOKEN", "")
    if not token:
        raise SystemExit("FRONTDOOR_ACTION_TOKEN is not set: the action server would run any caller's actions")
    if not os.environ.get("FRONTDOOR_DESK_FACTS"):
        raise SystemExit("FRONTDOOR_DESK_FACTS is not set: `frontdoor desk-facts` prints it (the runner sets it)")
    app = create_app("actions", cors_origins=None)  # only Rasa calls it: no browser origin is allowed

    @app.middleware("request")
    async def require_token(request):
        if request.path != "/health" and not hmac.compare_digest(
                (request.headers.get("x-frontdoor-action") or "").encode(), token.encode()):
            return response.json({"error": "unauthorized"}, status=401)

    app.run(os.environ.get("FRONTDOOR_ACTIONS_HOST", "127.0.0.1"), port, workers=utils.number_of_sanic_workers(),
            access_log=False)


if __name__ == "__main__":
    if sys.argv[1:3] == ["run", "actions"]:
        args = sys.argv[3:]
        serve_actions(int(args[args.index("--port") + 1]) if "--port" in args else 5055)
        raise SystemExit(0)
    if sys.argv[1:2] == ["run"]:
        patch_rasa()
        if os.environ.get("FRONTDOOR_RASA_TOKEN") and "--auth-token" not in sys.argv:
            # the secret comes from the environment (readable by this user only), not from the command line,
            # which `ps` shows to every local user
            sys.argv += ["--auth-token", os.environ["FRONTDOOR_RASA_TOKEN"]]
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    main()
