"""Every figure builder sets the one NewsLens template explicitly (analysis.present.charts.theme),
so a figure looks the same whatever plotly's default template is (streamlit changes it)."""

from __future__ import annotations

import ast
import html
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_filters import make_corpus

from analysis.present.charts import countries, entities, overview, theme, timeline


def builders():
    """Figure name -> a builder; the corpus is made when the first figure is, so listing
    the names (the parametrize below, at collection, in every xdist worker) builds none."""
    made: list = []

    def corpus():
        made[:] = made or [make_corpus()]
        return made[0]

    def docs():
        return corpus().documents

    def table(name: str):
        return corpus().table(name)

    return {
        "entity_bar": lambda: overview.entity_bar(table("entities")),
        "country_bar": lambda: overview.country_bar(table("countries")),
        "events_per_day": lambda: overview.events_per_day(table("merged_events")),
        "documents_per_day": lambda: overview.documents_per_day(docs()),
        "documents_per_source": lambda: overview.documents_per_source(docs()),
        "empty": lambda: overview.empty_figure("nothing"),
        "top_entities_bar": lambda: entities.top_entities_bar(table("entities")),
        "entity_treemap": lambda: entities.entity_treemap(table("entities")),
        "network": lambda: entities.cooccurrence_network(table("entities"), table("cooccurrences")),
        "world_map": lambda: countries.world_map(table("countries")),
        "world_map_svg": lambda: countries.world_map_svg(table("countries")),
        "countries_bar": lambda: countries.country_bar(table("countries")),
        "timeline": lambda: timeline.timeline(table("events")),
        "event_volume": lambda: timeline.event_volume(table("events")),
    }


@pytest.mark.parametrize("name", sorted(builders()))
def test_every_figure_carries_the_template(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pio.templates, "default", "ggplot2")  # as streamlit would, elsewhere
    fig = builders()[name]()
    assert fig.layout.template == theme.TEMPLATE, name
    assert fig.layout.template.layout.colorway == theme.COLORWAY


def test_one_palette_for_highlights_and_charts() -> None:
    from analysis.present import report

    assert report.LABEL_COLOURS is theme.LABEL_COLOURS is entities.LABEL_COLOURS


# ---------------------------------------------------------------- the one HTML escape


def _html_escape_calls(path: Path) -> list[int]:
    """Lines of ``path`` that call the standard library's HTML escape (``html.escape``,
    or ``escape`` imported from ``html``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "html"
        for alias in node.names
        if alias.name == "escape"
    }
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Attribute) and node.func.attr == "escape"
             and isinstance(node.func.value, ast.Name) and node.func.value.id == "html")
            or (isinstance(node.func, ast.Name) and node.func.id in names)
        )
    ]  # fmt: skip


def test_the_core_escapes_html_in_one_place() -> None:
    """Corpus text reaches HTML (report, concordances, Plotly hovers) through
    theme.escape_html only: one place to get right, not one copy per chart module."""
    root = Path(theme.__file__).resolve().parents[2]
    calls = {
        str(path.relative_to(root)): lines
        for path in sorted(root.rglob("*.py"))
        if (lines := _html_escape_calls(path))
    }
    assert calls == {"present/charts/theme.py": calls.get("present/charts/theme.py", [])}
    assert len(calls["present/charts/theme.py"]) == 1


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False)))
def test_escape_html_is_inert_and_loses_nothing(value: object) -> None:
    out = theme.escape_html(value)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert html.unescape(out) == str(value)
    assert "<" not in theme.escape_html(value, quote=False)


def test_escape_html_of_missing_values_is_empty() -> None:
    assert [theme.escape_html(v) for v in (None, pd.NA, float("nan"), np.nan)] == [""] * 4
