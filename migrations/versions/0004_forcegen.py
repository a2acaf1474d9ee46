"""force generation: pledges with their PCRS levels, unit requirements of missions

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pledge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_iso3", sa.String(length=3), nullable=False),
        sa.Column("unit_type", sa.String(length=40), nullable=False),
        sa.Column("strength", sa.Integer(), nullable=False),
        sa.Column("women_share", sa.Float(), nullable=False),
        sa.Column("readiness", sa.String(length=3), nullable=False),
        sa.Column("equipment", sa.JSON(), nullable=False),
        sa.Column("self_sustained", sa.Boolean(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("mobility", sa.String(length=12), nullable=False),
        sa.Column("caveats", sa.JSON(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("available_until", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge")),
    )
    op.create_index(op.f("ix_pledge_state_iso3"), "pledge", ["state_iso3"], unique=False)
    op.create_index(op.f("ix_pledge_unit_type"), "pledge", ["unit_type"], unique=False)
    op.create_table(
        "unit_requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission", sa.String(length=20), nullable=False),
        sa.Column("unit_type", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("need_by", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=40), nullable=True),
        sa.Column("mobility", sa.String(length=12), nullable=True),
        sa.Column("min_readiness", sa.String(length=3), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_requirement")),
    )
    op.create_index(op.f("ix_unit_requirement_mission"), "unit_requirement", ["mission"], unique=False)
    op.create_table(
        "pledge_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=3), nullable=False),
        sa.Column("reached_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledge.id"], name=op.f("fk_pledge_level_pledge_id_pledge"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_level")),
        sa.UniqueConstraint("pledge_id", "level", name=op.f("uq_pledge_level_pledge_id")),
    )
    op.create_index(op.f("ix_pledge_level_pledge_id"), "pledge_level", ["pledge_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_pledge_level_pledge_id"), table_name="pledge_level")
    op.drop_table("pledge_level")
    op.drop_index(op.f("ix_unit_requirement_mission"), table_name="unit_requirement")
    op.drop_table("unit_requirement")
    op.drop_index(op.f("ix_pledge_unit_type"), table_name="pledge")
    op.drop_index(op.f("ix_pledge_state_iso3"), table_name="pledge")
    op.drop_table("pledge")
