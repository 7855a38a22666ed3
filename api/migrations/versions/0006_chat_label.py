"""Chat sessions are issued by the server: a client's own id is only the conversation's label.

Revision ID: 0006_chat_label
Revises: 0005_faq_unanswered_handled
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_chat_label"
down_revision = "0005_faq_unanswered_handled"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat_turns") as batch:
        batch.add_column(sa.Column("label", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chat_turns") as batch:
        batch.drop_column("label")
