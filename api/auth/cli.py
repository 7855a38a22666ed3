import typer

from api.auth import service
from api.auth.models import ROLES
from api.db import new_session
from api.errors import DomainError

app = typer.Typer(no_args_is_help=True, help="Accounts for agents, service managers, editors and admins.")


@app.command("create")
def create(email: str, role: str = typer.Option(..., help=" | ".join(ROLES)), name: str = "",
           password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True)) -> None:
    """Create an account and print a first API token."""
    with new_session() as db:
        try:
            user = service.create_user(db, email, password, role, name)
            token = service.issue_token(db, user, "cli")
        except DomainError as exc:
            typer.echo(exc.detail, err=True)
            raise typer.Exit(2)
        db.commit()
    typer.echo(f"created {role} #{user.id}; API token: {token}")
