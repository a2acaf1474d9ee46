"""consultations: meetings, their participants, decisions

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("mission", sa.String(length=20), nullable=True),
        sa.Column("theme", sa.String(length=300), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=True),
        sa.Column("prepares_expiry", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["mandate_id"], ["mandate.id"], name=op.f("fk_meeting_mandate_id_mandate"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
        sa.UniqueConstraint("mandate_id", "prepares_expiry", name=op.f("uq_meeting_mandate_id")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_mission"), ["mission"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_held_on"), ["held_on"], unique=False)
    op.create_table(
        "meeting_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("organization_code", sa.String(length=40), nullable=True),
        sa.Column("person", sa.String(length=200), nullable=True),
        sa.Column("capacity", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_participant_meeting_id_meeting"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_code"], ["organization.code"], name=op.f("fk_meeting_participant_organization_code_organization")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_participant")),
    )
    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_participant_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_participant_organization_code"), ["organization_code"], unique=False)
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("subject_type", sa.String(length=40), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=300), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_decision_meeting_id_meeting"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index("ix_decision_subject", ["subject_type", "subject_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index("ix_decision_subject")
        batch_op.drop_index(batch_op.f("ix_decision_meeting_id"))
    op.drop_table("decision")
    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_participant_organization_code"))
        batch_op.drop_index(batch_op.f("ix_meeting_participant_meeting_id"))
    op.drop_table("meeting_participant")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_held_on"))
        batch_op.drop_index(batch_op.f("ix_meeting_mission"))
        batch_op.drop_index(batch_op.f("ix_meeting_kind"))
    op.drop_table("meeting")
