"""What a form is: its type id, its 《…》 title, the schema of its data, who files and who signs it."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.clock import DEFAULT_TIMEZONE
from shared.errors import InvalidInput, RuleViolation
from shared.identity.context import Principal
from shared.identity.signatures import Signature
from shared.validation import parse

#: How roles read on a paper form; a role missing here shows its id.
ROLE_TITLES: dict[str, str] = {
    "customer": "客户", "designer": "设计师", "studio_manager": "设计室经理", "studio_assistant": "设计室经理助理",
    "marketing": "营销部", "engineering_stats": "工程统计", "engineering_manager": "工程部经理",
    "foreman": "工长", "qc": "质检员", "materials": "材料部", "finance": "财务部", "cashier": "收款员",
    "aftercare": "客服", "aftercare_manager": "客户服务部经理", "general_manager": "总经理",
}
#: At most this many signatures on one form: every signer role plus witnesses, never a flood.
MAX_SIGNATURES = 12


class FormData(BaseModel):
    """Base of a form's data model: unknown fields are refused; each field's ``title`` is its label on paper."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


@dataclass(frozen=True)
class FormHeader:
    """The paper form's head: the company, the store and the contract number, plus lines such as the address."""

    company: str
    store: str
    contract_number: str
    lines: tuple[tuple[str, str], ...] = ()
    #: The store's IANA zone: the form prints its times in it (the tenant's setting, decision 0036).
    timezone: str = DEFAULT_TIMEZONE


@dataclass(frozen=True)
class FormType:
    """One kind of form: ``type`` (snake_case id), ``title`` (《…》), its data model and its roles.

    ``filed_by`` are the staff roles that may submit it; ``signers`` every role that must sign it
    (``customer`` included where the customer signs); ``opens`` the gates a signed one opens.
    """

    type: str
    title: str
    data: builtins.type[FormData]
    filed_by: tuple[str, ...]
    signers: tuple[str, ...]
    opens: tuple[str, ...] = ()
    rule: str = "P02"

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of ``data``, from the pydantic model."""
        return self.data.model_json_schema()

    def describe(self) -> dict[str, Any]:
        """The entry of ``GET /form-types``."""
        return {"type": self.type, "title": self.title, "filed_by": list(self.filed_by),
                "signers": list(self.signers), "schema": self.schema(), "opens": list(self.opens)}

    def parse_data(self, data: object) -> FormData:
        """``data`` validated against the model; a bad field is 400 naming ``data.<field>``."""
        if not isinstance(data, dict):
            raise InvalidInput("data must be a JSON object", rule="P05", field="data")
        try:
            return parse(self.data, data)
        except InvalidInput as exc:
            raise InvalidInput(f"data.{exc.detail}", rule=exc.rule,
                               field=f"data.{exc.field}" if exc.field else "data") from None

    def check_filer(self, principal: Principal) -> None:
        """403 unless the caller holds one of ``filed_by``."""
        principal.require_role(self.filed_by, rule=self.rule, action=f"file {self.title}")

    def check_signatures(self, signatures: Sequence[object]) -> list[Signature]:
        """Each signature well formed (400), every signer role present (422, ``field`` ``signatures``).

        The missing role's id is in ``detail``. A signature in a role the form does not ask for is
        refused too: the PDF must not show a signer the form has no place for.
        """
        if len(signatures) > MAX_SIGNATURES:
            raise InvalidInput(f"at most {MAX_SIGNATURES} signatures", rule="P05", field="signatures")
        parsed = [Signature.parse(s, field=f"signatures.{i}", default_role="")
                  for i, s in enumerate(signatures)]
        for i, s in enumerate(parsed):
            if s.role not in self.signers:
                raise InvalidInput(f"{self.title} is not signed by role {s.role or '(none)'}; its signers are "
                                   f"{', '.join(self.signers)}", rule="P05", field=f"signatures.{i}.role")
        present = {s.role for s in parsed}
        missing = [role for role in self.signers if role not in present]
        if missing:
            raise RuleViolation(f"{self.title} must be signed by {', '.join(missing)}", rule=self.rule,
                                field="signatures")
        return parsed


@dataclass
class FormRegistry:
    """The form types of one service, by type id."""

    types: dict[str, FormType] = field(default_factory=dict)

    def __init__(self, *types: FormType) -> None:
        self.types = {}
        self.register(types)

    def register(self, types: Iterable[FormType]) -> None:
        """Add form types; a type id declared twice is a programming error."""
        for t in types:
            if t.type in self.types:
                raise ValueError(f"form type {t.type} declared twice")
            self.types[t.type] = t

    def get(self, type_id: str) -> FormType:
        """The form type ``type_id``; an unknown one is 400 naming ``type``."""
        try:
            return self.types[type_id]
        except KeyError:
            raise InvalidInput(f"unknown form type {type_id!r}", rule="P02", field="type") from None

    def __iter__(self) -> Iterator[FormType]:
        return iter(self.types.values())

    def __contains__(self, type_id: object) -> bool:
        return type_id in self.types
