"""Default ranges of time axes, taken from the bulk of the dates (one rule, declared here).

A corpus of June 2024 news with one story dated 1863 (a history piece, a parsing slip)
and one dated 2099 would otherwise open its charts on 1862-2100, where June 2024 is a
sliver. The rule, :func:`bulk_range`:

* **Robust fences (Tukey's "far out" rule).** With Q1 and Q3 the quartiles of the dates,
  a date is *outside* when it lies more than :data:`IQR_FACTOR` interquartile ranges
  below Q1 or above Q3. The quartiles move only when a quarter of the data moves, so a
  handful of stray dates can never widen the range; a corpus with two real clusters
  (1987 and 2024) has an IQR spanning both and keeps both.
* **A floor on the spread.** The IQR is taken as at least :data:`MIN_SPREAD`, so a
  corpus published on one or two days still shows the weeks around them (an IQR of zero
  would call the next day an outlier).
* **Implausible publication dates never set a range.** A document date outside
  :func:`plausible_publication`'s window (1900-01-01 to a year after today) is outside
  the range whatever the quartiles say.

The range shown is then the first and last date *inside*; nothing is dropped: tables
keep every row, the figures keep every point (a double-click on a Plotly chart shows
them all), and the pages announce how many are outside ("3 events outside the range
shown — show all") with a control to show everything.

Every time-axis figure carries the same ``layout.meta`` (:func:`axis_meta`), and every
page words its announcement with :func:`announcement`, so the Overview, the Timeline,
the entity pages and the HTML report agree on what is outside and how it is said.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

#: The one date format of every time axis and hover: ISO 8601 days (issue 19.4).
ISO_DAY = "%Y-%m-%d"
#: Tukey's multiplier for "far out" values: outside [Q1 - 3 IQR, Q3 + 3 IQR].
IQR_FACTOR = 3.0
#: The least spread assumed when computing the fences (see the module docstring).
MIN_SPREAD = pd.Timedelta(days=7)
#: Earliest plausible publication date of a news document (older ones are misparsed or
#: archive dates, and are flagged rather than set a range).
PLAUSIBLE_FIRST = date(1900, 1, 1)
#: How far past today a publication date may be (time zones, embargoed copy).
PLAUSIBLE_AHEAD = pd.DateOffset(years=1)
#: One sentence saying the rule, for the pages' help texts.
RULE_HELP = (
    "Time axes open on the bulk of the dates: a date more than three interquartile ranges "
    "(at least a week each) before the first quartile or after the third is left out of "
    "the default range, as is a publication date before 1900 or over a year ahead."
)
#: The documents table's column flagging publication dates (the corpus loader's
#: integrity check: null when fine, "missing", "unreadable" or "implausible"); when
#: present it is read instead of :func:`plausible_publication`.
DATE_FLAG_COLUMN = "date_flag"
IMPLAUSIBLE = "implausible"


@dataclass(frozen=True)
class AxisRange:
    """The default range of a time axis and how many values fall outside it.

    ``start``/``end`` are the first and last date inside (None without any date);
    ``inside``/``outside`` count the dated values; ``outside_dates`` lists the distinct
    outside dates (ISO days, sorted) for the announcement.
    """

    start: pd.Timestamp | None
    end: pd.Timestamp | None
    inside: int
    outside: int
    outside_dates: tuple[str, ...] = ()

    def contains(self, values: pd.Series) -> pd.Series:
        """True for the values (datetimes) inside the range."""
        if self.start is None or self.end is None:
            return pd.Series(False, index=values.index)
        values = values.astype("datetime64[s]")
        return values.between(self.start, self.end).fillna(False).astype(bool)


def to_datetimes(values: Iterable[object]) -> pd.Series:
    """ISO strings (day, month or year) or datetimes -> datetime64[s] (NaT when unreadable).

    Only the first ten characters of a string are read, so "2024-06-13T10:00" is a day.
    Seconds, not nanoseconds: a stray "3024-01-01" is a date to announce, not a crash.
    """
    series = pd.Series(list(values) if not isinstance(values, pd.Series) else values)
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        text = series.astype("string").str.slice(0, 10)
        text = text.where(text.str.len() != 4, text + "-01-01")  # a bare year
        text = text.where(text.str.len() != 7, text + "-01")  # a month
        parsed = [_day(v) for v in text]
        return pd.Series(np.array(parsed, dtype="datetime64[s]"), index=series.index)
    return series.astype("datetime64[s]")


def _day(text: object) -> np.datetime64:
    try:
        return np.datetime64(str(text), "s") if isinstance(text, str) else np.datetime64("NaT")
    except ValueError:
        return np.datetime64("NaT")


def plausible_publication(dates: pd.Series, *, today: date | None = None) -> pd.Series:
    """True for publication dates (datetimes) inside 1900-01-01 .. today + 1 year; NaT is
    False. The one place this window is applied (see :data:`PLAUSIBLE_FIRST`)."""
    last = pd.Timestamp(today or date.today()) + PLAUSIBLE_AHEAD
    dates = dates.astype("datetime64[s]")
    return dates.between(pd.Timestamp(PLAUSIBLE_FIRST), last).fillna(False).astype(bool)


def document_dates_ok(documents: pd.DataFrame, dates: pd.Series) -> pd.Series:
    """Which document ``dates`` may set a range: not flagged "implausible" by the loader
    when the documents table has :data:`DATE_FLAG_COLUMN`, else
    :func:`plausible_publication`."""
    if DATE_FLAG_COLUMN in documents.columns:
        flagged = (documents[DATE_FLAG_COLUMN].astype("string") == IMPLAUSIBLE).fillna(False)
        return pd.Series(~flagged.to_numpy(dtype=bool), index=dates.index) & dates.notna()
    return plausible_publication(dates)


def bulk_range(dates: Iterable[object], *, eligible: pd.Series | None = None) -> AxisRange:
    """The default axis range of ``dates`` (ISO strings or datetimes) by the module's rule.

    ``eligible`` (booleans aligned with ``dates``) marks the values allowed to set the
    range at all (e.g. :func:`plausible_publication`); the others count as outside.
    Undated values are neither inside nor outside.
    """
    values = to_datetimes(dates).reset_index(drop=True)
    ok = values.notna()
    if eligible is not None:
        ok &= pd.Series(eligible).reset_index(drop=True).fillna(False).astype(bool)
    candidates = values[ok]
    if candidates.empty:
        dated = values.dropna()
        return AxisRange(None, None, 0, len(dated), _days(dated))
    seconds = values.astype("int64").where(values.notna())  # arithmetic on plain numbers
    q1, q3 = seconds[ok].quantile(0.25), seconds[ok].quantile(0.75)
    spread = max(q3 - q1, MIN_SPREAD.total_seconds()) * IQR_FACTOR
    inside = ok & seconds.between(q1 - spread, q3 + spread).fillna(False).astype(bool)
    kept = values[inside]
    out = values[values.notna() & ~inside]
    return AxisRange(
        pd.Timestamp(kept.min()), pd.Timestamp(kept.max()), int(inside.sum()), len(out),
        _days(out),
    )  # fmt: skip


def _days(values: pd.Series) -> tuple[str, ...]:
    return tuple(sorted({d.strftime("%Y-%m-%d") for d in values}))


def padded(start: pd.Timestamp, end: pd.Timestamp) -> list[pd.Timestamp]:
    """``[start, end]`` with half a day, or 4 % of the span, of margin on each side
    (plotly's autorange zooms a single day down to milliseconds)."""
    pad = max(pd.Timedelta(hours=12), (end - start) * 0.04)
    return [start - pad, end + pad]


def axis_meta(bulk: AxisRange, *, show_all: bool = False) -> dict[str, object]:
    """The ``layout.meta`` of a time-axis figure whose default range is ``bulk``.

    ``outside``: values outside the range shown (0 when ``show_all``); ``beyond_bulk``:
    values outside the bulk whether shown or not (whether a "show all" control means
    anything); ``outside_dates``: their distinct ISO days.
    """
    return {
        "outside": 0 if show_all else bulk.outside,
        "beyond_bulk": bulk.outside,
        "outside_dates": list(bulk.outside_dates),
    }


def announcement(metas: Mapping[str, Mapping], *, show_all: bool = False, listed: int = 6) -> str:
    """The sentence announcing the values beyond the bulk of some figures ("" when none).

    ``metas`` maps a plural noun ("documents", "events") to a figure's
    :func:`axis_meta`; e.g. "2 documents outside the range shown; 1 event outside the
    range shown (1863-07-01, 2099-01-01); the tables keep every one." With ``show_all``
    the values are shown, and said to be "far from the rest".
    """
    beyond = {noun: int(meta.get("beyond_bulk") or 0) for noun, meta in metas.items()}
    if not any(beyond.values()):
        return ""
    days = sorted({d for meta in metas.values() for d in meta.get("outside_dates") or []})
    notes = "; ".join(outside_note(n, noun) for noun, n in beyond.items() if n)
    if show_all:
        notes = notes.replace("outside the range shown", "far from the rest")
    shown = ", ".join(days[:listed]) + (" …" if len(days) > listed else "")
    return notes + (f" ({shown})" if days else "") + "; the tables keep every one."


def outside_note(count: int, noun: str) -> str:
    """The announcement of values outside the range shown, e.g. "3 events outside the
    range shown"; "" when there are none."""
    if count <= 0:
        return ""
    return f"{count:,} {noun if count != 1 else noun.rstrip('s')} outside the range shown"
