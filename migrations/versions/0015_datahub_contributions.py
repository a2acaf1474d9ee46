"""contributions from the UN Peace and Security Data Hub (DPO-UCHISTORICAL)

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contribution_psdh',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('contributor', sa.String(length=120), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=True),
    sa.Column('m49', sa.Integer(), nullable=True),
    sa.Column('mission', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('female', sa.Integer(), nullable=False),
    sa.Column('male', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('source_row', sa.Integer(), nullable=False),
    sa.Column('import_run_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_run.id'], name=op.f('fk_contribution_psdh_import_run_id_import_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_psdh'))
    )
    with op.batch_alter_table('contribution_psdh', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_psdh_import_run_id'), ['import_run_id'], unique=False)
        batch_op.create_index('ix_contribution_psdh_iso3_month', ['iso3', 'month'], unique=False)
        batch_op.create_index(batch_op.f('ix_contribution_psdh_mission'), ['mission'], unique=False)
        batch_op.create_index(batch_op.f('ix_contribution_psdh_month'), ['month'], unique=False)
        batch_op.create_index('ix_contribution_psdh_month_mission', ['month', 'mission'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contribution_psdh', schema=None) as batch_op:
        batch_op.drop_index('ix_contribution_psdh_month_mission')
        batch_op.drop_index(batch_op.f('ix_contribution_psdh_month'))
        batch_op.drop_index(batch_op.f('ix_contribution_psdh_mission'))
        batch_op.drop_index('ix_contribution_psdh_iso3_month')
        batch_op.drop_index(batch_op.f('ix_contribution_psdh_import_run_id'))
    op.drop_table('contribution_psdh')
