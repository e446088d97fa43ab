"""AppTest: count each story once, story groups, the Compare page and "What rose"."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

OpenApp = Callable[..., AppTest]

WIRE = (
    "Officials from France and Germany met in Paris on Monday to discuss a new trade "
    "agreement covering steel, grain and machinery, the French foreign ministry said. "
    "The talks, the third round this year, will continue in Berlin next month, and a "
    "draft text is expected before the summer, ministry spokeswoman Claire Martin said."
)
REWRITE = (
    "Officials from France and Germany met in Paris on Monday to discuss a new trade "
    "agreement covering steel, grain and machinery, the French foreign ministry said. "
    "The talks, the third round this year, will resume in Berlin next month, and a draft "
    "text is expected before summer, ministry spokeswoman Claire Martin told reporters."
)
CITIES = ["Lima", "Hanoi", "Ottawa", "Madrid", "Nairobi"]


def _story(i: int, day: date, city: str, source: str) -> dict[str, str]:
    return {
        "id": f"s{i}",
        "title": f"Report {i} from {city}",
        "date": day.isoformat(),
        "source": source,
        "text": f"{city} - Local officials in {city} opened market number {i} on "
        f"{day:%A}, report {i * 7} said; {i + 3} traders attended and prices held.",
    }


@pytest.fixture(scope="module")
def trends_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 days of one short local report a day, then 8 reports naming Cairo on day 36,
    and one wire story with its rewrite a day later (two sources)."""
    start = date(2024, 5, 1)
    rows = []
    for i in range(40):
        source = "Daily Two" if i % 2 else "Wire One"
        rows.append(_story(i, start + timedelta(days=i), CITIES[i % len(CITIES)], source))
    for k in range(8):
        rows.append(_story(100 + k, start + timedelta(days=36), "Cairo", "Wire One"))
    rows.append({"id": "w1", "title": "Trade talks", "date": "2024-05-20",
                 "source": "Wire One", "text": WIRE})  # fmt: skip
    rows.append({"id": "w2", "title": "Trade talks resume", "date": "2024-05-21",
                 "source": "Daily Two", "text": REWRITE})  # fmt: skip
    path = tmp_path_factory.mktemp("trends") / "news.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_count_each_story_once_switch_changes_every_count_and_the_url(
    open_app: OpenApp, trends_corpus: Path
) -> None:
    at = open_app(trends_corpus)
    _no_exception(at)
    assert _metric(at, "Documents") == "50"
    at.sidebar.toggle(key="flt_once").set_value(True).run()
    _no_exception(at)
    assert _metric(at, "Documents") == "49"
    assert at.query_params.get("once") in ("1", ["1"])
    reopened = open_app(trends_corpus, params={"once": "1"})
    assert _metric(reopened, "Documents") == "49"
    assert reopened.sidebar.toggle(key="flt_once").value is True


def test_documents_page_lists_the_story_group(open_app: OpenApp, trends_corpus: Path) -> None:
    at = open_app(trends_corpus, page="pages/documents.py")
    _no_exception(at)
    groups = next(df.value for df in at.dataframe if "story_id" in df.value.columns)
    assert sorted(groups["title"]) == ["Trade talks", "Trade talks resume"]
    assert any("Near-duplicate stories: 1 groups of 2 documents" in e.label for e in at.expander)


def test_compare_two_sources(open_app: OpenApp, trends_corpus: Path) -> None:
    at = open_app(trends_corpus, page="pages/compare.py")
    _no_exception(at)
    at.segmented_control(key="mode").set_value("sources").run()
    _no_exception(at)
    left = at.dataframe(key="compare-entities-0").value
    # Sources are offered sorted: A is "Daily Two", B "Wire One", which ran every Cairo report.
    right = at.dataframe(key="compare-entities-1").value
    assert "Cairo" in right["item"].tolist()
    assert "Cairo" not in left["item"].tolist()


def test_compare_two_periods_renders_every_tab(open_app: OpenApp, trends_corpus: Path) -> None:
    at = open_app(trends_corpus, page="pages/compare.py")
    _no_exception(at)
    assert len(at.tabs) == 3
    later = at.dataframe(key="compare-entities-1").value  # period B: the second half
    assert "Cairo" in later["item"].tolist()


def test_overview_what_rose_lists_the_spike(open_app: OpenApp, trends_corpus: Path) -> None:
    at = open_app(trends_corpus)
    _no_exception(at)
    at.segmented_control(key="rose").set_value("day").run()
    rose = at.dataframe(key="overview-rose-table-name").value
    assert rose["item"].tolist()[0] == "Cairo"
    assert rose["period"].tolist()[0] == "2024-06-06"
    countries = at.dataframe(key="overview-rose-table-iso3").value
    assert countries["item"].tolist()[0] == "EGY"


def test_overview_says_nothing_rose_instead_of_drawing_empty_charts(open_app: OpenApp) -> None:
    """A one-day corpus has no baseline: each side of "What rose" is one caption and no
    chart (empty charts cost the browser a Plotly draw for nothing)."""
    at = open_app()  # the one-article fixture corpus
    _no_exception(at)
    said = [c.value for c in at.caption if c.value.startswith("Nothing rose")]
    assert len(said) == 2
    charts = [e for e in at.get("plotly_chart") if "overview-rose" in str(e.proto)]
    assert charts == []
