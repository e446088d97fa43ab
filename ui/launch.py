"""``python -m ui.launch run dashboard.py [streamlit options] -- [dashboard options]``.

Streamlit, with the first page's work started in the server process as it starts.
``newslens serve`` and ``make run`` start the dashboard through this module
(analysis.__main__.serve_command); the arguments are exactly those of ``streamlit run``.

Why: ``streamlit run`` executes nothing of an app until a browser session arrives, so the
first visitor's script run paid for importing pandas, the core's table modules and the
chart code (about 1 s of CPU on the 2-core test machine, ``python -X importtime``), for
Streamlit's emoji catalogue (the favicon), for plotly's validators (loaded on a figure's
first use) and for reading the analysed corpus from the cache. Here a thread does that
work before Streamlit starts serving (it waits at most :data:`PRELOAD_WAIT_S`, then
serves while a long first build goes on): the first session finds the modules in
``sys.modules`` and the corpus in the build slot every session shares
(:func:`ui.state.warm`). The cost moves to the server's start (``benchmarks.first_draw``
reports spawn-to-healthy next to the first draw). Nothing is drawn and no session state
is touched; a failure is logged and left to the first session, which reports it as it
always did.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Sequence

_LOG = logging.getLogger("newslens.launch")

#: How long the launcher waits for the preload before Streamlit starts serving, seconds.
#: A built corpus is read well within it (the seed: about 1 s of CPU with the imports), so
#: the first visitor finds everything ready; a first build (the NLP, minutes) goes on in
#: the background past it, and the first session shows its progress bar (ui.state).
PRELOAD_WAIT_S = 20.0


def dashboard_args(argv: Sequence[str]) -> list[str]:
    """The dashboard's own arguments: those after the first ``--`` of the command line."""
    argv = list(argv)
    return argv[argv.index("--") + 1 :] if "--" in argv else []


def warm_first_page(corpus: object) -> None:
    """Build the default page's (Overview's) figures once on ``corpus`` and serialise one
    as ``st.plotly_chart`` does: plotly loads each validator and the JSON encoder on first
    use. The figures are thrown away; ``corpus`` is an analysis.tables.Corpus."""
    import plotly.io

    from analysis.present import report
    from analysis.present.charts import overview as charts

    report.key_figures(corpus)
    figures = [
        charts.entity_bar(corpus.table("entities")),
        charts.country_bar(corpus.table("countries")),
        charts.events_per_day(corpus.table("merged_events")),
        charts.documents_per_day(corpus.documents),
        charts.documents_per_source(corpus.documents),
    ]
    for figure in figures:
        plotly.io.to_json(figure, validate=False)


def preload(args: Sequence[str], environ: os._Environ[str] | dict[str, str]) -> None:
    """Import what the router and the Overview import, then load the startup corpus named
    by ``args`` (the dashboard's arguments) and ``environ``, warm the Overview's figures,
    and last import scipy.special (the "What rose" panel, drawn below the first charts).

    Never raises: the first session meets any problem again and shows it.
    """
    started = time.perf_counter()
    try:
        from streamlit import string_util

        string_util.is_emoji("📰")  # the favicon check imports the emoji catalogue
        import plotly.io  # noqa: F401  (st.plotly_chart's serialiser)

        # Each @st.cache_data decorator checks its options against the runtime's cache
        # storage when its module is imported, and warns "No runtime found" before the
        # server exists; the check passes, and calls made in sessions use the runtime's.
        cache_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
        level = cache_log.level
        cache_log.setLevel(logging.ERROR)
        try:
            import ui.first_paint  # the Overview's gate (registers its component)
            import ui.sidebar
            import ui.state
            import ui.trends
            import ui.widgets  # the Overview's imports
            from analysis import dates  # noqa: F401
            from ui import config
        finally:
            cache_log.setLevel(level)
        corpus = ui.state.warm(config.parse_startup(args, environ))
        if corpus is not None:
            warm_first_page(corpus)
        # Last: the "What rose" panel (below the Overview's first charts) needs it.
        import scipy.special  # noqa: F401

        what = f"{len(corpus.documents):,} documents" if corpus is not None else "no corpus"
        print(f"  NewsLens: preloaded the dashboard ({what}) in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)  # fmt: skip
    except Exception:  # noqa: BLE001  (never stop the server; the session reports it)
        _LOG.exception("preloading the dashboard failed; the first session will retry")


def start_preload(argv: Sequence[str]) -> threading.Thread:
    """Start :func:`preload` for the dashboard arguments in ``argv`` (a daemon thread)."""
    thread = threading.Thread(
        target=preload,
        args=(dashboard_args(argv), os.environ),
        name="newslens-preload",
        daemon=True,
    )
    thread.start()
    return thread


def main(argv: Sequence[str] | None = None) -> None:
    """Start the preload, wait for it (at most :data:`PRELOAD_WAIT_S`), then run
    Streamlit's own command line with ``argv`` (``run dashboard.py ...``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    start_preload(argv).join(PRELOAD_WAIT_S)
    from streamlit.web import cli

    sys.argv = ["streamlit", *argv]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
