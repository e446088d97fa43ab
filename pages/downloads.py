"""Downloads: every table and report, all under the current filters."""

from functools import partial

import streamlit as st

from analysis import report
from analysis.filters import describe
from ui import state, widgets

st.title("Downloads")
corpus = state.filtered()
f = state.filters()
lines = describe(f)
st.caption(
    f"{len(corpus.documents):,} documents · filters: {'; '.join(lines) if lines else 'none'}. "
    "Files are made when you click."
)
if corpus.documents.empty:
    widgets.empty_state("No documents match the current filters: the files would be empty.")

st.subheader("Everything")
row = st.container(horizontal=True, gap="small")
row.download_button(
    "ZIP bundle",
    data=partial(report.bundle_zip, corpus, f),
    file_name="newslens-export.zip",
    mime="application/zip",
    key="dl-bundle",
    on_click="ignore",
    icon=":material/folder_zip:",
    help="Every table as CSV and JSON, summary.json and README.txt",
)
row.download_button(
    "HTML report",
    data=partial(report.html_report, corpus, f),
    file_name="newslens-report.html",
    mime="text/html",
    key="dl-report-html",
    on_click="ignore",
    icon=":material/description:",
    help="Key figures and every chart, interactive, opens offline",
)
row.download_button(
    "Markdown summary",
    data=partial(report.markdown_summary, corpus, f),
    file_name="newslens-summary.md",
    mime="text/markdown",
    key="dl-summary-md",
    on_click="ignore",
    icon=":material/notes:",
)
row.download_button(
    "Excel workbook",
    data=partial(report.xlsx_workbook, corpus),
    file_name="newslens-tables.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="dl-xlsx",
    on_click="ignore",
    icon=":material/table_view:",
    help="One sheet per table",
)

st.subheader("Tables")
for name in report.EXPORT_TABLES:
    table = corpus.table(name)
    label, buttons = st.columns([2, 3], vertical_alignment="center")
    label.markdown(f"**{name.replace('_', ' ')}** · {len(table):,} rows")
    with buttons:
        widgets.download_table(table, name)
