"""The one look of every NewsLens figure and highlight: palette, Plotly template, labels.

Declared once here and read by the chart builders (dashboard and report alike), by the
document highlighting (analysis.present.report) and by the Entities page:

* :data:`LABEL_COLOURS` — one colour per spaCy label. They are displaCy's colours (the
  ones spaCy users know from ``displacy.render``), light enough to sit behind dark text in
  a highlighted document and distinct enough as bar and node colours; LANGUAGE, TIME and
  the number labels, which displaCy shares with other labels, get their own.
* :data:`TEMPLATE` — the Plotly template every figure carries explicitly. Importing
  streamlit sets ``plotly.io.templates.default`` to a template of placeholder colours
  (#000001, #000002, ...) that only Streamlit's frontend replaces, and without automatic
  margins; a figure relying on the default would look right in the dashboard and broken
  in a file made in the same process (the offline report). With this template a figure
  is the same whatever was imported before it.
* :func:`escape_html` — the one HTML escape of the presentation floor: every corpus
  string that goes into HTML (the report's documents, concordances, Plotly hovers and
  labels, which render a subset of HTML) is escaped by it, nowhere else
  (tests/analysis/test_charts_theme.py checks that no other module calls ``html.escape``).
* :func:`plotly_text` — a corpus string made inert for a Plotly label or hover, on one
  line, optionally cut to a width.
"""

from __future__ import annotations

import html
import math

import plotly.graph_objects as go

#: Colour per spaCy label (displaCy's palette; see the module docstring).
LABEL_COLOURS: dict[str, str] = {
    "PERSON": "#aa9cfc",
    "ORG": "#7aecec",
    "GPE": "#feca74",
    "LOC": "#ff9561",
    "NORP": "#c887fb",
    "FAC": "#9cc9cc",
    "EVENT": "#ffeb80",
    "WORK_OF_ART": "#f0d0ff",
    "LAW": "#ff8197",
    "LANGUAGE": "#f7b6d2",
    "PRODUCT": "#bfeeb7",
    "DATE": "#bfe1d9",
    "TIME": "#a6d8ce",
    "MONEY": "#e4e7d2",
    "QUANTITY": "#d9dcc4",
    "ORDINAL": "#ecedde",
    "CARDINAL": "#e4e7d2",
    "PERCENT": "#d0d4b8",
}
#: Colour of a label not in :data:`LABEL_COLOURS` (a custom model's labels).
DEFAULT_COLOUR = "#dddddd"
#: Series colours (sources, lines, communities): Plotly's D3 palette, readable on white.
COLORWAY: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
#: Continuous scale (maps, heatmaps): starts at a visible blue, not the page's white.
SEQUENTIAL: list[list[float | str]] = [[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]
TEXT_COLOUR = "#262730"
GRID_COLOUR = "#e6e6e6"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

_AXIS = {
    "automargin": True,  # long entity names and date labels push the margin, never cut
    "gridcolor": GRID_COLOUR,
    "linecolor": "#bbbbbb",
    "zerolinecolor": GRID_COLOUR,
    "title": {"standoff": 8},
}

#: The template every figure carries (see the module docstring).
TEMPLATE = go.layout.Template(
    layout={
        "colorway": list(COLORWAY),
        "font": {"family": FONT_FAMILY, "color": TEXT_COLOUR, "size": 12},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "colorscale": {"sequential": SEQUENTIAL},
        "hoverlabel": {"align": "left"},
        "legend": {"bgcolor": "rgba(255,255,255,0.6)"},
        "geo": {"bgcolor": "#ffffff"},
    }
)


def label_colour(label: str) -> str:
    """The colour of a spaCy ``label``; :data:`DEFAULT_COLOUR` for an unknown one."""
    return LABEL_COLOURS.get(label, DEFAULT_COLOUR)


def apply(fig: go.Figure) -> go.Figure:
    """``fig`` with :data:`TEMPLATE` set explicitly (returns the same figure)."""
    fig.layout.template = TEMPLATE
    return fig


def escape_html(value: object, *, quote: bool = True) -> str:
    """``value`` as inert HTML text ('' for None, NA and NaN): ``& < >`` escaped, and with
    ``quote`` the quotes too (for a quoted attribute; harmless in text)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ == "NAType":  # pandas.NA, without importing pandas here
        return ""
    return html.escape(str(value), quote=quote)


def plotly_text(value: object, *, width: int | None = None) -> str:
    """A corpus string safe as a Plotly label or hover: one line, HTML-escaped; cut to
    ``width`` characters with "…" when given (before escaping, so no entity is split)."""
    text = " ".join(str(value).split())
    if width is not None and len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return escape_html(text, quote=False)
