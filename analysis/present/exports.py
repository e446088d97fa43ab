"""Tables -> bytes in the export formats (CSV, JSON Lines, JSON, Parquet).

Every CSV NewsLens writes (CLI ``export``, dashboard downloads, the ZIP bundle, the
aliases file) is made here by :func:`csv_text`, the one CSV writer. It neutralises
spreadsheet formulas the OWASP way (https://owasp.org/www-community/attacks/CSV_Injection):
a text cell that starts with one of :data:`FORMULA_TRIGGERS` gets a leading ``'``, so a
title such as ``=HYPERLINK("http://…","x")`` opens as text, never as a live formula.
Numbers are not text cells: a numeric column is written as numbers (``-3`` stays ``-3``).
``tests/analysis/test_exports.py`` proves both with hypothesis and fails when any other
module writes a CSV on its own (``DataFrame.to_csv``, ``csv.writer``).
"""

from __future__ import annotations

import io
import numbers
import re
from collections.abc import Iterable, Sequence

import pandas as pd

TABLE_FORMATS = ("csv", "jsonl", "json", "parquet")
MIME_TYPES = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
}

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
#: (OWASP "CSV Injection": equals, plus, minus, at, tab, carriage return).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Cells that need the ``'``: a trigger, possibly behind quotes already. Prefixing those
# that start with quotes too keeps the mapping one-to-one, so restore_cell can undo it.
_NEEDS_PREFIX = re.compile("'*[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")
_PREFIXED = re.compile("'+[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


def neutralise_cell(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if _NEEDS_PREFIX.match(text) else text


def restore_cell(text: str) -> str:
    """The inverse of :func:`neutralise_cell`, for NewsLens' own CSV readers."""
    return text[1:] if _PREFIXED.match(text) else text


def _neutralise_value(value: object) -> object:
    if isinstance(value, str):
        return neutralise_cell(value)
    if value is None or isinstance(value, numbers.Number) or pd.isna(value) is True:
        return value  # numbers (numpy's too) and nulls are not text cells
    return neutralise_cell(str(value))  # lists, dicts, ...: written as their text


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and header are neutralised; numbers untouched."""
    out = frame.copy(deep=False)
    for i, dtype in enumerate(frame.dtypes):
        if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype):
            continue  # bool, int, float, datetime: never text
        column = frame.iloc[:, i].astype(object)
        out.isetitem(i, column.map(_neutralise_value, na_action="ignore"))
    out.columns = [neutralise_cell(str(c)) for c in frame.columns]
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (RFC 4180: header row, CRLF line ends), formulas neutralised.

    CRLF line ends make the writer quote every cell holding a CR or LF, so a title with a
    bare carriage return stays one cell (with ``\\n`` ends a CR went out unquoted and a
    reader split the row there).
    """
    return csv_safe(frame).to_csv(index=False, lineterminator="\r\n")


def csv_rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Rows (e.g. of an aliases file) as CSV text through :func:`csv_text`."""
    return csv_text(pd.DataFrame(list(rows), columns=list(header), dtype=object))


def table_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """``frame`` serialised as ``fmt`` (one of TABLE_FORMATS); nulls stay null."""
    if fmt == "csv":
        return csv_text(frame).encode("utf-8")
    if fmt == "jsonl":
        text = frame.to_json(orient="records", lines=True, force_ascii=False)
        return (text or "").encode("utf-8")
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=1).encode("utf-8")
    if fmt == "parquet":
        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        return buf.getvalue()
    raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(TABLE_FORMATS)})")
