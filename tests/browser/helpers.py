"""Small helpers shared by the browser tests: where the widget's parts are, how to read its state, a host site."""
import contextlib
import http.server
import socketserver
import threading
from pathlib import Path

import httpx
from playwright.sync_api import Page

HOST = "#frontdoor-widget"


def shadow_active(page: Page) -> str | None:
    """The class of the focused element inside the widget's shadow root (None when focus is elsewhere)."""
    return page.evaluate(
        "() => { const a = document.getElementById('frontdoor-widget').shadowRoot.activeElement;"
        " return a ? a.className : null; }")


def tab_to(page: Page, css_class: str, limit: int = 60) -> int:
    """Presses Tab until the widget element with that class has focus; returns how many presses it took."""
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        active = shadow_active(page)
        if active and css_class in active.split():
            return n
    raise AssertionError(f"Tab never reached .{css_class} within {limit} presses")


def stored_state(page: Page) -> dict | None:
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('frontdoor.widget.v1'))")


@contextlib.contextmanager
def host_site(html: str, headers: dict[str, str] | None = None):
    """Another organisation's site on its own origin (a real server on loopback: Chromium keeps other address
    spaces from loading loopback resources) serving one page that embeds the widget. Yields its URL."""
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server = socketserver.TCPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def pinned_clock(api_url: str, at: str):
    """The API's "now" pinned to `at` (ISO, with its offset) through its test clock; unpinned afterwards (a server
    that was restarted meanwhile has forgotten it anyway)."""
    assert httpx.put(f"{api_url}/_test/clock", json={"at": at}, timeout=10).status_code == 200
    try:
        yield
    finally:
        try:
            httpx.put(f"{api_url}/_test/clock", json={"at": None}, timeout=10)
        except httpx.HTTPError:
            pass


AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")  # axe-core 4.14.1 (MPL-2.0)
AXE_RUN = """async (selector) => {
  if (!window.axe) return null;
  // every rule, the experimental ones too (label-content-name-mismatch is one of them)
  const rules = Object.fromEntries(axe.getRules(['experimental']).map(r => [r.ruleId, {enabled: true}]));
  const result = await axe.run(selector ? {include: [[selector]]} : document, {rules, resultTypes: ['violations']});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => JSON.stringify(n.target)).join(' ')}`);
}"""


WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WCAG_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})
  .then(r => r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))"""


def wcag_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE)
    return page.evaluate(WCAG_RUN, WCAG)


def axe_violations(page: Page, selector: str | None = None) -> list[str]:
    """What axe-core finds wrong on the page as it is now (only inside `selector` when given)."""
    found = page.evaluate(AXE_RUN, selector)
    if found is None:  # not loaded yet in this document (evaluated, not a <script>: the page's CSP stays as it is)
        page.evaluate(AXE)
        found = page.evaluate(AXE_RUN, selector)
    return found
