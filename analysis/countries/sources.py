"""Sources' home countries: a source most of whose stories name one country (a local
paper) is at home there, and its stories are mapped again with that home as their
register. Also :func:`mapped_mentions`, the mapping under switched rules that the
Countries page and the CLI's ``--rules`` show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis import schema
from analysis.countries.aggregates import counted_apart
from analysis.countries.confidence import (
    CONFIDENT,
    PLAUSIBLE,
    confident_mentions,
    document_countries,
)
from analysis.countries.lexicon import domain_countries
from analysis.countries.places import add_place_records
from analysis.countries.resolve import map_countries
from analysis.countries.rules import (
    DEFAULT_CONTEXT,
    DEFAULT_RULES,
    ORG_HOME_RULE,
    ContextRules,
    CountryRules,
)
from analysis.datelines import own_dateline_starts
from analysis.geo_sources import iso2_to_iso3

#: A source is at home in a country when at least this many of its documents name
#: the country for sure, and at least this share of those that name any country name
#: it alone. Set on LGL's dev half (3.5 stories a paper) against Reuters-21578 as
#: the wire service it must not mistake for a local paper: 56% of the first 1,000
#: Reuters stories that name a country name the US alone, and a home there cost
#: 0.07 of recall; at 0.65 the papers keep every country they gained (0.7: two fewer).
_SOURCE_MIN_DOCUMENTS = 2


_SOURCE_SHARE = 0.65


#: A source that files its own stories (datelines with no wire credit) from places in
#: at least this many countries reports from abroad, as a wire service or an
#: international outlet does: it learns no home from its stories. A local paper files
#: from home; three countries leave a paper a stray foreign dateline or two. Set on the
#: dev sets: Reuters-21578 (hand-checked dev stories: datelines in 15 countries) was
#: at home in the US by a hair (its US-only share near :data:`_SOURCE_SHARE`), so two
#: more US datelines read made every story of it American; no LGL dev paper files from
#: three countries except the St. Petersburg Times (sptimes.ru), at home by its domain.
_ABROAD_COUNTRIES = 3


def source_homes(
    mentions: pd.DataFrame,
    sources: Mapping[object, object],
    context: ContextRules = DEFAULT_CONTEXT,
    documents: pd.DataFrame | None = None,
) -> dict[object, str]:
    """Source -> its home country: the country that at least :data:`_SOURCE_SHARE` of
    its documents naming any country for sure (:data:`CONFIDENT`) name and name alone,
    and at least :data:`_SOURCE_MIN_DOCUMENTS` of them name; failing that (rule
    "domain_homes") the country of its web host's country-code domain.

    In: mapped MENTIONS and doc_id -> source. A local paper covers its town, so its
    stories name its country again and again, and little else (Lieberman et al.'s
    "local lexicon"); a wire or national outlet that reports from abroad has no home.
    """
    return _learnt_homes(document_countries(mentions), mentions, sources, context, documents)


def _learnt_homes(
    table: pd.DataFrame,
    mentions: pd.DataFrame,
    sources: Mapping[object, object],
    context: ContextRules,
    documents: pd.DataFrame | None,
) -> dict[object, str]:
    """:func:`source_homes` from the :func:`document_countries` ``table`` of
    ``mentions``: the homes learnt from the stories, less those of sources filing from
    abroad (rule "filing_abroad", read when ``documents`` has texts), then the web
    domains' homes."""
    learnt = _homes(table, sources)
    if context.filing_abroad and documents is not None and "text" in documents.columns:
        abroad = abroad_sources(mentions, documents, sources) if learnt else set()
        learnt = {source: home for source, home in learnt.items() if source not in abroad}
    return _with_domain_homes(learnt, sources, context)


def _homes(table: pd.DataFrame, sources: Mapping[object, object]) -> dict[object, str]:
    """:func:`source_homes` from the :func:`document_countries` table."""
    sure = table[table["confidence"] >= CONFIDENT]
    if sure.empty:
        return {}
    frame = pd.DataFrame(
        {
            "source": sure["doc_id"].astype(object).map(sources).to_numpy(dtype=object),
            "doc_id": sure["doc_id"].to_numpy(dtype=object),
            "iso3": sure["iso3"].to_numpy(dtype=object),
        }
    ).dropna(subset=["source"])
    if frame.empty:
        return {}
    documents = frame.groupby("source")["doc_id"].nunique()
    named = frame.groupby("doc_id")["iso3"].transform("size").to_numpy()
    frame["alone"] = named == 1  # the document names no other country
    counts = (
        frame.groupby(["source", "iso3"])
        .agg(n=("doc_id", "nunique"), alone=("alone", "sum"))
        .reset_index()
    )
    counts["share"] = counts["alone"].to_numpy() / documents.loc[counts["source"]].to_numpy()
    homes = counts[(counts["n"] >= _SOURCE_MIN_DOCUMENTS) & (counts["share"] >= _SOURCE_SHARE)]
    homes = homes.sort_values(["source", "n"], ascending=[True, False])
    return dict(homes.drop_duplicates("source")[["source", "iso3"]].itertuples(index=False))


def abroad_sources(
    mentions: pd.DataFrame, documents: pd.DataFrame, sources: Mapping[object, object]
) -> set[object]:
    """The sources that file their own stories from :data:`_ABROAD_COUNTRIES` or more
    countries: the countries of the places that open their stories as datelines with
    no wire credit ("JEDDAH, March 15 -", "ROSWELL -"; not "LONDON (Reuters) -").

    In: mapped MENTIONS, DOCUMENTS (doc_id, text), doc_id -> source. The datelines are
    read in each story's first characters only (:func:`dateline_starts`)."""
    starts = [
        (doc, start)
        for doc, text in zip(documents["doc_id"], documents["text"], strict=True)
        if doc in sources and isinstance(text, str)
        for start in dateline_starts(text)
    ]
    if not starts:
        return set()
    # A mapped mention without offsets (a user alias, a hand-made row) opens no dateline.
    mapped = mentions[mentions["iso3"].notna() & mentions["start"].notna()]
    keys = pd.MultiIndex.from_arrays([mapped["doc_id"].astype(object), mapped["start"].astype(int)])
    at = mapped[keys.isin(pd.MultiIndex.from_tuples(starts))]
    countries = at["iso3"].groupby(at["doc_id"].astype(object).map(sources)).nunique()
    return set(countries[countries >= _ABROAD_COUNTRIES].index)


def dateline_starts(text: str) -> list[int]:
    """Where the places of ``text``'s own datelines start
    (:func:`analysis.datelines.own_dateline_starts`: one reader, a sports slug is none)."""
    return own_dateline_starts(text)


#: A web host as a source column gives it ("www.lfpress.ca", "weekly.ahram.org.eg"):
#: dot-separated labels of letters, digits and hyphens, the last one alphabetic.
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?P<tld>[a-z]{2,})\.?$")


@lru_cache(maxsize=10_000)
def domain_home(source: str) -> str | None:
    """The country of a source's web host's country-code top-level domain
    ("richmondandtwickenhamtimes.co.uk" -> GBR, "lfpress.ca" -> CAN), else None: a
    generic domain (".com"), a ccTLD used without regard to its country (".tv", see
    analysis/data/domain_countries.json) or a source that is no host name ("Reuters")."""
    host = _HOST.match(source.strip().lower())
    if host is None or len(tld := host["tld"]) != 2:
        return None
    exceptions, generic = domain_countries()
    if tld in generic:
        return None
    return exceptions.get(tld) or iso2_to_iso3().get(tld.upper())


def _with_domain_homes(
    homes: dict[object, str], sources: Mapping[object, object], context: ContextRules
) -> dict[object, str]:
    """``homes`` plus, for each source without one, the country of its host's ccTLD
    (rule "domain_homes"): a paper at www.lfpress.ca is at home in Canada even when
    too few of its stories name Canada for :func:`source_homes` to learn it."""
    if not context.domain_homes:
        return homes
    out = dict(homes)
    for source in set(sources.values()) - set(homes):
        if (home := domain_home(str(source))) is not None:
            out[source] = home
    return out


def apply_source_homes(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    rules: CountryRules = DEFAULT_RULES,
    context: ContextRules = DEFAULT_CONTEXT,
) -> pd.DataFrame:
    """Mapped MENTIONS -> the same, the documents of sources with a home country
    (:func:`source_homes`) mapped again with it as their register.

    In: MENTIONS mapped by :func:`map_countries`, the DOCUMENTS they come from (doc_id,
    text, source) and optionally their SENTENCES. A corpus-level step: a source's home
    is learnt from all of its documents. A story of such a source that does not name
    the home is first read again by the gazetteer pass (:func:`add_place_records`)
    with the home as a country it names ("planned in Cromwell" in a paper at home in
    the US); those new mentions get their canonical names. Mentions of other
    documents come back unchanged, in their order.
    """
    if (
        not context.source_homes
        or mentions.empty
        or "source" not in documents.columns
        or "iso3" not in mentions.columns
    ):
        return mentions
    named = documents["source"].astype(object)
    sources = {
        d: s.strip()
        for d, s in zip(documents["doc_id"], named, strict=True)
        if isinstance(s, str) and s.strip()
    }
    table = document_countries(mentions)
    homes = _learnt_homes(table, mentions, sources, context, documents)
    doc_homes = {d: homes[s] for d, s in sources.items() if s in homes}
    if not doc_homes:
        return mentions
    target = mentions["doc_id"].isin(list(doc_homes)).to_numpy(dtype=bool)
    before = mine = mentions.loc[target]
    texts = None
    if "text" in documents.columns:
        wanted = documents[documents["doc_id"].isin(list(doc_homes))]
        texts = dict(zip(wanted["doc_id"], wanted["text"].astype(str), strict=True))
        mine = _reread_unplaced(mine, table, texts, doc_homes, sentences)
    again = map_countries(mine, rules=rules, context=context, texts=texts, homes=doc_homes)
    if mine is before:  # the same rows: mapped in place
        out = mentions.copy()
        out.loc[target, "iso3"] = again["iso3"].to_numpy()
        out.loc[target, "rule"] = again["rule"].to_numpy()
        return out
    order = {d: i for i, d in enumerate(pd.unique(mentions["doc_id"]))}
    out = pd.concat([mentions.loc[~target], again], ignore_index=True)
    rank = out["doc_id"].map(order)
    out = out.assign(_rank=rank).sort_values(["_rank", "start", "end", "label"], kind="stable")
    return schema.conform(out.drop(columns="_rank").reset_index(drop=True), "mentions")


def _reread_unplaced(
    mentions: pd.DataFrame,
    table: pd.DataFrame,
    texts: Mapping[object, str],
    doc_homes: Mapping[object, str],
    sentences: pd.DataFrame | None,
) -> pd.DataFrame:
    """The gazetteer pass again, with the source's home as a named country, on the
    documents of ``mentions`` that do not name that home (at :data:`PLAUSIBLE` or
    more): none, or only a country elsewhere ("MALTA -" over a story in Illinois).
    ``table`` is :func:`document_countries` of the corpus the mentions come from."""
    from analysis.canonical import canonicalize

    sure = table[table["confidence"] >= PLAUSIBLE]
    placed = {(d, c) for d, c in zip(sure["doc_id"], sure["iso3"], strict=True)}
    bare = [
        d
        for d in pd.unique(mentions["doc_id"])
        if (d, doc_homes.get(d)) not in placed and d in texts
    ]
    if not bare:
        return mentions
    spans: dict[object, list[tuple[int, int, int]]] = {}
    if sentences is not None and not sentences.empty:
        some = sentences[sentences["doc_id"].isin(bare)]
        for doc_id, sent_id, start, end in some[["doc_id", "sent_id", "start", "end"]].itertuples(
            index=False
        ):
            spans.setdefault(doc_id, []).append((int(start), int(end), int(sent_id)))
    redo = mentions["doc_id"].isin(bare).to_numpy(dtype=bool)
    records = mentions.loc[redo].to_dict("records")
    by_doc: dict[object, list[dict]] = {}
    for row in records:
        by_doc.setdefault(row["doc_id"], []).append(row)
    rows: list[dict] = []
    changed = False
    for doc_id, group in by_doc.items():
        found = add_place_records(
            group, texts[doc_id], sentences=spans.get(doc_id), home=doc_homes[doc_id]
        )
        changed = changed or found is not group
        rows.extend(found)
    if not changed:
        return mentions
    reread = schema.conform(rows, "mentions")
    new = reread["canonical"].isna().to_numpy(dtype=bool)
    if new.any():  # canonical names per document, as the pipeline gives them
        reread.loc[new, "canonical"] = canonicalize(reread)["canonical"].to_numpy()[new]
    return pd.concat([mentions.loc[~redo], reread], ignore_index=True)


def remap(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    rules: CountryRules = DEFAULT_RULES,
    context: ContextRules = DEFAULT_CONTEXT,
) -> pd.DataFrame:
    """Every mention, mapped under ``rules`` and ``context``.

    In: MENTIONS as the build mapped them (every rule at its default), the DOCUMENTS
    (doc_id, text, source) and SENTENCES they come from. At the defaults the build's
    mapping is returned as it is; otherwise the mentions are mapped again with the
    texts (the context rules read them) and the sources' home countries are learnt
    again from these documents, as the build does.
    """
    if rules == DEFAULT_RULES and context == DEFAULT_CONTEXT:
        return mentions
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    mentions = map_countries(stage_rules(mentions), rules=rules, context=context, texts=texts)
    mentions = apply_source_homes(mentions, documents, sentences=sentences, rules=rules,
                                  context=context)  # fmt: skip
    from analysis.places import locate, sources_of  # places inside the countries just mapped

    return locate(mentions, sources=sources_of(documents), texts=texts)


def stage_rules(mentions: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` as the build mapped them, with each row's ``rule`` put back to the one
    it came with from the NLP stage, which :func:`map_countries` reads as the row's
    provenance. In: a MENTIONS frame. Out: a copy whose "org_home" rows keep that rule only
    where the gazetteer pass wrote it: a place inside an ORG mention of the same document
    ("England" of "Bank of England", :meth:`analysis.countries.places._Pass.inside_names`).
    Any other "org_home" was the mapping's own reading (rules ``club_names``,
    ``club_capitals``, ``org_homes``' ORG tails) and is cleared, so a re-mapping with
    that rule switched off reads the row afresh (review 10, finding 4: the build's
    reading was taken for the gazetteer pass's and kept). Other mapped rules are not
    read as provenance (only "gazetteer" and "org_home" are) and are left as they are."""
    rule = mentions["rule"].to_numpy(dtype=object, na_value="")
    homes = np.flatnonzero(rule == ORG_HOME_RULE)
    if not len(homes):
        return mentions
    labels = mentions["label"].to_numpy(dtype=object, na_value="")
    orgs: dict[object, list[tuple[int, int]]] = {}
    org_rows = mentions.loc[labels == "ORG", ["doc_id", "start", "end"]].dropna()
    for doc, s, e in org_rows.itertuples(index=False):
        orgs.setdefault(doc, []).append((int(s), int(e)))
    docs = mentions["doc_id"].to_numpy(dtype=object)
    starts, ends = mentions["start"].to_numpy(dtype=object), mentions["end"].to_numpy(dtype=object)
    cleared = [
        i
        for i in homes.tolist()
        if pd.isna(starts[i])
        or pd.isna(ends[i])
        or not any(s <= int(starts[i]) and int(ends[i]) <= e for s, e in orgs.get(docs[i], ()))
    ]
    if not cleared:
        return mentions
    out = mentions.copy()
    out.iloc[cleared, out.columns.get_loc("rule")] = None
    return out


class MappedMentions(NamedTuple):
    """The place mentions of a corpus under switched rules (:func:`mapped_mentions`)."""

    counted: pd.DataFrame  # the mentions that count for a country
    apart: pd.DataFrame  # places shown but counted for none (:func:`counted_apart`)


def mapped_mentions(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    rules: CountryRules = DEFAULT_RULES,
    context: ContextRules = DEFAULT_CONTEXT,
    min_confidence: float = 0.0,
) -> MappedMentions:
    """What the Countries page shows: the place mentions that map to a country under
    ``rules`` and ``context`` (see :func:`remap`) in documents whose evidence for it
    reaches ``min_confidence`` (see :func:`confident_mentions`), and the places counted
    apart (organisations' homes, disputed regions) under the same rules."""
    every = remap(mentions, documents, sentences, rules=rules, context=context)
    counted = confident_mentions(every, min_confidence).reset_index(drop=True)
    return MappedMentions(counted, counted_apart(every))
