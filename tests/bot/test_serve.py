"""bot/serve.py speeds Rasa up without changing what it accepts: checked inside the bot venv."""
import subprocess

from api import runner

CHECK = r'''
import json
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, SlotSet, UserUttered
from bot.serve import patch_rasa

patch_rasa()
action = RemoteAction("action_x", None)
assert action._validate_action_result({"events": [{"event": "slot", "name": "language", "value": "fr"}],
                                        "responses": [{"response": "utter_greet"}]}) is True
try:
    action._validate_action_result({"events": [{"no_event_key": 1}], "responses": []})
    raise SystemExit("an invalid reply was accepted")
except ValidationError as exc:
    assert "Failed to validate Action server response" in exc.message, exc.message
for _ in range(2):  # the second lookup comes from the remembered classes
    assert Event.resolve_by_type("slot") is SlotSet and Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("no-such-event", default=SlotSet) is SlotSet
    try:
        Event.resolve_by_type("no-such-event")
        raise SystemExit("an unknown event name was resolved")
    except ValueError:
        pass
print("ok")
'''


def test_patched_rasa_validates_and_resolves_events_as_before():
    out = subprocess.run([str(runner.BOT_VENV / "bin" / "python"), "-c", CHECK], env=runner.rasa_env(),
                         cwd=runner.ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-3000:]
