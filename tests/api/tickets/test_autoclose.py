"""Auto-close after 5 federal working days without a requester reaction, on both engines, with a pinned clock."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from typer.testing import CliRunner

from api import worker
from api.cli import app as cli
from api.db import new_session
from api.mail.models import OutboxEmail
from tests.api.tickets.helpers import create

# Friday 30 October 2026, 10:00 in Brussels (CET after the clocks went back on 25 October).
FRIDAY = datetime(2026, 10, 30, 9, 0, tzinfo=timezone.utc)
# Monday 2 November is a federal day off, so 5 working days later is Monday 9 November, 10:00 Brussels.
DEADLINE = datetime(2026, 11, 9, 9, 0, tzinfo=timezone.utc)


def _pin(client, at):
    assert client.put("/_test/clock", json={"at": at.isoformat()}).status_code == 200


def _templates(number):
    with new_session() as db:
        return [m.template for m in db.scalars(select(OutboxEmail).where(OutboxEmail.ref == number)
                                              .order_by(OutboxEmail.id))]


def _waiting(client, agent, lang="nl", action="request-info"):
    _pin(client, FRIDAY)
    t = create(client, language=lang)
    client.post(f"/tickets/{t['number']}/claim", headers=agent)
    r = client.post(f"/tickets/{t['number']}/{action}", json={"text": "Welke browser? / Quel navigateur ?"}, headers=agent)
    assert r.status_code == 200, r.text
    return t


def test_waiting_ticket_closes_after_five_working_days_once(client, make_user):
    agent = make_user("agent")
    t = _waiting(client, agent)
    n = t["number"]
    detail = client.get(f"/tickets/{n}/detail", headers=agent).json()
    assert datetime.fromisoformat(detail["autoclose_at"]) == DEADLINE
    with new_session() as db:
        request_mail = db.scalar(select(OutboxEmail).where(OutboxEmail.template == "request_info"))
    assert "uiterlijk maandag 9 november 2026" in request_mail.body_text

    assert worker.run_once(DEADLINE - timedelta(minutes=1))["autoclose"] == []
    assert worker.run_once(DEADLINE)["autoclose"] == [n]
    assert worker.run_once(DEADLINE + timedelta(days=3))["autoclose"] == []  # idempotent
    detail = client.get(f"/tickets/{n}/detail", headers=agent).json()
    assert detail["status"] == "closed" and detail["autoclose_at"] is None
    auto = [e for e in detail["events"] if e["kind"] == "autoclosed"]
    assert len(auto) == 1 and auto[0]["actor"] == "system" and auto[0]["from_status"] == "waiting_for_requester"
    assert _templates(n) == ["ticket_created", "request_info", "autoclosed"]


def test_resolved_ticket_closes_too_with_a_french_mail(client, make_user):
    agent = make_user("agent")
    n = _waiting(client, agent, lang="fr", action="resolve")["number"]
    assert worker.run_once(DEADLINE)["autoclose"] == [n]
    with new_session() as db:
        mail = db.scalar(select(OutboxEmail).where(OutboxEmail.template == "autoclosed"))
    assert mail.language == "fr" and "5 jours ouvrables" in mail.body_text and n in mail.subject


def test_a_reaction_before_the_deadline_cancels_the_closing(client, make_user):
    agent = make_user("agent")
    t = _waiting(client, agent)
    _pin(client, DEADLINE - timedelta(hours=1))
    r = client.post(f"/tickets/{t['number']}/messages", json={"token": t["access_token"], "text": "Firefox 140"})
    assert r.json()["status"] == "open"
    assert worker.run_once(DEADLINE + timedelta(days=10))["autoclose"] == []
    detail = client.get(f"/tickets/{t['number']}/detail", headers=agent).json()
    assert detail["status"] == "open" and detail["autoclose_at"] is None
    assert [e for e in detail["events"] if e["kind"] == "requester_message"][0]["data"]["autoclose_cancelled"] is True


def test_asking_again_restarts_the_five_days(client, make_user):
    agent = make_user("agent")
    n = _waiting(client, agent)["number"]
    _pin(client, datetime(2026, 11, 4, 9, 0, tzinfo=timezone.utc))  # Wednesday
    client.post(f"/tickets/{n}/request-info", json={"text": "En de versie?"}, headers=agent)
    assert worker.run_once(DEADLINE)["autoclose"] == []
    # Thu 5, Fri 6, Mon 9, Tue 10, (Wed 11 November is a holiday), Thu 12 November 10:00 Brussels
    assert worker.run_once(datetime(2026, 11, 12, 8, 59, tzinfo=timezone.utc))["autoclose"] == []
    assert worker.run_once(datetime(2026, 11, 12, 9, 0, tzinfo=timezone.utc))["autoclose"] == [n]


def test_cli_autoclose_by_hand(client, make_user):
    agent = make_user("agent")
    n = _waiting(client, agent)["number"]
    runner = CliRunner()
    _pin(client, DEADLINE - timedelta(seconds=1))
    assert "closed 0 ticket(s)" in runner.invoke(cli, ["tickets", "autoclose"]).output
    _pin(client, DEADLINE)
    result = runner.invoke(cli, ["tickets", "autoclose"])
    assert result.exit_code == 0 and f"closed 1 ticket(s): {n}" in result.output
    assert "closed 0 ticket(s)" in runner.invoke(cli, ["tickets", "autoclose"]).output


def test_one_ticket_that_cannot_close_does_not_keep_the_others_open(client, make_user, caplog):
    """Each ticket closes in its own savepoint: a broken row (a language no e-mail exists in) is logged without
    personal data and left as it was; the other due tickets close with their e-mails."""
    from api.tickets.models import Ticket

    agent = make_user("agent")
    good, broken, other = (_waiting(client, agent)["number"] for _ in range(3))
    with new_session() as db:
        db.scalar(select(Ticket).where(Ticket.number == broken)).language = "de"
        db.commit()
    assert sorted(worker.run_once(DEADLINE)["autoclose"]) == sorted([good, other])
    with new_session() as db:
        statuses = {t.number: t.status for t in db.scalars(select(Ticket))}
    assert statuses[good] == statuses[other] == "closed" and statuses[broken] == "waiting_for_requester"
    assert _templates(broken) == ["ticket_created", "request_info"]  # nothing half-written for it
    assert f"auto-close of {broken} failed: " in caplog.text and "jan.peeters" not in caplog.text
