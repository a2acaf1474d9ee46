"""accounts, API tokens, the audit log, mandates, versions of missions and organizations

Revision ID: 0006
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("organization_code", sa.String(length=40), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organization_code"], ["organization.code"], name=op.f("fk_app_user_organization_code_organization")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_app_user_organization_code"), ["organization_code"], unique=False)
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_api_token_user_id_app_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_token_token_sha256")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_user_id"), ["user_id"], unique=False)


    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("record_type", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.String(length=80), nullable=False),
        sa.Column("owner_iso3", sa.String(length=3), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_actor"), ["actor"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_record_type"), ["record_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_record_id"), ["record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_owner_iso3"), ["owner_iso3"], unique=False)
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )


    for table in ("mission", "organization"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.create_table(
        "mandate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission", sa.String(length=20), nullable=False),
        sa.Column("resolution", sa.String(length=40), nullable=False),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("military_ceiling", sa.Integer(), nullable=True),
        sa.Column("police_ceiling", sa.Integer(), nullable=True),
        sa.Column("tasks", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandate")),
    )
    with op.batch_alter_table("mandate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mandate_mission"), ["mission"], unique=False)
    op.create_table(
        "mandate_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=10), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("resolution", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["mandate_id"], ["mandate.id"], name=op.f("fk_mandate_step_mandate_id_mandate"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandate_step")),
    )
    with op.batch_alter_table("mandate_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mandate_step_mandate_id"), ["mandate_id"], unique=False)


def downgrade() -> None:
    for table in ("mission", "organization"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
    op.drop_table("mandate_step")
    op.drop_table("mandate")
    op.drop_table("audit_head")
    op.drop_table("audit_entry")
    op.drop_table("api_token")
    op.drop_table("app_user")
