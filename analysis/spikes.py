"""What spiked: counts per day or week of every entity and country against a robust baseline.

Input is a per-day aggregate written at build time (ENTITY_DAYS or COUNTRY_DAYS, see
analysis.daily): one row per (item, publication day) with the number of documents
naming the item that day. :func:`spike_scores` scores every (item, period) and
:func:`what_rose` lists, for a selected range, the items that rose in it.

Method (declared here once; the Overview page and README quote these constants):

* Counts are documents naming the item per period (a day, or an ISO week starting on
  Monday), zero for periods in the corpus's span where the item is not named.
* The baseline of a period is the :data:`WINDOW` periods before it (the period itself
  is left out), and needs at least :data:`MIN_HISTORY` of them.
* Its centre is their median and its spread the interquartile range divided by 1.349
  (a robust estimate of the standard deviation of normal data, like the scaled MAD
  but computable with rolling quantiles); the spread is never taken below the square
  root of the median (the Poisson spread of a count) nor below 1 document, so a name
  that goes from 0 to 1 document is not a spike.
* The score is ``(count - median) / spread``, a robust z-score (in the manner of the
  modified z-score of Iglewicz and Hoaglin, 1993, "How to Detect and Handle Outliers",
  with a count-aware floor). A period is a spike when the score is at least
  :data:`THRESHOLD` (their recommended cut-off, 3.5), the count is at least
  :data:`MIN_COUNT` documents, and the count is improbable for a Poisson count with
  the baseline median as its mean (upper tail at most :data:`MAX_P`; the mean is
  never taken below :data:`MIN_RATE`). The robust z-score alone flags about one
  period in a thousand of pure Poisson noise, which over a thousand names and a year
  of days is hundreds of false alarms; the tail test keeps that near one in 100,000.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Periods before the scored one that form its baseline.
WINDOW = {"day": 28, "week": 8}
#: Periods of history a score needs (fewer: no score; the corpus's first days are new).
MIN_HISTORY = {"day": 7, "week": 4}
#: Robust z-score at or above which a period is a spike (Iglewicz & Hoaglin, 1993).
THRESHOLD = 3.5
#: Corpora spanning more days than this are counted per week by default.
WEEKLY_AFTER_DAYS = 60
#: Fewest documents in a period for it to count as a spike.
MIN_COUNT = 3
#: Largest Poisson upper-tail probability of a spike's count given its baseline.
MAX_P = 1e-5
#: Smallest Poisson mean assumed for a baseline (a name never seen before).
MIN_RATE = 0.1
#: Interquartile range -> standard deviation of normal data (IQR / 1.349).
IQR_SCALE = 1.349
#: Items scored per table: the most-named ones (the rest rarely reach MIN_COUNT).
MAX_ITEMS = 1000

COLUMNS = ["item", "period", "count", "baseline", "spread", "score", "p_value", "spike"]


def period_counts(days: pd.DataFrame, key: str, period: str = "day") -> pd.DataFrame:
    """Per-day aggregate -> dense item x period matrix of document counts.

    ``key`` is the item column ("name" for ENTITY_DAYS, "iso3" for COUNTRY_DAYS).
    Rows are items (the :data:`MAX_ITEMS` most named), columns period start days
    (``YYYY-MM-DD``), every period of the span present. Undated rows are left out.
    """
    if period not in WINDOW:
        raise ValueError(f"period must be one of {', '.join(WINDOW)}")
    rows = days.loc[days["date"].notna(), [key, "date", "documents"]]
    day = pd.to_datetime(rows["date"].astype(str).str.slice(0, 10), errors="coerce")
    rows = rows.assign(day=day)[day.notna().to_numpy()]
    if len(rows) == 0:
        return pd.DataFrame(dtype=float)
    if period == "week":
        rows = rows.assign(day=rows["day"] - pd.to_timedelta(rows["day"].dt.weekday, unit="D"))
    totals = rows.groupby(key, observed=True)["documents"].sum()
    top = totals.sort_values(ascending=False, kind="stable").index[:MAX_ITEMS]
    rows = rows[rows[key].isin(top)]
    matrix = rows.pivot_table(
        index=key, columns="day", values="documents", aggfunc="sum", fill_value=0
    )
    step = "7D" if period == "week" else "D"
    span = pd.date_range(matrix.columns.min(), matrix.columns.max(), freq=step)
    matrix = matrix.reindex(columns=span, fill_value=0).astype(float)
    matrix.columns = [d.strftime("%Y-%m-%d") for d in matrix.columns]
    matrix.index = matrix.index.astype(str)
    return matrix


def _baselines(values: np.ndarray, window: int, history: int) -> tuple[np.ndarray, np.ndarray]:
    """Median and spread of the ``window`` periods before each period (NaN without
    ``history`` of them). ``values`` is items x periods.

    pandas' rolling median and quantiles (a skip list in C) keep this fast for a
    thousand items over a year of days, where a median over explicit windows is not.
    """
    frame = pd.DataFrame(values.T)  # periods x items: rolling runs down the periods
    rolling = frame.rolling(window, min_periods=history)
    median = rolling.median().shift(1).to_numpy().T
    iqr = (rolling.quantile(0.75) - rolling.quantile(0.25)).shift(1).to_numpy().T
    spread = np.fmax(np.fmax(iqr / IQR_SCALE, np.sqrt(np.maximum(median, 0))), 1.0)
    spread[np.isnan(median)] = np.nan
    return median, spread


def poisson_tail(counts: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """P(X >= count) for X ~ Poisson(rate), element-wise (1 for a count of 0 or less).

    scipy.special's ``pdtrc`` (P(X > k)) rather than ``scipy.stats.poisson.sf``: the same
    numbers, but importing scipy.stats costs seconds; scipy.special (still ~0.5 s) is
    imported here, on first use, so the Overview's first charts never wait for it.
    """
    from scipy.special import pdtrc

    counts = np.asarray(counts, dtype=float)
    with np.errstate(invalid="ignore"):
        tail = pdtrc(counts - 1, np.asarray(rates, dtype=float))
    return np.where(counts <= 0, 1.0, tail)


def spike_scores(days: pd.DataFrame, key: str, period: str = "day") -> pd.DataFrame:
    """Every (item, period) with its count, baseline median, spread, score and spike flag.

    Periods without enough history have a null score and are never spikes.
    """
    matrix = period_counts(days, key, period)
    if matrix.empty:
        return pd.DataFrame(columns=COLUMNS)
    values = matrix.to_numpy()
    median, spread = _baselines(values, WINDOW[period], MIN_HISTORY[period])
    score = (values - median) / spread
    frame = pd.DataFrame(
        {
            "item": np.repeat(matrix.index.to_numpy(), values.shape[1]),
            "period": np.tile(np.asarray(matrix.columns), values.shape[0]),
            "count": values.ravel().astype(int),
            "baseline": median.ravel(),
            "spread": spread.ravel(),
            "score": score.ravel(),
        }
    )
    rate = np.maximum(np.nan_to_num(frame["baseline"].to_numpy(), nan=np.inf), MIN_RATE)
    tail = poisson_tail(frame["count"].to_numpy(), rate)
    frame["p_value"] = tail
    frame["spike"] = (frame["score"] >= THRESHOLD) & (frame["count"] >= MIN_COUNT) & (tail <= MAX_P)
    return frame


def what_rose(
    days: pd.DataFrame,
    key: str,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    period: str = "day",
    top: int = 20,
) -> pd.DataFrame:
    """The items that spiked in [date_from, date_to] (inclusive ISO days; open ends).

    One row per item: its highest-scoring spike period in the range, the count then,
    the baseline median and the score; strongest first. Without bounds the range is
    the last :data:`WINDOW` periods of the corpus ("what rose lately").
    """
    scores = spike_scores(days, key, period)
    if scores.empty:
        return pd.DataFrame(columns=COLUMNS)
    if date_from is None and date_to is None:
        periods = sorted(scores["period"].unique())
        date_from = periods[max(0, len(periods) - WINDOW[period])]
    keep = scores["spike"].to_numpy(dtype=bool, copy=True)
    if date_from:
        keep &= (scores["period"] >= _period_start(date_from, period)).to_numpy()
    if date_to:
        keep &= (scores["period"] <= date_to).to_numpy()
    hits = scores[keep].sort_values(["score", "count"], ascending=False, kind="stable")
    return hits.drop_duplicates("item").head(top).reset_index(drop=True)


def period_end(start: str, period: str) -> str:
    """The last day (ISO) of the period beginning on ``start`` (a day, or a Monday's week)."""
    if period != "week":
        return start
    return (pd.Timestamp(start) + pd.Timedelta(days=6)).strftime("%Y-%m-%d")


def default_period(days: pd.DataFrame) -> str:
    """ "week" for a per-day aggregate spanning more than :data:`WEEKLY_AFTER_DAYS`, else
    "day" (a few days' corpus has no weeks to compare)."""
    dated = days["date"].dropna()
    if dated.empty:
        return "day"
    span = (pd.Timestamp(dated.max()[:10]) - pd.Timestamp(dated.min()[:10])).days
    return "week" if span > WEEKLY_AFTER_DAYS else "day"


def _period_start(day: str, period: str) -> str:
    if period != "week":
        return day
    stamp = pd.Timestamp(day)
    return (stamp - pd.Timedelta(days=stamp.weekday())).strftime("%Y-%m-%d")
