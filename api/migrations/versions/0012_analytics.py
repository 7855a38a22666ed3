"""Analytics: the analytics log (api/analytics/models.py), counts without personal data.

Revision ID: 0012_analytics
Revises: 0011_queue
"""
import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0012_analytics"
down_revision = "0011_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analytics_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("conversation", sa.String(32), nullable=True),
        sa.Column("lang", sa.String(2), nullable=True),
        sa.Column("value", sa.String(32), nullable=False),
        sa.Column("entry_id", sa.String(100), nullable=True),
    )
    op.create_index("ix_analytics_events_at", "analytics_events", ["at"])
    op.create_index("ix_analytics_events_conversation", "analytics_events", ["conversation"])
    op.create_index("ix_analytics_events_kind_at", "analytics_events", ["kind", "at"])


def downgrade() -> None:
    op.drop_table("analytics_events")
