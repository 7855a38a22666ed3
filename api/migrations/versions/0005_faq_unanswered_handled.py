"""Editors' marks on unanswered FAQ questions ("handled").

Revision ID: 0005_faq_unanswered_handled
Revises: 0004_chat
"""
import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0005_faq_unanswered_handled"
down_revision = "0004_chat"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "faq_unanswered_handled",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("handled_at", UTCDateTime, nullable=False),
        sa.Column("handled_by", sa.String(254), nullable=False),
        sa.Column("entry_id", sa.String(100), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.UniqueConstraint("key", "lang", name="uq_faq_unanswered_handled_key_lang"),
    )
    op.create_index("ix_faq_unanswered_handled_handled_at", "faq_unanswered_handled", ["handled_at"])


def downgrade() -> None:
    op.drop_table("faq_unanswered_handled")
