"""road networks: stored networks and their roads for convoy route planning

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "road_network",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("source_file", sa.String(length=300), nullable=False),
        sa.Column("source_format", sa.String(length=10), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.Column("length_km", sa.Float(), nullable=False),
        sa.Column("min_lon", sa.Float(), nullable=False),
        sa.Column("min_lat", sa.Float(), nullable=False),
        sa.Column("max_lon", sa.Float(), nullable=False),
        sa.Column("max_lat", sa.Float(), nullable=False),
        sa.Column("imported_by", sa.String(length=80), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_road_network")),
        sa.UniqueConstraint("name", name=op.f("uq_road_network_name")),
    )
    with op.batch_alter_table("road_network", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_road_network_checksum"), ["checksum"], unique=False)
    op.create_table(
        "road_segment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("feature", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("highway", sa.String(length=40), nullable=True),
        sa.Column("oneway", sa.Boolean(), nullable=False),
        sa.Column("coordinates", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["network_id"], ["road_network.id"], name=op.f("fk_road_segment_network_id_road_network"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_road_segment")),
    )
    with op.batch_alter_table("road_segment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_road_segment_network_id"), ["network_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("road_segment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_road_segment_network_id"))
    op.drop_table("road_segment")
    with op.batch_alter_table("road_network", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_road_network_checksum"))
    op.drop_table("road_network")
