"""finance: regular-budget scales, assessments, assessed contributions, payments

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('finance_assessed_contribution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=False),
    sa.Column('member_state', sa.String(length=120), nullable=False),
    sa.Column('rate_percent', sa.Float(), nullable=False),
    sa.Column('amount_usd', sa.BigInteger(), nullable=False),
    sa.Column('amount_column', sa.String(length=40), nullable=False),
    sa.Column('payment_status', sa.String(length=20), nullable=False),
    sa.Column('payment_date', sa.Date(), nullable=True),
    sa.Column('honour_roll_as_of', sa.Date(), nullable=False),
    sa.Column('document', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=400), nullable=False),
    sa.Column('source_row', sa.Integer(), nullable=False),
    sa.Column('import_run_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_run.id'], name=op.f('fk_finance_assessed_contribution_import_run_id_import_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_assessed_contribution'))
    )
    op.create_index(op.f('ix_finance_assessed_contribution_import_run_id'), 'finance_assessed_contribution', ['import_run_id'], unique=False)
    op.create_index('ix_finance_assessed_contribution_year_iso3', 'finance_assessed_contribution', ['year', 'iso3'], unique=False)
    op.create_table('finance_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=False),
    sa.Column('member_state', sa.String(length=120), nullable=False),
    sa.Column('rate_percent', sa.Float(), nullable=False),
    sa.Column('gross_usd', sa.BigInteger(), nullable=False),
    sa.Column('credit_usd', sa.BigInteger(), nullable=False),
    sa.Column('net_usd', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=400), nullable=False),
    sa.Column('source_row', sa.Integer(), nullable=False),
    sa.Column('import_run_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_run.id'], name=op.f('fk_finance_assessment_import_run_id_import_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_assessment'))
    )
    op.create_index(op.f('ix_finance_assessment_import_run_id'), 'finance_assessment', ['import_run_id'], unique=False)
    op.create_index('ix_finance_assessment_year_iso3', 'finance_assessment', ['year', 'iso3'], unique=False)
    op.create_table('finance_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_date', sa.Date(), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=False),
    sa.Column('member_state', sa.String(length=120), nullable=False),
    sa.Column('amount_usd', sa.Float(), nullable=False),
    sa.Column('within_due_period', sa.Boolean(), nullable=False),
    sa.Column('date_inexact', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=400), nullable=False),
    sa.Column('source_row', sa.Integer(), nullable=False),
    sa.Column('import_run_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_run.id'], name=op.f('fk_finance_payment_import_run_id_import_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_payment'))
    )
    op.create_index(op.f('ix_finance_payment_import_run_id'), 'finance_payment', ['import_run_id'], unique=False)
    op.create_index('ix_finance_payment_iso3_date', 'finance_payment', ['iso3', 'payment_date'], unique=False)
    op.create_index(op.f('ix_finance_payment_payment_date'), 'finance_payment', ['payment_date'], unique=False)
    op.create_table('finance_scale_rate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=9), nullable=False),
    sa.Column('first_year', sa.Integer(), nullable=False),
    sa.Column('last_year', sa.Integer(), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=False),
    sa.Column('member_state', sa.String(length=120), nullable=False),
    sa.Column('rate_percent', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=400), nullable=False),
    sa.Column('source_row', sa.Integer(), nullable=False),
    sa.Column('import_run_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_run.id'], name=op.f('fk_finance_scale_rate_import_run_id_import_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_scale_rate'))
    )
    op.create_index(op.f('ix_finance_scale_rate_import_run_id'), 'finance_scale_rate', ['import_run_id'], unique=False)
    op.create_index('ix_finance_scale_rate_period_iso3', 'finance_scale_rate', ['period', 'iso3'], unique=False)
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_index('ix_finance_scale_rate_period_iso3', table_name='finance_scale_rate')
    op.drop_index(op.f('ix_finance_scale_rate_import_run_id'), table_name='finance_scale_rate')
    op.drop_table('finance_scale_rate')
    op.drop_index(op.f('ix_finance_payment_payment_date'), table_name='finance_payment')
    op.drop_index('ix_finance_payment_iso3_date', table_name='finance_payment')
    op.drop_index(op.f('ix_finance_payment_import_run_id'), table_name='finance_payment')
    op.drop_table('finance_payment')
    op.drop_index('ix_finance_assessment_year_iso3', table_name='finance_assessment')
    op.drop_index(op.f('ix_finance_assessment_import_run_id'), table_name='finance_assessment')
    op.drop_table('finance_assessment')
    op.drop_index('ix_finance_assessed_contribution_year_iso3', table_name='finance_assessed_contribution')
    op.drop_index(op.f('ix_finance_assessed_contribution_import_run_id'), table_name='finance_assessed_contribution')
    op.drop_table('finance_assessed_contribution')
    # ### end Alembic commands ###
