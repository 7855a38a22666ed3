"""GET /analytics/summary, /analytics/series.csv and /analytics/chart.svg: the desk's figures for agents, service
managers, editors and admins (docs/analytics.md)."""
import csv
import io
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.analytics import messages, render, service
from api.deps import Analyst, ClockDep, DbSession

router = APIRouter(prefix="/analytics", tags=["analytics"])

# Brussels days, both included; by default the last 28 days
From = Annotated[date | None, Query(alias="from", ge=date(2000, 1, 1), le=date(2999, 12, 31))]
To = Annotated[date | None, Query(ge=date(2000, 1, 1), le=date(2999, 12, 31))]
Period = Literal["day", "week"]
Lang = Literal["nl", "fr"]
Figure = Literal[render.CHARTED]


def _summary(db, clock, first, last, period) -> dict:
    now = clock()
    return service.summary(db, service.date_range(first, last, period, now), now)


@router.get("/summary")
def summary(db: DbSession, clock: ClockDep, _: Analyst, first: From = None, to: To = None,
            period: Period = "day") -> dict:
    """Every figure per period and in total, the top questions, and each figure's name and definition in NL and
    FR (for the console to show next to the figure)."""
    return {**_summary(db, clock, first, to, period),
            "definitions": {lang: messages.definitions(lang) for lang in ("nl", "fr")}}


@router.get("/series.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"}})
def series_csv(db: DbSession, clock: ClockDep, _: Analyst, first: From = None, to: To = None,
               period: Period = "day", lang: Lang = "nl") -> Response:
    data = _summary(db, clock, first, to, period)
    out = io.StringIO()
    csv.writer(out).writerows(render.csv_rows(data, lang))
    name = f"frontdoor-analytics-{data['from']}-{data['to']}-{period}.csv"
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/chart.svg", response_class=Response,
            responses={200: {"content": {"image/svg+xml": {"schema": {"type": "string"}}}, "description": "SVG"}})
def chart_svg(db: DbSession, clock: ClockDep, _: Analyst, figure: Figure, first: From = None, to: To = None,
              period: Period = "day", lang: Lang = "nl") -> Response:
    return Response(render.svg(_summary(db, clock, first, to, period), figure, lang), media_type="image/svg+xml")
