"""The payment notices as signed forms (F03, F04): 《中期交款通知书》 and 《尾期交款通知书》.

Declared with the platform's form engine (``shared/forms``): finance presents the notice, the
customer signs it (F03: the mid-term one must carry the customer's signature; the final one is
handed to the customer, 送交客户, who signs its receipt), and the signed PDF is a document of
finance's, written once.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from shared.forms.types import FormData, FormRegistry, FormType

PRESENTERS = ("finance", "cashier", "studio_assistant")


class PaymentNoticeData(FormData):
    contract_number: str = Field(title="合同编号", max_length=16)
    installment: str = Field(title="款项", max_length=16)
    amount: str = Field(title="应交金额(元)", max_length=20)
    issued_on: str = Field(title="签发日期", max_length=10)
    due_on: str = Field(title="交款截止日期", max_length=10)
    settlement_document_id: str | None = Field(default=None, title="结算单文档", max_length=64)


MIDTERM_PAYMENT_NOTICE = FormType("midterm_payment_notice", "《中期交款通知书》", PaymentNoticeData,
                                  filed_by=PRESENTERS, signers=("customer",), rule="F03")
FINAL_PAYMENT_NOTICE = FormType("final_payment_notice", "《尾期交款通知书》", PaymentNoticeData,
                                filed_by=PRESENTERS, signers=("customer",), rule="F04")
FORMS = FormRegistry(MIDTERM_PAYMENT_NOTICE, FINAL_PAYMENT_NOTICE)
BY_INSTALLMENT = {"midterm": MIDTERM_PAYMENT_NOTICE, "final": FINAL_PAYMENT_NOTICE}


class FinanceDocument:
    """A PDF finance rendered (a signed payment notice): where it is stored and its hashes (P02)."""

    def __init__(self, *, id: str, store: str, contract_id: str, form_type: str, storage_key: str, sha256: str,
                 size: int, content_hash: str, created_at: datetime) -> None:
        self.id, self.store, self.contract_id, self.form_type = id, store, contract_id, form_type
        self.storage_key, self.sha256, self.size, self.content_hash = storage_key, sha256, size, content_hash
        self.created_at = created_at
