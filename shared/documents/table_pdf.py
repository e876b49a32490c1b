"""Tabular documents (the statements of F05 and S04) as PDF: the XLSX's rows through WeasyPrint.

The same Chinese font and the same "load nothing from outside" fetcher as the signed forms
(:mod:`shared.forms.render`, decision 0024); a statement is not signed, so it has no signature
block, only its title, its rows and the footer lines with the totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jinja2 import Environment, select_autoescape

PDF = "application/pdf"

_TEMPLATE = Environment(autoescape=select_autoescape(default=True, default_for_string=True)).from_string("""\
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
{% if font_uri %}@font-face { font-family: "{{ family }}"; src: url("{{ font_uri }}"); }{% endif %}
@page { size: A4 landscape; margin: 14mm;
  @bottom-right { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-family: "{{ family }}";
                  font-size: 7pt; } }
body { font-family: "{{ family }}", sans-serif; font-size: 9pt; }
h1 { text-align: center; font-size: 15pt; letter-spacing: 2px; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.5pt solid #333; padding: 1.2mm 1.8mm; }
th { background: #eee; }
tr.sum td { font-weight: bold; }
</style></head><body>
<h1>{{ title }}</h1>
<table><thead><tr>{% for h in header %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}
{% for row in footer %}<tr class="sum">{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}
</tbody></table></body></html>
""")


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def table_html(title: str, header: Sequence[str], rows: Iterable[Sequence[object]],
               footer: Iterable[Sequence[object]] = (), font_uri: str | None = None) -> str:
    """The HTML the PDF is rendered from."""
    from shared.forms.render import FONT_FAMILY

    return _TEMPLATE.render(title=title, header=list(header), rows=[[_cell(c) for c in r] for r in rows],
                            footer=[[_cell(c) for c in r] for r in footer], family=FONT_FAMILY, font_uri=font_uri)


def table_pdf(title: str, header: Sequence[str], rows: Iterable[Sequence[object]],
              footer: Iterable[Sequence[object]] = ()) -> bytes:
    """The table as PDF bytes, in the forms' Chinese font (refuses without one, as forms do)."""
    from weasyprint import HTML

    from shared.forms.render import _only_local, check_font

    font = check_font()
    html = table_html(title, header, rows, footer, font.resolve().as_uri() if font else None)
    pdf: bytes = HTML(string=html, url_fetcher=_only_local(font)).write_pdf()
    return pdf
