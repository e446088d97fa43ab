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
  reopens the same view: :mod:`ui.url_state` keeps them in step with the URL; its
  functions (filters, set_filter(s), link_params, view_param, corpus_ref, set_corpus...)
  are re-exported here, so pages import one module.
* The pages' view controls (a chart's period, which events are drawn) are not synced
  here: Streamlit binds them to their own parameters (ui.view_params), and this package
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from analysis.build import build_corpus
from analysis.corpus import CorpusError
from analysis.filters import Filters, apply_filters
from analysis.present.report import relative_path
from analysis.runtime import BuildProgress
from analysis.tables import Corpus
from ui import aliases as user_aliases
from ui import config
from ui.text import md, public_message
from ui.url_state import (
    CORPUS_PARAM,
    corpus_ref,
    filters,
    link_params,
    set_corpus,
    set_filter,
    set_filters,
    set_view_param,
    view_param,
)

__all__ = [  # the API pages call (the URL half is ui.url_state's)
    "CORPUS_PARAM",
    "PageDone",
    "allowed_roots",
    "corpus_path",
    "corpus_ref",
    "corpus_token",
    "current_corpus",
    "display_name",
    "end_page",
    "filtered",
    "filtered_by",
    "filters",
    "fingerprint",
    "link_params",
    "load",
    "public",
    "set_corpus",
    "set_filter",
    "set_filters",
    "set_view_param",
    "skipped_for_display",
    "startup",
    "try_corpus",
    "view_param",
]


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


# ---------------------------------------------------------------- which corpus


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
