"""The offline HTML report: one self-contained file, drawn from a Jinja2 template.

:func:`html_report` renders ``analysis/present/templates/report.html.j2`` with autoescaping on,
so every corpus string (titles, sources, entity names, filters, the corpus path) is
escaped by the template engine, in one place; nothing is assembled by hand.

What makes the file work when opened from disk with the network off:

* every figure carries :data:`analysis.present.charts.theme.TEMPLATE` explicitly (a report made
  inside the dashboard process would otherwise inherit Streamlit's placeholder colours);
* the world map is :func:`analysis.present.charts.countries.world_map_svg` (SVG paths from the
  shipped GeoJSON, with an inline empty topology so plotly.js requests nothing);
* plotly.js (4.8 MB as text; the wheel ships no partial bundle) and the figures' JSON are
  gzip-compressed and base64-encoded into the page, and inflated by the browser with
  ``DecompressionStream``: about 2 MB for the library;
* a Content-Security-Policy (:data:`CSP`) forbids every request to anywhere.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from analysis.aliases import describe_edits
from analysis.filters import Filters, describe
from analysis.present import exports
from analysis.present.charts import axes, theme
from analysis.present.charts import countries as country_charts
from analysis.present.charts import entities as entity_charts
from analysis.present.charts import overview as overview_charts
from analysis.present.report import key_figures
from analysis.tables import Corpus

TEMPLATES = Path(__file__).resolve().parent / "templates"
PLOTLY_JS = Path(go.__file__).resolve().parent.parent / "package_data" / "plotly.min.js"
#: Nothing may be fetched: scripts and styles are inline, images only data:/blob: (the
#: toolbar's PNG download), and data: "connections" only (the map's empty topology).
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src data:; base-uri 'none'; form-action 'none'"
)
#: plotly.js options of every figure in the report.
PLOT_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "topojsonURL": country_charts.EMPTY_TOPOJSON_URL,
}
#: What a chart counts, for its "N ... outside the range shown" note (default "items").
COUNTED = {"Documents per day and source": "documents", "Events per day": "events"}
#: Rows of each table in the report (the ZIP/XLSX downloads have them all).
TABLE_ROWS = {"entities": 50, "countries": 50, "events": 50, "documents": 200, "skipped": 500}


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _pack(data: bytes) -> str:
    """gzip (level 9, no timestamp: the same input gives the same file) then base64."""
    return base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")


@lru_cache(maxsize=1)
def plotly_js_payload() -> str:
    """plotly.min.js of the installed plotly, gzip+base64 (made once per process)."""
    return _pack(PLOTLY_JS.read_bytes())


def report_figures(corpus: Corpus) -> list[tuple[str, go.Figure]]:
    """(title, figure) of every chart in the report, in reading order."""
    docs = corpus.documents
    entities = corpus.table("entities")
    countries = corpus.table("countries")
    cooc = corpus.table("cooccurrences")
    figures: list[tuple[str, go.Figure]] = [
        ("Documents per day and source", overview_charts.documents_per_day(docs)),
        ("Documents per source", overview_charts.documents_per_source(docs)),
        ("Most mentioned entities", entity_charts.top_entities_bar(entities, top=20)),
        ("Named together", entity_charts.cooccurrence_network(entities, cooc)),
        ("Countries on the map", country_charts.world_map_svg(countries)),
        ("Most mentioned countries", overview_charts.country_bar(countries, top=20)),
        ("Events per day", overview_charts.events_per_day(corpus.table("merged_events"))),
    ]
    return figures


def _figure_entry(title: str, fig: go.Figure) -> dict[str, Any]:
    """A figure as the page draws it: its JSON with the theme set, its height, its note."""
    fig = go.Figure(fig)  # a copy: the caller's figure (maybe cached) is left alone
    theme.apply(fig)
    height = int(fig.layout.height or 450)
    fig.update_layout(height=height, autosize=True, width=None)
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    outside = int(meta.get("outside") or 0)
    note = ""
    if outside:
        dates = ", ".join(meta.get("outside_dates") or [])
        note = axes.outside_note(outside, COUNTED.get(title, "items"))
        note += f" ({dates})" if dates else ""
        note += "; double-click the chart to show all."
    spec = fig.to_plotly_json()
    return {
        "title": title,
        "height": height,
        "note": note,
        "plot": {"data": spec["data"], "layout": spec["layout"], "config": PLOT_CONFIG},
    }


def _table(frame: pd.DataFrame, columns: Sequence[str], limit: int, title: str) -> dict:
    present = [c for c in columns if c in frame.columns]
    rows = [[_cell(v) for v in row] for row in frame[present].head(limit).itertuples(index=False)]
    return {"title": title, "columns": present, "rows": rows, "more": max(0, len(frame) - limit)}


def _cell(value: Any) -> Any:
    """A table cell: numbers stay numbers (right-aligned), missing values are ''."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if hasattr(value, "item"):
        value = value.item()
    return value if isinstance(value, int | float | str) else str(value)


def _tables(corpus: Corpus) -> list[dict]:
    events = ["date", "actors", "action", "event_type", "place", "reports", "sentence"]
    tables = [
        _table(corpus.table("entities"), ["name", "label", "mentions", "documents"],
               TABLE_ROWS["entities"], "Entities"),
        _table(corpus.table("countries"), ["name", "iso3", "mentions", "documents"],
               TABLE_ROWS["countries"], "Countries"),
        _table(corpus.table("merged_events"), events, TABLE_ROWS["events"], "Events"),
        _table(corpus.documents, ["date", "source", "title", "words"],
               TABLE_ROWS["documents"], "Documents"),
    ]  # fmt: skip
    if len(corpus.skipped):
        tables.append(
            _table(corpus.skipped, ["path", "reason"], TABLE_ROWS["skipped"], "Skipped items")
        )
    return tables


def _key_figure_rows(kf: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("Documents", f"{kf['documents']:,}"),
        ("Words", f"{kf['words']:,}"),
        ("Dates", f"{kf['first_date'] or 'n/a'} to {kf['last_date'] or 'n/a'}"),
        ("Entities", f"{kf['entities']:,}"),
        ("Countries", f"{kf['countries']:,}"),
        ("Events", f"{kf['events']:,}"),
        ("Skipped items", f"{kf['skipped']:,}"),
    ]


def _rule_lines(spec: str) -> list[str]:
    """What each rule of ``spec`` switches, from the registry; [] for the defaults."""
    if not spec:
        return []
    from analysis.countries.rule_specs import describe_spec  # the country package: heavy

    return describe_spec(spec)


def html_report(
    corpus: Corpus,
    filters: Filters,
    *,
    figures: Sequence[tuple[str, go.Figure]] | None = None,
    exported_at: datetime | None = None,
) -> str:
    """A self-contained HTML report (opens offline): key figures, every figure, top tables.

    ``figures`` defaults to :func:`report_figures`. Every corpus string is escaped by
    the template; plotly.js and the figures are embedded once, compressed.
    """
    corpus = exports.shareable(corpus)  # the corpus by name, paths relative to it
    figures = report_figures(corpus) if figures is None else figures
    entries = [_figure_entry(title, fig) for title, fig in figures]
    payload = json.dumps([e["plot"] for e in entries], cls=PlotlyJSONEncoder, separators=(",", ":"))
    when = (exported_at or datetime.now(UTC)).isoformat(timespec="seconds")
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            csp=CSP,
            text_colour=theme.TEXT_COLOUR,
            corpus_path=str(corpus.path),
            model=str(corpus.model),
            exported=when,
            filters=describe(filters),
            warning=corpus.warning or "",
            alias_edits=describe_edits(getattr(corpus, "aliases", "") or None),
            country_rules=corpus.rules or "the defaults",
            country_rule_lines=_rule_lines(corpus.rules),
            key_figures=_key_figure_rows(key_figures(corpus)),
            figures=entries,
            tables=_tables(corpus),
            plotly_js=plotly_js_payload(),
            figures_json=_pack(payload.encode("utf-8")),
        )
    )
