"""Signed forms (P02): typed form declarations, the signature check, the PDF and its storage.

A service with forms declares each as a :class:`FormType` and lists them in a
:class:`FormRegistry`::

    class WaterClosureTest(FormData):
        area: str = Field(title="试验部位", max_length=100)
        hours: Decimal = Field(title="蓄水时长(小时)")

    WATER_CLOSURE_TEST = FormType(
        "water_closure_test", "《防水工程闭水试验记录单》", WaterClosureTest,
        filed_by=("foreman",), signers=("customer", "foreman"), opens=("waterproofing_closed",))
    FORMS = FormRegistry(WATER_CLOSURE_TEST, ...)

Filing one (:func:`file_form`) checks who files it and that every signer role signed, renders
the PDF in Chinese (header with company, store and contract number, the data as a table, each
signature image with signer, role and time, the content hash in the footer) and stores it
write-once in the tenant's document store. The caller keeps the record (id, version,
``supersedes``, document key, SHA-256 of the PDF bytes) in its own database: a correction is a
new version pointing to the one it replaces, never a change of the stored PDF.
"""

from shared.forms.content import FormContent, SignedSignature, content_hash
from shared.forms.filing import FiledForm, file_form
from shared.forms.render import render_pdf
from shared.forms.types import ROLE_TITLES, FormData, FormHeader, FormRegistry, FormType

__all__ = [
    "ROLE_TITLES", "FiledForm", "FormContent", "FormData", "FormHeader", "FormRegistry", "FormType",
    "SignedSignature", "content_hash", "file_form", "render_pdf",
]
