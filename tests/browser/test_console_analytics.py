"""The console's analytics view (api/static/console/analytics.js) in Chromium against the real API: the figures
with their definitions, the charts as SVG images with a text alternative, the tables, the CSV, in NL and FR, and
no WCAG 2.1 A/AA violation that axe-core (tests/browser/vendor, 4.14.1, MPL-2.0) finds."""
import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import wcag_violations
from tests.browser.test_console import log_in, make_account, new_ticket

pytestmark = pytest.mark.browser


def charts_drawn(charts) -> None:
    """Each chart is the API's SVG, as a data: URL (the CSP's img-src), and the browser drew it."""
    for i in range(charts.count()):
        expect(charts.nth(i)).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
        assert charts.nth(i).evaluate("img => img.decode().then(() => img.naturalWidth)") == 640


def open_analytics(page, api_server, role: str):
    log_in(page, api_server, make_account(api_server, role))
    page.get_by_role("button", name="Cijfers", exact=True).click()


def test_an_agent_reads_the_figures_with_their_definitions_in_nl_and_fr(page, api_server):
    new_ticket(api_server, "Printer kapot")  # a degraded chat turn and a ticket from it: one support need
    open_analytics(page, api_server, "agent")
    expect(page.get_by_role("heading", level=1, name="Cijfers van de servicedesk")).to_be_visible()
    expect(page.locator("#tickets-view")).to_be_hidden()
    expect(page.get_by_role("button", name="Cijfers", exact=True)).to_have_attribute("aria-current", "page")
    figures = page.locator("#a-figures")
    expect(figures).to_contain_text("Oplossingsgraad door de FAQ")
    expect(figures).to_contain_text("gedeeld door alle gesprekken met een hulpvraag")  # the definition beside it
    conversations = figures.locator(".a-figure:has(dt:text-is('Gesprekken met een hulpvraag')) .a-value")
    expect(conversations).to_have_text(re.compile(r"^[1-9]"))
    charts = page.locator("#a-charts img")
    expect(charts).to_have_count(4)
    expect(charts.first).to_have_attribute("alt", re.compile(
        r"^Staafdiagram: Oplossingsgraad door de FAQ, \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d\. "
        r"De waarden staan in de tabel"))
    charts_drawn(charts)
    expect(page.get_by_role("table", name="Alle cijfers per periode")).to_be_visible()
    expect(page.locator("#a-series tbody tr")).to_have_count(28)
    expect(page.locator("#a-tickets")).to_contain_text("Incident")
    assert wcag_violations(page) == []

    page.get_by_role("button", name="FR", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Statistiques du service desk")).to_be_visible()
    expect(figures).to_contain_text("Taux de résolution par la FAQ")
    expect(figures).to_contain_text("divisées par toutes les conversations avec une demande d'aide")
    expect(charts.first).to_have_attribute("alt", re.compile(
        r"^Diagramme en barres : Taux de résolution par la FAQ, .* Les valeurs figurent dans le tableau"))
    charts_drawn(charts)
    expect(page.locator("#a-tickets")).to_contain_text("Incident")
    assert wcag_violations(page) == []
    assert page.js_errors == []


@pytest.mark.parametrize("lang, tab, button, first", [("nl", "Cijfers", "CSV downloaden", "Periode"),
                                                      ("fr", "Statistiques", "Télécharger le CSV", "Période")])
def test_an_editor_downloads_the_csv_in_the_consoles_language(page, api_server, lang, tab, button, first):
    open_analytics(page, api_server, "editor")
    page.get_by_role("button", name=lang.upper(), exact=True).click()
    expect(page.get_by_role("button", name=tab, exact=True)).to_have_attribute("aria-current", "page")
    page.get_by_role("combobox").select_option("week")
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    download = info.value
    assert download.suggested_filename.startswith("frontdoor-analytics-") and download.suggested_filename.endswith(
        "-week.csv")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0][0] == first and len(rows) >= 5  # a header and the four or five weeks of the 28 days
    assert page.js_errors == []


def test_signing_out_takes_the_figures_away(page, api_server):
    open_analytics(page, api_server, "agent")
    expect(page.locator("#a-figures .a-figure").first).to_be_visible()
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    expect(page.locator("#analytics-view")).to_be_hidden()
    expect(page.get_by_role("button", name="Cijfers", exact=True)).to_be_hidden()
