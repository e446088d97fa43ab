"""Small Streamlit building blocks the pages share."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st
from plotly.graph_objects import Figure

from analysis.filters import Filters
from analysis.present import exports
from analysis.present.charts import axes
from ui import state, view_params
from ui.text import md


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "table"


def download_table(
    frame: pd.DataFrame,
    name: str,
    *,
    key: str | None = None,
    formats: Sequence[str] = ("csv", "json"),
    root: str | None = None,
    note: str = "",
) -> None:
    """Download buttons (CSV and JSON by default) for ``frame``, saved as ``<name>.<fmt>``.

    The bytes are produced only when the user clicks (through analysis.present.exports, the one
    writer: CSV cells cannot start a formula). ``name`` is plain text (it may name an
    entity) and is escaped here. ``key`` defaults to the name; give one when the same
    table appears twice on a page. ``root``: the corpus folder the frame's paths are made
    relative to (analysis.present.exports.table_bytes); this session's corpus by default.
    ``note``: what the frame was made under besides the filters (" (rules -names)", the
    Countries page's switched rules), added to the file name and the button's help.
    """
    slug = _slug(name + note)
    root = str(state.corpus_path()) if root is None else root
    row = st.container(horizontal=True, gap="small")
    for fmt in formats:
        row.download_button(
            fmt.upper(),
            data=partial(exports.table_bytes, frame, fmt, root=root),
            file_name=f"{slug}.{fmt}",
            mime=exports.MIME_TYPES[fmt],
            key=f"dl-{key or slug}-{fmt}",
            on_click="ignore",
            icon=":material/download:",
            help=f"Download {md(name + note)} ({len(frame):,} rows, current filters) as "
            f"{fmt.upper()}",
        )


def empty_state(message: str, *, clear_filters: bool = True) -> None:
    """A clear "nothing to show" notice; offers to clear the filters when some are set.

    ``message`` is Markdown: escape any user or corpus text in it with ui.text.md."""
    st.info(message, icon=":material/search_off:")
    if clear_filters and state.filters().active:
        st.button(
            "Clear all filters",
            key=f"empty-clear-{_slug(message)[:40]}",
            on_click=state.set_filters,
            args=(Filters(),),
            icon=":material/filter_alt_off:",
        )


def picked(event: dict[str, Any]) -> list[str]:
    """The ``customdata[0]`` of each selected point (the raw value analysis.present.charts
    put there)."""
    values = []
    for point in (event.get("selection") or {}).get("points") or []:
        data = point.get("customdata")
        if isinstance(data, list | tuple) and data:
            values.append(str(data[0]))
        elif isinstance(data, str):
            values.append(data)
    return list(dict.fromkeys(values))


def chart(
    fig: Figure,
    key: str,
    *,
    filter: str | None = None,
    on_select: Callable[[dict[str, Any]], None] | None = None,
    selection_mode: str | Sequence[str] = "points",
) -> None:
    """Draw ``fig`` with a stable ``key`` (browser tests find charts by it).

    ``filter`` (a field of analysis.filters.Filters, e.g. ``"countries"``) makes a
    click set that filter to the clicked points' ``customdata[0]``, the raw value the
    analysis.present.charts figures put there. ``on_select(event)`` is the general form; it
    runs as a widget callback (before the rerun), so it must not call st.rerun().
    """
    config = {"displaylogo": False}
    if filter is None and on_select is None:
        st.plotly_chart(fig, key=key, config=config)
        return
    st.plotly_chart(
        fig,
        key=key,
        on_select=partial(_selected, key, filter, on_select),
        selection_mode=selection_mode,
        config=config,
    )


def _selected(
    key: str, filter: str | None, on_select: Callable[[dict[str, Any]], None] | None
) -> None:
    event = st.session_state.get(key) or {}
    if not (event.get("selection") or {}).get("points"):
        return
    if filter is not None:
        values = picked(event)
        if values:
            state.set_filter(filter, values, rerun=False)
    if on_select is not None:
        on_select(dict(event))


def table(
    frame: pd.DataFrame, name: str, *, key: str | None = None, note: str = "", **kwargs: Any
) -> None:
    """``st.dataframe`` of ``frame`` with its download buttons, or an empty state.

    ``name`` is plain text (escaped here); ``note``: as for :func:`download_table`."""
    if frame.empty:
        if state.filters().active:
            empty_state(f"No {md(name)} match the current filters.")
        else:
            empty_state(f"This corpus has no {md(name)}.")
        return
    st.dataframe(frame, key=key or f"table-{_slug(name)}", hide_index=True, **kwargs)
    download_table(frame, name, key=key, note=note)


def outside_switch(metas: dict[str, dict], **bound: Any) -> None:
    """Announce the dates beyond the bulk of some time-axis figures and offer to show all.

    ``metas`` maps a plural noun to a figure's ``layout.meta``
    (analysis.present.charts.axes.axis_meta); nothing is drawn when every value is inside. The
    wording and the rule are the core's (analysis.present.charts.axes), the same on every page.
    ``bound``: the toggle's URL binding, ``ui.view_params.bound(name)``; the page reads
    its value before building the figures with ``view_params.toggle_value(name, False)``.
    """
    name = bound["key"]
    text = axes.announcement(metas, show_all=view_params.toggle_value(name, False))
    if not text:
        return
    st.caption(text, help=axes.RULE_HELP)
    st.toggle("Show all dates", help="Stretch the time axes over every date, including the "
              "stray ones far from the rest", **bound)  # fmt: skip
