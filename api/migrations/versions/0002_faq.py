"""FAQ entries, history, versions, feedback.

Revision ID: 0002_faq
Revises: 0001_auth
"""
import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0002_faq"
down_revision = "0001_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "faq_entries",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("question", sa.String(300), nullable=False),
        sa.Column("alternatives", sa.JSON, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("url", sa.String(500), nullable=True),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("group", sa.String(100), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("updated_by", sa.String(254), nullable=False),
    )
    op.create_index("ix_faq_entries_lang", "faq_entries", ["lang"])
    op.create_index("ix_faq_entries_group", "faq_entries", ["group"])
    op.create_index("ix_faq_entries_status", "faq_entries", ["status"])

    op.create_table(
        "faq_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.String(100), sa.ForeignKey("faq_entries.id", ondelete="CASCADE"), nullable=False),
        sa.Column("who", sa.String(254), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
    )
    op.create_index("ix_faq_history_entry_id", "faq_history", ["entry_id"])

    version = op.create_table(
        "faq_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.execute(version.insert().values(id=1, version=0, updated_at=sa.func.current_timestamp()))

    op.create_table(
        "faq_searches",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("top", sa.JSON, nullable=False),
        sa.Column("session_id", sa.String(100), nullable=True),
        sa.Column("at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_faq_searches_decision", "faq_searches", ["decision"])
    op.create_index("ix_faq_searches_at", "faq_searches", ["at"])

    op.create_table(
        "faq_feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("search_id", sa.String(32), nullable=False),
        sa.Column("entry_id", sa.String(100), nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_faq_feedback_search_id", "faq_feedback", ["search_id"])
    op.create_index("ix_faq_feedback_entry_id", "faq_feedback", ["entry_id"])
    op.create_index("ix_faq_feedback_at", "faq_feedback", ["at"])

    op.create_table(
        "faq_unanswered",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("session_id", sa.String(100), nullable=True),
        sa.Column("at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_faq_unanswered_at", "faq_unanswered", ["at"])


def downgrade() -> None:
    for table in ("faq_unanswered", "faq_feedback", "faq_searches", "faq_version", "faq_history", "faq_entries"):
        op.drop_table(table)
