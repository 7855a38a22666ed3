"""An index on tickets.created_at: the cap per address counts only the last hour's tickets, not the whole table.

Revision ID: 0009_tickets_created_at
Revises: 0008_login_guard
"""
from alembic import op

revision = "0009_tickets_created_at"
down_revision = "0008_login_guard"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tickets_created_at", "tickets", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_tickets_created_at", table_name="tickets")
