"""Train the bot when its inputs changed (model cached by hash) and supervise the processes of `frontdoor run`.

Rasa lives in its own Python 3.10 venv (.venv-bot), so it runs as child processes. The runner keeps
their PIDs, waits until each is healthy, restarts one that dies (with a growing pause, so a child that cannot
start does not spin), and on Ctrl-C or failure stops them all and waits for them.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
BOT_VENV = ROOT / ".venv-bot"
STATE = ROOT / ".state"
MODELS = STATE / "models"


def bot_inputs(bot_dir: Path = BOT) -> list[Path]:
    """The files a trained model depends on."""
    files = [bot_dir / "config.yml", bot_dir / "domain.yml"] + sorted((bot_dir / "data").glob("*.yml"))
    return [f for f in files if f.exists()]


def model_hash(bot_dir: Path = BOT) -> str:
    h = hashlib.sha256()
    h.update((BOT_VENV / "pyvenv.cfg").read_bytes() if (BOT_VENV / "pyvenv.cfg").exists() else b"")
    for f in bot_inputs(bot_dir):
        h.update(f.relative_to(bot_dir).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def rasa_env(**extra: str) -> dict[str, str]:
    """Rasa never phones home and writes its caches (~/.keras, ~/.config) under .state/home."""
    home = STATE / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(HOME=str(home), RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1",
               PYTHONWARNINGS="ignore::DeprecationWarning", TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=str(ROOT),
               RASA_CACHE_DIRECTORY=str(STATE / "rasa-cache"))  # unchanged components are not retrained
    env.update(extra)
    return env


def rasa(*args: str) -> list[str]:
    """A `rasa` command line; the server runs with the overhead fixes of bot/serve.py."""
    return [str(BOT_VENV / "bin" / "python"), "-m", "bot.serve", *args]


def ensure_model(log=print) -> Path:
    """The trained model for the current bot inputs; trains only when no cached model matches."""
    MODELS.mkdir(parents=True, exist_ok=True)
    digest = model_hash()
    model = MODELS / f"{digest}.tar.gz"
    if model.exists():
        return model
    global_yml = STATE / "home" / ".config" / "rasa" / "global.yml"
    if not global_yml.exists():
        subprocess.run(rasa("telemetry", "disable"), env=rasa_env(), cwd=ROOT, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log(f"training the bot (inputs changed, model {digest}) ...")
    started = time.monotonic()
    subprocess.run(rasa("train", "--config", str(BOT / "config.yml"), "--domain", str(BOT / "domain.yml"),
                        "--data", str(BOT / "data"), "--out", str(MODELS), "--fixed-model-name", digest),
                   env=rasa_env(), cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    log(f"trained in {time.monotonic() - started:.0f} s: {model}")
    return model


@dataclass
class Ports:
    api: int = 8000
    rasa: int = 5005
    actions: int = 5055
    host: str = "127.0.0.1"


def _secret(name: str) -> str:
    return os.environ.get(name) or secrets.token_urlsafe(32)


@dataclass
class Child:
    """How to start one child again, and its restart history."""

    cmd: list[str]
    env: dict[str, str]
    started_at: float = 0.0
    restarts: int = 0
    failures: int = 0  # deaths in a row, each soon after its start: the pause before the next start doubles
    next_start: float = 0.0


RESTART_FIRST, RESTART_MAX, STABLE_AFTER = 1.0, 30.0, 60.0  # seconds


@dataclass
class Stack:
    """The running children, restarted when they die and stopped together by PID."""

    ports: Ports
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    children: dict[str, Child] = field(default_factory=dict)
    logs: Path = STATE / "logs"  # one <name>.log per process
    # Shared secrets of this start (an operator may set them): Rasa's channel and HTTP API, the action server,
    # and the action server's calls to the API
    rasa_token: str = field(default_factory=lambda: _secret("FRONTDOOR_RASA_TOKEN"))
    action_token: str = field(default_factory=lambda: _secret("FRONTDOOR_ACTION_TOKEN"))
    bot_token: str = field(default_factory=lambda: _secret("FRONTDOOR_BOT_TOKEN"))

    @property
    def api_url(self) -> str:
        return f"http://{self.ports.host}:{self.ports.api}"

    def spawn(self, name: str, cmd: list[str] | None = None, env: dict[str, str] | None = None) -> None:
        """Start a child (again, with its first command line and environment when none is given)."""
        child = self.children.get(name)
        if cmd is not None:
            child = self.children[name] = Child(cmd, env or {})
        out = open(self.logs / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(child.cmd, cwd=ROOT, env=child.env, stdout=out, stderr=subprocess.STDOUT)
        out.close()
        child.started_at = time.monotonic()

    def supervise(self, log=print, now: float | None = None) -> list[str]:
        """One look at the children: start again those that died, each after its pause. Returns who restarted."""
        now = time.monotonic() if now is None else now
        restarted = []
        for name, proc in list(self.procs.items()):
            if proc.poll() is None:
                continue
            child = self.children[name]
            if not child.next_start:  # just found dead: decide when it starts again
                child.failures = 0 if now - child.started_at >= STABLE_AFTER else child.failures + 1
                pause = 0.0 if child.failures == 0 else min(RESTART_MAX, RESTART_FIRST * 2 ** (child.failures - 1))
                child.next_start = now + pause
                log(f"{name} exited with status {proc.returncode}; starting it again in {pause:.0f} s")
            if now >= child.next_start:
                child.next_start = 0.0
                child.restarts += 1
                self.spawn(name)
                restarted.append(name)
        return restarted

    def supervise_forever(self, stop: threading.Event, log=print, interval: float = 0.5) -> None:
        while not stop.wait(interval):
            self.supervise(log)

    def stop(self, timeout: float = 15) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in self.procs.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_healthy(stack: Stack, name: str, url: str, timeout: float, ok=lambda r: r.status_code == 200) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        proc = stack.procs[name]
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with status {proc.returncode} before it was healthy")
        try:
            if ok(httpx.get(url, timeout=2)):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{name} was not healthy at {url} within {timeout:.0f} s")


def write_endpoints(path: Path, action_url: str, action_token: str, tracker_url: str,
                    lock_redis_url: str = "") -> Path:
    """Rasa's endpoints file for this start (mode 600: it holds the action server's secret). Conversations live in a
    SQL tracker store (bounded memory, kept over restarts, shared by replicas); with several Rasa servers a Redis
    lock store keeps one conversation's turns in order."""
    from urllib.parse import urlsplit

    import yaml

    # the secret goes in a header, never in the URL (which proxies and servers write to their logs)
    endpoints: dict = {"action_endpoint": {"url": action_url, "headers": {"X-Frontdoor-Action": action_token}},
                       "tracker_store": {"type": "SQL", "url": tracker_url}}
    if lock_redis_url:
        redis = urlsplit(lock_redis_url)
        endpoints["lock_store"] = {"type": "redis", "url": redis.hostname or "127.0.0.1", "port": redis.port or 6379,
                                   "db": int((redis.path or "/0").lstrip("/") or 0), "key_prefix": "frontdoor"}
        if redis.password:
            endpoints["lock_store"]["password"] = redis.password
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)  # also when an earlier start left the file
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path


def desk_facts(api_env: dict[str, str]) -> str:
    """The desk's hours, phones and closing days (JSON) as the API with this environment states them."""
    return subprocess.run([sys.executable, "-m", "api.cli", "desk-facts"], cwd=ROOT, env=api_env, check=True,
                          capture_output=True, text=True).stdout.strip()


def spawn_actions(stack: Stack, name: str, port: int, api_url: str, facts: str) -> None:
    """An action server; `facts` (desk_facts) fill the bot's texts that state the hours and numbers."""
    stack.spawn(name, rasa("run", "actions", "--actions", "actions", "--port", str(port)),
                rasa_env(FRONTDOOR_API_URL=api_url, FRONTDOOR_ACTIONS_HOST=stack.ports.host,
                         FRONTDOOR_ACTION_TOKEN=stack.action_token, FRONTDOOR_BOT_TOKEN=stack.bot_token,
                         FRONTDOOR_DESK_FACTS=facts))


def spawn_rasa(stack: Stack, name: str, port: int, model: Path, endpoints: Path, stock: bool = False) -> None:
    """A Rasa server; stock runs plain `rasa run` without the fixes of bot/serve.py (the benchmark's baseline)."""
    args = ["run", "--enable-api", "--model", str(model), "--port", str(port), "--interface", stack.ports.host,
            "--endpoints", str(endpoints), "--credentials", str(BOT / "credentials.yml")]
    # bot/serve.py takes the HTTP API's token from the environment (`ps` shows command lines to every user)
    cmd = [str(BOT_VENV / "bin" / "rasa"), *args, "--auth-token", stack.rasa_token] if stock else rasa(*args)
    stack.spawn(name, cmd, rasa_env(FRONTDOOR_RASA_TOKEN=stack.rasa_token))


def api_environment(stack: Stack, rasa_url: str, api_env: dict[str, str] | None) -> dict[str, str]:
    """The API's environment for this start (its secrets, Rasa's address), after migrating its database."""
    env = dict(os.environ)
    env.update(api_env or {})
    env.update(FRONTDOOR_RASA_URL=rasa_url, FRONTDOOR_RASA_TOKEN=stack.rasa_token, FRONTDOOR_BOT_TOKEN=stack.bot_token)
    env["FRONTDOOR_PUBLIC_URL"] = env.get("FRONTDOOR_PUBLIC_URL") or stack.api_url
    subprocess.run([sys.executable, "-m", "api.cli", "migrate"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return env


def spawn_api(stack: Stack, name: str, port: int, env: dict[str, str]) -> None:
    stack.spawn(name, [sys.executable, "-m", "uvicorn", "api.main:app", "--host", stack.ports.host, "--port",
                       str(port), "--no-access-log"], env)


def wait_rasa(stack: Stack, name: str, port: int, wait: float) -> None:
    _wait_healthy(stack, name, f"http://{stack.ports.host}:{port}/status?token={stack.rasa_token}", wait,
                  ok=lambda r: r.status_code == 200 and bool(r.json().get("model_file")))


def start(ports: Ports, model: Path, api_env: dict[str, str] | None = None, logs: Path | None = None,
          wait: float = 180, stock_rasa: bool = False) -> Stack:
    """Start the action server, the Rasa server and the API (with its embedded worker); wait until healthy.
    Rasa keeps its conversations in FRONTDOOR_RASA_TRACKER_URL, by default a SQLite file in the data folder."""
    logs = logs or STATE / "logs"
    stack = Stack(ports, logs=logs)
    logs.mkdir(parents=True, exist_ok=True)
    h = ports.host
    env = {**os.environ, **(api_env or {})}
    data_dir = Path(env.get("FRONTDOOR_DATA_DIR") or ROOT / "var")
    data_dir.mkdir(parents=True, exist_ok=True)
    tracker_url = env.get("FRONTDOOR_RASA_TRACKER_URL") or f"sqlite:///{data_dir / 'rasa-trackers.db'}"
    try:
        api = api_environment(stack, f"http://{h}:{ports.rasa}", {**(api_env or {}),
                                                                 "FRONTDOOR_RASA_TRACKER_URL": tracker_url})
        spawn_actions(stack, "actions", ports.actions, stack.api_url, desk_facts(api))
        endpoints = write_endpoints(logs / "endpoints.yml", f"http://{h}:{ports.actions}/webhook", stack.action_token,
                                    tracker_url)
        spawn_rasa(stack, "rasa", ports.rasa, model, endpoints, stock=stock_rasa)
        spawn_api(stack, "api", ports.api, api)
        if api.get("FRONTDOOR_INBOUND_MODE", "off") != "off":  # the LMTP/SMTP receiver or IMAP poller (docs/email.md)
            stack.spawn("inbound", [sys.executable, "-m", "api.cli", "inbound"], api)
        _wait_healthy(stack, "api", f"{stack.api_url}/healthz", wait)
        _wait_healthy(stack, "actions", f"http://{h}:{ports.actions}/health", wait)
        wait_rasa(stack, "rasa", ports.rasa, wait)
    except BaseException:
        stack.stop()
        raise
    return stack


@contextlib.contextmanager
def supervised(stack: Stack, log=lambda _: None):
    """The supervisor in a thread while the block runs (tests and benchmarks), as `frontdoor run` has it."""
    stop = threading.Event()
    thread = threading.Thread(target=stack.supervise_forever, args=(stop, log), daemon=True)
    thread.start()
    try:
        yield stack
    finally:
        stop.set()
        thread.join(5)


def serve_forever(start_stack, what: str, log=print) -> None:
    """Train if needed, start the stack (`start_stack(model)`), print its URL, restart what dies, stop it all on
    Ctrl-C or a service manager's SIGTERM."""
    def interrupt(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)  # also when started from a shell that ignores SIGINT
    signal.signal(signal.SIGTERM, interrupt)
    model = ensure_model(log)
    log(f"starting {what} ...")
    stack = start_stack(model)
    log(f"Frontdoor is running: {stack.api_url}/   (logs in {stack.logs}; Ctrl-C stops everything)")
    try:
        stack.supervise_forever(threading.Event(), log)
    except KeyboardInterrupt:
        log("stopping ...")
    finally:
        stack.stop()


def run_forever(ports: Ports, log=print) -> None:
    """`frontdoor run`. While the action server or Rasa is away, the API answers in degraded mode."""
    serve_forever(lambda model: start(ports, model), "the action server, the Rasa server and the API", log)
