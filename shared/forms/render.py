"""The PDF of a signed form, in Chinese: WeasyPrint renders an HTML template (decision 0024).

The text is set in Noto Sans CJK (Debian's ``fonts-noto-cjk``, which ``scripts/system-packages``
installs), or in the font file named by ``RENOFLOW_FORMS_FONT``. Rendering refuses to start when
fontconfig knows no Chinese font at all: WeasyPrint would otherwise draw every Chinese character
as a blank box and still produce a "valid" PDF.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel

from shared.clock import DEFAULT_TIMEZONE
from shared.forms.content import FormContent
from shared.forms.types import ROLE_TITLES

FONT_ENV = "RENOFLOW_FORMS_FONT"
FONT_FAMILY = "Noto Sans CJK SC"

_templates = Environment(loader=PackageLoader("shared.forms", "templates"), autoescape=select_autoescape(["html"]))


class NoChineseFont(RuntimeError):
    """No font with Chinese glyphs: install fonts-noto-cjk or set RENOFLOW_FORMS_FONT."""


@functools.cache
def _system_has_chinese_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30, check=False)
    return bool(out.stdout.strip())


def font_file() -> Path | None:
    """The font file configured with ``RENOFLOW_FORMS_FONT``, if any (it must exist)."""
    value = os.environ.get(FONT_ENV)
    if not value:
        return None
    path = Path(value)
    if not path.is_file():
        raise NoChineseFont(f"{FONT_ENV}={value} is not a font file")
    return path


def check_font() -> Path | None:
    """The configured font file, or None when fontconfig has a Chinese font; else :class:`NoChineseFont`."""
    path = font_file()
    if path is None and not _system_has_chinese_font():
        raise NoChineseFont("no Chinese font for form PDFs: install fonts-noto-cjk (scripts/system-packages) "
                            f"or set {FONT_ENV} to a CJK font file")
    return path


def _only_local(font: Path | None) -> Any:
    # Signature images arrive as data: URLs; nothing else may be fetched while rendering (a form's
    # text is user input, and must not make the service read files or call out).
    from weasyprint.urls import URLFetcher

    allowed = font.resolve().as_uri() if font else None

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or (allowed is not None and url == allowed):
                return super().fetch(url, headers)
            raise ValueError(f"form PDFs load nothing from {url[:40]}")

    return LocalOnly(allowed_protocols=("data", "file"))


def shown(value: Any, timezone: str = DEFAULT_TIMEZONE) -> str:
    """A value as the paper form prints it (a moment in the store's ``timezone``)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(shown(v, timezone) for v in value) or "—"
    return str(value)


def _label(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    return info.title or info.description or name


def _rows(data: BaseModel, timezone: str = DEFAULT_TIMEZONE) -> list[dict[str, Any]]:
    """The data as table rows: a plain field is label and value; a list of objects is a sub-table."""
    rows: list[dict[str, Any]] = []
    model = type(data)
    for name in model.model_fields:
        value = getattr(data, name)
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, BaseModel) for v in value):
            sub = type(value[0])
            columns = list(sub.model_fields)
            rows.append({"label": _label(model, name), "table": {
                "head": [_label(sub, c) for c in columns],
                "rows": [[shown(getattr(item, c), timezone) for c in columns] for item in value]}})
        elif isinstance(value, BaseModel):
            for sub_name in type(value).model_fields:
                rows.append({"label": f"{_label(model, name)}·{_label(type(value), sub_name)}",
                             "value": shown(getattr(value, sub_name), timezone)})
        else:
            rows.append({"label": _label(model, name), "value": shown(value, timezone)})
    return rows


def render_html(content: FormContent, digest: str, font: Path | None = None) -> str:
    """The HTML the PDF is rendered from (also handy to look at in a browser)."""
    zone = content.header.timezone
    return _templates.get_template("form.html").render(
        title=content.form_type.title, type=content.form_type.type, header=content.header,
        version=content.version, supersedes=content.supersedes, form_id=content.id,
        signed_at=shown(content.signed_at, zone), rows=_rows(content.data, zone), digest=digest,
        font_family=FONT_FAMILY, font_uri=font.resolve().as_uri() if font else None,
        signatures=[{"name": s.name, "role": ROLE_TITLES.get(s.role, s.role), "role_id": s.role,
                     "image": s.image, "at": shown(s.signed_at, zone)} for s in content.signatures])


def render_pdf(content: FormContent, digest: str) -> bytes:
    """The form as PDF bytes; ``digest`` (the content hash) is printed in the footer of every page."""
    from weasyprint import HTML  # loads Pango through cffi: only where forms are rendered

    font = check_font()
    html = render_html(content, digest, font)
    pdf: bytes = HTML(string=html, url_fetcher=_only_local(font)).write_pdf()
    return pdf
