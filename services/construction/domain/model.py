"""The project aggregate: a line of 《在施工程一览表》 with its documents list and its steps (K01, K07).

Plain Python: the adapters map these classes onto the tables (SQLAlchemy imperative mapping), so
the rules live on the objects the use cases load and save. State changes record their domain
events on ``events``; the use case publishes them through its unit of work.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from services.construction.domain import forms as f
from services.construction.domain import gates, sequence
from services.construction.domain.events import (
    CompletionAccepted,
    CompletionSettlementSigned,
    FormSigned,
    KeysHandedOver,
    MidtermSettlementSigned,
    ProjectOpened,
    SettlementRegistered,
    ShowcaseSiteRegistered,
    StepCompleted,
    StepProgressed,
    StepStarted,
)
from services.construction.domain.project import REQUIRED_FORMS
from services.construction.domain.sequence import DONE, Progress, StepStatus
from shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from shared.forms.types import FormData, FormType
from shared.messaging.events import Event
from shared.money import money_str

#: K09: removals may not exceed this share of the contract total (减项不能超过合同总价的10%).
REMOVAL_CAP = Decimal("0.10")


class ProjectStatus(StrEnum):
    #: A project opens waiting for design handover one (K02), the first step after signing.
    AWAITING_HANDOVER = "awaiting_handover"
    #: The first step started (K06, K07).
    IN_CONSTRUCTION = "in_construction"
    #: 《竣工验收单》 signed and passed (K16).
    ACCEPTED = "accepted"
    #: The keys went to the customer (K17).
    HANDED_OVER = "handed_over"


class FormStatus(StrEnum):
    #: A form on the documents list is missing until the signed form is filed.
    MISSING = "missing"
    #: Signed and stored as a PDF (F06).
    SIGNED = "signed"


class ProjectForm:
    """One signed form of a project (P02): its data, signatures and the PDF it was stored as.

    Never changed once filed, except that a correction marks it ``superseded_by`` the new version.
    """

    def __init__(self, *, id: str, form_type: str, version: int, supersedes: str | None, data: dict[str, Any],
                 signatures: list[dict[str, str]], signed_at: datetime, filed_by: str, opens_gate: bool,
                 removals: Decimal = Decimal("0")) -> None:
        self.id, self.form_type, self.version, self.supersedes = id, form_type, version, supersedes
        self.data, self.signatures, self.signed_at, self.filed_by = data, signatures, signed_at, filed_by
        self.opens_gate, self.removals = opens_gate, removals
        self.superseded_by: str | None = None
        self.document_id = ""
        self.storage_key = ""
        self.sha256 = ""
        self.size = 0
        self.content_hash = ""

    @property
    def current(self) -> bool:
        """Not replaced by a correction."""
        return self.superseded_by is None

    def record_document(self, *, document_id: str, storage_key: str, sha256: str, size: int,
                        content_hash: str) -> None:
        """The PDF the form was stored as (its bytes' SHA-256, and the content hash it shows)."""
        self.document_id, self.storage_key, self.sha256 = document_id, storage_key, sha256
        self.size, self.content_hash = size, content_hash


class ProjectDocument:
    """A line of 《工程资料明细单》: one form the project needs, and whether it is on file."""

    def __init__(self, form_type: str, seq: int, name: str, status: FormStatus = FormStatus.MISSING,
                 document_id: str | None = None) -> None:
        self.form_type, self.seq, self.name, self.status, self.document_id = form_type, seq, name, status, document_id


class ProjectStep:
    """One step of the construction sequence (K07) on one project."""

    def __init__(self, step: str, seq: int, status: StepStatus = StepStatus.NOT_STARTED, percent: int = 0) -> None:
        self.step, self.seq, self.status, self.percent = step, seq, status, percent
        self.started_at: datetime | None = None
        self.started_by: str | None = None
        self.completed_at: datetime | None = None
        self.completed_by: str | None = None

    @property
    def title(self) -> str:
        """The step's Chinese name in the sequence template."""
        return sequence.BY_NAME[self.step].title


class Project:
    """A project in progress, opened when its contract is signed (K01)."""

    events: list[Event]
    documents: list[ProjectDocument]
    steps: list[ProjectStep]
    forms: list[ProjectForm]

    def __init__(self, *, id: str, contract_id: str, number: str, store: str, customer_name: str, address: str,
                 designer: str, opened_on: date, created_at: datetime, contract_total: Decimal = Decimal("0"),
                 status: ProjectStatus = ProjectStatus.AWAITING_HANDOVER) -> None:
        self.id, self.contract_id, self.number, self.store = id, contract_id, number, store
        self.customer_name, self.address, self.designer = customer_name, address, designer
        self.opened_on, self.created_at, self.status = opened_on, created_at, status
        self.contract_total = contract_total
        self.final_paid_on: date | None = None
        self.showcase_on: date | None = None
        self.keys_handed_over_on: date | None = None
        self.settlement_registered_on: date | None = None
        self.settlement_registered_by: str | None = None
        self.documents = []
        self.steps = []
        self.forms = []
        self.events = []

    @classmethod
    def open(cls, **fields: object) -> Project:
        """K01: the project with every form of the documents list missing and every step not started."""
        project = cls(**fields)  # type: ignore[arg-type]
        project.documents = [ProjectDocument(form_type, seq, name)
                             for seq, (form_type, name) in enumerate(REQUIRED_FORMS.items(), start=1)]
        project.steps = [ProjectStep(step.name, seq) for seq, step in enumerate(sequence.STEPS, start=1)]
        project.events.append(ProjectOpened(project_id=project.id, contract_id=project.contract_id,
                                            number=project.number, store=project.store,
                                            opened_on=project.opened_on.isoformat()))
        return project

    def step(self, name: str) -> ProjectStep:
        """One step of this project by its template name."""
        for step in self.steps:
            if step.step == name:
                return step
        raise NotFound(f"no construction step {name!r}", field="step")

    def _progress(self) -> dict[str, Progress]:
        return {s.step: Progress(s.status, s.percent) for s in self.steps}

    # --- gates -------------------------------------------------------------------------------

    def current_forms(self, form_type: str) -> list[ProjectForm]:
        """The signed forms of a type that no correction replaced, oldest first."""
        return [x for x in self.forms if x.form_type == form_type and x.current]

    def gate_open(self, name: str) -> bool:
        """Whether a current signed form of the gate's type opened it."""
        gate = gates.BY_NAME[name]
        return any(x.opens_gate for x in self.current_forms(gate.opened_by))

    def require_gate(self, name: str) -> None:
        """409 with the gate's rule unless it is open."""
        if not self.gate_open(name):
            gate = gates.BY_NAME[name]
            raise Conflict(f"{gate.title}: {gate.holds} needs a signed {gate.opened_by} that passed",
                           rule=gate.rule, field="step" if "step" in gate.holds else "type")

    @property
    def past_half(self) -> bool:
        """K13/K14: at least half of the sequence's steps are complete (工程过半)."""
        return 2 * sum(1 for s in self.steps if s.status == StepStatus.COMPLETED) >= len(self.steps)

    @property
    def works_complete(self) -> bool:
        """Every step of the sequence is complete (竣工)."""
        return all(s.status == StepStatus.COMPLETED for s in self.steps)

    @property
    def has_waterproofing(self) -> bool:
        """A passed closure test is on file: the 5-year waterproofing coverage applies (A01)."""
        return self.gate_open("waterproofing_passed")

    # --- the sequence ------------------------------------------------------------------------

    def start_step(self, name: str, percent: int, *, by: str, at: datetime) -> ProjectStep:
        """K07: start a step once its predecessors are done (painting: carpentry ≥ 80%).

        Before any step: the site condition record (K06) and accepted materials (K05); the step
        that closes up hidden works waits for their acceptance (K11).
        """
        if percent >= DONE:
            raise InvalidInput("a step starts below 100%; complete it with /complete", rule="K07",
                               field="percent")
        step = self.step(name)
        self.require_gate("construction_start")
        self.require_gate("materials_accepted")
        if name == gates.CLOSING_UP_STEP:
            self.require_gate("hidden_works_closed")
        sequence.check_can_start(sequence.BY_NAME[name], self._progress())
        if self.status == ProjectStatus.AWAITING_HANDOVER:
            self.status = ProjectStatus.IN_CONSTRUCTION
        step.status, step.percent, step.started_at, step.started_by = StepStatus.IN_PROGRESS, percent, at, by
        self.events.append(StepStarted(project_id=self.id, step=name, percent=percent))
        return step

    def record_progress(self, name: str, percent: int, *, by: str, at: datetime) -> ProjectStep:
        """K07: progress on a started step (never backwards); at 100% it completes, if its needs are met."""
        step = self.step(name)
        sequence.check_can_complete(sequence.BY_NAME[name], self._progress(), percent)
        if percent >= DONE and name == gates.WATERPROOFING_STEP:
            self.require_gate("waterproofing_passed")
        step.percent = percent
        if percent >= DONE:
            step.status, step.completed_at, step.completed_by = StepStatus.COMPLETED, at, by
            self.events.append(StepCompleted(project_id=self.id, step=name))
        else:
            self.events.append(StepProgressed(project_id=self.id, step=name, percent=percent))
        return step

    # --- forms -------------------------------------------------------------------------------

    def _check_order(self, form_type: str, data: FormData) -> None:
        """What must come before a form (K03, K06, K13, K15, K16)."""
        if form_type == "site_handover":
            self.require_gate("site_handover")
            handover_one = date.fromisoformat(self.current_forms("design_handover")[-1].data["handover_on"])
            if isinstance(data, f.SiteHandover) and data.handover_on <= handover_one:
                raise RuleViolation("设计现场交底在设计一次交底次日: the site handover comes after handover one",
                                    rule="K03", field="data.handover_on")
        elif form_type == "site_condition":
            self.require_gate("site_condition")
        elif form_type == "midterm_settlement" and not self.past_half:
            raise Conflict("the mid-term settlement is made when the project is past half (工程过半)", rule="K13",
                           field="type")
        elif form_type in ("completion_settlement", "cleaning_notice") and not self.works_complete:
            raise Conflict("the completion settlement and cleaning wait until every step is complete", rule="K15",
                           field="type")
        elif form_type == "completion_acceptance":
            if not self.works_complete or not self.current_forms("completion_settlement"):
                raise Conflict("completion acceptance follows completed works and the completion settlement",
                               rule="K16", field="type")
        elif form_type == "customer_evaluation":
            self.require_gate("accepted")

    def _check_removals(self, data: FormData, replacing: ProjectForm | None) -> Decimal:
        """K09: all removals of the current change orders stay within 10% of the contract total."""
        if not isinstance(data, f.ChangeOrder):
            return Decimal("0")
        removals = data.removals()
        earlier = sum((x.removals for x in self.current_forms("change_order") if x is not replacing), Decimal("0"))
        cap = (self.contract_total * REMOVAL_CAP).quantize(Decimal("0.01"))
        if earlier + removals > cap:
            raise RuleViolation(f"减项不能超过合同总价的10%: removals would reach {money_str(earlier + removals)} "
                                f"of a {money_str(cap)} cap ({money_str(self.contract_total)} contract)", rule="K09",
                                field="data.items")
        return removals

    def _replaced(self, form_type: FormType, supersedes: str | None) -> ProjectForm | None:
        if supersedes is None:
            if form_type.type not in f.REPEATABLE and self.current_forms(form_type.type):
                raise Conflict(f"{form_type.title} is already signed; file a correction with supersedes",
                               rule="P02", field="type")
            return None
        old = next((x for x in self.forms if x.id == supersedes), None)
        if old is None:
            raise NotFound("the form to supersede is not a form of this project", field="supersedes")
        if old.form_type != form_type.type:
            raise InvalidInput(f"a correction of {old.form_type} must be a {old.form_type}", rule="P02",
                               field="supersedes")
        if not old.current:
            raise Conflict(f"form {old.id} was already corrected by {old.superseded_by}", rule="P02",
                           field="supersedes")
        return old

    def file_form(self, form_type: FormType, data: FormData, signatures: list[dict[str, str]], *, form_id: str,
                  supersedes: str | None, by: str, at: datetime) -> ProjectForm:
        """A signed form joins the project once its rules hold (P02 and the gates of K03–K17).

        A correction (``supersedes``) is a new version of the same type; the old one stays, marked
        superseded. The caller stores the PDF and records it with :meth:`ProjectForm.record_document`
        before :meth:`form_filed` announces it.
        """
        if self.status == ProjectStatus.HANDED_OVER:
            raise Conflict("the keys are handed over; the project's forms are closed", rule="K17", field="type")
        replaced = self._replaced(form_type, supersedes)
        self._check_order(form_type.type, data)
        f.check_data_rules(data)
        removals = self._check_removals(data, replaced)
        form = ProjectForm(id=form_id, form_type=form_type.type, version=replaced.version + 1 if replaced else 1,
                           supersedes=replaced.id if replaced else None, data=data.model_dump(mode="json"),
                           signatures=signatures, signed_at=at, filed_by=by, opens_gate=gates.opens(data),
                           removals=removals)
        if replaced is not None:
            replaced.superseded_by = form.id
        self.forms.append(form)
        return form

    def form_filed(self, form: ProjectForm, data: FormData, signed_on: date) -> None:
        """The form's PDF is stored: fill in the documents list (F06) and announce it."""
        for line in self.documents:
            if line.form_type == form.form_type:
                line.status, line.document_id = FormStatus.SIGNED, form.document_id
        ids = dict(project_id=self.id, contract_id=self.contract_id, store=self.store)
        self.events.append(FormSigned(**ids, form_id=form.id, type=form.form_type, form_version=form.version,
                                      supersedes=form.supersedes, document_id=form.document_id, sha256=form.sha256))
        doc = dict(form_id=form.id, document_id=form.document_id)
        if isinstance(data, f.MidtermSettlement):
            self.events.append(MidtermSettlementSigned(**ids, **doc, amount=money_str(data.amount),
                                                       signed_on=signed_on))
        elif isinstance(data, f.CompletionSettlement):
            self.events.append(CompletionSettlementSigned(**ids, **doc, amount=money_str(data.amount),
                                                          signed_on=signed_on))
        elif isinstance(data, f.CompletionAcceptance) and form.opens_gate:
            self.status = ProjectStatus.ACCEPTED
            self.events.append(CompletionAccepted(**ids, **doc, accepted_on=signed_on,
                                                  waterproofing=self.has_waterproofing))

    @property
    def documents_complete(self) -> bool:
        """F06: every form of the documents list is signed."""
        return all(d.status == FormStatus.SIGNED for d in self.documents)

    def missing_documents(self) -> list[ProjectDocument]:
        """F06: the lines of the documents list not signed yet, in process order."""
        return [d for d in self.documents if d.status != FormStatus.SIGNED]

    def register_settlement(self, *, on: date, by: str) -> None:
        """F06: 《结算登记表》 once the project is settled, after engineering statistics found every
        form of the documents list on file and signed; once per project."""
        if self.settlement_registered_on is not None:
            raise Conflict(f"the settlement is already registered ({self.settlement_registered_on.isoformat()})",
                           rule="F06")
        missing = self.missing_documents()
        if missing:
            listed = "、".join(f"《{d.name}》({d.form_type})" for d in missing)
            raise Conflict(f"the settlement is registered once every form is signed; missing: {listed}",
                           rule="F06", field="documents")
        self.settlement_registered_on, self.settlement_registered_by = on, by
        self.events.append(SettlementRegistered(project_id=self.id, contract_id=self.contract_id, store=self.store,
                                                registered_on=on, registered_by=by))

    # --- past half, payment, keys -----------------------------------------------------------

    def register_showcase(self, on: date) -> None:
        """K14: past half, QC puts the site on 《可参观工地一览表》 (once)."""
        if not self.past_half:
            raise Conflict("a site can be visited once the project is past half (工程过半)", rule="K14")
        if self.showcase_on is not None:
            raise Conflict("the site is already on the showcase list", rule="K14")
        self.showcase_on = on
        self.events.append(ShowcaseSiteRegistered(project_id=self.id, contract_id=self.contract_id,
                                                  store=self.store, registered_on=on))

    def final_installment_paid(self, on: date) -> None:
        """Finance: the final installment is paid by confirmed payments (K17's second condition)."""
        if self.final_paid_on is None:
            self.final_paid_on = on

    def hand_over_keys(self, on: date) -> None:
        """K17: keys go to the customer when acceptance passed and the final payment is in."""
        if self.keys_handed_over_on is not None:
            raise Conflict("the keys are already handed over", rule="K17")
        if not self.gate_open("accepted"):
            raise Conflict("keys go out only after the completion acceptance passed", rule="K17")
        if self.final_paid_on is None:
            raise Conflict("keys go out only when the final payment is in", rule="K17")
        self.keys_handed_over_on, self.status = on, ProjectStatus.HANDED_OVER
        self.events.append(KeysHandedOver(project_id=self.id, contract_id=self.contract_id, store=self.store,
                                          handed_over_on=on))
