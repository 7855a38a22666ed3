"""The runner: the bot's model cache key (it changes exactly when a training input changes) and the supervisor."""
import os
import shutil
import signal
import sys
import threading
import time

from api import runner


def test_model_hash_follows_the_bot_inputs(tmp_path):
    bot = tmp_path / "bot"
    shutil.copytree(runner.BOT, bot, ignore=shutil.ignore_patterns("models", "__pycache__"))
    before = runner.model_hash(bot)
    assert runner.model_hash(bot) == before  # stable
    (bot / "endpoints.yml").write_text("# not a training input\n")
    assert runner.model_hash(bot) == before
    rules = bot / "data" / "rules.yml"
    rules.write_text(rules.read_text() + "\n# a comment is still a change\n")
    assert runner.model_hash(bot) != before


def test_rasa_runs_with_a_project_home_and_without_telemetry():
    env = runner.rasa_env()
    assert env["HOME"].startswith(str(runner.STATE))
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert env["SQLALCHEMY_SILENCE_UBER_WARNING"] == "1"


def _stack(tmp_path) -> runner.Stack:
    return runner.Stack(runner.Ports(), logs=tmp_path)


def _wait_dead(proc, timeout=10):
    proc.wait(timeout)


def test_a_child_that_keeps_dying_is_started_again_after_a_doubling_pause(tmp_path):
    stack = _stack(tmp_path)
    lines = []
    stack.spawn("flaky", [sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ))
    try:
        pauses = []
        for _ in range(4):
            first = stack.procs["flaky"]
            _wait_dead(first)
            t = time.monotonic()
            assert stack.supervise(lines.append, now=t) == []  # found dead: not at once
            child = stack.children["flaky"]
            pauses.append(round(child.next_start - t))
            assert stack.supervise(lines.append, now=child.next_start - 0.01) == []
            assert stack.supervise(lines.append, now=child.next_start) == ["flaky"]
            assert stack.procs["flaky"].pid != first.pid
        assert pauses == [1, 2, 4, 8] and stack.children["flaky"].restarts == 4
        assert "flaky exited with status 3; starting it again in 1 s" in lines[0]
    finally:
        stack.stop()


def test_a_child_that_ran_long_is_started_again_at_once_and_the_pause_resets(tmp_path):
    stack = _stack(tmp_path)
    stack.spawn("once", [sys.executable, "-c", "pass"], dict(os.environ))
    try:
        stack.children["once"].failures = 5  # it had trouble before ...
        _wait_dead(stack.procs["once"])
        later = stack.children["once"].started_at + runner.STABLE_AFTER + 1  # ... but then ran for over a minute
        assert stack.supervise(lambda _: None, now=later) == ["once"] and stack.children["once"].failures == 0
    finally:
        stack.stop()


def test_the_supervisor_brings_a_killed_child_back_and_stop_ends_it(tmp_path):
    stack = _stack(tmp_path)
    stack.spawn("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"], dict(os.environ))
    stop = threading.Event()
    thread = threading.Thread(target=stack.supervise_forever, args=(stop, lambda _: None, 0.05))
    thread.start()
    try:
        first = stack.procs["sleeper"]
        os.kill(first.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while stack.procs["sleeper"] is first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stack.procs["sleeper"] is not first and stack.procs["sleeper"].poll() is None
    finally:
        stop.set()
        thread.join(5)
        stack.stop()
    assert stack.procs["sleeper"].poll() is not None
