"""Analytics: the analytics log (api/analytics/models.py), counts without personal data.

Self-contained (one new table), so that it applies after any other 0011.

Revision ID: 0011_analytics
Revises: 0010_privacy
"""
import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0011_analytics"
down_revision = "0010_privacy"
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
