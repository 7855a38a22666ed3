"""Real threads against real databases: numbers stay unique (and gapless when nothing rolls back), one claim
wins, one key makes one ticket."""
import re
import threading
import uuid
from datetime import datetime, timezone

from sqlalchemy import func, select

from api.auth import service as auth
from api.db import new_session
from api.errors import Conflict
from api.mail.models import OutboxEmail
from api.tickets import flows, service
from api.tickets.models import Ticket
from api.tickets.schemas import TicketIn
from tests.api.tickets.helpers import ticket_body

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def _threads(n, target):
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        barrier.wait()
        try:
            results[i] = target(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def test_concurrent_creation_gives_unique_gapless_numbers(settings):
    per_thread, n = 15, 8

    def make(i):
        numbers = []
        for j in range(per_thread):  # one address each: an address gets only a few tickets an hour
            data = TicketIn.model_validate(ticket_body(email=f"requester-{i}-{j}@example.be"))
            with new_session() as db:
                ticket, created, _ = flows.open_ticket(db, data, NOW, uuid.uuid4().hex)
                numbers.append(ticket.number)
        return numbers

    results, errors = _threads(n, make)
    assert errors == []
    numbers = [x for r in results for x in r]
    assert len(numbers) == len(set(numbers)) == n * per_thread
    values = sorted(int(x.rsplit("-", 1)[1]) for x in numbers)  # nothing rolled back here, so no gaps either
    assert all(x.startswith("SD-2026-") for x in numbers)
    assert values == list(range(values[0], values[0] + n * per_thread))
    with new_session() as db:
        assert db.scalar(select(func.count()).select_from(Ticket)) == n * per_thread
        assert db.scalar(select(func.count()).select_from(OutboxEmail)) == n * per_thread


def test_concurrent_retries_with_one_key_make_one_ticket(settings):
    data = TicketIn.model_validate(ticket_body())

    def post(i):
        with new_session() as db:
            return flows.open_ticket(db, data, NOW, "same-key")[0].number

    results, errors = _threads(8, post)
    assert errors == [] and len(set(results)) == 1
    with new_session() as db:
        assert db.scalar(select(func.count()).select_from(Ticket)) == 1
        assert db.scalar(select(func.count()).select_from(OutboxEmail)) == 1


def test_two_agents_claim_at_once_exactly_one_wins(settings):
    with new_session() as db:
        agents = [auth.create_user(db, f"agent{i}@example.be", "correct horse battery", "agent") for i in range(6)]
        db.commit()
    for round_ in range(5):
        with new_session() as db:
            number = flows.open_ticket(db, TicketIn.model_validate(ticket_body(email=f"claim-{round_}@example.be")),
                                       NOW, None)[0].number

        def claim(i):
            with new_session() as db:
                service.claim(db, number, agents[i], NOW)
                db.commit()
                return agents[i].id

        results, errors = _threads(len(agents), claim)
        winners = [r for r in results if r is not None]
        assert len(winners) == 1, (round_, winners)
        assert len(errors) == len(agents) - 1
        assert all(isinstance(e, Conflict) and e.code == "already_claimed" for e in errors)
        with new_session() as db:
            ticket = db.scalar(select(Ticket).where(Ticket.number == number))
            assert ticket.assignee_id == winners[0] and ticket.status == "open"


def test_numbers_follow_the_brussels_year(settings):
    with new_session() as db:
        new_year_eve_utc = datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)  # already 2027 in Brussels
        ticket, *_ = flows.open_ticket(db, TicketIn.model_validate(ticket_body()), new_year_eve_utc, None)
    assert re.match(r"^SD-2027-\d{6}$", ticket.number)
