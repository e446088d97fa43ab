"""The sidebar filters and the corpus reference in the page address (``st.query_params``).

The URL is the view's truth: a reload or a copied link reopens the same corpus and
filters. Each filter's parameter name and value form come from analysis.filters.PARAMS
and ``Filters.to_params`` (old links keep opening: tests/pages/test_url_state.py, which
also says why the filters are not bound with ``bind="query-params"``). Streamlit drops
unbound query parameters when the user switches pages, so this session remembers the
last state it wrote and puts it back when a page switch removed it. The pages' own view
controls are bound by Streamlit itself (ui.view_params): never written here.

Pages call these through :mod:`ui.state`, which re-exports them.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from analysis.filters import PARAMS, Filters
from ui import aliases as user_aliases
from ui.view_params import VIEW_PARAMS

CORPUS_PARAM = "corpus"
_FILTERS = "_nl_filters"  # this session's filters (truth)
_FILTERS_WRITTEN = "_nl_filters_written"  # what it last wrote to the URL
_PENDING = "_nl_filters_pending"  # changes requested by set_filter, applied next run
_REF = "_nl_corpus_ref"
_REF_WRITTEN = "_nl_corpus_ref_written"


def _url_values(key: str) -> list[str]:
    return [v for v in st.query_params.get_all(key) if v != ""]


def _url_filters() -> Filters:
    return Filters.from_params({key: _url_values(key) for key in PARAMS.values()})


def _write_filters(filters: Filters) -> None:
    wanted = filters.to_params()
    for key in PARAMS.values():
        value = wanted.get(key)
        values = [value] if isinstance(value, str) else list(value or [])
        if _url_values(key) == values:
            continue
        if values:
            st.query_params[key] = values if len(values) > 1 else values[0]
        elif key in st.query_params:
            del st.query_params[key]


def _sync_filters() -> Filters:
    """Reconcile this session's filters with the URL (idempotent within a run)."""
    ss = st.session_state
    url = _url_filters()
    if _FILTERS not in ss:
        truth = url  # a new session: the URL is the whole truth
    else:
        truth = ss[_FILTERS]
        # A URL that differs from what we wrote was changed from outside (a link with
        # parameters, an edited address). An empty one was dropped by a page switch.
        if url != ss.get(_FILTERS_WRITTEN) and url.active:
            truth = url
    pending = ss.pop(_PENDING, None)
    if pending:
        truth = truth.replace(**pending)
    ss[_FILTERS] = truth
    if url != truth:
        _write_filters(truth)
    ss[_FILTERS_WRITTEN] = truth
    return truth


def filters() -> Filters:
    """The sidebar filters in force for this run (from st.query_params)."""
    return _sync_filters()


def set_filters(new: Filters, *, rerun: bool = False) -> None:
    """Replace every filter (e.g. "clear all"); writes the URL, optionally reruns."""
    st.session_state[_FILTERS] = new
    _write_filters(new)
    st.session_state[_FILTERS_WRITTEN] = new
    if rerun:
        st.rerun()


def set_filter(name: str, value: str | Iterable[str] | None, *, rerun: bool = True) -> None:
    """Set one filter (a Filters field, ``"countries"``, or its URL name, ``"country"``) and rerun.

    A single string for a list filter selects just that value; None clears the filter.
    Safe to call after the sidebar widgets were drawn (e.g. from a chart selection):
    the change is applied at the start of the next run.
    """
    by_param = {param: field for field, param in PARAMS.items()}
    name = by_param.get(name, name)  # the URL name ("country") works too
    if name not in PARAMS:
        raise KeyError(f"unknown filter '{name}' (choose from {', '.join(PARAMS)})")
    value = value if value is not None else ("" if name == "text" else ())
    current = filters()
    if current.replace(**{name: value}) == current:
        return  # nothing changes: no rerun (a chart keeps its selection across reruns)
    pending = dict(st.session_state.get(_PENDING) or {})
    pending[name] = value
    st.session_state[_PENDING] = pending
    _sync_filters()  # applies it now, so filters() is right for the rest of this run
    if rerun:
        st.rerun()


def link_params(**overrides: str | list[str] | None) -> dict[str, str | list[str]]:
    """Query parameters that reopen the current view (corpus + filters), for st.page_link.

    Keyword arguments override single parameters by their URL name (``entity="Iran"``,
    ``doc="…"``); None removes one.
    """
    params: dict[str, str | list[str]] = dict(filters().to_params())
    ref = corpus_ref()
    if ref:
        params[CORPUS_PARAM] = ref
    if (ws := user_aliases.workspace_name()) != "default":
        params[user_aliases.WS_PARAM] = ws  # the alias workspace is part of the view
    for key, value in overrides.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params


def view_param(key: str) -> str | None:
    """A page-local query parameter (e.g. ``doc`` on the Documents page), or None."""
    values = _url_values(key)
    return values[-1] if values else None


def set_view_param(key: str, value: str | None) -> None:
    """Set or remove a page-local query parameter (not a filter, not kept across pages)."""
    if key in PARAMS.values() or key == CORPUS_PARAM:
        raise KeyError(f"'{key}' is managed by ui.state; use set_filter / set_corpus")
    if key in VIEW_PARAMS:
        raise KeyError(f"'{key}' is bound to a view control (ui.view_params); set the widget")
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = value


# ---------------------------------------------------------------- which corpus


def corpus_ref() -> str:
    """This session's corpus reference: '' (startup corpus), an upload id, or a server path."""
    ss = st.session_state
    url = (_url_values(CORPUS_PARAM) or [""])[-1]
    if _REF not in ss:
        ref = url
    else:
        ref = ss[_REF]
        if url != ss.get(_REF_WRITTEN) and url:
            ref = url
    ss[_REF] = ref
    if url != ref:
        if ref:
            st.query_params[CORPUS_PARAM] = ref
        elif CORPUS_PARAM in st.query_params:
            del st.query_params[CORPUS_PARAM]
    ss[_REF_WRITTEN] = ref
    return ref


def set_corpus(ref: str, *, rerun: bool = True) -> None:
    """Open another corpus ('' = startup corpus) and clear the filters of the old one."""
    st.session_state[_REF] = ref
    st.session_state[_REF_WRITTEN] = ref
    if ref:
        st.query_params[CORPUS_PARAM] = ref
    elif CORPUS_PARAM in st.query_params:
        del st.query_params[CORPUS_PARAM]
    set_filters(Filters(), rerun=rerun)
