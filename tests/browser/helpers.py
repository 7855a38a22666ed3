"""Small helpers shared by the browser tests: where the widget's parts are and how to read its state."""
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
