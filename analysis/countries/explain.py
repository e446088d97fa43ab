"""Per mention: the reading that won, its evidence, and the alternatives.

:func:`mention_readings` maps the place mentions of the documents naming one country
again with :func:`analysis.countries.resolve.map_countries` asking for the scored
readings (``explain``), and lays them out one row per mention, as the Countries page
shows them. The scoring step decides every mention with several readings or evidence
of its own (a qualifier, a person's name, an organisation's name, a disputed region, a
food or culture word, a hometown, its story's own dateline, a derived demonym, a stray
in the last round), so those show their evidence and alternatives; a mention set aside
by its own evidence (a person's name, a disputed region, a culture word) is listed
under each country it could have named, with no country. A mention with one reading
and no evidence of its own has no alternatives; its evidence is its rule's meaning. What
the mapping does after scoring shows too: a row that a rule acting after the scoring step
(:data:`analysis.countries.after_scoring.STEPS`) changed or cleared names that rule, its
meaning and the reading it replaced ("changed after scoring": "WASHINGTON" read as the
state, then the city by rule city_names; "set aside after scoring": "Energy" of
"Department of Energy", a town of the United States until rule common_word_towns, listed
under the United States with no country); a place the mapping read after scoring with
nothing scored before (an unknown place read in its story's country) or a found place's
"gazetteer" provenance shows as the final rule, its meaning added. Each row's ``kind``
(:data:`KINDS`) says whether it counts for its country: the rows of a counted kind
(:data:`COUNTED_KINDS`) are the mentions the page counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import pandas as pd

from analysis import schema
from analysis.countries.after_scoring import Amended
from analysis.countries.register import register_evidence
from analysis.countries.resolve import map_countries
from analysis.countries.rules import (
    DEFAULT_CONTEXT,
    DEFAULT_RULES,
    GAZETTEER_RULE,
    ORG_HOME_RULE,
    PLACE_LABELS,
    REGISTER_RULE,
    RULE_MEANING,
    RULES,
    TITLE_CASE_EVIDENCE,
    ContextRules,
    CountryRules,
)
from analysis.countries.scoring import NO_COUNTRY, Choice, Scored
from analysis.countries.sources import source_homes
from analysis.countries.title_case import title_cased_nouns

#: At most this many other countries are listed as a mention's alternatives.
MAX_ALTERNATIVES = 4

#: Columns of :func:`mention_readings`, in order.
COLUMNS = ("doc_id", "start", "text", "iso3", "kind", "rule", "evidence", "alternatives")

#: What a row of :func:`mention_readings` is (its ``kind``), with what it means for the
#: country's counts.
KINDS: dict[str, str] = {
    "counted": "read in the country and counted for it",
    "changed after scoring": "a rule acting after the scoring step changed its reading "
    "(the rule is named); counted for the country",
    "counted apart": "an organisation's home: kept with its country, counted for none",
    "set aside": "its own evidence (a person's name, a disputed region, a food or culture "
    "word) set it aside: counted for no country",
    "set aside after scoring": "the scoring step read it in the country; a rule acting "
    "after it (named) set it aside: counted for no country",
}
#: The kinds whose rows the country's counts hold.
COUNTED_KINDS = frozenset({"counted", "changed after scoring"})


def mention_readings(
    mentions: pd.DataFrame,
    texts: Mapping[object, str] | None,
    iso3: str,
    doc_ids: Iterable[object],
    *,
    rules: CountryRules = DEFAULT_RULES,
    context: ContextRules = DEFAULT_CONTEXT,
    homes: Mapping[object, str] | None = None,
) -> pd.DataFrame:
    """DataFrame(doc_id, start, text, iso3, rule, evidence, alternatives): one row per
    place mention mapped to ``iso3`` in the documents ``doc_ids``.

    In: a MENTIONS frame (mapped or not; whole documents, so their other mentions count
    as evidence), the documents' texts, the country, the documents to explain (a page
    passes the few it shows: each is mapped again); the rules, and the sources' homes
    (doc_id -> ISO3) as the page maps with them. ``evidence``: the winning reading's
    evidence and score ("USA (us_state): co_mentions x3 -> 2.29"), or the rule's
    meaning for a mention with one reading; ``alternatives``: the other readings with
    theirs, best first, "" when there are none. Mentions that could have named
    ``iso3`` but that their own evidence set aside ("Georgia" of "Georgia Stevens": a
    person; "Kashmir": disputed) are listed too, with no ``iso3`` and the rule of the
    reading that won ("person", "disputed").
    """
    subset = mentions[mentions["doc_id"].isin(set(doc_ids))].reset_index(drop=True)
    explain: dict[object, Choice] = {}
    amended: dict[object, Amended] = {}
    mapped = map_countries(subset, rules=rules, context=context, texts=texts, homes=homes,
                           explain=explain, amended=amended)  # fmt: skip
    rows, kinds = _listed(mapped, explain, amended, iso3)
    if rows.empty:
        return _empty()
    said = _register_phrases(rows, texts, context)
    titled = _title_cased(rows, mapped, texts)
    described = []
    for i, r, d, kind in zip(rows.index, rows["rule"].astype(object), rows["doc_id"], kinds,
                             strict=True):  # fmt: skip
        if kind in _AFTER:  # changed or cleared by a rule acting after the scoring step
            evidence, alternatives = _describe_change(explain.get(i), str(r), amended[i], kind)
        else:
            evidence, alternatives = _describe(explain.get(i), str(r), said.get(d))
        described.append((TITLE_CASE_EVIDENCE if i in titled else evidence, alternatives))
    out = rows.assign(kind=kinds, evidence=[e for e, _ in described],
                      alternatives=[a for _, a in described])  # fmt: skip
    out = out[list(COLUMNS)]
    return out.reset_index(drop=True).astype(
        {"kind": schema.STR, "evidence": schema.STR, "alternatives": schema.STR}
    )


#: The kinds of a row a rule acting after the scoring step changed or cleared.
_AFTER = frozenset({"changed after scoring", "set aside after scoring"})


def _listed(
    mapped: pd.DataFrame,
    explain: Mapping[object, Choice],
    amended: Mapping[object, Amended],
    iso3: str,
) -> tuple[pd.DataFrame, list[str]]:
    """The rows of ``mapped`` to list for ``iso3`` and their kinds (:data:`KINDS`): its
    place mentions mapped there, those the scoring step set aside though a reading was
    there (their ``rule``: the reading that won, "person"), and those a rule acting
    after the scoring step took from there (their ``rule``: that rule's id)."""
    place = mapped["label"].isin(PLACE_LABELS).fillna(False) & (mapped["iso3"] == iso3)
    place = place.fillna(False).astype(bool)
    aside = {i: c.chosen.rule for i, c in explain.items() if _set_aside(c, iso3)}
    cleared = {i: a.rule for i, a in amended.items() if a.iso3 == iso3 and not place.get(i)}
    taken = {**aside, **cleared}
    rows = mapped[place | mapped.index.isin(list(taken))]
    rows = rows.assign(rule=[taken.get(i, r) for i, r in zip(rows.index, rows["rule"],
                                                            strict=True)])  # fmt: skip
    kinds = []
    for i, rule in zip(rows.index, rows["rule"], strict=True):
        if i in cleared:
            kinds.append("set aside after scoring")
        elif i in aside:
            kinds.append("set aside")
        elif i in amended:
            kinds.append("changed after scoring")
        else:
            kinds.append("counted apart" if rule == ORG_HOME_RULE else "counted")
    return rows, kinds


def _title_cased(
    rows: pd.DataFrame, mapped: pd.DataFrame, texts: Mapping[object, str] | None
) -> set[object]:
    """Index labels of the ``rows`` of rule "gazetteer" that are a country's name before
    common nouns in title case inside an ORG mention of ``mapped`` ("U.S." of "U.S.
    Sanctions"): their evidence is :data:`TITLE_CASE_EVIDENCE`, not the cue's."""
    found: set[object] = set()
    if texts is None:
        return found
    orgs = mapped[mapped["label"] == "ORG"]
    places = mapped[mapped["label"].isin(PLACE_LABELS).fillna(False)]
    for i, doc, start, end in rows.loc[
        rows["rule"] == GAZETTEER_RULE, ["doc_id", "start", "end"]
    ].itertuples():
        text = texts.get(doc)
        if not isinstance(text, str) or pd.isna(start) or pd.isna(end):
            continue
        mine = orgs[(orgs["doc_id"] == doc) & (orgs["start"] <= start) & (orgs["end"] >= end)]
        for o_start, o_end in mine[["start", "end"]].itertuples(index=False):
            inside = places[(places["doc_id"] == doc) & (places["start"] >= o_start)
                            & (places["end"] <= o_end)]  # fmt: skip
            spans = [(int(s), int(e)) for s, e in inside[["start", "end"]].itertuples(index=False)]
            if title_cased_nouns(text, int(o_start), int(o_end), spans):
                found.add(i)
    return found


def _set_aside(choice: Choice, iso3: str) -> bool:
    """Whether ``choice`` set its mention aside (no country) although one of its
    readings was in ``iso3``."""
    chosen = choice.chosen
    return (
        chosen is not None
        and chosen.rule in NO_COUNTRY
        and any(s.candidate.iso3 == iso3 for s in choice.readings)
    )


def _register_phrases(
    rows: pd.DataFrame, texts: Mapping[object, str] | None, context: ContextRules
) -> dict[object, str]:
    """doc_id -> the phrase of its text that put it in a local register (see
    :func:`analysis.countries.register.register_evidence`), for the documents of
    ``rows`` with a mention read by the register."""
    if texts is None:
        return {}
    found = {}
    for doc in rows.loc[rows["rule"] == REGISTER_RULE, "doc_id"].unique().tolist():
        text = texts.get(doc)
        hit = register_evidence(text, not context.civic_shared) if isinstance(text, str) else None
        if hit is not None and hit[1]:
            found[doc] = hit[1]
    return found


def _describe(choice: Choice | None, rule: str, phrase: str | None = None) -> tuple[str, str]:
    """(evidence, alternatives) of one mapped mention (``phrase``: what put its story in
    a local register, shown for a mention the register read)."""
    meaning = RULE_MEANING.get(rule, rule)
    if rule == REGISTER_RULE and phrase:
        meaning = f'{meaning}: the story writes "{phrase}"'
    if choice is None or not choice.readings:
        return meaning, ""
    won = _won(choice)
    evidence = won.describe()
    if won.candidate.rule != rule or phrase:  # a later rule decided (qualifier, source home...)
        evidence = f"{meaning}; scored: {evidence}"
    return evidence, _alternatives(choice, won)


def _won(choice: Choice) -> Scored:
    """The scored reading that won ``choice`` (the best one when none did)."""
    return next((s for s in choice.readings if s.candidate is choice.chosen), choice.readings[0])


def _describe_change(
    choice: Choice | None, rule: str, change: Amended, kind: str
) -> tuple[str, str]:
    """(evidence, alternatives) of a mention rules acting after the scoring step changed
    (``kind`` "changed after scoring", ``rule``: its final rule) or set aside: each
    rule's id, label and meaning from the registry, the reading now, and the reading it
    had before them ("scored", with the alternatives, when the scoring step decided it;
    "before" when the row had one reading)."""
    cleared = kind == "set aside after scoring"
    done = "; then ".join(
        f"rule {r} ({RULES[r].label}): {RULES[r].meaning.rstrip('.')}" for r in change.rules
    )
    head = f"{'set aside' if cleared else 'changed'} after scoring by {done}"
    if not cleared:
        head = f"{head}; now: {RULE_MEANING.get(rule, rule)}"
    if choice is None or not choice.readings:
        return f"{head}; before: {change.iso3} {change.tag}", ""
    won = _won(choice)
    return f"{head}; scored: {won.describe()}", _alternatives(choice, won)


def _alternatives(choice: Choice, won: Scored) -> str:
    """The best other reading in each other country, best first (at most
    :data:`MAX_ALTERNATIVES`), then how many namesakes the winner's country has."""
    best: dict[str, Scored] = {}
    for s in choice.readings:  # best first
        if s is not won and s.candidate.iso3 != won.candidate.iso3:
            best.setdefault(s.candidate.iso3, s)
    shown = [s.describe() for s in list(best.values())[:MAX_ALTERNATIVES]]
    if len(best) > MAX_ALTERNATIVES:
        shown.append(f"{len(best) - MAX_ALTERNATIVES} more countries")
    # The place reading an organisation's home doubles is no other namesake.
    same = sum(
        1
        for s in choice.readings
        if s.candidate.iso3 == won.candidate.iso3
        and replace(s.candidate, rule=won.candidate.rule) != won.candidate
    )
    if same:
        shown.append(f"{same} other namesake{'s' if same > 1 else ''} in {won.candidate.iso3}")
    return "; ".join(shown)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=schema.STR) for c in COLUMNS}).astype(
        {"start": schema.INT}
    )


def explain_country(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    mapped: pd.DataFrame,
    iso3: str,
    *,
    rules: CountryRules = DEFAULT_RULES,
    context: ContextRules = DEFAULT_CONTEXT,
    max_documents: int = 25,
    doc_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """:func:`mention_readings` for the first ``max_documents`` documents that
    ``mapped`` (the page's mapped mentions) counts for ``iso3`` (or for ``doc_ids``, the
    documents a reader is shown, in that order), with the texts of ``documents`` (doc_id,
    text, optional source) and, while the rule "source_homes" is on, the sources' homes
    found in ``mapped``."""
    if doc_ids is None:
        counted = mapped.loc[mapped["iso3"] == iso3, "doc_id"].drop_duplicates()
        doc_ids = counted.head(max_documents)
    doc_ids = pd.Series(list(doc_ids), dtype=object)
    wanted = documents[documents["doc_id"].isin(set(doc_ids))]
    texts = dict(zip(wanted["doc_id"], wanted["text"], strict=True)) if "text" in wanted else None
    homes = None
    if context.source_homes and "source" in wanted.columns:
        sources = dict(zip(documents["doc_id"], documents["source"], strict=True))
        by_source = source_homes(mapped, sources, context, documents)
        homes = {d: by_source[s] for d, s in sources.items() if s in by_source}
    found = mention_readings(
        mentions, texts, iso3, doc_ids, rules=rules, context=context, homes=homes
    )
    rank = found["doc_id"].map({d: i for i, d in enumerate(doc_ids)})  # documents' order
    return found.iloc[rank.argsort(kind="stable")].reset_index(drop=True)


def readings_summary(readings: pd.DataFrame, name: str) -> str:
    """One line under the per-mention readings: how many rows count for the country
    (:data:`COUNTED_KINDS`) and how many of each other kind count for none, so the
    rows listed and the count agree for a reader ("12 rows count for France; 1 set
    aside, 1 set aside after scoring: counted for no country")."""
    kinds = readings["kind"].value_counts()
    counted = int(sum(kinds.get(k, 0) for k in COUNTED_KINDS))
    head = f"{counted:,} row{'' if counted == 1 else 's'} count for {name}"
    others = [f"{int(kinds[k]):,} {k}" for k in KINDS if k not in COUNTED_KINDS and k in kinds]
    return head + (f"; {', '.join(others)}: counted for no country." if others else ".")
