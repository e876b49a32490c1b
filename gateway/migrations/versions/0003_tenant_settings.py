"""tenant settings: the HQ's defaults and what stores may override, and each store's overrides

Revision ID: set0003settings
Revises: adm0002tenantadmin
Create Date: 2026-12-01 13:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'set0003settings'
down_revision = 'adm0002tenantadmin'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tenant_settings',
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('hq', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.tenant_id']),
    sa.PrimaryKeyConstraint('tenant_id')
    )
    with op.batch_alter_table('stores') as batch:
        batch.add_column(sa.Column('overrides', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('stores') as batch:
        batch.drop_column('overrides')
    op.drop_table('tenant_settings')
