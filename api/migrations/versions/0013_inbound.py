"""Inbound e-mail: inbound_messages (dedupe by Message-ID, triage), ticket_attachments, and the channel, sender and
refused attachments of a ticket message.

Revision ID: 0013_inbound
Revises: 0012_analytics
"""
import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0013_inbound"
down_revision = "0012_analytics"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbound_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("message_id", sa.String(250), nullable=False, unique=True),
        sa.Column("sender", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True),
        sa.Column("raw_size", sa.Integer, nullable=False),
        sa.Column("replied", sa.Boolean, nullable=False),
        sa.Column("received_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_inbound_messages_sender_received", "inbound_messages", ["sender", "received_at"])
    op.create_index("ix_inbound_messages_status", "inbound_messages", ["status"])
    op.create_index("ix_inbound_messages_received_at", "inbound_messages", ["received_at"])
    op.create_table(
        "ticket_attachments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("message_id", sa.Integer, sa.ForeignKey("ticket_messages.id", ondelete="CASCADE"), nullable=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_ticket_attachments_ticket_id", "ticket_attachments", ["ticket_id"])
    op.create_index("ix_ticket_attachments_message_id", "ticket_attachments", ["message_id"])
    with op.batch_alter_table("ticket_messages") as batch:
        batch.add_column(sa.Column("channel", sa.String(10), nullable=False, server_default=""))
        batch.add_column(sa.Column("sender", sa.String(254), nullable=False, server_default=""))
        batch.add_column(sa.Column("refused_attachments", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("ticket_messages") as batch:
        batch.drop_column("refused_attachments")
        batch.drop_column("sender")
        batch.drop_column("channel")
    op.drop_table("ticket_attachments")
    op.drop_table("inbound_messages")
