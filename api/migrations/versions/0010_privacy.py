"""Privacy: when a ticket's personal data was anonymised, which chat conversation it came from (so that an erasure
reaches that chat log too), and the log of data-subject requests and retention runs (counts only, no address).

Revision ID: 0010_privacy
Revises: 0009_tickets_created_at
"""
import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0010_privacy"
down_revision = "0009_tickets_created_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("anonymised_at", UTCDateTime, nullable=True))
        batch.add_column(sa.Column("chat_session", sa.String(64), nullable=True))
    op.create_index("ix_tickets_closed_at", "tickets", ["closed_at"])
    op.create_table(
        "privacy_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("privacy_events")
    op.drop_index("ix_tickets_closed_at", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("chat_session")
        batch.drop_column("anonymised_at")
