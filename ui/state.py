"""The corpus and the filters of the current session — the API pages call.

Pages read everything through these functions::

    from ui import state
    corpus = state.filtered()          # the corpus with the sidebar filters applied
    whole = state.current_corpus()     # the corpus as loaded (for options, totals)
    f = state.filters()                # analysis.filters.Filters
    state.set_filter("countries", "IRQ")   # e.g. after a click on a bar; reruns the app
    st.page_link("pages/entities.py", query_params=state.link_params(entity="Iran"))

Where the state lives:

* The filters and the chosen corpus live in ``st.query_params`` (see
  analysis.filters.PARAMS for the names, plus ``corpus``), so a reload or a copied URL
  reopens the same view. Streamlit drops unbound query parameters when the user
  switches pages, so this session also remembers the last state it wrote and puts it
  back into the URL when a page switch has removed it.
* The pages' view controls (a chart's period, which events are drawn) are not synced
  here: Streamlit binds them to their own parameters (ui.view_params), and this module
  never writes, deletes or rewrites those.
* The analysed corpus is built once per (path, file fingerprint, model, cache folder)
  and held by ``st.cache_resource``: every session opening the same corpus shares one
  build and one copy of the tables. Tables returned here must not be modified in place.
* Filtered corpora are memoised per (corpus, filters), also without copying.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from analysis.build import build_corpus
from analysis.corpus import CorpusError
from analysis.filters import PARAMS, Filters, apply_filters
from analysis.present.report import relative_path
from analysis.runtime import BuildProgress
from analysis.tables import Corpus
from ui import aliases as user_aliases
from ui import config
from ui.text import md, public_message
from ui.view_params import VIEW_PARAMS

CORPUS_PARAM = "corpus"
_FILTERS = "_nl_filters"  # this session's filters (truth)
_FILTERS_WRITTEN = "_nl_filters_written"  # what it last wrote to the URL
_PENDING = "_nl_filters_pending"  # changes requested by set_filter, applied next run
_REF = "_nl_corpus_ref"
_REF_WRITTEN = "_nl_corpus_ref_written"


# ---------------------------------------------------------------- ending a page early


class PageDone(Exception):
    """Raised by :func:`end_page`; dashboard.py catches it and still draws the sidebar."""


def end_page() -> NoReturn:
    """End the current page here (instead of ``st.stop()``, which the pages must not call).

    The router draws the sidebar AFTER the page, so that the page's first chart reaches
    the browser before the sidebar's widgets (benchmarks/first_draw.py). ``st.stop()``
    would also stop the router before the sidebar; this ends only the page.
    """
    raise PageDone


# ---------------------------------------------------------------- startup options


def startup() -> config.Startup:
    """The options the dashboard was started with (arguments after ``--``, env, defaults)."""
    return config.parse_startup(sys.argv[1:], os.environ)


def allowed_roots() -> list[Path]:
    """Server folders the operator opened to the folder picker ([] when disabled)."""
    return config.allowed_roots(os.environ)


# ---------------------------------------------------------------- query params


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


def corpus_path() -> Path:
    """The folder or file of this session's corpus. Raises config.RefError when refused."""
    start = startup()
    return config.resolve_ref(corpus_ref(), start, allowed_roots())


def display_name(ref: str | None = None) -> str:
    """A short name of a corpus reference for captions: a folder's name, never its path.

    Raw text (possibly from the URL): escape it with ui.text.md to show it as Markdown.
    """
    ref = corpus_ref() if ref is None else ref
    if not ref:
        return startup().corpus.name or "the startup corpus"
    if config.is_upload_ref(ref):
        return f"uploaded files ({ref})"
    # the folder's own name (lexically: "a/b/.." names a), not the path typed in the URL
    return Path(os.path.normpath(ref.strip())).name or "a server folder"


def public(text: object, corpus: Path | None = None) -> str:
    """``text`` (an error) without the server's paths: the corpus, cache and allowed roots
    become their names (ui.text.public_message), any other absolute path its last part."""
    start = startup()
    names: dict[str | os.PathLike[str], str] = {root: root.name for root in allowed_roots()}
    names[start.cache_dir] = "the cache"
    names[start.corpus] = start.corpus.name or "the startup corpus"
    if corpus is not None:
        names[corpus] = display_name()
    return public_message(text, names)


def skipped_for_display(corpus: Corpus) -> pd.DataFrame:
    """``corpus.skipped`` as a browser user sees it: each path relative to the corpus
    folder (analysis.present.report.relative_path) and reasons without server paths (public)."""
    skipped = corpus.skipped
    if skipped.empty:
        return skipped
    return skipped.assign(
        path=skipped["path"].map(lambda p: public(relative_path(p, corpus.path))),
        reason=skipped["reason"].map(lambda r: public(r, Path(corpus.path))),
    )


# ---------------------------------------------------------------- building


@st.cache_data(ttl=5, show_spinner=False, max_entries=64)
def fingerprint(path: str) -> str:
    """:func:`files_fingerprint`, cached for five seconds to keep reruns cheap."""
    return files_fingerprint(path)


def files_fingerprint(path: str) -> str:
    """A cheap hash of the names, sizes and mtimes of the files under ``path``.

    Editing, adding or removing a file changes it, so the next run builds again (the
    cache makes that incremental).
    """
    digest = hashlib.sha256()
    root = Path(path)
    try:
        entries = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in entries:
            info = p.stat()
            digest.update(f"{p}\x1f{info.st_size}\x1f{info.st_mtime_ns}\n".encode())
    except OSError:
        digest.update(b"unreadable")
    return digest.hexdigest()[:16]


@dataclass
class _BuildSlot:
    """One shared build: the first session runs it, the others wait and watch."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    progress: BuildProgress | None = None
    corpus: Corpus | None = None

    def run(
        self,
        build: Callable[[Callable[[BuildProgress], None]], Corpus],
        show: Callable[[BuildProgress], None],
    ) -> Corpus:
        while self.corpus is None:
            if self.lock.acquire(timeout=0.3):
                try:
                    if self.corpus is None:

                        def report(p: BuildProgress) -> None:
                            self.progress = p
                            show(p)

                        self.corpus = build(report)
                finally:
                    self.lock.release()
            elif self.progress is not None:
                show(self.progress)
        return self.corpus


@st.cache_resource(max_entries=8, show_spinner=False)
def _slot(path: str, files: str, model: str | None, cache_dir: str) -> _BuildSlot:
    """The shared build of one corpus state (all arguments are the cache key)."""
    return _BuildSlot()


def _show_progress(bar: DeltaGenerator) -> Callable[[BuildProgress], None]:
    def show(p: BuildProgress) -> None:
        if p.total == 0:
            return
        eta = f"{p.eta_seconds:,.0f} s left" if p.eta_seconds is not None else "estimating…"
        text = (
            f"Analysing documents: {p.done:,} / {p.total:,} · "
            f"{p.docs_per_second:,.1f} docs/s · {eta}"
        )
        bar.progress(min(1.0, p.done / p.total), text=text)

    return show


def warm(start: config.Startup) -> Corpus | None:
    """Load (or build) the startup corpus into the shared build slot before any session
    asks for it, outside any script run (ui.launch, at server start); None on failure.

    The slot's key is the one :func:`load` computes for a session on the startup corpus,
    so that session finds the corpus loaded (or waits for this build, with its progress).
    """
    path = start.corpus
    slot = _slot(str(path), files_fingerprint(str(path)), start.model, str(start.cache_dir))
    try:
        return slot.run(
            lambda report: build_corpus(
                path, cache_dir=start.cache_dir, model=start.model, progress=report
            ),
            lambda _progress: None,
        )
    except (CorpusError, ValueError, OSError):
        return None  # the first session meets the same error and shows it


def load() -> Corpus | str:
    """This session's corpus, building it (with a progress bar) when needed; else an error text."""
    start = startup()
    try:
        path = corpus_path()
    except config.RefError as exc:
        return public(exc)
    slot = _slot(str(path), fingerprint(str(path)), start.model, str(start.cache_dir))
    if slot.corpus is not None:
        return slot.corpus
    placeholder = st.empty()
    bar = placeholder.progress(0.0, text=f"Loading {md(display_name())}…")
    try:
        corpus = slot.run(
            lambda report: build_corpus(
                path, cache_dir=start.cache_dir, model=start.model, progress=report
            ),
            _show_progress(bar),
        )
    except CorpusError as exc:  # its .public names no server folder
        return f"Could not load {display_name()}: {exc.public}"
    except (ValueError, OSError) as exc:
        return f"Could not load {display_name()}: {public(exc, path)}"
    finally:
        placeholder.empty()
    skipped = (
        f", {len(corpus.skipped):,} skipped (see the Corpus page)" if len(corpus.skipped) else ""
    )
    st.toast(f"Loaded {len(corpus.documents):,} documents{skipped}.", icon=":material/done:")
    return corpus


def try_corpus() -> Corpus | None:
    """The corpus, or None after showing why it could not be loaded (st.error)."""
    result = load()
    if isinstance(result, str):
        st.error(md(result), icon=":material/error:")  # may quote the URL's ?corpus=
        return None
    return result


def _route_through_dashboard() -> None:
    """Rerun through dashboard.py when Streamlit ran a page file on its own.

    With a ``pages/`` folder beside the entry script, a server's first request for a
    page URL (a bookmark such as /entities?entity=Iran) runs in Streamlit's old
    pages-folder mode: the page file alone, without our router and sidebar. The first
    ``st.navigation`` call ends that mode for the process; flipping the flag and
    rerunning gets there at once, and the rerun resolves the same URL through the router.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_corpus() -> Corpus:
    """The whole corpus of this session (shared, do not modify).

    When it cannot be loaded the page stops after pointing to the Corpus page (the
    router has already shown the error).
    """
    _route_through_dashboard()
    result = load()
    if isinstance(result, str):
        st.page_link("pages/corpus.py", label="Open another corpus", icon=":material/folder_open:")
        end_page()
    return result


def corpus_token(corpus: Corpus) -> str:
    """A key naming one analysed corpus (for caches keyed by corpus)."""
    return f"{corpus.path}\x1f{corpus.model}\x1f{corpus.key}\x1f{id(corpus)}"


@st.cache_resource(max_entries=16, ttl=3600, show_spinner=False)
def _filtered(token: str, params: str, _corpus: Corpus) -> Corpus:
    return apply_filters(_corpus, Filters.from_params(json.loads(params)))


def filtered() -> Corpus:
    """The current corpus under this session's aliases, then the current filters (memoised;
    do not modify). The aliases (ui.aliases) come first so filters and counts use the
    user's names on every page."""
    corpus = user_aliases.aliased(current_corpus())
    f = filters()
    if not f.active:
        return corpus
    params = json.dumps(f.to_params(), sort_keys=True)
    return _filtered(corpus_token(corpus), params, corpus)


def filtered_by(f: Filters) -> Corpus:
    """The current corpus under this session's aliases, then ``f`` instead of the sidebar's
    filters (memoised like :func:`filtered`; do not modify). For pages that compare slices."""
    corpus = user_aliases.aliased(current_corpus())
    if not f.active:
        return corpus
    params = json.dumps(f.to_params(), sort_keys=True)
    return _filtered(corpus_token(corpus), params, corpus)
