"""`frontdoor tickets ...`: operator commands."""
import typer

app = typer.Typer(no_args_is_help=True, help="Ticket operations.")


@app.command("autoclose")
def autoclose() -> None:
    """Close the tickets whose 5-working-day deadline passed (the worker does this too; safe to repeat)."""
    from api.clock import system_clock
    from api.db import new_session
    from api.tickets.flows import autoclose_due

    with new_session() as db:
        closed = autoclose_due(db, system_clock())
    typer.echo(f"closed {len(closed)} ticket(s)" + (f": {', '.join(closed)}" if closed else ""))
