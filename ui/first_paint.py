"""First chart first: a session's first page draws the rest once its first chart has painted.

Why: in a new browser session everything a script run sends before Plotly's code has loaded
is laid out by Chromium before the first chart can draw; on the Overview that was the
sidebar's filter widgets, the other charts (which all draw in the same task as the first
once Plotly is there) and the panels below, about 1 s of the browser's CPU on the 2-core
test machine (benchmarks/first_draw.py; docs/presentation.md, "First chart first"). Here a
page's first run of a session draws its top (title, key figures, first chart) and a small gate; the
gate's script watches for that chart's SVG and, one frame after it is painted, reports
back; the session then reruns and draws everything, the sidebar's filters included. The
user gets the same page, its first chart sooner, the rest right after it.

Usage, in a page (only at a point where a chart has just been drawn)::

    widgets.chart(fig, "overview-entities")
    first_paint.defer_rest("overview-entities")   # ends this run until that chart painted

and the router draws the sidebar's filters only when :func:`deferred` is false.

* Once a session has painted, every later run draws whole pages (filter changes, other
  pages): Plotly's code is loaded by then, nothing is left to win.
* The gate reports after :data:`TIMEOUT_MS` at the latest, chart or not (a chart that
  failed, a hidden tab where no frame is painted): the page always completes.
* A client that runs no JavaScript (``streamlit.testing`` AppTest) never reports; tests
  of whole pages open the app as a browser does once painted (tests/pages/conftest.py).
"""

from __future__ import annotations

import streamlit as st

from ui import state

#: Session flag: the session's first chart has painted (set by the gate's callback).
PAINTED = "_nl_first_paint_done"
#: Session flag: a gate was drawn once; later runs never defer (defer_rest).
_GATED = "_nl_first_paint_gated"
#: Per-run flag: this run ended early at a gate (the router then skips the filters).
_DEFERRED = "_nl_first_paint_deferred"
#: The gate's widget key; browser tests wait while ``.st-key-<GATE_KEY>`` is on the page.
GATE_KEY = "nl-first-paint"
#: The gate reports after this long even if the chart never paints, milliseconds.
TIMEOUT_MS = 8000

# The gate: waits until an element matching data.selector exists, lets the browser paint
# the frame that shows it (a requestAnimationFrame, then a task), then sets the "painted"
# trigger, which reruns the session. Written by hand: no library observes a Streamlit
# element being drawn; it is a dozen lines.
_JS = """
export default function ({ data, setTriggerValue }) {
  let sent = false, seen = false;
  const send = () => { if (!sent) { sent = true; setTriggerValue("painted", true); } };
  const painted = () => {
    if (seen) return;
    seen = true;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(send, 0));
    setTimeout(send, 250);  // no frame comes in a hidden tab
  };
  const observer = new MutationObserver(() => {
    if (document.querySelector(data.selector)) painted();
  });
  const timer = setTimeout(send, data.timeout_ms);
  if (document.querySelector(data.selector)) painted();
  else observer.observe(document.body, { childList: true, subtree: true });
  return () => { observer.disconnect(); clearTimeout(timer); };
}
"""
_GATE = st.components.v2.component("newslens_first_paint", js=_JS)


def painted() -> bool:
    """True once this session's first chart has painted (or its gate timed out)."""
    return bool(st.session_state.get(PAINTED, False))


def deferred() -> bool:
    """True when this run stopped at a gate (its page's rest comes in the next run)."""
    return bool(st.session_state.get(_DEFERRED, False))


def begin_run() -> None:
    """Clear the per-run flag; the router calls this before the page runs."""
    st.session_state[_DEFERRED] = False


def _on_painted() -> None:
    st.session_state[PAINTED] = True


def chart_selector(chart_key: str) -> str:
    """CSS selector of the drawn SVG of the chart drawn with ``widgets.chart(fig, chart_key)``."""
    return f".st-key-{chart_key} .js-plotly-plot .main-svg"


def defer_rest(chart_key: str) -> None:
    """End this run here, once per session, until the chart ``chart_key`` has painted.

    Nothing happens once the session has painted, nor after a gate was drawn once: the
    next run draws the whole page whatever brought it (the gate's report, a click on the
    first chart, a gate whose script never ran and so never reports), so no session can
    stay on a cut page. Otherwise draws the gate and ends the page (``state.end_page``);
    the router then skips the sidebar's filters. Call it right after drawing that chart.
    """
    if painted() or st.session_state.get(_GATED, False):
        return
    st.session_state[_GATED] = True
    st.session_state[_DEFERRED] = True
    _GATE(
        key=GATE_KEY,
        data={"selector": chart_selector(chart_key), "timeout_ms": TIMEOUT_MS},
        on_painted_change=_on_painted,
    )
    state.end_page()
