"""partnership needs and offers, match runs with their assignments, partnerships and their steps

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capability_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_iso3", sa.String(length=3), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("capability", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledge.id"], name=op.f("fk_capability_need_pledge_id_pledge"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capability_need")),
    )
    op.create_index(op.f("ix_capability_need_state_iso3"), "capability_need", ["state_iso3"], unique=False)
    op.create_index(op.f("ix_capability_need_capability"), "capability_need", ["capability"], unique=False)
    op.create_index(op.f("ix_capability_need_pledge_id"), "capability_need", ["pledge_id"], unique=False)
    op.create_table(
        "capability_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(length=40), nullable=False),
        sa.Column("owner_iso3", sa.String(length=3), nullable=True),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("capability", sa.String(length=40), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capability_offer")),
    )
    op.create_index(op.f("ix_capability_offer_partner"), "capability_offer", ["partner"], unique=False)
    op.create_index(op.f("ix_capability_offer_owner_iso3"), "capability_offer", ["owner_iso3"], unique=False)
    op.create_index(op.f("ix_capability_offer_capability"), "capability_offer", ["capability"], unique=False)
    op.create_table(
        "partnership_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("solver", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("objective", sa.BigInteger(), nullable=False),
        sa.Column("best_bound", sa.Float(), nullable=False),
        sa.Column("gap", sa.Float(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("covered", sa.Integer(), nullable=False),
        sa.Column("requested", sa.Integer(), nullable=False),
        sa.Column("unmatched", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership_match")),
    )
    op.create_table(
        "partnership_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["match_id"], ["partnership_match.id"],
                                name=op.f("fk_partnership_assignment_match_id_partnership_match"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["need_id"], ["capability_need.id"],
                                name=op.f("fk_partnership_assignment_need_id_capability_need"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["offer_id"], ["capability_offer.id"],
                                name=op.f("fk_partnership_assignment_offer_id_capability_offer"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership_assignment")),
    )
    op.create_index(op.f("ix_partnership_assignment_match_id"), "partnership_assignment", ["match_id"], unique=False)
    op.create_index(op.f("ix_partnership_assignment_need_id"), "partnership_assignment", ["need_id"], unique=False)
    op.create_index(op.f("ix_partnership_assignment_offer_id"), "partnership_assignment", ["offer_id"], unique=False)
    op.create_table(
        "partnership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("evaluated_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["capability_need.id"], name=op.f("fk_partnership_need_id_capability_need")),
        sa.ForeignKeyConstraint(["offer_id"], ["capability_offer.id"], name=op.f("fk_partnership_offer_id_capability_offer")),
        sa.ForeignKeyConstraint(["assignment_id"], ["partnership_assignment.id"],
                                name=op.f("fk_partnership_assignment_id_partnership_assignment"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership")),
    )
    op.create_index(op.f("ix_partnership_need_id"), "partnership", ["need_id"], unique=False)
    op.create_index(op.f("ix_partnership_offer_id"), "partnership", ["offer_id"], unique=False)
    op.create_table(
        "partnership_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=10), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["partnership_id"], ["partnership.id"],
                                name=op.f("fk_partnership_step_partnership_id_partnership"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership_step")),
    )
    op.create_index(op.f("ix_partnership_step_partnership_id"), "partnership_step", ["partnership_id"], unique=False)


def downgrade() -> None:
    for table in ("partnership_step", "partnership", "partnership_assignment", "partnership_match",
                  "capability_offer", "capability_need"):
        op.drop_table(table)
