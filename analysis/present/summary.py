"""The corpus summary: one dict (JSON) and its Markdown rendering.

Shape (keys may be added, never renamed)::

    {"corpus": {"documents", "words", "model", "skipped": [{"path", "reason"}],
                "rules": "-demonyms,-strays" or null (the defaults),
                "rules_changed": [{"rule", "kind", "on", "meaning"}], ...},
     "entities": [{"name", "label", "mentions", "documents"}],      most mentioned first
     "countries": [{"iso3", "name", "mentions", "documents", "confident_documents"}],
     "events": [{"date", "actors", "action", "sentence", "doc_id", ...}]}

``corpus.rules`` is the spec of the country rules the countries were mapped under
(analysis.countries.rule_specs.spec_of; the CLI's ``--rules``, the Countries page's ``rules``
URL parameter), null for the defaults; ``corpus.rules_changed`` says, from the rule
registry, what each rule it switches does.

``events[].date`` is a day (YYYY-MM-DD) or null; ``events[].when`` carries the value
at its own precision (2024-06, 2024-W23) for events dated less exactly than a day.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from analysis.tables import Corpus

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def summarize(corpus: Corpus, *, top: int = 20, filters: dict | None = None) -> dict[str, Any]:
    """The summary dict of ``corpus`` (its tables as given, e.g. already filtered)."""
    # imported here: the country package is heavy, and only a corpus under rules needs it
    rules = getattr(corpus, "rules", "") or None
    if rules:
        from analysis.countries.rule_specs import spec_record
    docs = corpus.documents
    dates = docs["date"].dropna().str.slice(0, 10)
    info: dict[str, Any] = {
        "path": corpus.path,
        "documents": len(docs),
        "words": int(docs["words"].sum()) if len(docs) else 0,
        "model": corpus.model,
        "first_date": dates.min() if len(dates) else None,
        "last_date": dates.max() if len(dates) else None,
        "undated_documents": int(docs["date"].isna().sum()),
        "skipped": _records(corpus.skipped, ["path", "reason"]),
        "warnings": [w for w in [corpus.warning, *docs["warning"].dropna()] if w],
        # The alias edits (analysis.aliases CSV) the counts follow; null when none.
        "aliases": getattr(corpus, "aliases", "") or None,
        # The country rules the countries follow (analysis.countries.rules); null: defaults.
        "rules": rules,
        "rules_changed": spec_record(rules) if rules else [],
    }
    if filters:
        info["filters"] = filters
    stories = corpus.tables.get("stories")
    if stories is not None:
        info["stories"] = int(stories["story_id"].nunique())
    # Which unit every count below is in (analysis.filters.counting).
    info["counting"] = "stories" if (filters or {}).get("once") else "documents"
    return {
        "corpus": info,
        "entities": _records(
            corpus.table("entities").head(top), ["name", "label", "mentions", "documents"]
        ),
        "countries": _countries(corpus, top),
        "events": _events(corpus.table("merged_events"), top),
    }


def _countries(corpus: Corpus, top: int) -> list[dict[str, Any]]:
    """The top countries; ``confident_documents`` counts the documents whose evidence
    for the country is unambiguous (analysis.countries.document_countries), read from
    the country_confidence table built with the corpus (no gazetteer needed here)."""
    rows = _records(corpus.table("countries").head(top), ["iso3", "name", "mentions", "documents"])
    if rows:
        table = corpus.tables.get("country_confidence")
        if table is not None:
            sure = dict(zip(table["iso3"], table["confident_documents"], strict=True))
        else:  # a Corpus assembled by hand, without the built aggregates
            from analysis.countries import confident_documents

            sure = confident_documents(corpus.table("mentions")).to_dict()
        for row in rows:
            row["confident_documents"] = int(sure.get(row["iso3"], 0))
    return rows


def _events(merged: pd.DataFrame, top: int) -> list[dict[str, Any]]:
    if len(merged) == 0:
        return []
    # Happenings before statements (issue 16); most reported first; then by date and
    # position in the text (event ids are doc_id:sent_id:k, compared numerically),
    # undated last.
    first = merged["event_ids"].astype(str).str.split("; ").str[0].str.split(":")
    kind = merged["event_class"] if "event_class" in merged.columns else None
    ranked = merged.assign(
        _statement=(kind == "statement").fillna(False) if kind is not None else False,
        _undated=merged["date"].isna(),
        _date=merged["date"].fillna(""),
        _doc=first.str[0],
        _sent=pd.to_numeric(first.str[1], errors="coerce"),
        _k=pd.to_numeric(first.str[2], errors="coerce"),
    ).sort_values(
        ["_statement", "reports", "_undated", "_date", "_doc", "_sent", "_k"],
        ascending=[True, False, True, True, True, True, True],
        kind="stable",
    )
    out = []
    for row in ranked.head(top).itertuples(index=False):
        when = None if pd.isna(row.date) else str(row.date)
        first_report = str(row.event_ids).split("; ")[0]
        out.append(
            {
                "date": when if when and _DAY.match(when) else None,
                "when": when,
                "actors": [a for a in str(_value(row.actors) or "").split("; ") if a],
                "action": _value(row.action),
                "event_type": _value(row.event_type),
                "event_class": _value(getattr(row, "event_class", None)),
                "source": _value(getattr(row, "source", None)),
                "why_merged": _value(getattr(row, "why_merged", None)),
                "planned": bool(row.planned) if not pd.isna(row.planned) else False,
                "reports": int(row.reports),
                "sentence": _value(row.sentence),
                "doc_id": first_report.split(":")[0] if first_report else None,
            }
        )
    return out


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    return [
        {c: _value(v) for c, v in zip(columns, row, strict=True)}
        for row in frame[columns].itertuples(index=False)
    ]


def _value(v: Any) -> Any:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


# ---------------------------------------------------------------- Markdown

#: Every ASCII punctuation character: CommonMark renders any of them literally after a
#: backslash (spec 2.4), so escaping all of them leaves no emphasis, link, image, HTML,
#: entity (``&amp;``), code span, table cell, list or heading marker, LaTeX ``$`` or
#: Streamlit ``:directive[...]`` in the text. A colon before a space or the end starts
#: nothing in any of them and stays bare, so "countries: IRQ" reads as written.
_MD_PUNCTUATION = re.compile(r"([!-/;-@\[-`{-~]|:(?=\S))")
#: U+2060 WORD JOINER: invisible and unbreakable, inserted where a GFM renderer would
#: otherwise link bare text. remark-gfm (Streamlit) and cmark-gfm find ``www.``,
#: ``http://`` and ``name@host.tld`` in the text *after* escapes are resolved, and
#: Streamlit's emoji/icon shortcodes (``:smile:``, ``:material/x:``) likewise, so a
#: backslash cannot stop them; a joiner after ``www``, after a ``:`` that is followed by
#: text, and before an ``@`` that follows text does.
WORD_JOINER = "\u2060"
_AUTOLINK_BREAKS = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=\S)|(?<=\S)(?=@)")


def escape_markdown(text: object) -> str:
    """``text`` as inert inline Markdown: what a reader sees is ``text`` itself.

    In: any value (``str()`` of it is used). Out: one line (whitespace runs become one
    space, NUL becomes U+FFFD as CommonMark would) with every ASCII punctuation character
    backslash-escaped and a WORD JOINER where GFM would autolink or Streamlit would draw
    a shortcode. Rendered by CommonMark/GFM/Streamlit it holds no link, image or HTML
    element, and its visible text (joiners aside) is the flattened input. The one escape
    for Markdown in NewsLens: ``ui.text.md`` uses it for every string the dashboard shows.
    """
    flat = " ".join(str(text).replace("\x00", "\ufffd").split())
    return _MD_PUNCTUATION.sub(r"\\\1", _AUTOLINK_BREAKS.sub(WORD_JOINER, flat))


#: A rules spec as spec_of writes it: rule ids with their signs (a code span holds it).
_SPEC = re.compile(r"^[+-][a-z_]+(,[+-][a-z_]+)*$")


def _spec_markdown(spec: str | None) -> str:
    """A rules spec as Markdown: a code span (copy it into ``--rules=``), "the defaults"
    for none; anything that is not a spec is escaped as text."""
    if not spec:
        return "the defaults"
    return f"`{spec}`" if _SPEC.match(spec) else escape_markdown(spec)


def to_markdown(summary: dict[str, Any]) -> str:
    """A readable Markdown report of a summary dict (every corpus string escaped)."""
    c = summary["corpus"]
    lines = [
        "# NewsLens summary",
        "",
        f"- Corpus: {escape_markdown(c.get('path', ''))}",
        f"- Documents: {c['documents']:,}; words: {c['words']:,}",
        f"- Dates: {c.get('first_date') or 'n/a'} to {c.get('last_date') or 'n/a'}",
        f"- Model: {escape_markdown(c['model'])}",
        f"- Skipped items: {len(c['skipped'])}",
        f"- Country rules: {_spec_markdown(c.get('rules'))}",
    ]
    for rule in c.get("rules_changed", []):
        state = "on" if rule["on"] else "off"
        lines.append(f"  - {rule['rule']} switched {state}: {escape_markdown(rule['meaning'])}")
    for warning in c.get("warnings", []):
        lines.append(f"- Warning: {escape_markdown(warning)}")
    lines += [
        "",
        "## Entities",
        "",
        "| Entity | Label | Mentions | Documents |",
        "|---|---|---:|---:|",
    ]
    lines += [
        f"| {escape_markdown(e['name'])} | {e['label']} | {e['mentions']} | {e['documents']} |"
        for e in summary["entities"]
    ]
    lines += [
        "",
        "## Countries",
        "",
        "| Country | ISO3 | Mentions | Documents | Confident documents |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [
        f"| {escape_markdown(k['name'])} | {k['iso3']} | {k['mentions']} | {k['documents']} | "
        f"{k.get('confident_documents', '')} |"
        for k in summary["countries"]
    ]
    lines += ["", "## Events", "", "| When | Actors | Action | Sentence |", "|---|---|---|---|"]
    lines += [
        f"| {e['when'] or 'undated'} | {escape_markdown(', '.join(e['actors']))} | "
        f"{escape_markdown(e['action'] or '')} | {escape_markdown(e['sentence'] or '')} |"
        for e in summary["events"]
    ]
    if c["skipped"]:
        lines += ["", "## Skipped items", "", "| Item | Reason |", "|---|---|"]
        lines += [
            f"| {escape_markdown(s['path'])} | {escape_markdown(s['reason'])} |"
            for s in c["skipped"]
        ]
    return "\n".join(lines) + "\n"
