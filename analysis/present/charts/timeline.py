"""Timeline figures: events over time (EVENTS or MERGED_EVENTS rows in, ``go.Figure`` out).

Pure plotly, no Streamlit. Every event is a scatter marker at its date, because a
single-day event drawn as a bar (``px.timeline``) has zero length and vanishes; an
event dated to a week, month or year also gets a translucent bar over the days it
covers, with its marker in the middle; single-day events sharing a row and a day are
spread across that day so none hides another. Colour = event type (fixed colours, so a type
keeps its colour across filters); the marker's shape says how sure the date is (see
:data:`MARKER_KEY`): filled = a date in the sentence, hollow = reported on (no date
in the clause, dated by publication), diamond = planned, a cross = negated. Hover shows
the sentence, HTML-escaped (plotly renders hover text as HTML); ``customdata[0]`` of
every point is the event's id (``merged_id`` or ``event_id``) for click handling.
Undated events are left out: the page lists them apart
(:func:`analysis.event_views.undated_events`).
"""

from __future__ import annotations

import textwrap
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.dates import value_span
from analysis.event_views import event_ids, is_true
from analysis.present.charts import axes, theme

#: Event types in taxonomy order with their colours (see analysis.events).
TYPE_COLOURS: dict[str, str] = {
    "make_statement": "#9e9e9e",
    "appeal": "#80cbc4",
    "express_intent_to_cooperate": "#4db6ac",
    "consult_meet": "#1e88e5",
    "visit": "#3949ab",
    "diplomatic_cooperation": "#43a047",
    "provide_aid": "#7cb342",
    "demand": "#fdd835",
    "disapprove": "#ffb300",
    "reject": "#fb8c00",
    "threaten": "#f4511e",
    "protest": "#8e24aa",
    "exhibit_force": "#6d4c41",
    "coerce": "#d81b60",
    "assault": "#c62828",
    "fight": "#7f0000",
    # Issue 16: ACE 2005 and WordNet-supersense types (analysis/data/event_types.csv).
    "die": "#000000",
    "injure": "#e57373",
    "disaster": "#ff6f00",
    "transaction": "#00897b",
    "personnel": "#5e35b1",
    "justice": "#ad1457",
    "contest": "#00acc1",
    "release": "#c0ca33",
    "award": "#fbc02d",
    "health": "#26a69a",
    "transport": "#546e7a",
    "communicate": "#bdbdbd",
    "movement": "#90a4ae",
    "contact": "#a1887f",
    "possession": "#b0bec5",
    "change": "#b39ddb",
    "creation": "#aed581",
    "social": "#9fa8da",
    "body": "#f48fb1",
    "competition": "#80deea",
    "other": "#cfd8dc",
}
Y_CHOICES = ("actor", "event_type", "country")
NO_PLACE = "(no place)"
NO_ACTOR = "(no named actor)"  # issue 16: "the earthquake", "a gunman" are events too
VOLUME_HOVER = "%{x|%Y-%m-%d}: %{y} events<extra></extra>"
MARKER_KEY = "● date in the text · ○ reported on (publication date) · ◆ planned · ✕ negated"


#: Characters of an event's sentence in its hover (the whole sentence is one click away,
#: in the page's detail panel): on 18,781 Reuters stories the hover texts were 60 % of a
#: 1.2 MB timeline figure, which the browser must receive and parse before drawing.
HOVER_SENTENCE = 200


def _escape(value: object, *, width: int = 80, limit: int | None = None) -> str:
    """Corpus text -> escaped HTML, wrapped with <br> for a readable hover; cut at a word
    boundary to ``limit`` characters (with " …") when given."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = textwrap.shorten(text, width=limit, placeholder=" …")
    lines = textwrap.wrap(text, width=width) or [""]
    return "<br>".join(theme.escape_html(line, quote=False) for line in lines)


def dated_events(events: pd.DataFrame, *, y: str = "actor") -> pd.DataFrame:
    """Events with a valid date, one row per timeline lane, with their span.

    In: EVENTS/MERGED_EVENTS rows. Out: columns lane (the y value), start, end, mid
    (datetimes), span_days, plus the originals. ``y="actor"`` gives one row per actor
    of a multi-actor event; ``y="country"`` uses the place's country (ISO3 name).
    """
    if y not in Y_CHOICES:
        raise ValueError(f"y must be one of {Y_CHOICES}, not {y!r}")
    spans = _spans(events.get("date", pd.Series(dtype=object)))
    keep = np.array([span is not None for span in spans], dtype=bool)
    frame = events.reset_index(drop=True).loc[keep].copy()
    spans = [span for span in spans if span is not None]
    frame["start"] = pd.to_datetime([datetime.combine(s, time()) for s, _ in spans])
    frame["end"] = pd.to_datetime([datetime.combine(e, time()) + timedelta(days=1)
                                   for _, e in spans])  # fmt: skip
    frame["span_days"] = [(e - s).days + 1 for s, e in spans]
    frame["mid"] = frame["start"] + (frame["end"] - frame["start"]) / 2
    frame["lane"] = _lanes(frame, y)
    frame = frame.explode("lane")
    frame = frame[frame["lane"].notna()].reset_index(drop=True)
    return _spread_within_day(frame)


def _spread_within_day(frame: pd.DataFrame) -> pd.DataFrame:
    """Single-day events sharing a lane and a day, spread evenly across that day.

    Drawn at one spot they would hide each other (six statements by one minister on
    the day of a press conference); every x stays inside the event's own day.
    """
    single = frame["span_days"] == 1
    days = frame[single]
    keys = [days["lane"], days["start"]]
    rank = days.groupby(keys).cumcount()
    count = days.groupby(keys)["start"].transform("size")
    seconds = ((rank + 0.5) / count * 86_400).round()  # whole seconds: any datetime unit
    spread = days["start"] + pd.to_timedelta(seconds, unit="s")
    frame.loc[single, "mid"] = spread.astype(frame["mid"].dtype)
    return frame


def _lanes(frame: pd.DataFrame, y: str) -> list[list[str]]:
    if y == "event_type":
        return [[v] if isinstance(v, str) else ["other"] for v in frame["event_type"]]
    if y == "country":
        from analysis.geo_sources import country_name

        return [[country_name(v)] if isinstance(v, str) else [NO_PLACE]
                for v in frame["place_iso3"]]  # fmt: skip
    return [[a.strip() for a in v.split(";") if a.strip()] or [NO_ACTOR]
            if isinstance(v, str) else [NO_ACTOR] for v in frame["actors"]]  # fmt: skip


def _hover(frame: pd.DataFrame) -> list[str]:
    rows = []
    for r in frame.itertuples(index=False):
        flags = " (planned)" if is_true(getattr(r, "planned", False)) else ""
        flags += " (negated)" if is_true(getattr(r, "negated", False)) else ""
        when = f"<b>{_escape(r.date)}</b>"
        if _reported(getattr(r, "date_basis", None)):  # no date in the clause
            when = f"<b>reported on {_escape(r.date)}</b> (publication date)"
        rows.append(
            f"{when} {_escape(r.event_type)}{flags}<br>"
            f"{_escape(r.actors)}: {_escape(r.action)}<br>"
            f"{_escape(r.sentence, limit=HOVER_SENTENCE)}"
        )
    return rows


def marker_symbol(basis: object, planned: object, negated: object) -> str:
    """Plotly symbol of one event (see :data:`MARKER_KEY`)."""
    symbol = "diamond" if is_true(planned) else "circle"
    symbol += "-x" if is_true(negated) else ""
    return symbol + ("-open" if _reported(basis) else "")


def _reported(basis: object) -> bool:
    return isinstance(basis, str) and basis == "reported"


def empty_timeline(message: str) -> go.Figure:
    """A blank figure saying ``message`` (no dated events under the filters)."""
    fig = go.Figure()
    fig.add_annotation(text=theme.escape_html(message), showarrow=False, x=0.5, y=0.5,
                       xref="paper", yref="paper")  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig.update_layout(height=200, template=theme.TEMPLATE)


def timeline(
    events_df: pd.DataFrame,
    *,
    y: str = "actor",
    max_lanes: int | None = None,
    show_all: bool = False,
    axis: axes.AxisRange | None = None,
) -> go.Figure:
    """Events on a date axis, one lane per actor, event type or country.

    In: EVENTS or MERGED_EVENTS rows (date, date_precision, actors, action, event_type,
    place_iso3, planned, sentence). Out: a figure with one scatter trace per event type
    (markers), translucent bars for week/month/year spans, a range slider.
    ``max_lanes`` keeps the lanes with the most events. The x range opens on the bulk
    of the dates (:mod:`analysis.present.charts.axes`; ``axis`` when given, e.g. the
    :func:`event_range` of more events than are drawn) unless ``show_all``;
    ``layout.meta`` holds ``lanes`` (all lanes), ``lanes_shown`` (kept) and
    :func:`analysis.present.charts.axes.axis_meta`.
    """
    frame = dated_events(events_df, y=y)
    if frame.empty:
        return empty_timeline("No dated events to show.")
    bulk = _axis_range(frame, axis)
    counts = frame["lane"].value_counts()
    lanes = sorted(counts.index, key=lambda v: (-counts[v], v))
    total = len(lanes)
    if max_lanes is not None and total > max_lanes:
        lanes = lanes[:max_lanes]
        frame = frame[frame["lane"].isin(lanes)]
    fig = go.Figure()
    for kind, group in _by_type(frame):
        colour = TYPE_COLOURS.get(kind, TYPE_COLOURS["other"])
        spans = group[group["span_days"] > 1]
        if len(spans):
            fig.add_trace(_span_bars(spans, kind, colour))
        fig.add_trace(_markers(group, kind, colour))
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(lanes)),
                     ticktext=[_escape(v, width=40) for v in reversed(lanes)],
                     tickvals=list(reversed(lanes)))  # fmt: skip
    fig.update_xaxes(type="date", rangeslider={"visible": True},
                     **_date_axis(frame, bulk, show_all=show_all))  # fmt: skip
    fig.update_layout(height=max(320, 28 * len(lanes) + 160), barmode="overlay",
                      legend_title_text="event type", hovermode="closest",
                      margin={"l": 0, "r": 0, "t": 30, "b": 0}, template=theme.TEMPLATE,
                      meta={"lanes": total, "lanes_shown": len(lanes),
                            **axes.axis_meta(bulk, show_all=show_all)})  # fmt: skip
    fig.add_annotation(text=MARKER_KEY, showarrow=False, x=0, y=1.01, xref="paper",
                       yref="paper", xanchor="left", yanchor="bottom",
                       font={"size": 11, "color": "#666"})  # fmt: skip
    return fig


def event_range(events_df: pd.DataFrame) -> axes.AxisRange:
    """The default x range of the Timeline's charts: the bulk of the events' own dates
    (the first day of each dated event's span) by :func:`analysis.present.charts.axes.bulk_range`.

    In: EVENTS or MERGED_EVENTS rows (all those the page shows, also those not drawn as
    markers), so the timeline and the volume open on the same days.
    """
    return axes.bulk_range(_dated_spans(events_df)["start"])


def _dated_spans(events_df: pd.DataFrame) -> pd.DataFrame:
    """One row per dated event: ``start`` and ``end`` (datetimes, the end exclusive) and
    ``event_type``. Each distinct date value is read once (a corpus has far fewer
    distinct dates than events), so this stays fast on tens of thousands of events."""
    values = pd.Series(events_df.get("date", []), dtype=object)
    spans = {v: value_span(v) if isinstance(v, str) else None for v in values.unique()}
    bounds = {v: (pd.Timestamp(s), pd.Timestamp(e) + pd.Timedelta(days=1))
              for v, (s, e) in ((v, sp) for v, sp in spans.items() if sp is not None)}  # fmt: skip
    keep = values.map(lambda v: v in bounds).to_numpy(dtype=bool)
    dated = values[keep]
    kinds = (
        events_df["event_type"]
        if "event_type" in events_df
        else pd.Series(None, index=values.index)
    )
    return pd.DataFrame({
        "start": pd.to_datetime(dated.map(lambda v: bounds[v][0])),
        "end": pd.to_datetime(dated.map(lambda v: bounds[v][1])),
        "event_type": pd.Series(kinds.to_numpy(), dtype=object)[keep].fillna("other").astype(str),
    }).reset_index(drop=True)  # fmt: skip


def _spans(dates: pd.Series) -> list[tuple[date, date] | None]:
    """:func:`analysis.dates.value_span` of every value (each distinct value read once)."""
    values = pd.Series(dates, dtype=object)
    unique = {v: value_span(v) if isinstance(v, str) else None for v in values.unique()}
    return [unique[v] for v in values]


def _axis_range(frame: pd.DataFrame, axis: axes.AxisRange | None) -> axes.AxisRange:
    """``axis``, or the bulk range of the distinct events in ``frame`` (one per event,
    though a multi-actor event has a row per lane)."""
    if axis is not None:
        return axis
    ids = event_ids(frame) if ("merged_id" in frame or "event_id" in frame) else frame.index
    first = ~pd.Series(ids).duplicated().to_numpy()
    return axes.bulk_range(frame.loc[first, "start"])


def _date_axis(frame: pd.DataFrame, bulk: axes.AxisRange, *, show_all: bool = False) -> dict:
    """The x range (the bulk's days, or every event's with ``show_all``) with a margin of
    at least half a day on each side (plotly's autorange zooms a single day down to
    milliseconds), and day labels centred on their day (no hours: dates are days) when
    the range is two weeks or less."""
    if show_all or bulk.start is None or bulk.end is None:
        first, last = frame["start"].min(), frame["end"].max()
    else:  # the last day inside, to its end
        first, last = bulk.start, bulk.end + pd.Timedelta(days=1)
    first, last = axes.padded(first, last)
    axis: dict = {"range": [first, last], "tickformat": axes.ISO_DAY}
    if last - first <= pd.Timedelta(days=14):  # a label per day, centred on it
        axis.update(dtick=86_400_000, ticklabelmode="period")
    return axis


def _by_type(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    kinds = frame["event_type"].fillna("other").astype(str)
    order = [k for k in TYPE_COLOURS if (kinds == k).any()]
    order += sorted(set(kinds) - set(order))
    return [(k, frame[kinds == k]) for k in order]


def _flag(group: pd.DataFrame, column: str) -> pd.Series:
    return group[column] if column in group.columns else pd.Series(None, index=group.index)


def _markers(group: pd.DataFrame, kind: str, colour: str) -> go.Scatter:
    symbols = pd.Series([marker_symbol(*flags) for flags in zip(_flag(group, "date_basis"),
                         _flag(group, "planned"), _flag(group, "negated"), strict=True)],
                        index=group.index)  # fmt: skip
    # The legend draws a trace with its first point's symbol: put a plain one first.
    order = symbols.str.len().to_numpy().argsort(kind="stable")
    group, symbols = group.iloc[order], symbols.iloc[order].tolist()
    return go.Scatter(
        x=group["mid"], y=group["lane"], mode="markers", name=theme.escape_html(kind),
        legendgroup=kind, text=_hover(group), hovertemplate="%{text}<extra></extra>",
        customdata=[[v] for v in event_ids(group)],
        marker={"color": colour, "size": 11, "line": {"color": colour, "width": 2},
                "symbol": symbols},
    )  # fmt: skip


def _span_bars(spans: pd.DataFrame, kind: str, colour: str) -> go.Bar:
    widths = [(e - s).total_seconds() * 1000 for s, e in zip(spans["start"], spans["end"],
                                                             strict=True)]  # fmt: skip
    return go.Bar(
        base=spans["start"], x=widths, y=spans["lane"], orientation="h",
        name=theme.escape_html(kind),
        legendgroup=kind, showlegend=False, marker={"color": colour, "opacity": 0.35},
        text=_hover(spans), hovertemplate="%{text}<extra></extra>", textposition="none",
        customdata=[[v] for v in event_ids(spans)],
    )  # fmt: skip


#: Longest default range (days) the volume shows per day; longer ranges open per week
#: (a bar per day and event type over months is thousands of bars the browser draws,
#: and too thin to read). The page's "Events per" switch overrides it.
DAILY_VOLUME_DAYS = 92


def volume_period(bulk: axes.AxisRange) -> str:
    """The default period of :func:`event_volume` for a range: "D" or "W"."""
    if bulk.start is None or bulk.end is None:
        return "D"
    return "W" if (bulk.end - bulk.start).days > DAILY_VOLUME_DAYS else "D"


def event_volume(
    events_df: pd.DataFrame,
    *,
    freq: str = "D",
    show_all: bool = False,
    axis: axes.AxisRange | None = None,
) -> go.Figure:
    """Stacked bars: dated events per day (``freq="D"``) or ISO week (``"W"``) by type.

    An event dated to a week/month/year counts at its first day. The x range and
    ``layout.meta`` follow :func:`timeline`'s (``axis``, ``show_all``).
    """
    if freq not in {"D", "W"}:
        raise ValueError(f"freq must be 'D' or 'W', not {freq!r}")
    frame = _dated_spans(events_df)  # one row per event, no lanes: counts only
    if frame.empty:
        return empty_timeline("No dated events to count.")
    period = frame["start"].dt.normalize()
    if freq == "W":
        period = period - pd.to_timedelta(period.dt.weekday, unit="D")
    counts = frame.assign(period=period).groupby(["period", "event_type"]).size()
    ms = (7 if freq == "W" else 1) * 86_400_000  # a bar covers its day or week
    fig = go.Figure()
    present = set(counts.index.get_level_values(1))
    for kind in [k for k in TYPE_COLOURS if k in present] + sorted(present - set(TYPE_COLOURS)):
        series = counts.xs(kind, level=1)
        colour = TYPE_COLOURS.get(kind, TYPE_COLOURS["other"])
        fig.add_trace(go.Bar(x=series.index, y=series.to_numpy(), name=theme.escape_html(kind),
                             marker_color=colour, hovertemplate=VOLUME_HOVER,
                             width=0.9 * ms, offset=0.05 * ms))  # fmt: skip
    bulk = axis if axis is not None else axes.bulk_range(frame["start"])
    # No range slider here (the timeline above has one): it draws every bar a second time.
    fig.update_xaxes(type="date", **_date_axis(frame, bulk, show_all=show_all))
    fig.update_layout(barmode="stack", height=360, legend_title_text="event type",
                      yaxis_title="events per week" if freq == "W" else "events per day",
                      margin={"l": 0, "r": 0, "t": 32, "b": 0}, template=theme.TEMPLATE,
                      meta=axes.axis_meta(bulk, show_all=show_all))  # fmt: skip
    return fig


# ---------------------------------------------------------------- Timeline page helpers


def context_html(rows: pd.DataFrame, *, fallback: str | None = None) -> str:
    """The context sentences as HTML, the event's sentence highlighted; all text escaped.

    ``fallback`` (the event's own sentence text) is shown alone when ``rows`` is empty.
    """
    mark = 'style="background:#ffe08a;padding:0 2px;border-radius:3px"'
    parts = []
    for text, is_event in zip(rows["text"], rows["is_event"], strict=True):
        body = theme.escape_html(" ".join(str(text).split()), quote=False)
        parts.append(f"<mark {mark}>{body}</mark>" if is_event else body)
    if not parts and fallback:
        parts = [f"<mark {mark}>{theme.escape_html(fallback, quote=False)}</mark>"]
    return (
        '<div class="nl-context" style="line-height:1.6;font-size:.95em">'
        + " ".join(parts)
        + "</div>"
    )
