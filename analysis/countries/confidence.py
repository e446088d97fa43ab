"""Confidence: how sure a document's evidence makes each of its countries
(:data:`CONFIDENT`, :data:`PLAUSIBLE`, :data:`DOUBTFUL`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import schema
from analysis.countries.evidence import QUALIFIED_RULE
from analysis.countries.readings import _CONTEXT_POPULATION_RATIO, _reading
from analysis.countries.rules import (
    CO_MENTIONED_RULE,
    CURRENCY_RULE,
    DEFAULT_CONTEXT,
    ORG_HOME_RULE,
    REGISTER_RULE,
    SOURCE_RULE,
    CountryRules,
)
from analysis.gazetteer import candidates

#: Confidence that a document speaks of a country, by the evidence it gives:
#: any unambiguous place or name, or several mentions ...
CONFIDENT = 1.0


#: ... only demonyms ("Iranian officials"), or one country name that is also the name
#: of a place elsewhere ("Jordan", "Georgia") ...
PLAUSIBLE = 0.6


#: ... one mention of a city, town or region whose name other countries share too
#: ("Paris", "Alexandria", "Southland"), with nothing else in the document.
DOUBTFUL = 0.3


#: Places whose lone ambiguous mention is doubtful; a name or demonym is not.
_WEAK_RULES = frozenset({"city", "capital", "town", "region"})


#: The columns of the mentions table that :func:`document_countries` reads.
_COUNTED_COLUMNS = ("doc_id", "iso3", "text", "rule", "label")


def document_countries(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mapped mentions -> DataFrame(doc_id, iso3, mentions, confidence): the countries
    each document names, with how sure the evidence makes it.

    ``confidence`` is :data:`CONFIDENT` (an unambiguous place or name, or two or more
    mentions), :data:`PLAUSIBLE` (demonyms only, or a lone country name shared with a
    place elsewhere) or :data:`DOUBTFUL` (one mention of a city, town or region whose
    name other countries share, or of a region, and nothing else). The mentions table
    itself keeps every mapping; this only weighs them per document.
    """
    # Only the columns read here: the filter copies each column it keeps.
    read = mentions[[c for c in _COUNTED_COLUMNS if c in mentions.columns]]
    mapped = _mapped(read)
    if "rule" in mapped.columns:  # an unknown place echoing its document's country
        mapped = mapped[(mapped["rule"] != CO_MENTIONED_RULE).fillna(True)]
    if mapped.empty:
        return _no_countries()
    kind = _kinds(mapped, read)
    frame = pd.DataFrame(
        {
            "doc_id": mapped["doc_id"].to_numpy(),
            "iso3": mapped["iso3"].to_numpy(),
            "kind": kind,
            "strong": kind == "strong",
        }
    )
    table = (
        frame.groupby(["doc_id", "iso3"], sort=True)
        .agg(
            mentions=("kind", "size"),
            strong=("strong", "any"),
            kinds=("kind", "nunique"),
            first=("kind", "first"),
        )
        .reset_index()
    )
    # The one kind of evidence a (document, country) has, or "mixed".
    only = np.where(table["kinds"].to_numpy() == 1, table["first"].to_numpy(), "mixed")
    confidence = np.where(
        table["strong"] | (table["mentions"] >= 2),
        CONFIDENT,
        np.where(only == "weak", DOUBTFUL, PLAUSIBLE),
    )
    # Demonyms alone are plausible however many ("Iranians", "Iranian officials"). (One
    # demonym among other countries' places made doubtful: LGL dev P +0.018, R -0.033,
    # as LGL counts demonyms as toponyms about as often as not.)
    confidence = np.where(only == "demonym", PLAUSIBLE, confidence)
    table["confidence"] = confidence
    return table[["doc_id", "iso3", "mentions", "confidence"]].astype(
        {
            "doc_id": schema.STR,
            "iso3": schema.STR,
            "mentions": schema.INT,
            "confidence": schema.FLOAT,
        }
    )


def _no_countries() -> pd.DataFrame:
    """An empty :func:`document_countries` table."""
    return pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=schema.STR),
            "iso3": pd.Series([], dtype=schema.STR),
            "mentions": pd.Series([], dtype=schema.INT),
            "confidence": pd.Series([], dtype=schema.FLOAT),
        }
    )


def _organisations(mentions: pd.DataFrame, docs: set[object]) -> dict[object, list[str]]:
    """doc_id -> the names of the organisations (label ORG) of the documents ``docs``,
    for :func:`_corroborated`."""
    if "label" not in mentions.columns or mentions.empty:
        return {}
    labels = mentions["label"].to_numpy(dtype=object, na_value="")
    orgs = mentions[(labels == "ORG") & mentions["doc_id"].isin(docs).to_numpy(dtype=bool)]
    out: dict[object, list[str]] = {}
    for doc, text in zip(orgs["doc_id"].tolist(), orgs["text"].tolist(), strict=True):
        if isinstance(text, str):
            out.setdefault(doc, []).append(text)
    return out


def _kinds(mapped: pd.DataFrame, mentions: pd.DataFrame | None = None) -> np.ndarray:
    """The kind of evidence each mapped mention gives: "strong", "weak", "name" (see
    :func:`_evidence_kind`) or "demonym"; a weak mention an organisation of its document
    (an ORG row of ``mentions``) corroborates (:func:`_corroborated`) is a "name"."""
    codes, forms = pd.factorize(mapped["text"].astype(object).to_numpy())
    kinds = [_evidence_kind(t) for t in forms]
    kind = np.array(kinds, dtype=object)[codes]
    weak = np.flatnonzero(kind == "weak").tolist()
    if weak and mentions is not None:  # speed: the organisations only of weak documents
        docs = mapped["doc_id"].to_numpy(dtype=object)
        iso3 = mapped["iso3"].to_numpy(dtype=object)
        orgs = _organisations(mentions, set(docs[weak].tolist()))
        for i in weak:
            names = orgs.get(docs[i])
            if names and _corroborated(str(forms[codes[i]]), iso3[i], names):
                kind[i] = "name"
    # A currency in a sum ("15 billion yen") weighs as a demonym: the country's people
    # or money, not a place of the story.
    demonym = mapped["rule"].isin(["demonym", CURRENCY_RULE]).fillna(False).to_numpy(dtype=bool)
    kind = np.where(demonym, "demonym", kind)
    # A place read in the country of its document's local register is as sure as the
    # register ("CROMWELL -" over a story about the county commission); so is a place
    # written before its state or country ("Bradford, Ontario").
    sure = mapped["rule"].isin([REGISTER_RULE, SOURCE_RULE, QUALIFIED_RULE]).fillna(False)
    return np.where(sure.to_numpy(dtype=bool), "strong", kind)


@lru_cache(maxsize=200_000)
def _evidence_kind(text: str) -> str:
    """ "strong" for an unambiguous reading, "weak" for a city, town or region another
    country shares (or any region), "name" for a country name shared with a place."""
    # Every reading rule on, as registered, whatever a build's rules (a source's home is
    # weighed alike); the context the gazetteer pass reads it with (one cache entry: speed).
    reading = _reading(text, CountryRules(), DEFAULT_CONTEXT)
    best = reading.fixed or reading.default
    if best is not None and best.rule == "region":
        return "weak"
    if reading.fixed is not None:
        return "strong"
    if best is not None and best.rule in _WEAK_RULES:
        # A city far larger than any namesake abroad ("Paris", "London"), or one in
        # capitals, as a dateline gives it ("BOSTON -"), is the story's place.
        rivals = [c.population for c in reading.options if c.iso3 != best.iso3]
        dominant = best.population >= _CONTEXT_POPULATION_RATIO * max(rivals, default=0)
        dateline = text.isupper() and len(text) > 3
        return "name" if dominant or dateline else "weak"
    if not reading.options or reading.options[0].rule == "town":
        return "weak"
    return "name"


#: The most words of a country's name or demonym inside an organisation's name that
#: :func:`_org_countries` reads ("South African", "United States").
_ORG_COUNTRY_WORDS = 3
_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*")


def _corroborated(form: str, iso3: object, orgs: list[str]) -> bool:
    """Whether an organisation of the document (``orgs``, its names) corroborates a lone
    weak mention ``form`` read in ``iso3`` (review 15, class 3): its name carries the
    same name, whole words ("it is rare for Boston to ..." beside "the Boston Red Sox":
    one sense per document, the name is written twice as the story's place), or the
    name or demonym of the country (a Vancouver beside "The Canadian Press"). Evidence
    for the reading, not a place counted: the organisation's home stays apart."""
    words = f" {form.casefold()} "
    for org in orgs:
        if words in f" {' '.join(_NAME_WORD.findall(org)).casefold()} ":
            return True
        if iso3 in _org_countries(org):
            return True
    return False


@lru_cache(maxsize=50_000)
def _org_countries(org: str) -> frozenset[str]:
    """The countries an organisation's name names by a country's name or demonym
    (gazetteer readings "name" and "demonym" that need no context): "The Canadian
    Press" -> CAN. A function of the name alone, cached."""
    words = _NAME_WORD.findall(org)
    found = set()
    for size in range(1, _ORG_COUNTRY_WORDS + 1):
        for i in range(len(words) - size + 1):
            surface = " ".join(words[i : i + size]).rstrip(".'’")
            readings = candidates(surface)[:1]
            if (
                readings
                and readings[0].rule in ("name", "demonym")
                and not readings[0].needs_context
            ):
                found.add(readings[0].iso3)
    return frozenset(found)


def confident_mentions(mentions: pd.DataFrame, min_confidence: float = 0.0) -> pd.DataFrame:
    """The mapped mentions of the (document, country) pairs whose
    :func:`document_countries` confidence is at least ``min_confidence`` (0: all).

    A document that names Paris once and nothing else French stops counting for
    France at :data:`PLAUSIBLE`; one that names Paris twice, or France, still counts.
    """
    mapped = _mapped(mentions)
    if min_confidence <= 0 or mapped.empty:
        return mapped
    sure = document_countries(mentions)  # with its organisations (_corroborated)
    sure = sure[sure["confidence"] >= min_confidence][["doc_id", "iso3"]]
    keys = pd.MultiIndex.from_frame(mapped[["doc_id", "iso3"]].astype(object))
    wanted = pd.MultiIndex.from_frame(sure.astype(object))
    return mapped[keys.isin(wanted)].reset_index(drop=True)


def confident_documents(mentions: pd.DataFrame) -> pd.Series:
    """ISO3 -> how many documents name the country with :data:`CONFIDENT` evidence."""
    table = document_countries(mentions)
    sure = table[table["confidence"] >= CONFIDENT]
    return sure.groupby("iso3")["doc_id"].nunique().astype("int64")


def confidence_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """COUNTRY_CONFIDENCE: iso3 -> documents naming the country with CONFIDENT evidence
    (:func:`confident_documents` as the table the build stores)."""
    sure = confident_documents(mentions)
    frame = pd.DataFrame({"iso3": sure.index.astype(str), "confident_documents": sure.values})
    return schema.conform(frame, "country_confidence")


def _mapped(mentions: pd.DataFrame) -> pd.DataFrame:
    """Rows with a country, or an empty frame when the table has no iso3 column."""
    if "iso3" not in mentions.columns or mentions.empty:
        return mentions.iloc[0:0].assign(iso3=pd.Series([], dtype=schema.STR))
    # An organisation's home ("Bank of England") is counted apart (organisation_homes).
    keep = mentions["iso3"].notna()
    if "rule" in mentions.columns:
        keep &= (mentions["rule"] != ORG_HOME_RULE).fillna(True)
    return mentions[keep]
