"""The form engine (P02): declarations, signature checks, the Chinese PDF, write-once storage."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pydantic import Field
from pypdf import PdfReader

from shared.documents.store import FolderDocumentStore
from shared.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from shared.forms import (
    FormContent,
    FormData,
    FormHeader,
    FormRegistry,
    FormType,
    SignedSignature,
    content_hash,
    file_form,
    render_pdf,
)
from shared.forms.render import FONT_ENV, NoChineseFont, check_font
from shared.identity.context import Principal
from tests.unit.forms.signing import signature


class Line(FormData):
    name: str = Field(title="项目", max_length=50)
    quantity: Decimal = Field(title="数量", ge=0, le=100000)


class ClosureTest(FormData):
    area: str = Field(title="试验部位", max_length=50)
    hours: Decimal = Field(title="蓄水时长(小时)", ge=0, le=1000)
    leaks: bool = Field(title="有无渗漏")
    lines: list[Line] = Field(default_factory=list, title="明细", max_length=20)


TEST = FormType("water_closure_test", "《防水工程闭水试验记录单》", ClosureTest, filed_by=("foreman",),
                signers=("customer", "foreman"), opens=("waterproofing",))
HEADER = FormHeader("示范装饰", "A 设计室", "A26120101", (("客户", "王芳"),))
NOW = datetime(2026, 12, 1, 2, 30, tzinfo=UTC)


def content(**overrides: object) -> FormContent:
    sigs = TEST.check_signatures([signature("customer", "王芳"), signature("foreman", "李建国")])
    fields: dict[str, object] = dict(
        id="form-1", form_type=TEST, header=HEADER, signed_at=NOW,
        data=TEST.parse_data({"area": "卫生间", "hours": "24", "leaks": False,
                              "lines": [{"name": "地面防水", "quantity": "4.5"}]}),
        signatures=tuple(SignedSignature.of(s, NOW) for s in sigs))
    fields.update(overrides)
    return FormContent(**fields)  # type: ignore[arg-type]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_P02_form_type_describes_title_roles_schema_and_gates() -> None:
    entry = TEST.describe()
    assert entry["title"] == "《防水工程闭水试验记录单》"
    assert entry["signers"] == ["customer", "foreman"] and entry["filed_by"] == ["foreman"]
    assert entry["opens"] == ["waterproofing"]
    assert set(entry["schema"]["properties"]) == {"area", "hours", "leaks", "lines"}


def test_P02_a_missing_signer_role_is_422_on_signatures_naming_the_role() -> None:
    with pytest.raises(RuleViolation) as exc:
        TEST.check_signatures([signature("foreman", "李建国")])
    assert exc.value.field == "signatures" and "customer" in exc.value.detail


def test_P02_a_signature_in_a_role_the_form_does_not_have_is_400() -> None:
    with pytest.raises(InvalidInput) as exc:
        TEST.check_signatures([signature("customer", "王芳"), signature("foreman", "李"), signature("qc", "赵")])
    assert exc.value.field == "signatures.2.role"


def test_P05_bad_data_names_the_data_field() -> None:
    with pytest.raises(InvalidInput) as exc:
        TEST.parse_data({"area": "卫生间", "hours": "many", "leaks": False})
    assert exc.value.field == "data.hours"
    with pytest.raises(InvalidInput) as exc:
        TEST.parse_data({"area": "x", "hours": "1", "leaks": False, "colour": "red"})
    assert exc.value.field == "data.colour"
    with pytest.raises(InvalidInput):
        TEST.parse_data(["not", "an", "object"])


def test_P02_only_the_filing_roles_file_the_form() -> None:
    TEST.check_filer(Principal("demo", "u1", "foreman-a", frozenset({"foreman"}), frozenset({"A"})))
    with pytest.raises(Forbidden):
        TEST.check_filer(Principal("demo", "u2", "designer-a", frozenset({"designer"}), frozenset({"A"})))


def test_P02_registry_refuses_unknown_types_and_duplicates() -> None:
    forms = FormRegistry(TEST)
    assert forms.get("water_closure_test") is TEST and "water_closure_test" in forms
    with pytest.raises(InvalidInput) as exc:
        forms.get("nope")
    assert exc.value.field == "type"
    with pytest.raises(ValueError):
        FormRegistry(TEST, TEST)


def test_P02_the_pdf_is_chinese_with_title_contract_number_signers_and_content_hash() -> None:
    form = content()
    digest = content_hash(form)
    text = text_of(render_pdf(form, digest))
    for expected in ("《防水工程闭水试验记录单》", "示范装饰", "A26120101", "王芳", "李建国", "客户", "工长",
                     "卫生间", "地面防水", "4.5", digest):
        assert expected in text.replace("\n", ""), expected


def test_P02_content_hash_changes_with_any_part_of_the_content() -> None:
    base = content_hash(content())
    assert base == content_hash(content())
    assert base != content_hash(content(version=2, supersedes="form-0"))
    assert base != content_hash(content(data=TEST.parse_data({"area": "厨房", "hours": "24", "leaks": False})))


def test_P02_filed_form_is_stored_once_and_its_hash_is_that_of_the_bytes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = FolderDocumentStore(tmp_path)
    filed = file_form(store, "demo", "forms/form-1.pdf", content())
    stored = store.get("demo", "forms/form-1.pdf")
    assert stored.startswith(b"%PDF-") and filed.sha256 == hashlib.sha256(stored).hexdigest()
    assert filed.size == len(stored) and filed.content_hash in text_of(stored).replace("\n", "")
    with pytest.raises(Conflict):
        file_form(store, "demo", "forms/form-1.pdf", content())
    assert store.get("demo", "forms/form-1.pdf") == stored


def test_P02_a_correction_shows_its_version_and_the_form_it_supersedes() -> None:
    form = content(id="form-2", version=2, supersedes="form-1")
    text = text_of(render_pdf(form, content_hash(form))).replace("\n", "")
    assert "第 2 版" in text and "form-1" in text


def test_P02_rendering_fetches_nothing_but_data_urls() -> None:
    sneaky = content(data=TEST.parse_data({"area": '<img src="file:///etc/passwd">', "hours": "24", "leaks": True}))
    text = text_of(render_pdf(sneaky, content_hash(sneaky)))
    assert "file:///etc/passwd" in text.replace("\n", "")  # escaped text, not an image


def test_P02_no_chinese_font_is_an_error_not_blank_boxes(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "missing.otf"))
    with pytest.raises(NoChineseFont):
        check_font()
    monkeypatch.delenv(FONT_ENV)
    monkeypatch.setattr("shared.forms.render._system_has_chinese_font", lambda: False)
    with pytest.raises(NoChineseFont):
        check_font()
