"""NewsLens dashboard: the router.

    streamlit run dashboard.py -- --corpus PATH [--model NAME] [--cache DIR]

Page config, navigation, the corpus load (with its progress bar and model warning),
the chosen page, then the shared sidebar. Everything else lives in pages/, ui/ and
analysis/.

The sidebar is drawn after the page (Streamlit places it in the sidebar wherever in the
script it is drawn): its dozen widgets would otherwise reach the browser, and be built
there, before the page's first chart (benchmarks/first_draw.py). Pages end early with
``state.end_page()``, never ``st.stop()``, so the sidebar is drawn on every page. A
session's first Overview run goes further (ui.first_paint): it ends after the first chart,
without the sidebar's filters, and the session reruns whole once that chart has painted.
"""

import contextlib

import streamlit as st

from ui import first_paint, sidebar, state

# An emoji favicon is drawn locally; without page_icon each page's Material icon becomes
# the favicon, which the browser fetches from fonts.gstatic.com (the app must work offline).
st.set_page_config(page_title="NewsLens", page_icon="📰", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/entities.py", title="Entities", icon=":material/person_search:"),
    st.Page("pages/countries.py", title="Countries", icon=":material/public:"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("pages/documents.py", title="Documents", icon=":material/article:"),
    st.Page("pages/downloads.py", title="Downloads", icon=":material/download:"),
    st.Page("pages/corpus.py", title="Corpus", icon=":material/folder_open:"),
]
pg = st.navigation(PAGES)

corpus = state.try_corpus()
if corpus is not None and corpus.warning:
    st.warning(corpus.warning, icon=":material/warning:")
if corpus is not None and corpus.repairs:  # damaged cache parts found and rebuilt (store)
    st.warning(
        f"{len(corpus.repairs):,} damaged cache part(s) were found and rebuilt from the "
        "source texts; the numbers shown are those of a clean build (details in the "
        "server log).",
        icon=":material/build:",
    )
first_paint.begin_run()
with contextlib.suppress(state.PageDone):  # a page ended early (state.end_page)
    pg.run()
# The filters wait while a page waits for its first chart to paint (ui.first_paint).
sidebar.render(corpus, filters=not first_paint.deferred())
