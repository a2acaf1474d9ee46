"""missions: the body that mandated an operation and its Security Council authorization; versions of accounts

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mandating_body", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("council_authorization", sa.String(length=40), nullable=True))
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("mission", schema=None) as batch_op:
        batch_op.drop_column("council_authorization")
        batch_op.drop_column("mandating_body")
