"""The figures as a bar chart in SVG, drawn on the server, and as CSV rows.

The chart is accessible (role img, a title and a description that lists every value, a title per bar) and uses
presentation attributes only (the CSP allows no inline style)."""
from xml.sax.saxutils import escape

from babel.numbers import format_decimal, format_percent

from api.analytics import messages

RATES = ("deflection_rate", "helpfulness_rate", "no_match_rate")
CHARTED = RATES + ("conversations", "deflected", "searches", "tickets", "tickets_by_bot",
                   "median_first_response_minutes", "autoclosed")
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 260, 48, 12, 36, 44
BAR, AXIS, TEXT = "#1f4e79", "#595959", "#1a1a1a"  # contrast of at least 4.5:1 on white


LOCALES = {"nl": "nl_BE", "fr": "fr_BE"}


def value_text(figure: str, value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    if figure in RATES:
        return format_percent(value, locale=LOCALES[lang])
    return format_decimal(value, locale=LOCALES[lang])


def svg(summary: dict, figure: str, lang: str) -> str:
    series = summary["series"]
    values = [s[figure] for s in series]
    top = 1.0 if figure in RATES else max([v for v in values if v is not None] + [1])
    title = f"{messages.name(figure, lang)} · {summary['from']} – {summary['to']}"
    desc = "; ".join(f"{s['start']}: {value_text(figure, v, lang)}" for s, v in zip(series, values))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(series), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" role="img" aria-labelledby="chart-title-{figure} chart-desc-{figure}" '
             f'font-family="sans-serif" font-size="12">',
             f'<title id="chart-title-{figure}">{escape(title)}</title>',
             f'<desc id="chart-desc-{figure}">{escape(desc or messages.WORDS["no_data"][lang])}</desc>',
             f'<text x="{LEFT}" y="20" fill="{TEXT}" font-size="14" font-weight="bold">{escape(title)}</text>',
             f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="{AXIS}"/>',
             f'<text x="{LEFT - 6}" y="{TOP + 4}" fill="{TEXT}" text-anchor="end">'
             f'{value_text(figure, top, lang)}</text>',
             f'<text x="{LEFT - 6}" y="{TOP + plot_h}" fill="{TEXT}" text-anchor="end">'
             f'{value_text(figure, 0, lang)}</text>']
    label_every = max(1, len(series) // 8)
    for i, (s, v) in enumerate(zip(series, values)):
        x = LEFT + i * step
        h = 0 if v is None else plot_h * (v / top if top else 0)
        label = f"{s['start']}: {value_text(figure, v, lang)}"
        parts.append(f'<rect x="{x + step * 0.15:.1f}" y="{TOP + plot_h - h:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{h:.1f}" fill="{BAR}"><title>{escape(label)}</title></rect>')
        if i % label_every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" fill="{TEXT}" '
                         f'text-anchor="middle">{escape(s["start"][5:])}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def csv_rows(summary: dict, lang: str) -> list[list]:
    """The series as a table: a header in `lang`, then one row per period."""
    flat = [f for f in summary["series"][0] if f not in ("start", "tickets_by_type", "tickets_by_language")]
    types = list(summary["totals"]["tickets_by_type"])
    langs = list(summary["totals"]["tickets_by_language"])
    header = ([messages.WORDS["period"][lang]] + [messages.name(f, lang) for f in flat]
              + [f"{messages.name('tickets', lang)}: {messages.type_name(t, lang)}" for t in types]
              + [f"{messages.name('tickets', lang)}: {messages.WORDS['language'][lang].lower()} {x.upper()}"
                 for x in langs])
    rows = [header]
    for s in summary["series"]:
        rows.append([s["start"]] + ["" if s[f] is None else s[f] for f in flat]
                    + [s["tickets_by_type"].get(t, 0) for t in types]
                    + [s["tickets_by_language"].get(x, 0) for x in langs])
    return rows
