"""The agents' queue: when the requester last wrote without an agent's answer since, when a resolved ticket was
reopened, the FAQ entries the chat offered with the visitor's verdict on each, and the desk's canned replies.

Revision ID: 0011_queue
Revises: 0010_privacy
"""
import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0011_queue"
down_revision = "0010_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("requester_replied_at", UTCDateTime, nullable=True))
        batch.add_column(sa.Column("reopened_at", UTCDateTime, nullable=True))
        batch.add_column(sa.Column("faq_offers", sa.JSON, nullable=False, server_default="[]"))
    op.create_index("ix_tickets_updated_at", "tickets", ["updated_at"])
    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_by", sa.String(254), nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("lang", "title", name="uq_canned_replies_lang_title"),
    )


def downgrade() -> None:
    op.drop_table("canned_replies")
    op.drop_index("ix_tickets_updated_at", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("faq_offers")
        batch.drop_column("reopened_at")
        batch.drop_column("requester_replied_at")
