"""schemathesis against the real app (in process): no 5xx and no response that the published openapi.json does
not describe, anonymously and as an agent and an editor. Bounded to fit CI (a few examples per operation)."""
import os

import pytest
import schemathesis
from schemathesis import checks
from hypothesis import HealthCheck, settings

from bench._common import no_limits

EXAMPLES = int(os.environ.get("FRONTDOOR_SCHEMA_EXAMPLES", "25"))
# What openapi.json promises about answers: no 5xx, only declared statuses, content types, headers and bodies.
# Not checked: that every schema-valid input is accepted (our validators are stricter than the schema says, e.g.
# an entry id's slug form or a URL's scheme) and that every schema-invalid one is rejected.
RESPONSE_CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
                   checks.response_headers_conformance, checks.response_schema_conformance]


@pytest.fixture
def app(sqlite_settings, monkeypatch):
    from api.settings import get_settings

    for name, value in no_limits().items():  # the fuzzer is one very busy client
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    from api.main import create_app

    return create_app()


def fuzz(app, headers: dict) -> list[str]:
    """Every operation of the published schema, EXAMPLES generated cases each; the failures, as text."""
    from hypothesis import given

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/readyz":  # no inputs; without Rasa here its 503 "not ready" is the right answer
            continue

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            case.call_and_validate(headers=headers, checks=RESPONSE_CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001  (collect every operation's failure, then report them all)
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    return failures


@pytest.mark.parametrize("role", ["anonymous", "agent", "editor"])
def test_no_server_error_and_every_answer_is_in_the_schema(app, make_user, role):
    failures = fuzz(app, {} if role == "anonymous" else make_user(role))
    assert failures == [], "\n\n".join(failures)


def test_the_schema_declares_our_error_body_and_no_default_422(app):
    from fastapi.testclient import TestClient

    doc = TestClient(app).get("/openapi.json").json()
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    assert doc["components"]["schemas"]["Error"]["required"] == ["detail", "code"]
    queue = doc["paths"]["/tickets"]["get"]["responses"]
    assert {"401", "403", "422"} <= set(queue) and "429" not in queue  # an agent's route: no anonymous limit
    chat = doc["paths"]["/chat"]["post"]["responses"]
    assert {"422", "429"} <= set(chat)
    assert chat["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


@pytest.mark.parametrize("method,path,kwargs", [
    ("GET", "/tickets", {"params": {"offset": "9223372036854775808"}}),
    ("POST", "/tickets/SD-2026-000001/reassign", {"json": {"assignee": 9223372036854775808}}),
    ("GET", "/faq/entries", {"params": {"offset": "9223372036854775808"}}),
])
def test_integers_from_outside_are_bounded(client, make_user, method, path, kwargs):
    """The two 500s the fuzzer found: a huge offset and a huge assignee id now get a clear 422, on both engines."""
    role = "editor" if path.startswith("/faq") else "agent"
    r = client.request(method, path, headers=make_user(role), **kwargs)
    assert r.status_code == 422 and r.json()["code"] in ("validation_error", "invalid_field"), r.text
