"""Tables of figures: one definition shown on the page and exported as CSV, so both always agree."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from districts.workdays import local_date

# A spreadsheet treats a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


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

    def cells_html(self):
        """Return the rows with every cell formatted for the page."""
        return [[cell_html(cell) for cell in row] for row in self.rows]


def cell_text(cell) -> str:
    """Return a cell as text for the page (numbers in the reader's language)."""
    if cell is None:
        return "–"
    if isinstance(cell, bool):
        return _("yes") if cell else _("no")
    if isinstance(cell, Days):
        return "–" if cell.value is None else number_format(cell.value, decimal_pos=1 if cell.value % 1 else 0)
    if isinstance(cell, Percent):
        return "–" if cell.value is None else f"{number_format(cell.value, decimal_pos=0)}%"
    if isinstance(cell, datetime):
        return local_date(cell).strftime("%d-%m-%Y")
    if isinstance(cell, date):
        return cell.strftime("%d-%m-%Y")
    if isinstance(cell, Link):
        return cell.text
    return str(cell)


def cell_html(cell):
    if isinstance(cell, Link):
        return format_html('<a href="{}">{}</a>', cell.url, cell.text)
    if cell is None or getattr(cell, "value", 0) is None:
        return format_html('<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>', _("no data"))
    return cell_text(cell)


def guard_formula(text: str) -> str:
    """Return `text` so that a spreadsheet shows it as text, never runs it as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell_csv(cell, base_url: str = "") -> list:
    """Return the CSV value(s) of a cell: plain numbers and ISO dates; links give their text and address."""
    if isinstance(cell, Link):
        return [guard_formula(cell.text), base_url + cell.url]
    if cell is None:
        return [""]
    if isinstance(cell, bool):
        return [_("yes") if cell else _("no")]
    if isinstance(cell, Days | Percent):
        return ["" if cell.value is None else cell.value]
    if isinstance(cell, int | float):
        return [cell]
    if isinstance(cell, datetime):
        return [local_date(cell).isoformat()]
    if isinstance(cell, date):
        return [cell.isoformat()]
    return [guard_formula(str(cell))]


def csv_rows(table: Table, base_url: str = ""):
    """Yield the header and the rows of `table` as CSV values; a link column gets an address column next to it."""
    link_columns = {i for row in table.rows for i, cell in enumerate(row) if isinstance(cell, Link)}
    header = []
    for index, label in enumerate(table.columns):
        header.append(guard_formula(str(label)))
        if index in link_columns:
            header.append(_("address"))
    yield header
    for row in table.rows:
        values = []
        for index, cell in enumerate(row):
            cell_values = cell_csv(cell, base_url)
            if index in link_columns and len(cell_values) == 1:
                cell_values.append("")
            values.extend(cell_values)
        yield values


def csv_response(table: Table, *, filename: str, base_url: str = "") -> HttpResponse:
    """Return `table` as a CSV download (UTF-8 with a byte order mark, so spreadsheets read the accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(csv_rows(table, base_url))
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
