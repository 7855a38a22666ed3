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


SLOW_ACTION = r'''
import asyncio, os, time
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from bot.serve import patch_rasa

patch_rasa()

async def slow(request):
    await asyncio.sleep(30)
    return web.json_response({"events": [], "responses": []})

async def main():
    app = web.Application()
    app.router.add_post("/webhook", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    action = RemoteAction("action_x", EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
    started = time.monotonic()
    try:
        await action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}),
                         DialogueStateTracker("s", []), Domain.empty())
        raise SystemExit("the slow action answered")
    except SystemExit:
        raise
    except BaseException as exc:
        print(type(exc).__name__)
    print(f"gave up after {time.monotonic() - started:.1f}")
    await runner.cleanup()

asyncio.run(main())
'''


def test_rasa_gives_up_on_a_slow_action_before_the_api_gives_up_on_rasa():
    """Rasa's own wait for an action is 5 minutes; bot/serve.py makes it FRONTDOOR_ACTION_TIMEOUT."""
    out = subprocess.run([str(runner.BOT_VENV / "bin" / "python"), "-c", SLOW_ACTION],
                         env=runner.rasa_env(FRONTDOOR_ACTION_TIMEOUT="1.5"), cwd=runner.ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    waited = float(out.stdout.strip().rsplit(" ", 1)[-1])
    assert 1.4 <= waited < 5, out.stdout
