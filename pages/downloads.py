"""Downloads: every table and report, all under the current filters."""

from functools import partial

import streamlit as st

from analysis.filters import describe
from analysis.present import html_report, report
from ui import state, widgets
from ui.text import md

st.title("Downloads")
corpus = state.filtered()
f = state.filters()
lines = describe(f)
st.caption(
    f"{len(corpus.documents):,} documents · filters: {md('; '.join(lines) or 'none')}. "
    "Files are made when you click."
)
st.caption(
    f"Country rules of these files: {md(corpus.rules or 'the defaults')}, recorded in the ZIP "
    "(README.txt, country_rules.csv), the workbook (its country_rules sheet) and the reports; "
    "a single table's CSV or JSON below cannot record them. The Countries page's own "
    "downloads follow the switches set there."
)
if corpus.documents.empty:
    widgets.empty_state("No documents match the current filters: the files would be empty.")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: (label, builder, file name, MIME type, key, icon, help) of each whole-corpus file.
FILES = [
    ("ZIP bundle", partial(report.bundle_zip, corpus, f), "newslens-export.zip",
     "application/zip", "dl-bundle", ":material/folder_zip:",
     "Every table as CSV and JSON, summary.json and README.txt"),
    ("HTML report", partial(html_report.html_report, corpus, f), "newslens-report.html",
     "text/html", "dl-report-html", ":material/description:",
     "Key figures and every chart, interactive, opens offline"),
    ("Markdown summary", partial(report.markdown_summary, corpus, f), "newslens-summary.md",
     "text/markdown", "dl-summary-md", ":material/notes:", None),
    ("Excel workbook", partial(report.xlsx_workbook, corpus), "newslens-tables.xlsx",
     XLSX, "dl-xlsx", ":material/table_view:", "One sheet per table"),
]  # fmt: skip

st.subheader("Everything")
row = st.container(horizontal=True, gap="small")
for label, build, file_name, mime, key, icon, tip in FILES:
    # The bytes are made only on click (a callable), so an unused report costs nothing.
    row.download_button(label, data=build, file_name=file_name, mime=mime, key=key,
                        on_click="ignore", icon=icon, help=tip)  # fmt: skip

st.subheader("Tables")
for name in report.EXPORT_TABLES:
    table = corpus.table(name)
    label, buttons = st.columns([2, 3], vertical_alignment="center")
    label.markdown(f"**{name.replace('_', ' ')}** · {len(table):,} rows")
    with buttons:
        widgets.download_table(table, name)
