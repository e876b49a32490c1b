"""Signed forms of a project (P02, K02–K17): their types, filing with the PDF, listing, downloads."""

from __future__ import annotations

from typing import Any

from services.construction.application.projects import UowFactory
from services.construction.commands import DocumentRef, ListForms, ListFormTypes, SignForm
from services.construction.domain.forms import FORMS
from services.construction.ports import ConstructionUnitOfWork
from services.construction.results import DocumentContent, FormList, FormRead, FormTypeList, FormTypeRead
from shared.clock import utcnow
from shared.documents.store import DocumentStore
from shared.errors import NotFound
from shared.forms import FormContent, FormHeader, SignedSignature, file_form
from shared.identity.context import Principal
from shared.ids import new_id
from shared.persistence.uow import run_idempotent
from shared.tenant_settings import company_name, store_title


def list_form_types(cmd: ListFormTypes, *, principal: Principal) -> FormTypeList:
    """Every construction form type: title, who files it, who signs it, its data's JSON Schema, its gates."""
    return FormTypeList(items=[FormTypeRead.of(t) for t in FORMS])


def sign_form(cmd: SignForm, *, uow: UowFactory, principal: Principal, documents: DocumentStore,
              idempotency_key: str | None) -> FormRead:
    """A signed form joins the project: rules checked, the PDF rendered and stored, the documents list filled in.

    Who files it (403), its data (400) and its signatures (422 ``signatures`` naming the missing
    role) are checked before anything is read; the gates and rules of the project (409/422 with
    the rule) inside the transaction. A replayed ``Idempotency-Key`` answers the first form.
    """
    form_type = FORMS.get(cmd.type)
    form_type.check_filer(principal)
    data = form_type.parse_data(cmd.data)
    signatures = form_type.check_signatures(cmd.signatures)

    def authorize(u: ConstructionUnitOfWork) -> None:
        principal.require_store(u.projects.project(cmd.project_id).store, what="project")

    def sign(u: ConstructionUnitOfWork) -> dict[str, Any]:
        project = u.projects.project(cmd.project_id, lock=True)
        now = utcnow()
        signed = tuple(SignedSignature.of(s, now) for s in signatures)
        form = project.file_form(form_type, data, [s.to_data() for s in signed], form_id=new_id(),
                                 supersedes=cmd.supersedes, by=principal.username, at=now)
        document_id = new_id()
        effective = u.settings.effective(project.store)
        header = FormHeader(company=company_name(effective, principal.tenant_id),
                            store=store_title(effective, f"{project.store} 设计室"), timezone=effective.timezone,
                            contract_number=project.number,
                            lines=(("客户", project.customer_name), ("工程地址", project.address),
                                   ("设计师", project.designer)))
        filed = file_form(documents, principal.tenant_id, f"forms/{project.id}/{document_id}.pdf", FormContent(
            id=form.id, form_type=form_type, data=data, header=header, signatures=signed, signed_at=now,
            version=form.version, supersedes=form.supersedes))
        form.record_document(document_id=document_id, storage_key=filed.storage_key, sha256=filed.sha256,
                             size=filed.size, content_hash=filed.content_hash)
        project.form_filed(form, data, effective.today(now))
        u.publish_from(project)
        return FormRead.of(project, form).model_dump(mode="json")

    answer = run_idempotent(uow, f"sign_form:{cmd.project_id}", idempotency_key, sign, caller=principal,
                            authorize=authorize, request=cmd.model_dump(mode="json", exclude={"project_id"}))
    return FormRead.model_validate(answer)


def list_forms(cmd: ListForms, *, uow: UowFactory, principal: Principal) -> FormList:
    """The project's signed forms, corrections included, in the order they were signed."""
    with uow() as u:
        project = u.projects.project(cmd.project_id)
        principal.require_store(project.store, what="project")
        return FormList(items=[FormRead.of(project, f) for f in project.forms])


def document_content(cmd: DocumentRef, *, uow: UowFactory, principal: Principal) -> DocumentContent:
    """Authorize the download of a signed form's PDF: where its bytes are; the gateway streams them."""
    with uow() as u:
        found = u.projects.form_of_document(cmd.document_id)
        if found is None or not principal.can_see_store(found[0].store):
            raise NotFound("document not found")
        project, form = found
        return DocumentContent(id=form.document_id, storage_key=form.storage_key,
                               filename=f"{project.number}-{form.form_type}-v{form.version}.pdf",
                               content_type="application/pdf", size=form.size, sha256=form.sha256)
