"""Compare two slices of a corpus: which entities, countries and event types each over-represents.

A slice is the corpus under a set of filters (two periods, two sources, two filter
sets); :func:`slice_counts` counts its items and :func:`log_odds` compares two count
vectors with the weighted log-odds ratio with an informative Dirichlet prior of Monroe,
Colaresi and Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation
for Identifying the Content of Political Conflict", Political Analysis 16(4):372-403
— the usual statistic for word and entity counts in media analysis, because
it neither lets rare items top the list (as raw ratios do) nor lets frequent ones
dominate (as differences of counts do).

For item w with count y_a in slice A (total n_a), y_b in B (total n_b), and prior
pseudo-counts alpha_w summing to alpha_0::

    delta_w = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
            - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
    var_w   = 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
    z_w     = delta_w / sqrt(var_w)

The prior is informative: alpha_w is proportional to w's count in the background
(the two slices together unless another background is given), scaled so that the
pseudo-counts sum to :data:`PRIOR_STRENGTH`. z > 0 means over-represented in A; |z|
of 1.96 is the usual 5% level for one item (no correction for many items: read the
ranking, not single p-values).

Counts are documents naming the entity or country (each document once, so one long
article does not outweigh many short ones) and event reports per event type.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Total prior pseudo-counts (alpha_0). Larger shrinks rare items toward the background.
PRIOR_STRENGTH = 500.0
#: |z| above which an item is listed as over-represented (two-sided 5% for one item).
Z_LISTED = 1.96

KINDS = ("entities", "countries", "event_types")

COLUMNS = ["item", "label", "count_a", "count_b", "share_a", "share_b", "delta", "z", "favours"]


def log_odds(
    counts_a: pd.Series,
    counts_b: pd.Series,
    background: pd.Series | None = None,
    *,
    prior_strength: float = PRIOR_STRENGTH,
) -> pd.DataFrame:
    """Weighted log-odds with an informative Dirichlet prior for every item of A or B.

    ``counts_*`` map item -> count. Returns item (index), count_a, count_b, delta, z,
    sorted from most over-represented in A to most over-represented in B.
    """
    items = counts_a.index.union(counts_b.index)
    ya = counts_a.reindex(items, fill_value=0).astype(float).to_numpy()
    yb = counts_b.reindex(items, fill_value=0).astype(float).to_numpy()
    if background is None:
        bg = ya + yb
    else:
        bg = background.reindex(items, fill_value=0).astype(float).to_numpy()
        bg = np.where(bg > 0, bg, ya + yb)  # an item unseen in the background: its slices
    total = bg.sum()
    if total <= 0:
        return pd.DataFrame(columns=["count_a", "count_b", "delta", "z"])
    alpha = prior_strength * bg / total
    alpha0 = alpha.sum()
    na, nb = ya.sum(), yb.sum()
    delta = np.log((ya + alpha) / (na + alpha0 - ya - alpha)) - np.log(
        (yb + alpha) / (nb + alpha0 - yb - alpha)
    )
    z = delta / np.sqrt(1.0 / (ya + alpha) + 1.0 / (yb + alpha))
    frame = pd.DataFrame(
        {"count_a": ya.astype(int), "count_b": yb.astype(int), "delta": delta, "z": z},
        index=items,
    )
    return frame.sort_values("z", ascending=False, kind="stable")


def slice_counts(tables: dict[str, pd.DataFrame], kind: str) -> tuple[pd.Series, pd.Series]:
    """Counts of ``kind`` in one slice's tables -> (item -> count, item -> label).

    ``tables`` holds the slice's ``entities``, ``countries`` and ``events`` tables (as
    analysis.filters.apply_filters returns them). Labels are the entity label, the
    country name, or the event type itself.
    """
    if kind == "entities":
        t = tables["entities"]
        return _series(t["name"], t["documents"]), _series(t["name"], t["label"])
    if kind == "countries":
        t = tables["countries"]
        return _series(t["iso3"], t["documents"]), _series(t["iso3"], t["name"])
    if kind == "event_types":
        types = tables["events"]["event_type"].dropna().astype(str)
        counts = types.value_counts()
        return counts, pd.Series(counts.index, index=counts.index)
    raise ValueError(f"kind must be one of {', '.join(KINDS)}")


def _series(keys: pd.Series, values: pd.Series) -> pd.Series:
    frame = pd.DataFrame({"k": keys.astype(str).to_numpy(), "v": values.to_numpy()})
    return frame.drop_duplicates("k").set_index("k")["v"]


def compare_slices(
    tables_a: dict[str, pd.DataFrame],
    tables_b: dict[str, pd.DataFrame],
    kind: str,
    *,
    names: tuple[str, str] = ("A", "B"),
    prior_strength: float = PRIOR_STRENGTH,
) -> pd.DataFrame:
    """One row per item of ``kind`` seen in either slice, most over-represented in A first.

    Columns: item, label, count_a, count_b, share_a / share_b (of the slice's total),
    delta, z, favours (``names[0]``, ``names[1]`` or "" when |z| < :data:`Z_LISTED`).
    """
    counts_a, labels_a = slice_counts(tables_a, kind)
    counts_b, labels_b = slice_counts(tables_b, kind)
    scored = log_odds(counts_a, counts_b, prior_strength=prior_strength)
    if scored.empty:
        return pd.DataFrame(columns=COLUMNS)
    labels = pd.concat([labels_a, labels_b])
    labels = labels[~labels.index.duplicated()]
    out = scored.reset_index(names="item")
    out.insert(1, "label", out["item"].map(labels).astype("string"))
    out["share_a"] = out["count_a"] / max(int(counts_a.sum()), 1)
    out["share_b"] = out["count_b"] / max(int(counts_b.sum()), 1)
    out["favours"] = np.select(
        [out["z"] >= Z_LISTED, out["z"] <= -Z_LISTED], [names[0], names[1]], default=""
    )
    return out[COLUMNS].reset_index(drop=True)
