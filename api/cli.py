"""The `frontdoor` command."""
import typer

from api.auth.cli import app as users_app
from api.faq.cli import app as faq_app
from api.privacy.cli import app as privacy_app
from api.tickets.cli import app as tickets_app

app = typer.Typer(no_args_is_help=True, help="Frontdoor: the chat front door of the service desk.")
app.add_typer(users_app, name="users")
app.add_typer(faq_app, name="faq")
app.add_typer(tickets_app, name="tickets")
app.add_typer(privacy_app, name="privacy")


@app.command()
def migrate() -> None:
    """Apply the database migrations."""
    from api.db import migrate as run_migrations

    run_migrations()
    typer.echo("database is up to date")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the API (with the embedded worker unless FRONTDOOR_EMBEDDED_WORKER=false)."""
    import uvicorn

    from api.db import migrate as run_migrations

    run_migrations()
    uvicorn.run("api.main:app", host=host, port=port)


@app.command()
def worker(once: bool = typer.Option(False, help="Run every job once and stop."),
           interval: float | None = typer.Option(None, help="Seconds between runs (default: settings.worker_interval).")) -> None:
    """Run the background jobs: e-mail outbox delivery, ticket auto-close, retention purges."""
    import logging

    from api import worker as jobs
    from api.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if once:
        typer.echo(jobs.run_once())
        return
    jobs.run_forever(interval or get_settings().worker_interval)


@app.command()
def inbound() -> None:
    """Receive e-mail as FRONTDOOR_INBOUND_MODE says: an LMTP or SMTP receiver, or IMAP polling (docs/email.md)."""
    import logging
    import threading

    from api.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    if settings.inbound_mode in ("lmtp", "smtp"):
        from api.inbound.smtp import InboundController

        controller = InboundController(settings)
        controller.start()
        typer.echo(f"inbound {settings.inbound_mode} on {settings.inbound_host}:{settings.inbound_port}")
        try:
            threading.Event().wait()
        finally:
            controller.stop()
    elif settings.inbound_mode == "imap":
        from api.inbound.imap import poll_forever

        poll_forever(settings)
    else:
        raise typer.BadParameter("FRONTDOOR_INBOUND_MODE is off (lmtp, smtp or imap turns inbound mail on)")


@app.command()
def run(port: int = 8000, rasa_port: int = 5005, actions_port: int = 5055, host: str = "127.0.0.1") -> None:
    """Train the bot if needed, start Rasa, the action server and the API; print the URL (Ctrl-C stops it all)."""
    from api.runner import Ports, run_forever

    run_forever(Ports(api=port, rasa=rasa_port, actions=actions_port, host=host), log=typer.echo)


@app.command("desk-facts", hidden=True)
def desk_facts() -> None:
    """The desk's hours, phone numbers and closing days per language, as JSON (the action server's
    FRONTDOOR_DESK_FACTS; the runner sets it)."""
    import json

    from api.hours.facts import all_facts

    typer.echo(json.dumps(all_facts(), ensure_ascii=False))


@app.command("run-cluster")
def run_cluster(port: int = typer.Option(8080, help="nginx's port, the one visitors reach."),
                database_url: str = typer.Option("postgresql+psycopg://postgres@127.0.0.1:5432/frontdoor",
                                                 envvar="FRONTDOOR_DATABASE_URL", help="PostgreSQL (created if missing)."),
                redis_url: str = typer.Option("redis://127.0.0.1:6379/0", envvar="FRONTDOOR_REDIS_URL",
                                              help="Redis for rate-limit counters and Rasa's conversation locks.")) -> None:
    """Run replicas behind nginx: 2 API servers, 2 Rasa servers, 2 action servers and the worker (docs/deploy.md)."""
    from api.cluster import ClusterPorts, run_cluster_forever

    run_cluster_forever(ClusterPorts(public=port), database_url, redis_url, log=typer.echo)


if __name__ == "__main__":
    app()
