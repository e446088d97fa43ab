"""Column helpers of the country mapping (speed, branches speed19 and speed21).

:class:`PlaceRows` is the bundle of a chunk's columns as arrays that map_countries reads
once and hands to its readers instead of a frame (branch speed21).

:func:`isin` is ``np.isin`` for the object arrays map_countries' readers test (labels,
document ids, surface forms): numpy compares an object array with each wanted value in
turn, or sorts it, some milliseconds per chunk for a few dozen document ids; pandas'
hash table answers the same membership in one pass
(tests/analysis/test_country_speed.py compares the two).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from analysis import schema


def form_mask(forms: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """Per cell of ``forms`` (a 1-d object array of strings or missing values) whether it
    is a string that passes ``test``, asked once per distinct string. Speed: readers
    that asked a cached test of each row's name in their loop over every row of a chunk
    (~1,300) ask it of the distinct names (about half) and loop over the rows it keeps."""
    if not len(forms):
        return np.zeros(0, dtype=bool)
    codes, distinct = pd.factorize(forms)  # a missing cell: code -1
    answers = [isinstance(form, str) and bool(test(form)) for form in distinct]
    return np.array([*answers, False], dtype=bool)[codes]


def followed_by(
    rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str], test: Callable[[str, int], object]
) -> np.ndarray:
    """Boolean mask of the ``rows`` with offsets whose document's text passes
    ``test(text, end)``: what a reader asks of the words right after a mention ("Banking
    Group Ltd", "round"). A row without offsets or text is False."""
    return spanning(rows, texts, lambda text, _start, end: test(text, end))


def spanning(
    rows: pd.DataFrame | PlaceRows,
    texts: Mapping[object, str],
    test: Callable[[str, int, int], object],
) -> np.ndarray:
    """Boolean mask of the ``rows`` with offsets whose document's text passes
    ``test(text, start, end)``: what a reader asks of the words around a mention ("<Bank
    of Montreal>"). A row without offsets or text is False."""
    rows = as_rows(rows)
    start, end, known = rows.offsets
    docs = rows.doc_id
    mask = np.zeros(len(rows), dtype=bool)
    for i in np.flatnonzero(known).tolist():
        text = texts.get(docs[i])
        mask[i] = isinstance(text, str) and bool(test(text, int(start[i]), int(end[i])))
    return mask


def isin(values: np.ndarray, wanted: Collection[object]) -> np.ndarray:
    """Boolean mask of the cells of ``values`` (a 1-d array, objects) equal to one of
    ``wanted``: ``np.isin(values, list(wanted))`` for cells that are strings, numbers
    or None, by hashing. A NaN matches nothing, as in numpy (pandas would match it to
    a NaN wanted)."""
    wanted = [w for w in wanted if not (isinstance(w, float) and w != w)]
    if not len(values) or not wanted:
        return np.zeros(len(values), dtype=bool)
    try:  # a set's hashing in plain Python (speed, branch speed21: a Series per call cost more)
        found = frozenset(wanted)
        # map() of the set's own test: no generator frame per cell (speed, branch speed23).
        return np.fromiter(map(found.__contains__, values.tolist()), dtype=bool, count=len(values))
    except TypeError:  # an unhashable cell or value, or a missing one compared: pandas decides
        return pd.Series(values, dtype=object, copy=False).isin(wanted).to_numpy(dtype=bool)


#: The columns a :class:`PlaceRows` bundle holds as Python objects (strings or missing).
OBJECT_COLUMNS = ("doc_id", "text", "label")
#: The offset columns it holds as the frame's cells (``to_numpy(dtype=object)``).
_OFFSET_COLUMNS = ("start", "end")


@dataclass(frozen=True, eq=False)
class PlaceRows:
    """One selection of a MENTIONS frame's rows as plain arrays, built once per chunk
    and read by map_countries' readers instead of the frame (speed, branch speed21:
    each ``rows[col]``/``to_numpy`` of a frame is a pandas call of 10-150 µs, and the
    readers made some hundred per chunk). ``doc_id``, ``text``, ``label``, ``start``
    and ``end`` are object arrays of the frame's cells (what ``frame[col].to_numpy(
    dtype=object)`` gives: missing cells as the column gives them; None where the frame
    has no such column); ``starts`` and ``ends`` the offsets as floats, NaN where
    missing or not a number (``pd.to_numeric(column, errors="coerce")``); ``sent`` the
    ``sent_id`` cells as floats (NaN where missing), or None without that column;
    ``index`` the rows' index labels."""

    index: pd.Index
    doc_id: np.ndarray
    text: np.ndarray
    label: np.ndarray
    start: np.ndarray
    end: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    sent: np.ndarray | None = None

    @classmethod
    def of(cls, frame: pd.DataFrame) -> PlaceRows:
        """The bundle of all of ``frame``'s rows."""
        n = len(frame)
        columns = {c: frame[c] for c in (*OBJECT_COLUMNS, *_OFFSET_COLUMNS) if c in frame}
        cells = {c: s.to_numpy(dtype=object) for c, s in columns.items()}
        for c in (*OBJECT_COLUMNS, *_OFFSET_COLUMNS):
            cells.setdefault(c, np.full(n, None, dtype=object))
        numbers = [_numbers(columns.get(c), cells[c]) for c in _OFFSET_COLUMNS]
        sent = None
        if "sent_id" in frame.columns:
            sent = frame["sent_id"].to_numpy("float64", na_value=np.nan)
        ordered = (cells[c] for c in (*OBJECT_COLUMNS, *_OFFSET_COLUMNS))
        return cls(frame.index, *ordered, *numbers, sent)

    def __len__(self) -> int:
        return len(self.index)

    @property
    def empty(self) -> bool:
        """Whether the bundle holds no row (as ``DataFrame.empty`` of its columns)."""
        return not len(self.index)

    def take(self, mask: np.ndarray) -> PlaceRows:
        """The rows of boolean ``mask`` (or of integer positions), as a bundle."""
        at = np.flatnonzero(mask) if mask.dtype == bool else mask
        sent = None if self.sent is None else self.sent[at]
        return PlaceRows(self.index[at], self.doc_id[at], self.text[at], self.label[at],
                         self.start[at], self.end[at], self.starts[at], self.ends[at],
                         sent)  # fmt: skip

    def with_text(self, text: np.ndarray) -> PlaceRows:
        """The same rows with the object array ``text`` as their texts."""
        return replace(self, text=text)

    @cached_property
    def offsets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(start, end, placed): the offsets as int arrays, 0 where unknown, and the mask
        of rows that have both (see :func:`analysis.countries.modifiers._offsets`)."""
        start, end = (np.where(np.isnan(a), 0, a).astype("int64") for a in (self.starts, self.ends))
        return start, end, ~np.isnan(self.starts) & ~np.isnan(self.ends)

    def frame(self) -> pd.DataFrame:
        """The bundle as a frame of object columns (doc_id, start, end, text, label)."""
        return pd.DataFrame({c: pd.Series(getattr(self, c), index=self.index, dtype=object)
                             for c in ("doc_id", "start", "end", "text", "label")})  # fmt: skip


def _numbers(column: pd.Series | None, cells: np.ndarray) -> np.ndarray:
    """A column's ``cells`` (objects) as floats: NaN where missing or not a number. A
    numpy number ``column`` is read as it is (speed: no conversion from objects)."""
    if column is not None and isinstance(column.dtype, np.dtype) and column.dtype.kind in "iuf":
        return column.to_numpy(dtype="float64")
    if not len(cells):
        return np.zeros(0, dtype="float64")
    found = pd.to_numeric(pd.Series(cells, dtype=object, copy=False), errors="coerce")
    return found.to_numpy(dtype="float64", na_value=np.nan)


def as_rows(rows: pd.DataFrame | PlaceRows) -> PlaceRows:
    """``rows`` as a :class:`PlaceRows` bundle (a bundle as it is; a frame read once)."""
    return rows if isinstance(rows, PlaceRows) else PlaceRows.of(rows)


def filled(
    column: pd.Series, mask: np.ndarray, values: np.ndarray
) -> pd.api.extensions.ExtensionArray:
    """``column``'s cells as a string array (:data:`schema.STR`) with ``values`` written
    in the rows of boolean ``mask``: what ``column.loc[mask] = pd.array(values,
    dtype=schema.STR)`` leaves, built in numpy (speed: one pandas call, not a ``.loc``
    assignment's many; tests/analysis/test_country_speed.py compares the two)."""
    return filled_cells(column.to_numpy(dtype=object), mask, values)


def filled_cells(
    cells: np.ndarray, mask: np.ndarray, values: np.ndarray
) -> pd.api.extensions.ExtensionArray:
    """:func:`filled` of a column's ``cells`` as objects (strings or missing values),
    left unchanged: a string array with ``values`` in the rows of ``mask``."""
    cells = cells.copy()
    cells[mask] = values
    return pd.array(cells, dtype=schema.STR)


def equal_cells(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per cell whether the object arrays ``a`` and ``b`` hold equal values (as a
    Series comparison: a missing value equals nothing)."""
    pairs = zip(a.tolist(), b.tolist(), strict=True)
    # Of equal cells only None is missing (NaN and NaT equal nothing; speed: no pandas
    # call per cell).
    return np.array([x == y and x is not None for x, y in pairs], dtype=bool)


def strings_or_missing(cells: np.ndarray) -> bool:
    """Whether ``cells`` is a non-empty object array of strings and missing values only."""
    if cells.dtype != object or not len(cells):
        return False
    return infer_dtype(cells, skipna=True) in ("string", "empty")
