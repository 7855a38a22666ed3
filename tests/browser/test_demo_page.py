"""The demo page at / is the desk's contact page in NL and FR, and the widget follows its language."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_demo_page_is_dutch_by_default_with_the_desks_contact_details(page, api_server):
    page.goto(api_server.url + "/")
    assert page.evaluate("document.documentElement.lang") == "nl"
    main = page.locator("main")
    expect(main.get_by_text("De Service Desk is bereikbaar:")).to_be_visible()
    expect(main.get_by_role("heading", name="Ondersteuningsprocedures")).to_be_visible()
    expect(main.get_by_text("Le Service Desk est joignable")).to_be_hidden()
    # Both numbers, the page language's first
    phones = main.locator("article:visible .phones a")
    expect(phones).to_have_text(["02 740 79 93", "02 740 79 94"])
    assert "Digitale Transformatie" in page.title()
    expect(page.get_by_role("button", name="Chat met de Service Desk")).to_be_visible()
    assert page.js_errors == []


def test_language_switch_sets_html_lang_and_the_widget_follows(page, api_server):
    page.goto(api_server.url + "/")
    page.get_by_role("link", name="FR", exact=True).click()
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.url.endswith("?lang=fr")
    assert "Transformation digitale" in page.title()
    main = page.locator("main")
    expect(main.get_by_text("Le Service Desk est joignable")).to_be_visible()
    expect(main.get_by_text("De Service Desk is bereikbaar:")).to_be_hidden()
    expect(main.locator("article:visible .phones a")).to_have_text(["02 740 79 94", "02 740 79 93"])
    # the form's texts take the numbers from the page, which the server filled from its settings
    expect(page.locator(".urgent-note")).to_have_text(
        "Incident urgent\u00a0? Appelez le Service Desk pendant les heures d\u2019ouverture\u00a0: "
        "02 740 79 94 (FR) ou 02 740 79 93 (NL).")
    expect(page.get_by_role("link", name="FR", exact=True)).to_have_attribute("aria-current", "true")
    # The widget's own texts switched too
    launcher = page.get_by_role("button", name="Chat avec le Service Desk")
    expect(launcher).to_be_visible()
    launcher.click()
    expect(page.get_by_role("dialog", name="Service Desk")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("textbox", name="Votre message")).to_be_focused()
    expect(page.get_by_role("dialog").get_by_text("Ne partagez pas de mots de passe")).to_be_visible()
    # and back
    page.get_by_role("button", name="Fermer le chat").click()
    page.get_by_role("link", name="NL", exact=True).click()
    assert page.evaluate("document.documentElement.lang") == "nl"
    expect(page.get_by_role("button", name="Chat met de Service Desk")).to_be_visible()


def test_french_page_by_address_opens_in_french(page, api_server):
    page.goto(api_server.url + "/?lang=fr")
    assert page.evaluate("document.documentElement.lang") == "fr"
    expect(page.locator("main").get_by_role("heading", name="Procédures de support")).to_be_visible()
    page.get_by_role("button", name="Démarrer une conversation").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_text("Posez votre question en français ou en néerlandais.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Votre message")).to_have_attribute("placeholder", "Tapez votre question…")
    expect(dialog.get_by_role("button", name="Envoyer")).to_be_visible()
    assert page.js_errors == []


def test_widget_is_one_script_tag_and_its_stylesheet(api_server):
    import httpx

    html = httpx.get(api_server.url + "/").text
    assert html.count("widget.js") == 1
    js = httpx.get(api_server.url + "/widget.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    css = httpx.get(api_server.url + "/widget.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    # No external fonts, CDNs or HTML parsing of text
    for body in (html, js.text, css.text):
        assert "fonts.googleapis" not in body and "cdn." not in body
    assert ".innerHTML" not in js.text and "insertAdjacentHTML" not in js.text and "document.write" not in js.text
