"""analysis.compare: weighted log-odds with an informative Dirichlet prior."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import compare, schema


def test_log_odds_against_a_hand_computed_example() -> None:
    # A names x 10 times, B names y 10 times; prior alpha_0 = 2 from the combined counts,
    # so alpha_x = alpha_y = 1:
    # delta_x = log(11 / (10 + 2 - 10 - 1)) - log(1 / (10 + 2 - 0 - 1)) = 2 log 11
    # var_x = 1/11 + 1/1, z_x = 2 log 11 / sqrt(12/11)
    a = pd.Series({"x": 10})
    b = pd.Series({"y": 10})
    out = compare.log_odds(a, b, prior_strength=2.0)
    assert out.index.tolist() == ["x", "y"]
    assert out.loc["x", "delta"] == pytest.approx(2 * math.log(11))
    assert out.loc["x", "z"] == pytest.approx(2 * math.log(11) / math.sqrt(12 / 11))
    assert out.loc["y", "z"] == pytest.approx(-out.loc["x", "z"])


def test_equal_shares_score_zero_and_rare_items_are_shrunk() -> None:
    a = pd.Series({"common": 100, "rare": 1, "same": 50})
    b = pd.Series({"common": 10, "rare": 0, "same": 50})
    out = compare.log_odds(a, b)
    # "rare" (1 vs 0) is far less certain than "common" (100 vs 10)
    assert out.loc["common", "z"] > out.loc["rare", "z"] > 0
    assert out.index[0] == "common"


def _tables(entities: list[tuple[str, str, int]], events: list[str]) -> dict[str, pd.DataFrame]:
    ents = schema.conform(
        [{"name": n, "label": lab, "documents": d, "mentions": d} for n, lab, d in entities],
        "entities",
    )
    evs = schema.conform(
        [{"event_id": str(i), "event_type": t} for i, t in enumerate(events)], "events"
    )
    return {"entities": ents, "countries": schema.empty("countries"), "events": evs}


def test_compare_slices_names_the_side_each_item_favours() -> None:
    a = _tables([("Iran", "GPE", 40), ("Iraq", "GPE", 40), ("OPEC", "ORG", 2)],
                ["attack"] * 30 + ["meet"] * 5)  # fmt: skip
    b = _tables([("Iran", "GPE", 40), ("Iraq", "GPE", 2), ("OPEC", "ORG", 40)],
                ["attack"] * 5 + ["meet"] * 30)  # fmt: skip
    ents = compare.compare_slices(a, b, "entities", names=("June", "July"))
    assert ents["item"].tolist()[0] == "Iraq" and ents["item"].tolist()[-1] == "OPEC"
    favours = ents.set_index("item")["favours"]
    assert favours["Iraq"] == "June" and favours["OPEC"] == "July"
    assert ents.set_index("item").loc["Iraq", "label"] == "GPE"
    events = compare.compare_slices(a, b, "event_types").set_index("item")
    assert events.loc["attack", "z"] > 1.96 > -1.96 > events.loc["meet", "z"]


def test_empty_slices() -> None:
    empty = _tables([], [])
    assert compare.compare_slices(empty, empty, "entities").empty
    with pytest.raises(ValueError):
        compare.compare_slices(empty, empty, "words")
