"""Keyboard use, focus handling, labels, the live region, contrast and the mobile layout of the widget; axe-core
(vendored in tests/browser/vendor), tap targets and the text box's font on a desktop and a phone."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ANSWERS
from tests.browser.helpers import axe_violations, pinned_clock, shadow_active, tab_to

pytestmark = pytest.mark.browser


def test_open_by_keyboard_focus_moves_in_and_back(page, api_server):
    page.goto(api_server.url + "/")
    tab_to(page, "fdw-launcher")
    launcher = page.locator(".fdw-launcher")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    # A visible focus ring on the keyboard-focused launcher
    ring = launcher.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
    assert ring[0] == "solid" and ring[1] == "3px" and ring[2] != "none", ring

    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Service Desk")
    expect(dialog).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("textbox", name="Uw bericht")).to_be_focused()

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Space")
    expect(dialog).to_be_visible()
    expect(page.get_by_role("textbox", name="Uw bericht")).to_be_focused()


def test_every_control_is_labelled_and_reachable_by_tab(page, api_server):
    page.goto(api_server.url + "/")
    page.get_by_role("button", name="Chat met de Service Desk").click()
    dialog = page.get_by_role("dialog", name="Service Desk")
    for name in ("Nederlands", "Français", "Nieuw gesprek", "Chat sluiten", "Verzenden"):
        expect(dialog.get_by_role("button", name=name)).to_be_visible()
    expect(dialog.get_by_role("group", name="Taal van de chat")).to_be_visible()
    expect(dialog.get_by_role("button", name="Nederlands")).to_have_attribute("aria-pressed", "true")
    expect(dialog.get_by_role("region", name="Gesprek")).to_be_visible()
    live = page.locator(".fdw-live")
    expect(live).to_have_attribute("aria-live", "polite")
    assert dialog.get_attribute("aria-describedby") == "fdw-privacy"

    # Tab from the input reaches the send button, then wraps on to the page; Shift+Tab comes back.
    page.keyboard.press("Tab")
    assert "fdw-send" in shadow_active(page)
    page.keyboard.press("Shift+Tab")
    assert "fdw-input" in shadow_active(page)

    # Close with the close button by keyboard: focus returns to the launcher
    dialog.get_by_role("button", name="Chat sluiten").focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Chat met de Service Desk")).to_be_focused()


def test_widget_language_toggle_changes_its_texts_only(page, api_server):
    page.goto(api_server.url + "/")
    page.get_by_role("button", name="Chat met de Service Desk").click()
    page.get_by_role("button", name="Français").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_have_attribute("lang", "fr")
    expect(dialog.get_by_role("button", name="Fermer le chat")).to_be_visible()
    expect(dialog.get_by_role("button", name="Français")).to_have_attribute("aria-pressed", "true")
    expect(dialog.get_by_text("Bonjour")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "nl"  # the page keeps its own language
    dialog.get_by_role("button", name="Nederlands").click()
    expect(dialog.get_by_role("button", name="Chat sluiten")).to_be_visible()


CONTRAST_JS = """
() => {
  const root = document.getElementById('frontdoor-widget').shadowRoot;
  // Show the states that are normally hidden so that their colours can be measured.
  for (const sel of ['.fdw-degraded', '.fdw-error', '.fdw-retry']) root.querySelector(sel).hidden = false;
  root.querySelector('.fdw-error-text').textContent = 'x';
  const parse = c => { const p = c.match(/[\\d.]+/g).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const background = el => {
    while (el) {
      if (el.nodeType === 1) { const c = parse(getComputedStyle(el).backgroundColor); if (c.a > 0.99) return c; }
      el = el.parentNode; if (el && el.nodeType === 11) el = el.host;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const lum = c => ['r', 'g', 'b'].map(k => { const v = c[k] / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m); return (x + 0.05) / (y + 0.05); };
  const out = {};
  for (const sel of ['.fdw-launcher', '.fdw-title', '.fdw-subtitle', '.fdw-lang-btn[aria-pressed="true"]',
                     '.fdw-lang-btn[aria-pressed="false"]', '.fdw-welcome .fdw-bubble', '.fdw-privacy', '.fdw-send',
                     '.fdw-degraded', '.fdw-error-text', '.fdw-retry', '.fdw-input']) {
    const el = root.querySelector(sel);
    out[sel] = ratio(parse(getComputedStyle(el).color), background(el));
  }
  const input = root.querySelector('.fdw-input');
  out['placeholder'] = ratio(parse(getComputedStyle(input, '::placeholder').color), background(input));
  return out;
}
"""


def test_colours_meet_wcag_aa_contrast(page, api_server):
    page.goto(api_server.url + "/")
    page.get_by_role("button", name="Chat met de Service Desk").click()
    ratios = page.evaluate(CONTRAST_JS)
    low = {sel: round(r, 2) for sel, r in ratios.items() if r < 4.5}
    assert not low, f"below 4.5:1: {low}"


def test_mobile_width_panel_fills_the_screen(browser, api_server):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        page.goto(api_server.url + "/")
        launcher = page.get_by_role("button", name="Chat met de Service Desk")
        launcher.tap()
        box = page.get_by_role("dialog").bounding_box()
        assert box == {"x": 0, "y": 0, "width": 375, "height": 740}
        expect(launcher).to_be_hidden()
        # Nothing overflows horizontally inside the panel
        assert page.locator(".fdw-panel").evaluate("e => e.scrollWidth <= e.clientWidth")
        page.get_by_role("button", name="Chat sluiten").tap()
        expect(launcher).to_be_visible()
        expect(launcher).to_be_focused()
    finally:
        ctx.close()


# ---------- axe-core, tap targets and the text box's font, in the widget's fullest state ----------

TARGETS_JS = """() => {
  const root = document.getElementById('frontdoor-widget').shadowRoot;
  // every control and every link that stands on its own (links inside a sentence are exempt)
  const all = root.querySelectorAll('button, textarea, .fdw-links a, .fdw-error a');
  return [...all].filter(e => e.getClientRects().length).map(e => {
    const r = e.getBoundingClientRect();
    return {what: e.className + ' ' + (e.textContent || '').trim().slice(0, 20), width: r.width, height: r.height};
  });
}"""
VIEWPORTS = {"desktop": {"viewport": {"width": 1280, "height": 860}},
             "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}}
LABELS = {"nl": ("Chat met de Service Desk", "Uw bericht", "U kunt de Service Desk nu ook bellen"),
          "fr": ("Chat avec le Service Desk", "Votre message", "Vous pouvez aussi appeler le Service Desk")}


@pytest.fixture(params=list(VIEWPORTS))
def answered(request, browser, rasa_api):
    """The widget on a desktop or a phone after an FAQ answer with its source link and choice buttons, during office
    hours (then `fail_to_send` shows the error of a message that could not be sent, with the phone and retry)."""
    ctx = browser.new_context(locale="nl-BE", **VIEWPORTS[request.param])
    ctx.set_default_timeout(20_000)
    try:
        page = ctx.new_page()
        with pinned_clock(rasa_api.url, "2026-12-01T10:00:00+01:00"):
            page.goto(rasa_api.url + "/")
            page.get_by_role("button", name=LABELS["nl"][0]).click()
            box = page.get_by_role("textbox", name=LABELS["nl"][1])
            box.fill(ANSWERS["nl"][0])
            box.press("Enter")
            expect(page.locator(".fdw-choice")).to_have_count(2)
            yield page
    finally:
        ctx.close()


def fail_to_send(page, lang: str) -> None:
    page.route("**/chat", lambda route: route.abort())
    box = page.get_by_role("textbox", name=LABELS[lang][1])
    box.fill("en mijn pukcode?")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text(LABELS[lang][2])


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_axe_finds_no_violation(answered, lang):
    page = answered
    page.get_by_role("button", name="Français" if lang == "fr" else "Nederlands").click()
    expect(page.get_by_role("dialog")).to_have_attribute("lang", lang)
    assert axe_violations(page, "#frontdoor-widget") == []
    fail_to_send(page, lang)
    assert axe_violations(page, "#frontdoor-widget") == []


def test_tap_targets_are_at_least_44px_and_the_text_box_does_not_make_ios_zoom(answered):
    targets = answered.evaluate(TARGETS_JS)
    fail_to_send(answered, "nl")
    targets += answered.evaluate(TARGETS_JS)
    kinds = " ".join(t["what"] for t in targets)
    for kind in ("fdw-lang-btn", "fdw-new", "fdw-close", "fdw-choice", "fdw-retry", "fdw-send", "fdw-input",
                 "fdw-link", "fdw-phone"):
        assert kind in kinds, f"{kind} not measured"
    small = [t for t in targets if t["width"] < 44 or t["height"] < 44]
    assert not small, small
    font = answered.locator(".fdw-input").evaluate("e => getComputedStyle(e).fontSize")
    assert font == "16px"
