"""documents belong to a store: store, status (pending until the bytes are stored), owning record

Revision ID: cont0003docstore
Revises: cont0002rls

No new table, so row-level security is unchanged: the tenant policy of cont0002rls already covers
``documents``. Existing documents take the store of a contract they are attached to; the rest keep
none and are seen by tenant-wide roles only (fail closed).
"""
from alembic import op
import sqlalchemy as sa


revision = "cont0003docstore"
down_revision = "cont0002rls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("store", sa.String(length=1), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="stored"))
        batch_op.add_column(sa.Column("lead_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("contract_id", sa.String(length=36), nullable=True))
    op.execute(
        "UPDATE documents SET store = (SELECT MIN(c.store) FROM contract_attachments a "
        "JOIN contracts c ON c.id = a.contract_id AND c.tenant_id = a.tenant_id "
        "WHERE a.document_id = documents.id AND a.tenant_id = documents.tenant_id) WHERE store IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("contract_id")
        batch_op.drop_column("lead_id")
        batch_op.drop_column("status")
        batch_op.drop_column("store")
