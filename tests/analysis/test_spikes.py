"""analysis.spikes: robust spike detection on synthetic series with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import spikes


def _days(series: dict[str, list[int]], start: str = "2024-01-01") -> pd.DataFrame:
    """ENTITY_DAYS-like rows (name, date, documents) from daily counts per name."""
    rows = []
    for name, counts in series.items():
        for i, n in enumerate(counts):
            if n:
                day = (pd.Timestamp(start) + pd.Timedelta(days=i)).strftime("%Y-%m-%d")
                rows.append({"name": name, "date": day, "documents": n, "mentions": n})
    return pd.DataFrame(rows)


def test_a_spike_in_poisson_noise_is_found_on_its_day() -> None:
    rng = np.random.default_rng(7)
    counts = rng.poisson(5, 90).tolist()
    counts[60] = 30
    scores = spikes.spike_scores(_days({"Acme": counts}), "name")
    found = scores[scores["spike"]]
    assert found["period"].tolist() == ["2024-03-01"]  # day 60 of 2024
    assert found["count"].tolist() == [30]


@pytest.mark.parametrize("seed", range(5))
def test_flat_noise_has_no_spike(seed: int) -> None:
    rng = np.random.default_rng(seed)
    series = {f"item{i}": rng.poisson(8, 120).tolist() for i in range(10)}
    scores = spikes.spike_scores(_days(series), "name")
    assert not scores["spike"].any()


def test_first_mention_of_a_rare_name_is_not_a_spike() -> None:
    counts = [0] * 40 + [1] + [0] * 10
    scores = spikes.spike_scores(_days({"Rare": counts, "Busy": [5] * 51}), "name")
    assert not scores["spike"].any()


def test_a_name_appearing_suddenly_in_many_documents_is_a_spike() -> None:
    counts = [0] * 40 + [12] + [0] * 5
    scores = spikes.spike_scores(_days({"New": counts, "Busy": [4] * 46}), "name")
    assert scores.loc[scores["spike"], "period"].tolist() == ["2024-02-10"]


def test_no_score_without_history() -> None:
    counts = [50] + [1] * 20
    scores = spikes.spike_scores(_days({"Early": counts}), "name")
    first = scores[scores["period"] == "2024-01-01"].iloc[0]
    assert pd.isna(first["score"]) and not first["spike"]


def test_hand_computed_score() -> None:
    # 28 days of history alternating 4 and 6: median 5, MAD 1 -> spread max(1.4826, sqrt 5)
    history = [4, 6] * 14
    scores = spikes.spike_scores(_days({"X": [*history, 15], "Y": [*history, 25]}), "name")
    x, y = scores[scores["item"] == "X"].iloc[-1], scores[scores["item"] == "Y"].iloc[-1]
    assert x["baseline"] == 5
    assert x["score"] == pytest.approx((15 - 5) / np.sqrt(5))
    # z = 4.5 but 15 documents on a mean of 5 happen once in 4,400 days: not a spike
    assert x["p_value"] == pytest.approx(2.3e-4, rel=0.05) and not x["spike"]
    assert y["score"] == pytest.approx((25 - 5) / np.sqrt(5)) and y["spike"]


def test_weekly_counts_and_what_rose_in_a_range() -> None:
    rng = np.random.default_rng(3)
    calm = rng.poisson(3, 140).tolist()
    rising = rng.poisson(3, 140).tolist()
    for d in range(98, 105):  # the week of 2024-04-08 (day 98 is a Monday)
        rising[d] = 12
    days = _days({"Calm": calm, "Rising": rising})
    weekly = spikes.spike_scores(days, "name", period="week")
    assert weekly.loc[weekly["spike"], ["item", "period"]].values.tolist() == [
        ["Rising", "2024-04-08"]
    ]
    rose = spikes.what_rose(
        days, "name", date_from="2024-04-01", date_to="2024-04-30", period="week"
    )
    assert rose["item"].tolist() == ["Rising"]
    quiet = spikes.what_rose(
        days, "name", date_from="2024-02-01", date_to="2024-02-28", period="week"
    )
    assert quiet.empty


def test_empty_and_undated_input() -> None:
    assert spikes.spike_scores(pd.DataFrame(columns=["name", "date", "documents"]), "name").empty
    undated = pd.DataFrame({"name": ["A"], "date": [None], "documents": [3]})
    assert spikes.what_rose(undated, "name").empty


@settings(deadline=None)
@given(
    st.lists(st.integers(-2, 400), min_size=1, max_size=30),
    st.lists(st.floats(0.01, 500) | st.just(float("inf")), min_size=30, max_size=30),
)
def test_poisson_tail_is_scipy_stats_survival(counts: list[int], rates: list[float]) -> None:
    """spikes.poisson_tail (scipy.special, cheap to import) gives scipy.stats' P(X >= k)."""
    from scipy.stats import poisson

    k, lam = np.array(counts), np.array(rates[: len(counts)])
    expected = poisson.sf(k - 1, lam)
    assert np.allclose(spikes.poisson_tail(k, lam), expected, rtol=1e-9, atol=1e-300)
