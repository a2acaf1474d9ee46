"""action items, their links and notices, notifications, AU-UN support requests and joint reviews

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_code", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["owner_code"], ["organization.code"], name=op.f("fk_action_item_owner_code_organization")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_item")),
    )
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_item_owner_code"), ["owner_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_decision_id"), ["decision_id"], unique=False)
    op.create_table(
        "action_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action_item.id"], name=op.f("fk_action_link_action_id_action_item"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_link")),
        sa.UniqueConstraint("action_id", "record_type", "record_id", name=op.f("uq_action_link_action_id")),
    )
    with op.batch_alter_table("action_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_link_action_id"), ["action_id"], unique=False)
    op.create_table(
        "action_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("owner_code", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("mailed_at", sa.DateTime(), nullable=True),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action_item.id"], name=op.f("fk_action_notice_action_id_action_item"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_notice")),
        sa.UniqueConstraint("action_id", "kind", "owner_code", "due_on", name=op.f("uq_action_notice_action_id")),
    )
    with op.batch_alter_table("action_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_notice_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_notice_mailed_at"), ["mailed_at"], unique=False)
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organization_code", sa.String(length=40), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_notification_user_id_app_user"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_code"], ["organization.code"], name=op.f("fk_notification_organization_code_organization")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_notification_organization_code"), ["organization_code"], unique=False)
    op.create_table(
        "support_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("requesting_code", sa.String(length=40), nullable=False),
        sa.Column("mission", sa.String(length=20), nullable=False),
        sa.Column("amount_usd", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["requesting_code"], ["organization.code"], name=op.f("fk_support_request_requesting_code_organization")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_request")),
    )
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_request_requesting_code"), ["requesting_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_support_request_mission"), ["mission"], unique=False)
    op.create_table(
        "joint_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_review")),
    )
    with op.batch_alter_table("joint_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_joint_review_mission"), ["mission"], unique=False)


def downgrade() -> None:
    for table in ("joint_review", "support_request", "notification", "action_notice", "action_link", "action_item"):
        op.drop_table(table)
