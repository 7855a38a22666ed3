"""The widget's Markdown renderer, run in Chromium: formatting works and no text ever becomes markup."""
import pytest

pytestmark = pytest.mark.browser

RENDER = """([src, lang]) => {
  const box = document.createElement('div');
  box.appendChild(FrontdoorWidget.renderMarkdown(src, lang));
  document.body.appendChild(box);   // live in the page, so that an injected handler would really run
  return box.innerHTML;
}"""

CASES = [
    ("**vet** en *schuin* en _ook schuin_", "<p><strong>vet</strong> en <em>schuin</em> en <em>ook schuin</em></p>"),
    ("Eerste regel\nTweede regel\n\nNieuwe alinea",
     "<p>Eerste regel<br>Tweede regel</p><p>Nieuwe alinea</p>"),
    ("Stappen:\n- een\n- **twee**\n* drie", "<p>Stappen:</p><ul><li>een</li><li><strong>twee</strong></li><li>drie</li></ul>"),
    ("1. eerst\n2. dan", "<ol><li>eerst</li><li>dan</li></ol>"),
    ("### Titel", '<p class="fdw-heading-line"><strong>Titel</strong></p>'),
    ("mijn_gebruikers_naam en 2 * 3 * 4", "<p>mijn_gebruikers_naam en 2 * 3 * 4</p>"),
    ("Code: `a<b>`", "<p>Code: <code>a&lt;b&gt;</code></p>"),
    ("Mail [ons](mailto:servicedesk@example.be)", '<p>Mail <a class="fdw-link" href="mailto:servicedesk@example.be">ons</a></p>'),
]


@pytest.fixture
def render(page, api_server):
    page.goto(api_server.url + "/")
    page.evaluate("window.__xss = false")
    return lambda src, lang="nl": page.evaluate(RENDER, [src, lang])


@pytest.mark.parametrize("src,html", CASES)
def test_formatting(render, src, html):
    assert render(src) == html


@pytest.mark.parametrize("lang,hint", [("nl", "(opent in een nieuw venster)"), ("fr", "(s’ouvre dans une nouvelle fenêtre)")])
def test_web_links_open_a_new_window_and_say_so(render, lang, hint):
    html = render("Zie [de FAQ](https://bosa.belgium.be/nl/faq).", lang)
    assert html == ('<p>Zie <a class="fdw-link" href="https://bosa.belgium.be/nl/faq" target="_blank" '
                    f'rel="noopener noreferrer">de FAQ<span class="fdw-sr"> {hint}</span></a>.</p>')


def test_bare_addresses_become_links_without_their_trailing_punctuation(render):
    html = render("Kijk op https://bosa.belgium.be/nl/contact.")
    assert '<a class="fdw-link" href="https://bosa.belgium.be/nl/contact" target="_blank"' in html
    assert html.endswith("</a>.</p>")


@pytest.mark.parametrize("src", [
    "<script>window.__xss = true</script>",
    '<img src=x onerror="window.__xss = true">',
    "<svg onload=\"window.__xss = true\"></svg>",
    '<a href="javascript:window.__xss=true">x</a>',
    "**<img src=x onerror=window.__xss=true>**",
    "[<img src=x onerror=window.__xss=true>](https://example.be)",
    "- <iframe src=\"javascript:window.__xss=true\"></iframe>",
])
def test_html_in_text_stays_text(page, render, src):
    html = render(src)
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<iframe" not in html
    assert "&lt;" in html
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is False


@pytest.mark.parametrize("url", ["javascript:window.__xss=true", "JaVaScRiPt:window.__xss=true", "data:text/html,x",
                                 "vbscript:x", "/relative/path", "//evil.example/x", "file:///etc/passwd"])
def test_only_http_and_mailto_links(render, page, url):
    html = render(f"[klik]({url})")
    assert "<a" not in html
    assert "klik" in html
    assert page.evaluate("window.__xss") is False
