"""`rasa run`, with two fixes of Rasa 3.6's per-turn overhead found with py-spy (docs/benchmarks.md).

1. Rasa checks every action-server reply with `jsonschema.validate()`, which first re-checks the constant
   schema itself against the meta-schema: about half of that call. The validator is now built once; every
   reply is still validated against the same schema, and an invalid one still fails with Rasa's own message.
2. Every event read back from the tracker store finds its class by walking the whole subclass tree of
   `Event` (about 15% of a turn). The class found for each event name is now remembered.

Run with the bot venv's Python: `.venv-bot/bin/python -m bot.serve run ...` takes the arguments of `rasa`.
"""
import sys


def patch_rasa() -> None:
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
    Event.resolve_by_type = staticmethod(resolve_by_type)


if __name__ == "__main__":
    if sys.argv[1:2] == ["run"] and sys.argv[2:3] != ["actions"]:
        patch_rasa()
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    main()
