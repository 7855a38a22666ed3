"""`frontdoor privacy ...`: a data-subject request (export or erasure of everything held about an address)."""
import json
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, help="Data-subject requests (GDPR): export or erase an address's data.")


def _address(email: str) -> str:
    from api.privacy.service import normalise

    try:
        return normalise(email)
    except ValueError:
        raise typer.BadParameter(f"{email!r} is not an e-mail address") from None


@app.command("export")
def export_cmd(email: str, out: Path = typer.Option(None, help="The JSON file to write (default: ./privacy-export-<time>.json).")) -> None:
    """Write everything held about EMAIL to a JSON file (tickets, e-mails, chat turns, searches, account)."""
    from api.clock import system_clock
    from api.db import new_session
    from api.privacy.service import export

    email = _address(email)
    now = system_clock()
    with new_session() as db:
        data = export(db, email, now)
    out = out or Path(f"privacy-export-{now:%Y%m%dT%H%M%S}.json")
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    out.chmod(0o600)  # it is personal data
    typer.echo(f"wrote {out}: {len(data['tickets'])} ticket(s), {len(data['emails'])} e-mail(s), "
               f"{len(data['chat'])} chat turn(s), {len(data['faq_searches'])} search(es)")


@app.command("erase")
def erase_cmd(email: str, yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
    """Anonymise EMAIL's tickets (anonymous statistics stay) and delete their e-mails, chat turns and searches."""
    from api.clock import system_clock
    from api.db import new_session
    from api.privacy.service import erase

    email = _address(email)
    if not yes and not typer.confirm("Erase this person's data? This cannot be undone.", default=False):
        raise typer.Exit(1)
    with new_session() as db:
        counts = erase(db, email, system_clock())
    typer.echo(f"erased: {counts['tickets']} ticket(s) anonymised, {counts['emails']} e-mail(s), "
               f"{counts['chat_turns']} chat turn(s), {counts['faq_searches']} search(es) deleted")
    if counts["staff_account"]:
        typer.echo("this address also has a staff account: an administrator deactivates it (frontdoor users)")
