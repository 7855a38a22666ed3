"""The web console for agents and FAQ editors (/console/) in Chromium against the real API.

Accounts are made in the server's SQLite database by the real auth service; what the console did is
checked afterwards through the REST API itself, not only on the page.
"""
import subprocess
import sys
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
TOKEN_KEY = "frontdoor.console.token"


def make_account(api_server, role: str) -> str:
    """A new account with a known password, created like `frontdoor users create` does."""
    email = f"console-{role}-{uuid.uuid4().hex[:8]}@example.be"
    code = ("import sys\nfrom api.auth import service\nfrom api.db import new_session\n"
            "with new_session() as db:\n"
            "    service.create_user(db, sys.argv[1], sys.argv[2], sys.argv[3]); db.commit()")
    subprocess.run([sys.executable, "-c", code, email, PASSWORD, role], env=api_server.env, cwd=ROOT, check=True)
    return email


def bearer(api_server, email: str) -> dict:
    r = httpx.post(f"{api_server.url}/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def new_ticket(api_server, subject: str, said: str = "Mijn printer doet het niet", **extra) -> str:
    """A chat ticket: the visitor says something in the chat first (Rasa is down here, so the chat degrades to
    the FAQ), and the ticket's transcript is that conversation, from the chat log."""
    chat = httpx.post(f"{api_server.url}/chat", json={"message": said, "lang": "nl"}, timeout=60)
    assert chat.status_code == 200, chat.text
    body = {"type": "incident", "subject": subject, "language": "nl", "email": "requester@example.be",
            "name": "An Peeters", "channel": "chat", "chat_session": chat.json()["session_id"],
            "description": "Sinds vanmorgen print de printer op de derde verdieping niets meer.", **extra}
    r = httpx.post(f"{api_server.url}/tickets", json=body, timeout=30)
    assert r.status_code == 201, r.text
    return r.json()["number"]


def log_in(page, api_server, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{api_server.url}/console/")
    page.get_by_label("E-mailadres", exact=True).fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Aanmelden", exact=True).click()


def queue_row(page, number: str):
    return page.locator(f'#queue tbody tr[data-number="{number}"]')


def test_an_agent_claims_a_ticket_and_replies(page, api_server):
    email = make_account(api_server, "agent")
    subject = f"Printer derde verdieping {uuid.uuid4().hex[:6]}"
    number = new_ticket(api_server, subject)

    log_in(page, api_server, email)
    expect(page.get_by_role("status")).to_have_text("U bent aangemeld.")
    expect(page.locator("#who")).to_contain_text(email)
    expect(page.get_by_role("button", name="FAQ", exact=True)).to_be_hidden()  # an agent has no editor part
    row = queue_row(page, number)
    expect(row).to_contain_text(subject)
    expect(row).to_contain_text("Nieuw")
    expect(row).to_contain_text("niemand")

    row.get_by_role("link", name=f"Ticket openen {number}").click()
    ticket = page.locator("#ticket")
    expect(page.get_by_role("heading", level=2, name=f"{number} – {subject}")).to_be_focused()
    expect(ticket).to_contain_text("Sinds vanmorgen print de printer op de derde verdieping niets meer.")
    expect(ticket).to_contain_text("requester@example.be")
    expect(page.locator("#ticket-transcript")).to_contain_text("Mijn printer doet het niet")
    expect(page.locator("#ticket-transcript li.bot").first).to_contain_text("beperkt")  # the degraded bot's words
    reply = ticket.get_by_role("button", name="Antwoorden")
    expect(reply).to_be_disabled()  # a new ticket is claimed first

    ticket.get_by_role("button", name="Oppakken").click()
    expect(page.get_by_role("status")).to_have_text(f"{number}: Ticket opgepakt.")
    expect(row).to_contain_text("Open")
    expect(row).to_contain_text("mij")
    expect(ticket.get_by_role("button", name="Oppakken")).to_be_disabled()

    text = page.get_by_label("Tekst (antwoord, vraag, oplossing of notitie)")
    text.fill("Goeiedag, we sturen vandaag een technicus langs.")
    reply.click()
    expect(page.get_by_role("status")).to_have_text(f"{number}: Antwoord verzonden.")
    expect(page.locator("#ticket-messages")).to_contain_text("Goeiedag, we sturen vandaag een technicus langs.")
    expect(text).to_have_value("")

    text.fill("Toner besteld bij de leverancier.")
    ticket.get_by_role("button", name="Interne notitie", exact=True).click()
    note = page.locator("#ticket-messages li.internal")
    expect(note).to_contain_text("Toner besteld bij de leverancier.")
    expect(note.locator(".badge-internal")).to_have_text("Interne notitie")
    expect(page.locator("#ticket-events")).to_contain_text("opgepakt")

    # The API agrees: open, assigned to this agent, the reply sent and the note internal
    headers = bearer(api_server, email)
    me = httpx.get(f"{api_server.url}/auth/me", headers=headers, timeout=30).json()
    detail = httpx.get(f"{api_server.url}/tickets/{number}/detail", headers=headers, timeout=30).json()
    assert detail["status"] == "open"
    assert detail["assignee_id"] == me["id"]
    replies = [m for m in detail["messages"] if m["kind"] == "reply"]
    assert [m["text"] for m in replies] == ["Goeiedag, we sturen vandaag een technicus langs."]
    assert replies[0]["internal"] is False
    notes = [m for m in detail["messages"] if m["internal"]]
    assert [m["text"] for m in notes] == ["Toner besteld bij de leverancier."]
    assert any(e["kind"] == "claimed" and e["actor_email"] == email for e in detail["events"])
    assert page.js_errors == []


def test_a_claim_that_lost_the_race_shows_the_apis_409(page, api_server):
    email, other_email = make_account(api_server, "agent"), make_account(api_server, "agent")
    other = bearer(api_server, other_email)
    number = new_ticket(api_server, f"Wifi valt weg {uuid.uuid4().hex[:6]}")

    page.add_init_script("sessionStorage.setItem('frontdoor.console.poll', '600000')")  # no refresh before the click
    log_in(page, api_server, email)
    queue_row(page, number).get_by_role("link", name=f"Ticket openen {number}").click()
    expect(page.locator("#ticket-title")).to_contain_text(number)
    # A colleague claims it while this page still shows it as new
    assert httpx.post(f"{api_server.url}/tickets/{number}/claim", headers=other, timeout=30).status_code == 200
    page.locator("#ticket").get_by_role("button", name="Oppakken").click()
    # the console's own words for the API's stable code, with the code
    expect(page.locator("#ticket-error")).to_have_text("Een collega heeft dit ticket net opgepakt. (already_claimed)")
    expect(page.get_by_role("status")).to_contain_text("already_claimed")
    # The page then shows the ticket as it is now, and keeps the error in view
    expect(queue_row(page, number)).to_contain_text("Open")
    expect(page.locator("#ticket-facts")).to_contain_text(f"Toegewezen{other_email}")  # the colleague, not "mij"
    expect(page.locator("#ticket").get_by_role("button", name="Oppakken")).to_be_disabled()
    expect(page.locator("#ticket-error")).to_contain_text("already_claimed")
    assert page.js_errors == []


def test_a_wrong_password_shows_an_error_and_no_queue(page, api_server):
    email = make_account(api_server, "agent")
    new_ticket(api_server, f"Niet zichtbaar {uuid.uuid4().hex[:6]}")
    page.goto(f"{api_server.url}/console/")
    page.get_by_label("E-mailadres", exact=True).fill(email)
    password = page.get_by_label("Wachtwoord", exact=True)
    password.fill("not the right password")
    password.press("Enter")  # the keyboard alone submits the form
    expect(page.locator("#login-error")).to_have_text("Verkeerd e-mailadres of wachtwoord. Probeer het opnieuw.")
    expect(page.locator("#login-error")).to_have_attribute("role", "alert")
    expect(page.locator("#queue")).to_be_hidden()
    expect(page.locator("#app-view")).to_be_hidden()
    assert page.evaluate(f"sessionStorage.getItem('{TOKEN_KEY}')") is None
    assert page.locator("#queue tbody tr").count() == 0

    # The right password then works, survives a reload, and logging out revokes the token
    password.fill(PASSWORD)
    password.press("Enter")
    expect(page.locator("#queue")).to_be_visible()
    expect(page.locator("#login-error")).to_have_text("")
    page.reload()
    expect(page.locator("#queue")).to_be_visible()
    token = page.evaluate(f"sessionStorage.getItem('{TOKEN_KEY}')")
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("status")).to_have_text("U bent afgemeld.")
    expect(page.locator("#app-view")).to_be_hidden()
    r = httpx.get(f"{api_server.url}/auth/me", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert r.status_code == 401


def test_an_editor_turns_an_unanswered_question_into_a_published_entry(page, api_server):
    email = make_account(api_server, "editor")
    query = f"Hoe koppel ik de zebraprinter {uuid.uuid4().hex[:6]} aan mijn laptop?"
    r = httpx.post(f"{api_server.url}/faq/unanswered", json={"query": query, "lang": "nl"}, timeout=30)
    assert r.status_code == 204, r.text

    log_in(page, api_server, email)
    expect(page.get_by_role("button", name="Tickets")).to_be_hidden()  # an editor has no agent part
    row = page.locator("#unanswered tbody tr").filter(has_text=query)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("NL")
    expect(row.locator("td").nth(4)).to_have_text("1")  # reported once

    row.get_by_role("button", name=f"Item maken: {query}").click()
    expect(page.get_by_label("Vraag", exact=True)).to_have_value(query)
    answer = page.get_by_label("Antwoord (Markdown)")
    expect(answer).to_be_focused()
    entry_id = page.get_by_label("Id", exact=True).input_value()
    assert entry_id.startswith("hoe-koppel-ik-de-zebraprinter-")
    answer.fill("Installeer de driver via **Software Center** en kies *Zebra*.")
    page.get_by_label("Andere formuleringen (één per regel)").fill("zebraprinter installeren\nlabelprinter koppelen")
    page.get_by_label("Tags (gescheiden door komma's)").fill("printer, hardware")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Opgeslagen.")
    expect(page.locator("#editor-state")).to_contain_text("Ontwerp")
    expect(page.locator(f'#entries tbody tr[data-id="{entry_id}"]')).to_contain_text("Ontwerp")

    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("status")).to_have_text(f"{entry_id}: Gepubliceerd.")
    expect(page.locator("#editor-state")).to_contain_text("Gepubliceerd")
    expect(page.get_by_role("button", name="Publiceren")).to_be_disabled()
    history = page.locator("#editor-history li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text(f"aangemaakt · {email}")
    expect(history.nth(1)).to_contain_text(f"gepubliceerd · {email}")

    headers = bearer(api_server, email)
    entry = httpx.get(f"{api_server.url}/faq/entries/{entry_id}", headers=headers, timeout=30).json()
    assert entry["status"] == "published"
    assert entry["question"] == query
    assert entry["lang"] == "nl"
    assert entry["alternatives"] == ["zebraprinter installeren", "labelprinter koppelen"]
    assert entry["tags"] == ["printer", "hardware"]
    assert entry["updated_by"] == email
    assert [(h["action"], h["who"]) for h in entry["history"]] == [("create", email), ("publish", email)]

    # The list pages through all entries the API has
    total = httpx.get(f"{api_server.url}/faq/entries", headers=headers, timeout=30).json()["total"]
    assert total > 100  # the seeded FAQ and ours: more than one page
    expect(page.locator("#entries-count")).to_have_text(f"100 van {total} items")
    page.get_by_role("button", name="Meer tonen").click()
    expect(page.locator("#entries tbody tr")).to_have_count(total)
    expect(page.get_by_role("button", name="Meer tonen")).to_be_hidden()

    # The text filter finds it; a second entry with the same question shows the API's warning
    page.get_by_label("Zoeken in de tekst").fill("zebraprinter")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(f'#entries tbody tr[data-id="{entry_id}"]')).to_contain_text("Gepubliceerd")
    page.get_by_role("button", name="Nieuw item").click()
    expect(page.get_by_label("Id", exact=True)).to_be_focused()
    page.get_by_label("Id", exact=True).fill(f"{entry_id}-bis")
    page.get_by_label("Vraag", exact=True).fill(query)
    page.get_by_label("Antwoord (Markdown)").fill("Zie het andere item.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("met waarschuwingen")
    expect(page.locator("#editor-warnings")).to_contain_text(f"Item {entry_id} heeft dezelfde vraag: “{query}”.")
    assert page.js_errors == []


def test_an_editor_marks_unanswered_questions_as_handled(page, api_server):
    email = make_account(api_server, "editor")
    tag = uuid.uuid4().hex[:6]
    scope = f"Mag ik mijn hond {tag} meebrengen naar kantoor?"
    printer = f"Hoe installeer ik de plotter {tag} op verdieping drie?"
    for query in (scope, printer):
        assert httpx.post(f"{api_server.url}/faq/unanswered", json={"query": query, "lang": "nl"},
                          timeout=30).status_code == 204
    headers = bearer(api_server, email)

    def marks() -> dict:
        items = httpx.get(f"{api_server.url}/faq/unanswered", params={"include_handled": "true"},
                          headers=headers, timeout=30).json()
        return {i["query"]: i for i in items if tag in i["query"]}

    log_in(page, api_server, email)
    rows = page.locator("#unanswered tbody tr")
    scope_row, printer_row = rows.filter(has_text=scope), rows.filter(has_text=printer)
    expect(scope_row).to_have_count(1)
    expect(printer_row).to_have_count(1)

    # Out of scope: mark it handled and it leaves the list
    scope_row.get_by_role("button", name=f"Markeer als behandeld: {scope}").click()
    expect(page.get_by_role("status")).to_have_text(f"Gemarkeerd als behandeld: {scope}")
    expect(scope_row).to_have_count(0)
    expect(printer_row).to_have_count(1)
    mark = marks()[scope]
    assert mark["handled"] is True and mark["handled_by"] == email and mark["entry_id"] is None

    # "Show handled" lists it again, with the mark and an undo
    page.get_by_label("Behandelde vragen tonen").check()
    expect(scope_row).to_have_count(1)
    expect(scope_row).to_contain_text(f"door {email}")
    page.get_by_label("Behandelde vragen tonen").uncheck()
    expect(scope_row).to_have_count(0)

    # An entry created from a question marks it handled with the new entry's id
    printer_row.get_by_role("button", name=f"Item maken: {printer}").click()
    entry_id = page.get_by_label("Id", exact=True).input_value()
    page.get_by_label("Antwoord (Markdown)").fill("Installeer de plotter via **Software Center**.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Opgeslagen.")
    expect(printer_row).to_have_count(0)
    mark = marks()[printer]
    assert mark["handled"] is True and mark["entry_id"] == entry_id and mark["handled_by"] == email

    # A question that fails again after the mark comes back, with a note
    assert httpx.post(f"{api_server.url}/faq/unanswered", json={"query": scope, "lang": "nl"},
                      timeout=30).status_code == 204
    page.locator("#unanswered-refresh").click()
    expect(scope_row).to_have_count(1)
    expect(scope_row.locator(".came-back")).to_contain_text("Kwam terug")
    page.get_by_role("button", name="FR", exact=True).click()
    expect(scope_row.locator(".came-back")).to_contain_text("Revenu")
    expect(scope_row.get_by_role("button", name=f"Marquer comme traité: {scope}")).to_be_visible()
    page.get_by_label("Afficher les questions traitées").check()
    undo = printer_row.get_by_role("button", name=f"Ne plus marquer comme traité: {printer}")
    undo.click()
    expect(page.get_by_role("status")).to_contain_text("Plus marqué comme traité")
    page.get_by_label("Afficher les questions traitées").uncheck()
    expect(printer_row).to_have_count(1)
    assert marks()[printer]["handled_at"] is None
    assert page.js_errors == []


def test_markup_in_a_ticket_and_a_visitor_query_renders_as_text(page, api_server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    email = make_account(api_server, "admin")
    subject = '<img src=x onerror="window.__pwned=1">'
    number = new_ticket(api_server, subject, description='<script>window.__pwned=1</script> en <b>vet</b>',
                        said='<img src=y onerror="window.__pwned=1">')
    query = f'<img src=z onerror="window.__pwned=1"> {uuid.uuid4().hex[:6]}'
    assert httpx.post(f"{api_server.url}/faq/unanswered", json={"query": query, "lang": "fr"},
                      timeout=30).status_code == 204

    log_in(page, api_server, email)
    # An admin sees both parts
    expect(page.get_by_role("button", name="Tickets")).to_be_visible()
    expect(page.get_by_role("button", name="FAQ", exact=True)).to_be_visible()
    row = queue_row(page, number)
    expect(row.locator("td.subject")).to_have_text(subject)
    row.get_by_role("link", name=f"Ticket openen {number}").click()
    expect(page.locator("#ticket-title")).to_have_text(f"{number} – {subject}")
    expect(page.locator("#ticket-description")).to_have_text('<script>window.__pwned=1</script> en <b>vet</b>')
    expect(page.locator("#ticket-transcript")).to_contain_text('<img src=y onerror="window.__pwned=1">')

    page.get_by_role("button", name="FAQ", exact=True).click()
    expect(page.locator("#unanswered tbody td.query").filter(has_text=query)).to_have_text(query)
    page.get_by_role("region", name="Wat de assistent niet kon beantwoorden").get_by_label("Taal").select_option("nl")
    expect(page.locator("#unanswered tbody td.query").filter(has_text=query)).to_have_count(0)
    page.get_by_role("region", name="Wat de assistent niet kon beantwoorden").get_by_label("Taal").select_option("fr")
    expect(page.locator("#unanswered tbody td.query").filter(has_text=query)).to_have_count(1)
    page.get_by_role("button", name=f"Item maken: {query}").click()
    expect(page.get_by_label("Vraag", exact=True)).to_have_value(query)
    expect(page.get_by_role("region", name="Nieuw FAQ-item").get_by_label("Taal")).to_have_value("fr")

    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('main img, main script, main b').length") == 0
    assert dialogs == []
    assert page.js_errors == []


def test_the_fr_toggle_shows_french_labels(page, api_server):
    email = make_account(api_server, "admin")
    page.goto(f"{api_server.url}/console/")
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    nl = page.get_by_role("button", name="NL", exact=True)
    expect(nl).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="FR", exact=True).click()
    expect(page.get_by_role("button", name="FR", exact=True)).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.documentElement.lang") == "fr"
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    page.get_by_label("Adresse e-mail", exact=True).fill(email)
    page.get_by_label("Mot de passe", exact=True).fill("pas le bon mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#login-error")).to_have_text("Adresse e-mail ou mot de passe incorrect. Veuillez réessayer.")
    # Our own messages follow a language switch
    page.get_by_role("button", name="NL", exact=True).click()
    expect(page.locator("#login-error")).to_have_text("Verkeerd e-mailadres of wachtwoord. Probeer het opnieuw.")
    page.get_by_role("button", name="FR", exact=True).click()
    expect(page.locator("#login-error")).to_have_text("Adresse e-mail ou mot de passe incorrect. Veuillez réessayer.")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("status")).to_have_text("Vous êtes connecté.")
    expect(page.get_by_role("heading", name="File des tickets")).to_be_visible()
    expect(page.get_by_label("Rechercher\u00a0: numéro, adresse e-mail ou mots")).to_be_visible()
    expect(page.get_by_label("Le demandeur a répondu")).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.get_by_role("button", name="FAQ", exact=True).click()
    expect(page.get_by_role("heading", name="Ce que l’assistant n’a pas pu répondre")).to_be_visible()
    expect(page.get_by_label("Rechercher dans le texte")).to_be_visible()
    # The choice is kept across a reload; back to NL relabels everything
    page.reload()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.get_by_role("button", name="NL", exact=True).click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.js_errors == []


def test_a_french_browser_gets_french_by_default(browser, api_server):
    ctx = browser.new_context(locale="fr-BE")
    try:
        pg = ctx.new_page()
        pg.goto(f"{api_server.url}/console/")
        expect(pg.get_by_role("button", name="Se connecter")).to_be_visible()
        expect(pg.get_by_label("Mot de passe", exact=True)).to_be_visible()
        assert pg.evaluate("document.documentElement.lang") == "fr"
    finally:
        ctx.close()


def test_keyboard_focus_is_visible_and_a_revoked_token_brings_back_the_login(page, api_server):
    email = make_account(api_server, "agent")
    page.goto(f"{api_server.url}/console/")
    page.keyboard.press("Tab")  # the skip link first
    page.keyboard.press("Tab")
    focused = page.evaluate("() => { const a = document.activeElement;"
                            " return [a.tagName, a.textContent, getComputedStyle(a).outlineStyle]; }")
    assert focused == ["BUTTON", "NL", "solid"]
    log_in(page, api_server, email)
    expect(page.locator("#queue")).to_be_visible()
    token = page.evaluate(f"sessionStorage.getItem('{TOKEN_KEY}')")
    # The token is revoked elsewhere (e.g. logged out in another tab): the next call shows the login again
    assert httpx.post(f"{api_server.url}/auth/logout", headers={"Authorization": f"Bearer {token}"},
                      timeout=30).status_code == 204
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Uw sessie is verlopen. Meld u opnieuw aan.")
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    expect(page.locator("#app-view")).to_be_hidden()
    assert page.evaluate(f"sessionStorage.getItem('{TOKEN_KEY}')") is None
    assert page.js_errors == []
