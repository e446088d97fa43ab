"""Tables -> bytes in the export formats (CSV, JSON Lines, JSON, Parquet).

Every CSV NewsLens writes (CLI ``export``, dashboard downloads, the ZIP bundle, the
aliases file) is made here by :func:`csv_text`, the one CSV writer. It neutralises
spreadsheet formulas the OWASP way (https://owasp.org/www-community/attacks/CSV_Injection):
a text cell that starts with one of :data:`FORMULA_TRIGGERS` gets a leading ``'``, so a
title such as ``=HYPERLINK("http://…","x")`` opens as text, never as a live formula.
Numbers are not text cells: a numeric column is written as numbers (``-3`` stays ``-3``).
``tests/analysis/test_exports.py`` proves both with hypothesis and fails when any other
module writes a CSV on its own (``DataFrame.to_csv``, ``csv.writer``).

No export carries the server's folders. A document's ``path`` says where it came from
*inside* the corpus (``sub/a.txt``, ``news.jsonl#line=3``, ``bundle.zip!x.txt``): that is
what a reader of the file needs to find the item again, and it stays true when the corpus
folder moves; the absolute folder it sits in is the server's layout, nobody else's
business. So every table leaves through :func:`table_bytes` with the corpus ``root``
(its :data:`LOCATION_COLUMNS` made relative by analysis.paths.public_table), and every
whole-corpus file (ZIP, workbook, HTML report, Markdown summary) is built from
:func:`shareable`, which does the same to every table and names the corpus by its folder
name. ``tests/analysis/test_export_paths.py`` checks that no cell of any export contains
the corpus's absolute folder.
"""

from __future__ import annotations

import dataclasses
import io
import numbers
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from analysis.paths import public_table, public_text
from analysis.tables import Corpus

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


#: The columns of the corpus tables that may hold a server path: where a document or a
#: skipped item came from (DOCUMENTS, SKIPPED ``path``), why an item was skipped (``reason``
#: may quote the file it duplicates) and a document's ``warning``.
LOCATION_COLUMNS = ("path", "reason", "warning")


def public_frame(frame: pd.DataFrame, root: str | os.PathLike[str]) -> pd.DataFrame:
    """``frame`` with the corpus ``root``'s server folder removed from its
    :data:`LOCATION_COLUMNS` (paths become relative to the corpus); other columns as given."""
    if not any(c in frame.columns for c in LOCATION_COLUMNS):
        return frame
    return public_table(frame, root)


def shareable(corpus: Corpus) -> Corpus:
    """``corpus`` as it may leave the server: document and skipped paths relative to the
    corpus, reasons and warnings without its folder, and ``path`` the corpus folder's name.

    Every whole-corpus export starts here; applying it again returns the corpus unchanged.
    """
    if corpus.shared:
        return corpus
    root = corpus.path
    return dataclasses.replace(
        corpus,
        path=Path(os.path.normpath(root)).name or "corpus",
        documents=public_frame(corpus.documents, root),
        skipped=public_frame(corpus.skipped, root),
        warning=public_text(corpus.warning, root) if corpus.warning else corpus.warning,
        shared=True,
    )


def table_bytes(frame: pd.DataFrame, fmt: str, *, root: str | os.PathLike[str] | None) -> bytes:
    """``frame`` serialised as ``fmt`` (one of TABLE_FORMATS); nulls stay null.

    ``root`` (required, so no caller forgets it) is the folder or file of the corpus the
    frame comes from: paths under it are written relative to it (:func:`public_frame`),
    never as the server's absolute path. None only for a frame already made public (a
    table of a :func:`shareable` corpus) or one that holds no corpus paths.
    """
    if root is not None:
        frame = public_frame(frame, root)
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
