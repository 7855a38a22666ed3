"""Requester access by secret: ticket access tokens hashed, with an expiry (one per e-mail sent).

The plain tokens of tickets created before this revision are carried over as hashes, valid for LINK_DAYS.

Revision ID: 0007_ticket_access_tokens
Revises: 0006_chat_label
"""
import hashlib
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0007_ticket_access_tokens"
down_revision = "0006_chat_label"
branch_labels = None
depends_on = None
LINK_DAYS = 30


def upgrade() -> None:
    tokens = op.create_table(
        "ticket_access_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_ticket_access_tokens_ticket_id", "ticket_access_tokens", ["ticket_id"])
    op.create_index("ix_ticket_access_tokens_expires_at", "ticket_access_tokens", ["expires_at"])
    now = datetime.now(timezone.utc)
    rows = op.get_bind().execute(sa.text("SELECT id, access_token FROM tickets")).fetchall()
    if rows:
        op.bulk_insert(tokens, [{"ticket_id": r[0], "token_hash": hashlib.sha256(r[1].encode()).hexdigest(),
                                 "created_at": now, "expires_at": now + timedelta(days=LINK_DAYS)} for r in rows])
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint("uq_tickets_access_token", type_="unique")
        batch.drop_column("access_token")


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("access_token", sa.String(64), nullable=True))
    op.drop_table("ticket_access_tokens")
