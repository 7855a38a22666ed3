"""FAQ entries, history, versions, feedback.

Revision ID: 0002_faq
Revises: 0001_auth
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

from api.db import UTCDateTime  # noqa: F401

revision = "0002_faq"
down_revision = "0001_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
