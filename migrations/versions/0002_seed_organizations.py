"""seed organizations: the bodies that act on peacekeeping

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ORGANIZATIONS = (
    ("UN-GA", "United Nations General Assembly", "UN principal organ", None),
    ("UN-SC", "United Nations Security Council", "UN principal organ", None),
    ("UN-SECRETARIAT", "United Nations Secretariat", "UN principal organ", None),
    ("UN-GA-C5", "Fifth Committee of the General Assembly (Administrative and Budgetary)", "GA main committee", "UN-GA"),
    ("UN-DPO", "Department of Peace Operations", "UN Secretariat department", "UN-SECRETARIAT"),
    ("UN-DOS", "Department of Operational Support", "UN Secretariat department", "UN-SECRETARIAT"),
    ("AU", "African Union", "regional organization", None),
    ("AU-COMMISSION", "African Union Commission", "AU organ", "AU"),
    ("AU-PSC", "Peace and Security Council of the African Union", "AU organ", "AU"),
)


def upgrade() -> None:
    table = sa.table(
        "organization",
        sa.column("code", sa.String), sa.column("name", sa.String), sa.column("kind", sa.String),
        sa.column("parent_code", sa.String), sa.column("member_state_iso3", sa.String),
    )
    op.bulk_insert(table, [
        {"code": code, "name": name, "kind": kind, "parent_code": parent, "member_state_iso3": None}
        for code, name, kind, parent in ORGANIZATIONS
    ])


def downgrade() -> None:
    codes = ", ".join(f"'{code}'" for code, *_ in ORGANIZATIONS)
    op.execute(f"DELETE FROM organization WHERE code IN ({codes})")
