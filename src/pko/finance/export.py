"""Finance tables as an Excel workbook: one sheet per table, a header row, values as in the JSON output."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WHOLE = "#,##0"
DECIMAL = "#,##0.00"


def workbook(sheets: Mapping[str, Sequence[Mapping[str, Any]]]) -> bytes:
    """The bytes of an .xlsx file with one sheet per table (an empty table keeps its sheet, with no header)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name[:31])
        columns = list(rows[0]) if rows else []
        if columns:
            sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
        for position, column in enumerate(columns, start=1):
            letter = get_column_letter(position)
            sheet.column_dimensions[letter].width = max(10, min(60, len(column) + 2))
            if column.endswith("_usd"):
                for cell in sheet[letter][1:]:
                    cell.number_format = DECIMAL if isinstance(cell.value, float) and not cell.value.is_integer() else WHOLE
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
