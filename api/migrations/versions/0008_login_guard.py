"""Login lockout with backoff (per e-mail address, known or not) and a lifetime for API tokens.

Tokens issued before this revision expire 30 days after they were made.

Revision ID: 0008_login_guard
Revises: 0007_ticket_access_tokens
"""
import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0008_login_guard"
down_revision = "0007_ticket_access_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("key", sa.String(64), primary_key=True),  # SHA-256 of the normalised e-mail address
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_at", UTCDateTime, nullable=False),
        sa.Column("locked_until", UTCDateTime, nullable=True),
    )
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", UTCDateTime, nullable=True))
    op.execute("UPDATE api_tokens SET expires_at = created_at + INTERVAL '30 days'"
               if op.get_bind().dialect.name == "postgresql" else
               "UPDATE api_tokens SET expires_at = datetime(created_at, '+30 days')")


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    op.drop_table("login_failures")
