"""The analytics figures, computed with SQL from the analytics log and the tickets (both outlive the chat log, the
search log and a ticket's personal data), per Brussels day or ISO week.

Definitions (also shown next to each figure, api/analytics/messages.py, and in docs/analytics.md):
- a conversation with a support need: a chat conversation with a turn routed to the FAQ or to a desk route
  (NEED_ROUTES), or a ticket from it; it belongs to the period of its first event;
- deflected: one of those in which the visitor said "yes, this helped", or that had an FAQ answer (a search that
  answered, or an answer opened from the offered choices) and neither a ticket nor a "no" up to 24 hours after its
  last FAQ answer (decided only once those 24 hours are over: before, it is `pending` and left out of the rate).
"""
from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from api.analytics.models import AnalyticsEvent as E
from api.errors import Invalid
from api.faq.models import FaqEntry
from api.tickets.models import LANGUAGES, TYPES, Ticket, TicketEvent, TicketMessage

BRUSSELS = ZoneInfo("Europe/Brussels")
NEED_ROUTES = ("faq", "faq_choice", "request_ticket", "urgent_incident", "complaint", "ticket_status", "add_info",
               "request_human", "degraded")
SILENCE = timedelta(hours=24)  # after the last FAQ answer, no ticket and no "no" this long: it helped
MAX_DAYS = 366
TOP = 10


@dataclass
class Figures:
    """One period's figures (or the whole range's)."""
    conversations: int = 0
    deflected: int = 0
    pending: int = 0
    feedback_yes: int = 0
    feedback_no: int = 0
    searches: int = 0
    no_match: int = 0
    tickets: int = 0
    tickets_by_type: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPES, 0))
    tickets_by_language: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LANGUAGES, 0))
    tickets_by_bot: int = 0
    first_responses: list[float] = field(default_factory=list, repr=False)  # minutes
    autoclosed: int = 0

    def __iadd__(self, other: "Figures") -> "Figures":
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                for key, n in theirs.items():
                    mine[key] = mine.get(key, 0) + n
            else:
                setattr(self, f.name, mine + theirs)
        return self

    def as_dict(self) -> dict:
        decided = self.conversations - self.pending
        feedback = self.feedback_yes + self.feedback_no
        return {
            "conversations": self.conversations, "deflected": self.deflected, "pending": self.pending,
            "deflection_rate": _ratio(self.deflected, decided),
            "feedback_yes": self.feedback_yes, "feedback_no": self.feedback_no,
            "helpfulness_rate": _ratio(self.feedback_yes, feedback),
            "searches": self.searches, "no_match": self.no_match, "no_match_rate": _ratio(self.no_match, self.searches),
            "tickets": self.tickets, "tickets_by_type": self.tickets_by_type,
            "tickets_by_language": self.tickets_by_language, "tickets_by_bot": self.tickets_by_bot,
            "median_first_response_minutes": round(median(self.first_responses), 1) if self.first_responses else None,
            "autoclosed": self.autoclosed,
        }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class Range:
    first: date  # Brussels days, both included
    last: date
    period: str

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), BRUSSELS)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), BRUSSELS)

    def bucket(self, at: datetime) -> date:
        day = at.astimezone(BRUSSELS).date()
        return day - timedelta(days=day.weekday()) if self.period == "week" else day

    def buckets(self) -> list[date]:
        step = 7 if self.period == "week" else 1
        out, current = [], self.bucket(self.start)
        while current <= self.last:
            out.append(current)
            current += timedelta(days=step)
        return out


def date_range(first: date | None, last: date | None, period: str, now: datetime) -> Range:
    """The days asked for; by default the last 28 days up to today (Brussels)."""
    last = last or now.astimezone(BRUSSELS).date()
    first = first or last - timedelta(days=27)
    if first > last:
        raise Invalid("'from' is after 'to'. / 'from' ligt na 'to'. / 'from' est après 'to'.", "bad_range")
    if (last - first).days >= MAX_DAYS:
        raise Invalid(f"At most {MAX_DAYS} days at once. / Hoogstens {MAX_DAYS} dagen tegelijk. / "
                      f"Au plus {MAX_DAYS} jours à la fois.", "range_too_long")
    return Range(first, last, period)


def _conversations(db: Session, r: Range):
    """Per conversation that began in the range: when, whether it had a support need, its yeses, its last FAQ
    answer and its first objection (a "no" or a ticket). One GROUP BY over the analytics log."""
    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    objection = or_(E.kind == "ticket", and_(E.kind == "feedback", E.value == "no"))
    answer = or_(and_(E.kind == "search", E.value == "answer"), and_(E.kind == "turn", E.value == "faq_choice"))
    began = func.min(E.at)
    touched = select(E.conversation).where(E.at >= r.start, E.at < r.end, E.conversation.is_not(None))
    query = (select(began, count(or_(and_(E.kind == "turn", E.value.in_(NEED_ROUTES)), E.kind == "ticket")),
                    count(and_(E.kind == "feedback", E.value == "yes")),
                    func.max(case((answer, E.at))),
                    func.min(case((objection, E.at))))
             .where(E.conversation.in_(touched)).group_by(E.conversation)
             .having(began >= r.start, began < r.end))
    return db.execute(query).all()


def _tally_conversations(db: Session, r: Range, now: datetime, into) -> None:
    for began, needs, yeses, last_answer, objected_at in _conversations(db, r):
        if not needs:
            continue
        f = into(began)
        f.conversations += 1
        if yeses:
            f.deflected += 1
        elif last_answer is not None and (objected_at is None or objected_at > last_answer + SILENCE):
            if now < last_answer + SILENCE:
                f.pending += 1
            else:
                f.deflected += 1


def _tally_events(db: Session, r: Range, into) -> None:
    rows = db.execute(select(E.at, E.kind, E.value).where(E.kind.in_(("search", "feedback")),
                                                          E.at >= r.start, E.at < r.end))
    for at, kind, value in rows:
        f = into(at)
        if kind == "search":
            f.searches += 1
            f.no_match += value == "no_match"
        elif value == "yes":
            f.feedback_yes += 1
        else:
            f.feedback_no += 1


def _tally_tickets(db: Session, r: Range, into) -> None:
    in_range = and_(Ticket.created_at >= r.start, Ticket.created_at < r.end)
    for created, ticket_type, language, channel in db.execute(
            select(Ticket.created_at, Ticket.type, Ticket.language, Ticket.channel).where(in_range)):
        f = into(created)
        f.tickets += 1
        f.tickets_by_type[ticket_type] = f.tickets_by_type.get(ticket_type, 0) + 1
        f.tickets_by_language[language] = f.tickets_by_language.get(language, 0) + 1
        f.tickets_by_bot += channel == "chat"
    first_reply = (select(Ticket.created_at, func.min(TicketMessage.created_at))
                   .join(TicketMessage, TicketMessage.ticket_id == Ticket.id)
                   .where(in_range, TicketMessage.author == "agent", TicketMessage.internal.is_(False))
                   .group_by(Ticket.id, Ticket.created_at))
    for created, replied in db.execute(first_reply):
        into(created).first_responses.append((replied - created).total_seconds() / 60)
    for (at,) in db.execute(select(TicketEvent.created_at).where(
            TicketEvent.kind == "autoclosed", TicketEvent.created_at >= r.start, TicketEvent.created_at < r.end)):
        into(at).autoclosed += 1


def _top_questions(db: Session, r: Range) -> list[dict]:
    """The FAQ entries most often given as the answer, with the feedback they got in the range."""
    in_range = and_(E.at >= r.start, E.at < r.end, E.entry_id.is_not(None))
    answers = db.execute(select(E.entry_id, func.count()).where(in_range, E.kind == "search")
                         .group_by(E.entry_id).order_by(func.count().desc(), E.entry_id).limit(TOP)).all()
    ids = [entry_id for entry_id, _ in answers]
    votes = Counter({(entry_id, value): n for entry_id, value, n in db.execute(
        select(E.entry_id, E.value, func.count()).where(in_range, E.kind == "feedback", E.entry_id.in_(ids))
        .group_by(E.entry_id, E.value))})
    entries = dict(db.execute(select(FaqEntry.id, FaqEntry.question).where(FaqEntry.id.in_(ids))).all())
    return [{"entry_id": entry_id, "question": entries.get(entry_id, entry_id), "answers": n,
             "feedback_yes": votes[entry_id, "yes"], "feedback_no": votes[entry_id, "no"]}
            for entry_id, n in answers]


def summary(db: Session, r: Range, now: datetime) -> dict:
    """Every figure per period and for the whole range, and the top questions."""
    periods: dict[date, Figures] = {start: Figures() for start in r.buckets()}

    def into(at: datetime) -> Figures:
        return periods[r.bucket(at)]

    _tally_conversations(db, r, now, into)
    _tally_events(db, r, into)
    _tally_tickets(db, r, into)
    total = Figures()
    for f in periods.values():
        total += f
    return {"from": r.first.isoformat(), "to": r.last.isoformat(), "period": r.period,
            "totals": total.as_dict(),
            "series": [{"start": start.isoformat(), **f.as_dict()} for start, f in periods.items()],
            "top_questions": _top_questions(db, r)}
