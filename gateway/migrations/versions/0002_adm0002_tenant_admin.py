"""tenants can be disabled; tenant administration answers kept under their Idempotency-Key

Revision ID: adm0002tenantadmin
Revises: 5b76e55d9e4b
Create Date: 2026-12-01 10:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'adm0002tenantadmin'
down_revision = '5b76e55d9e4b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tenants') as batch:
        batch.add_column(sa.Column('enabled', sa.Boolean(), server_default='1', nullable=False))
    op.create_table('admin_idempotency',
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('caller', sa.String(length=64), nullable=False),
    sa.Column('operation', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('request_sha256', sa.String(length=64), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'caller', 'operation', 'key')
    )


def downgrade() -> None:
    op.drop_table('admin_idempotency')
    with op.batch_alter_table('tenants') as batch:
        batch.drop_column('enabled')
