"""Chat log.

Revision ID: 0004_chat
Revises: 0003_tickets
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

from api.db import UTCDateTime  # noqa: F401

revision = "0004_chat"
down_revision = "0003_tickets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
