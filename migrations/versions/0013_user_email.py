"""accounts: an e-mail address, where action-item notices are mailed

Revision ID: 0013
Revises: 0012
"""
import re

from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# Accounts named by an e-mail address were mailed at it before the column existed: they keep that address.
ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
    users = sa.table("app_user", sa.column("id", sa.Integer), sa.column("username", sa.String),
                     sa.column("email", sa.String))
    connection = op.get_bind()
    for user_id, username in connection.execute(sa.select(users.c.id, users.c.username)).all():
        if ADDRESS.fullmatch(username) and len(username) <= 254:
            connection.execute(users.update().where(users.c.id == user_id).values(email=username))


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("email")
