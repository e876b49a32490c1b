"""The finance service's operations and the events it consumes, each declared once.

The nameko class (``service.py``) and the gateway's routes are generated from these tables.
"""

from __future__ import annotations

from services.finance import application as app
from services.finance.commands import ConfirmPayment, GetPaymentPlan, ListPayments, RecordPayment, SetFinancePolicy
from services.finance.domain.events import ContractSignedView
from services.finance.results import FinancePolicyRead, PaymentPage, PaymentPlanRead, PaymentRead
from shared.messaging.consumers import Consumer
from shared.messaging.operations import Operation, Route

OPERATIONS = (
    Operation(app.get_payment_plan, GetPaymentPlan, PaymentPlanRead,
              Route("GET", "/contracts/{contract_id}/payment-plan")),
    Operation(app.record_payment, RecordPayment, PaymentRead, Route("POST", "/payments", status=201)),
    Operation(app.list_payments, ListPayments, PaymentPage,
              Route("GET", "/payments", query=("contract_id", "limit", "cursor"))),
    Operation(app.confirm_payment, ConfirmPayment, PaymentRead, Route("POST", "/payments/{payment_id}/confirm")),
    Operation(app.set_finance_policy, SetFinancePolicy, FinancePolicyRead, Route("PUT", "/finance/policy")),
)

EVENT_HANDLERS = (
    Consumer("contracts", "contract_signed", ContractSignedView, app.open_payment_plan),
)

from services.finance.tenant_data import OPERATIONS as TENANT_DATA  # noqa: E402 - kept apart from the table above

OPERATIONS += TENANT_DATA
