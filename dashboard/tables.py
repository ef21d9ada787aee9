"""Tables of figures: one definition shown on the page and exported as CSV and .xlsx, so all three agree.

Spreadsheets get the numbers as numbers. The CSV follows the reader's language the way Excel reads it:
in Dutch a semicolon between the columns and a decimal comma (Dutch Excel splits columns on ";" because the
comma is its decimal mark), in English commas and decimal points; always UTF-8 with a byte order mark so
accents survive. A text cell that a spreadsheet would run as a formula is neutralised in both formats.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dashboard.numbers import NumberStyle, decimal_mark, format_number, format_percent
from districts.workdays import local_date
from mokum.markup import escaped

# A spreadsheet treats a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Link:
    """A cell that links somewhere: shown as a link, exported as its text and its full address."""

    text: str
    url: str


@dataclass(frozen=True)
class Days:
    """A number of working days, possibly a median with one decimal; None when there is nothing to count."""

    value: float | None


@dataclass(frozen=True)
class Percent:
    """A share in percent with one decimal; None when there is nothing to count."""

    value: float | None


@dataclass
class Table:
    """A table with a name (for `?table=` exports), a caption, column headings and rows.

    The first cell of every row names the row (a `<th scope="row">` on the page).
    """

    name: str
    caption: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""

    def body_html(self) -> str:
        """Return the rows as HTML, every cell formatted for the page, the first of each a row heading.

        Written in one go rather than by a template loop per cell: the public statistics have about 800 cells.
        """
        words = CellWords.active()
        rows = []
        for row in self.rows:
            # Counts (most cells) need no formatting and no escaping.
            cells = [str(cell) if type(cell) is int else escaped(cell_html(cell, words)) for cell in row]
            data = "".join(f"<td>{cell}</td>" for cell in cells[1:])
            rows.append(f'<tr><th scope="row">{cells[0]}</th>{data}</tr>')
        return mark_safe("\n".join(rows))  # noqa: S308 - every cell went through `escaped`


@dataclass(frozen=True)
class CellWords:
    """What a cell's text takes from the active language, looked up once for a whole table."""

    numbers: NumberStyle
    yes: str
    no: str
    no_data: str

    @classmethod
    def active(cls) -> "CellWords":
        no_data = format_html('<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>', _("no data"))
        return cls(numbers=NumberStyle.active(), yes=_("yes"), no=_("no"), no_data=no_data)


def cell_text(cell, words: CellWords | None = None) -> str:
    """Return a cell as text for the page (numbers in the reader's language)."""
    if cell is None:
        return "–"
    if isinstance(cell, bool):
        words = words or CellWords.active()
        return words.yes if cell else words.no
    numbers = words.numbers if words else None
    if isinstance(cell, Days):
        return "–" if cell.value is None else format_number(cell.value, numbers)
    if isinstance(cell, Percent):
        return "–" if cell.value is None else format_percent(cell.value, numbers)
    if isinstance(cell, int | float):
        return format_number(cell, numbers)
    if isinstance(cell, datetime):
        return local_date(cell).strftime("%d-%m-%Y")
    if isinstance(cell, date):
        return cell.strftime("%d-%m-%Y")
    if isinstance(cell, Link):
        return cell.text
    return str(cell)


def cell_html(cell, words: CellWords | None = None):
    if isinstance(cell, Link):
        return format_html('<a href="{}">{}</a>', cell.url, cell.text)
    if cell is None or getattr(cell, "value", 0) is None:
        return (words or CellWords.active()).no_data
    return cell_text(cell, words)


def looks_like_formula(text: str) -> bool:
    """Tell whether a spreadsheet would take `text` for a formula."""
    return text.startswith(FORMULA_STARTS)


def guard_formula(text: str) -> str:
    """Return `text` so that a spreadsheet shows it as text, never runs it as a formula."""
    if looks_like_formula(text):
        return "'" + text
    return text


def cell_values(cell, base_url: str = "") -> list:
    """Return the spreadsheet value(s) of a cell: numbers, dates and text; a link gives its text and address."""
    if isinstance(cell, Link):
        return [cell.text, base_url + cell.url]
    if cell is None:
        return [None]
    if isinstance(cell, bool):
        return [_("yes") if cell else _("no")]
    if isinstance(cell, Days | Percent):
        return [cell.value]
    if isinstance(cell, int | float):
        return [cell]
    if isinstance(cell, datetime):
        return [local_date(cell)]
    if isinstance(cell, date):
        return [cell]
    return [str(cell)]


def spreadsheet_rows(table: Table, base_url: str = ""):
    """Yield the header and the rows of `table` as values; a link column gets an address column next to it."""
    link_columns = {i for row in table.rows for i, cell in enumerate(row) if isinstance(cell, Link)}
    header = []
    for index, label in enumerate(table.columns):
        header.append(str(label))
        if index in link_columns:
            header.append(_("address"))
    yield header
    for row in table.rows:
        values = []
        for index, cell in enumerate(row):
            values_of_cell = cell_values(cell, base_url)
            if index in link_columns and len(values_of_cell) == 1:
                values_of_cell.append(None)
            values.extend(values_of_cell)
        yield values


def csv_value(value, mark: str):
    """Return one value as CSV text: the language's decimal mark, ISO dates, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", mark)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return guard_formula(value)


def csv_rows(table: Table, base_url: str = ""):
    """Yield the header and the rows of `table` as CSV texts in the active language."""
    mark = decimal_mark()
    for values in spreadsheet_rows(table, base_url):
        yield [csv_value(value, mark) for value in values]


def csv_response(table: Table, *, filename: str, base_url: str = "") -> HttpResponse:
    """Return `table` as a CSV download that opens as columns in the reader's spreadsheet."""
    buffer = io.StringIO()
    # Where the decimal mark is a comma (Dutch), spreadsheets separate columns with a semicolon.
    writer = csv.writer(buffer, delimiter=";" if decimal_mark() == "," else ",")
    writer.writerows(csv_rows(table, base_url))
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet_title(caption: str) -> str:
    # A sheet's name has at most 31 characters and none of []:*?/\
    title = " ".join("".join(" " if c in "[]:*?/\\" else c for c in str(caption)).split())
    return title[:31].strip()


def xlsx_bytes(table: Table, *, base_url: str = "") -> bytes:
    """Return `table` as an .xlsx workbook: a bold header row, numbers as numbers, dates as dates."""
    # Imported here, for the rare download: openpyxl (with numpy, where it is installed) would add about 20 MB to
    # every web process.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table.caption)
    widths = {}
    for row_number, values in enumerate(spreadsheet_rows(table, base_url), start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column)
            if isinstance(value, str):
                # Stored as text, never as a formula: openpyxl would write "=…" as one. The quote prefix keeps
                # it text when someone edits the cell in Excel.
                cell.value = value
                cell.data_type = "s"
                if looks_like_formula(value):
                    cell.quotePrefix = True
            else:
                cell.value = value
                if isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
            if row_number == 1:
                cell.font = Font(bold=True)
            widths[column] = max(widths.get(column, 0), len(str(value if value is not None else "")))
    for column, width in widths.items():
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(table: Table, *, filename: str, base_url: str = "") -> HttpResponse:
    """Return `table` as an .xlsx download."""
    response = HttpResponse(xlsx_bytes(table, base_url=base_url), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
