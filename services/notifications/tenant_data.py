"""The notifications service's share of a tenant's export and deletion (PIPL): every table of its metadata.

The tables are found from the metadata (:mod:`shared.persistence.tenant_data`), so a new table is
exported and deleted with no edit here.
"""

from __future__ import annotations

from services.notifications.adapters.orm import metadata
from shared.persistence.tenant_data import tenant_data_operations

OPERATIONS = tenant_data_operations(metadata)
