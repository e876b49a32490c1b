"""Spreadsheets (XLSX) of tabular documents such as the daily statements (F05), by openpyxl."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(title: str, header: Sequence[str], rows: Iterable[Sequence[object]],
             footer: Iterable[Sequence[object]] = ()) -> bytes:
    """One sheet: a bold title line, a bold header, the rows, then footer lines (totals)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]  # Excel's limit on a sheet name
    sheet.append([title])
    sheet.append(list(header))
    for cell in (*sheet[1], *sheet[2]):
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for row in footer:
        sheet.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()
