"""Everything the dashboard hands out as a file, and the HTML it draws from corpus text.

Pure functions (no Streamlit), corpus in, bytes or text out:

* :func:`key_figures` — the headline counts shown on the Overview and in reports;
* :func:`highlight_html` / :func:`document_html` — a document with its entities
  marked by label (displaCy colours). Every piece of corpus text is escaped (``esc``:
  the one ``charts.theme.escape_html``) and links are only ever made from http(s) URLs;
* :func:`bundle_zip` — every table (CSV and JSON), ``summary.json`` (the shape of
  ``python -m analysis summary``), ``README.txt`` and ``country_rules.csv`` (every
  switchable country rule, on or off as the tables were mapped, with its meaning);
* the offline HTML page is :func:`analysis.present.html_report.html_report` (a Jinja2 template,
  plotly.js embedded once), which reads :func:`key_figures` from here;
* :func:`markdown_summary` — :func:`analysis.present.summary.to_markdown` of the corpus;
* :func:`xlsx_workbook` — one sheet per table and a ``country_rules`` sheet; strings
  are never turned into formulas and are cut to Excel's 32,767-character cell limit.

Every one of them records the country rules the corpus was mapped under
(``Corpus.rules``, analysis.countries.rules), so a file made with rules switched off says so.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from analysis.filters import Filters, describe
from analysis.paths import public_text
from analysis.present import exports
from analysis.present.charts import overview as overview_charts
from analysis.present.charts.theme import DEFAULT_COLOUR, LABEL_COLOURS
from analysis.present.charts.theme import escape_html as esc
from analysis.present.summary import summarize, to_markdown
from analysis.tables import Corpus

#: Tables offered for download, in the order users read them.
EXPORT_TABLES = (
    "documents",
    "entities",
    "mentions",
    "countries",
    "events",
    "merged_events",
    "cooccurrences",
    "sentences",
    "skipped",
)
XLSX_MAX_CELL_CHARS = 32_767
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_SHEET_NAME = 31
#: Characters dropped from xlsx cells: the C0 controls but tab and newline (a carriage
#: return becomes a newline). xlsxwriter writes them as "_x0008_" escapes that Excel
#: decodes but openpyxl (pandas.read_excel) reads back as those seven letters.
#: The CSV/JSON/Parquet exports keep them.
XLSX_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL, else None (no javascript:, data:, ...)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


# ---------------------------------------------------------------- key figures


def key_figures(corpus: Corpus) -> dict[str, Any]:
    """Headline counts: documents, words, first/last day, ``days`` spanned (inclusive) and
    ``date_range`` (text), entities, mentions, countries, events (merged), event reports,
    skipped items."""
    docs = corpus.documents
    days = overview_charts.per_day(docs["date"]).index
    events = corpus.table("merged_events")
    first, last = (days.min(), days.max()) if len(days) else (None, None)
    undated = int(docs["date"].isna().sum())
    span = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1 if first else 0
    date_range = f"{first} to {last}" if first else "no dated documents"
    if undated:
        date_range += f" ({undated:,} undated)"
    return {
        "documents": len(docs),
        "words": int(docs["words"].sum()) if len(docs) else 0,
        "first_date": first,
        "last_date": last,
        "days": span,
        "date_range": date_range,
        "undated_documents": undated,
        "entities": len(corpus.table("entities")),
        "mentions": len(corpus.table("mentions")),
        "countries": len(corpus.table("countries")),
        "events": len(events),
        "event_reports": len(corpus.table("events")),
        "skipped": len(corpus.skipped),
    }


def relative_path(path: object, root: str) -> str:
    """``path`` of a document shown relative to its corpus ``root`` (no server folders);
    the one rule of the exports too (analysis.paths.public_text)."""
    text = "" if path is None or path is pd.NA else str(path)
    return public_text(text, root)


def document_index(corpus: Corpus) -> pd.DataFrame:
    """One row per document for the Documents list: doc_id, title, date, source, words,
    mentions, entities (distinct names), events (reports), in corpus order."""
    docs = corpus.documents
    mentions = corpus.table("mentions")
    names = mentions["canonical"].fillna(mentions["text"])
    counts = pd.DataFrame(
        {
            "mentions": mentions.groupby("doc_id").size(),
            "entities": names.groupby(mentions["doc_id"]).nunique(),
            "events": corpus.table("events").groupby("doc_id").size(),
        }
    )
    counts = counts.reindex(docs["doc_id"]).fillna(0).astype("Int64")
    out = docs[["doc_id", "title", "date", "source", "words"]].reset_index(drop=True)
    for col in ("mentions", "entities", "events"):
        out[col] = counts[col].to_numpy()
    return out


# ---------------------------------------------------------------- highlighting


def _mark(surface: str, label: str, href: str | None) -> str:
    colour = LABEL_COLOURS.get(label, DEFAULT_COLOUR)
    inner = (
        f'<mark class="nl-ent" style="background:{colour};padding:0.1em 0.3em;'
        f'border-radius:0.3em;line-height:1;color:#222">{esc(surface)}'
        f'<span style="font-size:0.65em;font-weight:bold;margin-left:0.35em;'
        f'vertical-align:middle">{esc(label)}</span></mark>'
    )
    if href is None:
        return inner
    return f'<a href="{esc(href)}" target="_self" style="text-decoration:none">{inner}</a>'


def highlight_html(
    text: str,
    mentions: pd.DataFrame,
    *,
    entity_href: Callable[[str], str | None] | None = None,
) -> str:
    """``text`` as escaped HTML with each mention wrapped in a coloured ``<mark>``.

    ``mentions`` is a MENTIONS table of this document (offsets into ``text``).
    Mentions with impossible offsets or overlapping an earlier one are left unmarked.
    ``entity_href(name)`` may return a link target for the mention's canonical name.
    Newlines are kept; the caller's container should use ``white-space: pre-wrap``.
    """
    text = "" if text is None or text is pd.NA else str(text)
    if mentions.empty:
        return esc(text)
    spans = mentions[["start", "end", "label", "canonical", "text"]].dropna(subset=["start", "end"])
    spans = spans.sort_values(["start", "end"], ascending=[True, False], kind="stable")
    out: list[str] = []
    pos = 0
    for start, end, lab, canonical, surface in spans.itertuples(index=False):
        start, end = int(start), int(end)
        if start < pos or end <= start or end > len(text):
            continue
        name = canonical if isinstance(canonical, str) and canonical else surface
        href = entity_href(str(name)) if entity_href and isinstance(name, str) else None
        out.append(esc(text[pos:start]))
        out.append(_mark(text[start:end], str(lab) if isinstance(lab, str) else "", href))
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def label_legend(labels: Iterable[str]) -> str:
    """A row of coloured label chips (escaped)."""
    chips = [
        f'<span style="background:{LABEL_COLOURS.get(lab, DEFAULT_COLOUR)};padding:0.1em 0.4em;'
        f'border-radius:0.3em;margin-right:0.4em;font-size:0.8em;color:#222">{esc(lab)}</span>'
        for lab in sorted(set(labels))
    ]
    return f'<div class="nl-legend">{"".join(chips)}</div>'


def document_html(
    document: Mapping[str, Any],
    mentions: pd.DataFrame,
    *,
    entity_href: Callable[[str], str | None] | None = None,
) -> str:
    """One document (a DOCUMENTS row) with its metadata and highlighted entities, as HTML."""
    meta = [esc(v) for v in (document.get("date"), document.get("source")) if esc(v)]
    url = safe_url(document.get("url"))
    if url:
        meta.append(f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">original</a>')
    body = highlight_html(document.get("text") or "", mentions, entity_href=entity_href)
    labels = mentions["label"].dropna().astype(str).tolist() if len(mentions) else []
    return (
        '<article class="nl-doc">'
        f'<h3 style="margin-bottom:0.2em">{esc(document.get("title") or "Untitled")}</h3>'
        f'<p style="color:#666;margin-top:0">{" · ".join(meta)}</p>'
        f"{label_legend(labels) if labels else ''}"
        f'<div style="white-space:pre-wrap;line-height:1.9;margin-top:0.8em">{body}</div>'
        "</article>"
    )


# ---------------------------------------------------------------- bundle


def _now(exported_at: datetime | None) -> str:
    when = exported_at or datetime.now(UTC)
    return when.isoformat(timespec="seconds")


def readme_text(corpus: Corpus, filters: Filters, *, exported_at: datetime | None = None) -> str:
    """README.txt of a bundle: corpus (by name), model, filters, time of export, contents."""
    corpus = exports.shareable(corpus)
    figures = key_figures(corpus)
    lines = [
        "NewsLens export",
        "",
        f"Corpus: {corpus.path}",
        f"Model: {corpus.model}",
        f"Exported: {_now(exported_at)}",
        f"Documents: {figures['documents']:,} (after filters)",
        f"Dates: {figures['first_date'] or 'n/a'} to {figures['last_date'] or 'n/a'}",
        "Filters:" if filters.active else "Filters: none",
        *(f"  - {line}" for line in describe(filters)),
    ]
    lines.append(f"Country rules: {corpus.rules or 'the defaults'}")
    if corpus.rules:
        from analysis.countries.rule_specs import describe_spec  # the heavy package: only here

        lines += [f"  - {line}" for line in describe_spec(corpus.rules)]
    if corpus.warning:
        lines.append(f"Warning: {corpus.warning}")
    lines += [
        "",
        "Contents:",
        "  summary.json         the corpus summary (same shape as `python -m analysis summary`)",
        "  country_rules.csv    every switchable country rule: default, in force, meaning",
        "  tables/<name>.csv    every table as CSV (UTF-8, header row)",
        "  tables/<name>.json   every table as a JSON array of records",
        "",
        "Tables: " + ", ".join(EXPORT_TABLES),
        "Column meanings: analysis/schema.py in the NewsLens repository.",
    ]
    return "\n".join(lines) + "\n"


def summary_dict(corpus: Corpus, filters: Filters, *, top: int = 20) -> dict[str, Any]:
    """The summary of the (filtered) corpus, with the filters recorded when any are set."""
    return summarize(corpus, top=top, filters=filters.to_params() or None)


def bundle_zip(
    corpus: Corpus,
    filters: Filters,
    *,
    exported_at: datetime | None = None,
    tables: Sequence[str] = EXPORT_TABLES,
) -> bytes:
    """A ZIP of README.txt, summary.json, aliases.csv (when alias edits are in force) and
    tables/<name>.csv|json for each of ``tables``."""
    corpus = exports.shareable(corpus)  # no server folders in any file of the bundle
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", readme_text(corpus, filters, exported_at=exported_at))
        summary = json.dumps(summary_dict(corpus, filters), indent=2, ensure_ascii=False)
        zf.writestr("summary.json", summary)
        if corpus.aliases:  # the alias edits the tables follow, reusable with --aliases
            zf.writestr("aliases.csv", corpus.aliases)
        zf.writestr("country_rules.csv", exports.csv_text(country_rules_frame(corpus)))
        for name in tables:
            frame = corpus.table(name)
            for fmt in ("csv", "json"):
                data = exports.table_bytes(frame, fmt, root=None)  # shareable already
                zf.writestr(f"tables/{name}.{fmt}", data)
    return buf.getvalue()


def country_rules_frame(corpus: Corpus) -> pd.DataFrame:
    """Every switchable country rule with its state in ``corpus`` (its ``rules`` spec):
    rule, kind, default, in_force, meaning, from the registry."""
    from analysis.countries.rule_specs import rules_in_force  # the country package: heavy

    columns = ["rule", "kind", "default", "in_force", "meaning"]
    return pd.DataFrame(rules_in_force(corpus.rules), columns=columns)


def markdown_summary(corpus: Corpus, filters: Filters, *, top: int = 20) -> str:
    """The Markdown summary (analysis.present.summary.to_markdown) of the filtered corpus."""
    corpus = exports.shareable(corpus)
    text = to_markdown(summary_dict(corpus, filters, top=top))
    if filters.active:
        from analysis.present.summary import escape_markdown

        text += "\n## Filters\n\n" + "".join(f"- {escape_markdown(x)}\n" for x in describe(filters))
    return text


# ---------------------------------------------------------------- xlsx


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name for ``name`` (<= 31 chars, no []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "sheet"
    base = base[:XLSX_MAX_SHEET_NAME]
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"~{n}"
        candidate = base[: XLSX_MAX_SHEET_NAME - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def xlsx_text(text: str) -> str:
    """``text`` as an xlsx cell holds it: line ends as "\\n", without the characters of
    :data:`XLSX_DROPPED`, cut to Excel's 32,767-character limit."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return XLSX_DROPPED.sub("", text)[:XLSX_MAX_CELL_CHARS]


def _cell(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return xlsx_text(value)
    if hasattr(value, "item"):
        return value.item()
    return value


def xlsx_workbook(corpus: Corpus, *, tables: Sequence[str] = EXPORT_TABLES) -> bytes:
    """An .xlsx workbook with one sheet per table (header row, frozen), and a last sheet
    ``country_rules`` (:func:`country_rules_frame`: the rules the countries follow).

    Strings are written as strings (never formulas, URLs or numbers), without the
    control characters of :data:`XLSX_DROPPED`, cut to 32,767 characters; a table
    longer than Excel's row limit is cut and says so in its last row.
    """
    import xlsxwriter

    corpus = exports.shareable(corpus)  # paths relative to the corpus, no server folders
    buf = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": True,
    }
    with xlsxwriter.Workbook(buf, options) as book:
        bold = book.add_format({"bold": True})
        taken: set[str] = set()
        sheets = [(name, corpus.table(name)) for name in tables]
        for name, frame in [*sheets, ("country_rules", country_rules_frame(corpus))]:
            sheet = book.add_worksheet(sheet_name(name, taken))
            sheet.write_row(0, 0, [str(c) for c in frame.columns], bold)
            sheet.freeze_panes(1, 0)
            limit = XLSX_MAX_ROWS - 2
            for r, row in enumerate(frame.head(limit).itertuples(index=False), start=1):
                for c, value in enumerate(row):
                    value = _cell(value)
                    if value is None:
                        continue
                    if isinstance(value, str):
                        sheet.write_string(r, c, value)
                    else:
                        sheet.write(r, c, value)
            if len(frame) > limit:
                sheet.write_string(limit + 1, 0, f"… {len(frame) - limit:,} more rows not shown")
    return buf.getvalue()
