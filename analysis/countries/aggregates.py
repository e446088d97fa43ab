"""Aggregates over mapped mentions: the COUNTRIES table, surface forms per country,
mentions over time, countries named together.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from analysis import schema
from analysis.countries.confidence import _mapped, confident_mentions
from analysis.countries.lexicon import disputed_regions, successor_states
from analysis.countries.rules import DISPUTED_RULE, HISTORIC_RULE, ORG_HOME_RULE, RULE_MEANING
from analysis.gazetteer import candidates, town_candidates
from analysis.geo_sources import country_name
from analysis.place_spelling import normalise


def country_table(mentions: pd.DataFrame, *, min_confidence: float = 0.0) -> pd.DataFrame:
    """Mapped mentions -> COUNTRIES table (iso3, name, mentions, documents).

    Most mentioned first (ties: more documents, then ISO3 code). With
    ``min_confidence`` only a document's countries of at least that
    :func:`document_countries` confidence count.
    """
    mapped = confident_mentions(mentions, min_confidence)
    if mapped.empty:
        return schema.empty("countries")
    table = (
        mapped.groupby("iso3")
        .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    table["name"] = table["iso3"].map(country_name)
    table = table.sort_values(
        ["mentions", "documents", "iso3"], ascending=[False, False, True], kind="stable"
    )
    return schema.conform(table, "countries")


def surface_forms(mentions: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """The evidence for one country: DataFrame(text, rule, mentions), most frequent first."""
    mapped = _mapped(mentions)
    rows = mapped[mapped["iso3"] == iso3]
    if rows.empty:
        return pd.DataFrame(
            {
                "text": pd.Series([], dtype=schema.STR),
                "rule": pd.Series([], dtype=schema.STR),
                "mentions": pd.Series([], dtype=schema.INT),
            }
        )
    forms = rows.groupby(["text", "rule"]).size().rename("mentions").reset_index()
    forms = forms.sort_values(["mentions", "text"], ascending=[False, True], kind="stable")
    return forms.astype({"text": schema.STR, "rule": schema.STR, "mentions": schema.INT})


def top_surface_forms(mentions: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """DataFrame(iso3, forms): each country's ``n`` most frequent surface forms.

    ``forms`` reads like "Iran (11), Iranian (2)", for a map's hover text.
    """
    mapped = _mapped(mentions)
    if mapped.empty:
        return pd.DataFrame(
            {"iso3": pd.Series([], dtype=schema.STR), "forms": pd.Series([], dtype=schema.STR)}
        )
    counts = mapped.groupby(["iso3", "text"]).size().rename("k").reset_index()
    counts = counts.sort_values(["iso3", "k", "text"], ascending=[True, False, True])
    top = counts.groupby("iso3").head(n)
    labels = top["text"].astype(str) + " (" + top["k"].astype(str) + ")"
    forms = labels.groupby(top["iso3"]).agg(", ".join).rename("forms").reset_index()
    return forms.astype({"iso3": schema.STR, "forms": schema.STR})


def mentions_by_date(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    period: Literal["year", "month", "day"] = "month",
) -> pd.DataFrame:
    """DataFrame(date, iso3, count): country mentions per period of document date.

    ``documents`` needs doc_id and date (ISO strings); undated documents are left
    out. ``date`` is the ISO prefix of the period ("2024-05" for a month).
    """
    width = {"year": 4, "month": 7, "day": 10}[period]
    dates = documents[["doc_id", "date"]].dropna().drop_duplicates("doc_id")
    dates = dates.assign(date=dates["date"].astype(str).str[:width])
    dates = dates[dates["date"].str.len() == width]
    rows = _mapped(mentions)[["doc_id", "iso3"]].merge(dates, on="doc_id")
    counts = rows.groupby(["date", "iso3"]).size().rename("count").reset_index()
    return counts.astype({"date": schema.STR, "iso3": schema.STR, "count": schema.INT})


def country_cooccurrence(
    mentions: pd.DataFrame, *, by: Literal["sentence", "document"] = "sentence"
) -> pd.DataFrame:
    """Pairs of countries named together: DataFrame(source, target, count).

    ``count`` is the number of sentences (``by="sentence"``) or documents
    (``by="document"``) naming both. Each unordered pair appears once, with
    source < target; most frequent first.
    """
    if by not in ("sentence", "document"):
        raise ValueError(f"by must be 'sentence' or 'document', not {by!r}")
    unit = ["doc_id", "sent_id"] if by == "sentence" else ["doc_id"]
    mapped = _mapped(mentions)[[*unit, "iso3"]].drop_duplicates()
    pairs = mapped.merge(mapped, on=unit, suffixes=("_s", "_t"))
    pairs = pairs[pairs["iso3_s"] < pairs["iso3_t"]]
    counts = pairs.groupby(["iso3_s", "iso3_t"]).size().rename("count").reset_index()
    counts = counts.rename(columns={"iso3_s": "source", "iso3_t": "target"})
    counts = counts.sort_values(
        ["count", "source", "target"], ascending=[False, True, True], kind="stable"
    )
    return counts.reset_index(drop=True).astype(
        {"source": schema.STR, "target": schema.STR, "count": schema.INT}
    )


#: At most this many other countries are listed as a form's alternatives.
_MAX_ALTERNATIVES = 4


def form_evidence(mentions: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Why each surface form of one country reads as it: DataFrame(text, rule,
    evidence, alternatives, mentions), most frequent first.

    ``evidence`` is the meaning of the winning reading's rule (:data:`RULE_MEANING`);
    ``alternatives`` the other countries the gazetteer could read the form as, with
    the rule of each ("United States (US state)"), or "" when it names one country.
    """
    forms = surface_forms(mentions, iso3)
    evidence = [RULE_MEANING.get(str(r), str(r)) for r in forms["rule"]]
    alternatives = [_alternatives(str(t), iso3) for t in forms["text"]]
    out = forms.assign(evidence=evidence, alternatives=alternatives)
    columns = ["text", "rule", "evidence", "alternatives", "mentions"]
    return out[columns].astype({"evidence": schema.STR, "alternatives": schema.STR})


def _alternatives(text: str, iso3: str) -> str:
    """The other countries ``text`` may be read as, most likely first."""
    seen: dict[str, str] = {}
    for c in (*candidates(text), *town_candidates(text)):
        if c.iso3 != iso3 and c.iso3 not in seen and len(seen) < _MAX_ALTERNATIVES:
            seen[c.iso3] = c.rule.replace("_", " ")
    return ", ".join(f"{country_name(code)} ({rule})" for code, rule in seen.items())


#: The rules of mentions shown but counted for no country, with the kind the page shows.
_APART = {
    ORG_HOME_RULE: "organisation's home",
    DISPUTED_RULE: "disputed region",
    HISTORIC_RULE: "historic state",
}

#: The order of the kinds in :func:`counted_apart`.
_APART_ORDER = {DISPUTED_RULE: 0, HISTORIC_RULE: 1, ORG_HOME_RULE: 2}


def _apart_countries(text: str, rule: str, code: str) -> str:
    """The countries a mention counted apart concerns: an organisation's home, a disputed
    region's claimants, a historic state's successors."""
    if rule == ORG_HOME_RULE:
        return country_name(code)
    codes = disputed_regions().get(normalise(text), ()) or successor_states(text)
    return " / ".join(country_name(c) for c in codes)


def counted_apart(mentions: pd.DataFrame) -> pd.DataFrame:
    """Place mentions shown but counted for no country: organisations' homes ("Bank of
    England", rule org_home), disputed regions ("Kashmir", rule disputed) and former
    states that split ("Soviet Union", rule historic).

    Out: DataFrame(text, kind, countries, mentions, documents): disputed regions first,
    then historic states, then organisations' homes (the many homes would bury the few
    regions no country may count), each kind most mentioned first; ``countries`` is the
    home's country, the claimants of a disputed region or the successors of a historic
    state.
    """
    columns = ["text", "kind", "countries", "mentions", "documents"]
    if "rule" not in mentions.columns or mentions.empty:
        return pd.DataFrame({c: pd.Series([], dtype=schema.STR) for c in columns})
    apart = mentions[mentions["rule"].isin(list(_APART)).fillna(False)]
    if apart.empty:
        return pd.DataFrame({c: pd.Series([], dtype=schema.STR) for c in columns})
    table = (
        apart.assign(iso3=apart["iso3"].astype(object).fillna(""))
        .groupby(["text", "rule", "iso3"])
        .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    table["kind"] = table["rule"].map(_APART)
    table["countries"] = [
        _apart_countries(text, rule, code)
        for text, rule, code in zip(table["text"], table["rule"], table["iso3"], strict=True)
    ]
    table["order"] = table["rule"].map(_APART_ORDER)
    table = table.sort_values(["order", "mentions", "text"], ascending=[True, False, True],
                              kind="stable")  # fmt: skip
    return table[columns].reset_index(drop=True)
