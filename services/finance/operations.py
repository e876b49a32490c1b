"""The finance service's operations and the events it consumes, each declared once.

The nameko class (``service.py``) and the gateway's routes are generated from these tables.
"""

from __future__ import annotations

from services.finance import application as app
from services.finance.commands import (
    ConfirmPayment,
    DocumentRef,
    DrawMaterialMoney,
    FileCrewPhoto,
    GetCrewMember,
    GetPaymentPlan,
    GetReceiptsStatement,
    GetSigningStatement,
    ListPayments,
    RecordPayment,
    RegisterCrewMember,
    SetFinancePolicy,
    SignPaymentNotice,
)
from services.finance.domain.events import (
    CompletionAcceptedView,
    CompletionSettlementSignedView,
    ContractSignedView,
    MidtermSettlementSignedView,
)
from services.finance.results import (
    CrewMemberRead,
    DocumentContent,
    FinancePolicyRead,
    MaterialDrawRead,
    PaymentPage,
    PaymentPlanRead,
    PaymentRead,
    SigningStatementRead,
    StatementRead,
)
from shared.messaging.consumers import Consumer
from shared.messaging.operations import Operation, Route

OPERATIONS = (
    Operation(app.get_payment_plan, GetPaymentPlan, PaymentPlanRead,
              Route("GET", "/contracts/{contract_id}/payment-plan")),
    Operation(app.record_payment, RecordPayment, PaymentRead, Route("POST", "/payments", status=201)),
    Operation(app.list_payments, ListPayments, PaymentPage,
              Route("GET", "/payments", query=("contract_id", "store", "status", "received_on", "limit", "cursor"))),
    Operation(app.confirm_payment, ConfirmPayment, PaymentRead, Route("POST", "/payments/{payment_id}/confirm")),
    Operation(app.sign_payment_notice, SignPaymentNotice, PaymentPlanRead,
              Route("POST", "/contracts/{contract_id}/payment-notices/{kind}/sign")),
    # Not public: the gateway's download asks each owner of documents (decision 0025).
    Operation(app.document_content, DocumentRef, DocumentContent),
    Operation(app.get_receipts_statement, GetReceiptsStatement, StatementRead,
              Route("GET", "/statements/receipts", query=("on", "store")), writes=True),
    Operation(app.get_signing_statement, GetSigningStatement, SigningStatementRead,
              Route("GET", "/statements/signings", query=("on", "store")), writes=True),
    Operation(app.set_finance_policy, SetFinancePolicy, FinancePolicyRead, Route("PUT", "/finance/policy")),
    Operation(app.register_crew_member, RegisterCrewMember, CrewMemberRead, Route("POST", "/crew-members", status=201)),
    Operation(app.get_crew_member, GetCrewMember, CrewMemberRead, Route("GET", "/crew-members/{crew_member_id}")),
    Operation(app.file_crew_photo, FileCrewPhoto, CrewMemberRead, Route("PUT", "/crew-members/{crew_member_id}/photo")),
    Operation(app.draw_material_money, DrawMaterialMoney, MaterialDrawRead,
              Route("POST", "/material-draws", status=201)),
)

EVENT_HANDLERS = (
    Consumer("contracts", "contract_signed", ContractSignedView, app.open_payment_plan),
    Consumer("construction", "midterm_settlement_signed", MidtermSettlementSignedView, app.set_midterm_installment),
    Consumer("construction", "completion_settlement_signed", CompletionSettlementSignedView,
             app.set_final_installment),
    Consumer("construction", "completion_accepted", CompletionAcceptedView, app.make_final_due),
)

from services.finance.tenant_data import OPERATIONS as TENANT_DATA  # noqa: E402 - kept apart from the table above

OPERATIONS += TENANT_DATA

from services.finance.adapters.orm import TENANT_SETTINGS  # noqa: E402
from shared.tenant_settings import tenant_settings_operation  # noqa: E402

OPERATIONS += (tenant_settings_operation(TENANT_SETTINGS),)
