"""Chat log.

Revision ID: 0004_chat
Revises: 0003_tickets
"""
import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0004_chat"
down_revision = "0003_tickets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_turns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("page_lang", sa.String(2), nullable=False),
        sa.Column("detected_lang", sa.String(2), nullable=True),
        sa.Column("confidence", sa.Float, nullable=True),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("visitor_text", sa.Text, nullable=False),
        sa.Column("bot_messages", sa.JSON, nullable=False),
        sa.Column("degraded", sa.Boolean, nullable=False),
    )
    op.create_index("ix_chat_turns_session_id", "chat_turns", ["session_id"])
    op.create_index("ix_chat_turns_at", "chat_turns", ["at"])


def downgrade() -> None:
    op.drop_table("chat_turns")
