"""The Overview page with stray dates: the time axes open on the bulk, the strays are
announced, and "Show all dates" stretches the axes over them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

OpenApp = Callable[..., AppTest]


def june_corpus(folder: Path) -> Path:
    """30 stories from June 2024, one dated 1863 and one 2099 (JSONL)."""
    dates = [f"2024-06-{d:02d}" for d in range(1, 31)] + ["1863-07-01", "2099-01-01"]
    path = folder / "june.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i, day in enumerate(dates):
            text = f"Officials in Paris met envoys from Kenya on day {i} to discuss trade."
            row = {"id": f"s{i}", "title": f"Story {i}", "date": day, "source": "Wire",
                   "text": text}  # fmt: skip
            out.write(json.dumps(row) + "\n")
    return path


def figures(at: AppTest) -> dict[str, dict]:
    """The Plotly figures on the page, by their element id's key part."""
    out = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        out[element.proto.id] = spec
    return out


def x_ranges(at: AppTest) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    ranges = []
    for spec in figures(at).values():
        axis = spec["layout"].get("xaxis", {})
        if axis.get("type") == "date" and axis.get("range"):
            ranges.append(tuple(pd.Timestamp(v) for v in axis["range"]))
    return ranges


def test_time_axes_open_on_june_2024_and_show_all_on_demand(
    open_app: OpenApp, tmp_path: Path
) -> None:
    at = open_app(june_corpus(tmp_path))
    assert not at.exception
    ranges = x_ranges(at)
    assert ranges  # documents per day (and events per day when events were found)
    for lo, hi in ranges:
        assert pd.Timestamp("2024-05-20") <= lo and hi <= pd.Timestamp("2024-07-10"), (lo, hi)
    notes = [c.value for c in at.caption if "outside the range shown" in c.value]
    assert notes and "2 documents outside the range shown" in notes[0]
    assert "1863-07-01" in notes[0] and "2099-01-01" in notes[0]

    at.toggle(key="alldates").set_value(True).run()
    assert not at.exception
    for lo, hi in x_ranges(at)[-1:]:  # documents per day (the last chart): every date
        assert lo <= pd.Timestamp("1863-07-01") and hi >= pd.Timestamp("2099-01-01")
