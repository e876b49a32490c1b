"""The warranty card (保修卡, A01) as a signed form of the platform's form engine (P02)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from shared.forms.types import FormData, FormRegistry, FormType


class WarrantyCardData(FormData):
    contract_number: str = Field(title="合同编号", max_length=16)
    address: str = Field(title="工程地址", max_length=300)
    starts_on: str = Field(title="保修起始日(竣工验收日)", max_length=10)
    general_ends_on: str = Field(title="一般项目保修至(2年)", max_length=10)
    waterproofing_ends_on: str | None = Field(default=None, title="厨卫及外墙防水保修至(5年)", max_length=10)
    callbacks: str = Field(title="保修期内季度回访", max_length=200)


WARRANTY_CARD = FormType("warranty_card", "《保修卡》", WarrantyCardData, filed_by=("aftercare", "aftercare_manager"),
                         signers=("aftercare",), rule="A01")
FORMS = FormRegistry(WARRANTY_CARD)


class AftercareDocument:
    """A PDF aftercare rendered (the warranty card): where it is stored and its hashes (P02)."""

    def __init__(self, *, id: str, store: str, contract_id: str, form_type: str, storage_key: str, sha256: str,
                 size: int, content_hash: str, created_at: datetime) -> None:
        self.id, self.store, self.contract_id, self.form_type = id, store, contract_id, form_type
        self.storage_key, self.sha256, self.size, self.content_hash = storage_key, sha256, size, content_hash
        self.created_at = created_at
