"""Resolution: choose among the readings of each place mention with its document.

:func:`map_countries` fills ``iso3`` and ``rule`` of a MENTIONS table for place-like
mentions (GPE, LOC, NORP, FAC). Each distinct surface form is read once
(:mod:`analysis.countries.readings`). A mention with several readings ("Georgia",
"Paris", "Reading") or evidence of its own (:mod:`analysis.countries.facts`: a
state, province or country written after it, a person's name it opens, an
organisation's name it sits in, a disputed region it names) is decided by one scoring
step (:func:`analysis.countries.scoring.score`, weights declared in
:data:`analysis.countries.weights.WEIGHTS`): each reading collects its evidence in
the document (a state or county the document names, the document's other mentions of
its country, its register or source home) and the mention's own, and the best score
wins. Pass ``explain`` to :func:`map_countries` to keep every scored reading per
mention.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from analysis import schema
from analysis.countries.after_scoring import (
    Amended,
    Setting,
    apply_steps,
    set_aside,
)
from analysis.countries.columns import (
    PlaceRows,
    as_rows,
    equal_cells,
    filled_cells,
    isin,
    strings_or_missing,
)
from analysis.countries.counties import county_column, county_states
from analysis.countries.cut_names import cut_rows
from analysis.countries.demonyms import _DEMONYM_LABELS, derived_demonym
from analysis.countries.doc_tables import (
    _dateline_homes,
    _document_evidence,
    _head_evidence,
    _qualifiable,
    _same_name,
    _town_shadowed_name,
    _us_states,
    named_divisions,
    national_rows,
)
from analysis.countries.evidence import (
    folded_names,
    longer_names,
    qualifier_value,
    same_name_qualifiers,
    wire_stories,
)
from analysis.countries.facts import MentionFacts, mention_facts
from analysis.countries.joint import joint_countries
from analysis.countries.last_round import hometown_round, stray_rows
from analysis.countries.qualifier_senses import city_qualifiers, sensed_qualifiers
from analysis.countries.readings import (
    _Reading,
    _reading,
    _unknown_name,
)
from analysis.countries.register import (
    _add_registers,
    _civic_register,
    _party_registers,
    learnt_documents,
)
from analysis.countries.rules import (
    DEFAULT_CONTEXT,
    DEFAULT_RULES,
    DISPUTED_RULE,
    GAZETTEER_RULE,
    MODIFIER_RULE,
    ORG_HOME_RULE,
    PERSON_RULE,
    PLACE_LABELS,
    REGISTER_RULE,
    SOURCE_RULE,
    ContextRules,
    CountryRules,
)
from analysis.countries.scoring import (
    LOCAL_MIN,
    QUALIFIED,
    Choice,
    DocumentContext,
    known_by_name,
    score,
)
from analysis.countries.sentences import sentence_countries, sentence_places
from analysis.teams import TEAM_RULE

#: Readings that place a document inside a country rather than merely naming it.
_LOCAL_RULES = frozenset({"us_state", "us_county", "city", "territory", "region"})


def map_countries(
    mentions: pd.DataFrame,
    *,
    rules: CountryRules = DEFAULT_RULES,
    context: ContextRules = DEFAULT_CONTEXT,
    texts: Mapping[str, str] | None = None,
    homes: Mapping[object, str] | None = None,
    explain: dict[object, Choice] | None = None,
    amended: dict[object, Amended] | None = None,
) -> pd.DataFrame:
    """Fill ``iso3`` and ``rule`` for the GPE/LOC/NORP/FAC rows of a MENTIONS table.

    In: a MENTIONS-schema frame, one or many documents; optionally ``texts`` (doc_id
    -> document text), which lets a demonym that only modifies a food, culture or
    language word ("French fries", "Irish pub", "taught in Spanish") map to nothing
    and a country name written as a hometown ("a Lebanon woman") read as a town.
    Out: a copy in which every place-like row has its ISO3 code and rule ("name",
    "demonym", "capital", "city", "town", "us_state", "us_county", "territory",
    "region", "metonym", "register" for a place read in the country of its document's
    local register with nothing else in the document naming that country (an
    ambiguous town, or a place-shaped GPE the gazetteer does not know), or "gazetteer" for
    places analysis.countries.extra_place_mentions found), or nulls when nothing
    matched; other rows are returned as they came.
    ``homes`` (doc_id -> ISO3, see :func:`apply_source_homes`) is the home country of
    each document's source, read like a local register for a document without its
    own; a place it alone decides takes the rule "source".
    ``explain``, when given, receives for each place row the scoring step decided (by
    index label of ``mentions``: rows with several readings or evidence of their own)
    its readings, each with its evidence and score
    (:class:`analysis.countries.scoring.Choice`); ``amended`` (by index label) what the
    rules acting after it changed or cleared (:mod:`analysis.countries.after_scoring`).
    """
    out, cells = _with_country_columns(mentions)
    if out.empty:
        return out
    came_with = cells["rule"].copy()  # the rules rows came with, "" for none
    came_with[pd.isna(came_with)] = ""
    chunk = PlaceRows.of(out)  # its columns read once, as arrays, for every reader: speed
    place, rows = _place_rows(chunk, _place_mask(chunk, came_with), context, texts)
    register, from_source, party = _registers(rows, texts, context, homes)
    prior = came_with[place]
    facts = mention_facts(rows, prior, chunk, context, texts)
    scored: dict[int, Choice] | None = {} if explain is not None else None
    found = (register, homes if context.source_homes else None, from_source, party)
    iso3, rule = _resolve(rows, rules, context, facts, found, scored)
    if explain is not None and scored:
        explain.update({rows.index[i]: choice for i, choice in scored.items()})
    rule = _provenance(prior, iso3, rule)
    setting = Setting(rows, prior, chunk, rules, context, texts, register)
    record: dict[int, Amended] | None = {} if amended is not None else None
    iso3, rule = apply_steps(setting, (iso3, rule), record)
    if amended is not None and record:
        amended.update({rows.index[i]: change for i, change in record.items()})
    rule = set_aside(prior, rule)
    if from_source:  # the register of these documents is their source's home
        rule = np.where(isin(rows.doc_id, from_source) & (rule == REGISTER_RULE), SOURCE_RULE, rule)
    out["iso3"] = filled_cells(cells["iso3"], place, iso3)
    out["rule"] = filled_cells(cells["rule"], place, rule)
    return out


def place_mask(labels: pd.Series, texts: pd.Series, came_with: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows to read as places: a place label (:data:`PLACE_LABELS`),
    a text, and no rule saying the name is a national team's (analysis.teams: a country
    named for its team is no mention of the place); ``came_with`` the rows' rules as
    objects, "" where missing. Compared in numpy (speed; the pandas form it replaced is
    checked against it in tests/analysis/test_country_speed.py)."""
    known = isin(labels.to_numpy(dtype=object, na_value=""), PLACE_LABELS)
    return known & texts.notna().to_numpy(dtype=bool) & (came_with != TEAM_RULE)


def _place_mask(chunk: PlaceRows, came_with: np.ndarray) -> np.ndarray:
    """:func:`place_mask` of a chunk's bundle (its labels and texts as arrays)."""
    known = isin(chunk.label, PLACE_LABELS)
    return known & pd.notna(chunk.text) & (came_with != TEAM_RULE)


def _place_rows(
    chunk: PlaceRows, place: np.ndarray, context: ContextRules, texts: Mapping[object, str] | None
) -> tuple[np.ndarray, PlaceRows]:
    """The place rows of ``chunk`` (mask ``place``) to read: (mask, their bundle), each
    text the longer name written around it (rule ``longer_names``), less the
    abbreviations cut from a longer name (rule ``cut_names``)."""
    rows = chunk.take(place)
    written = rows.text  # the mentions' own text
    if texts is not None and context.longer_names:  # "Guinea" of "Guinea-Bissau"
        rows = rows.with_text(longer_names(rows, texts))
    if texts is not None and context.cut_names:  # "LA" of "LA ROCHELLE": no place
        cut = cut_rows(rows, texts) & equal_cells(rows.text, written)
        if cut.any():  # most chunks cut nothing: no selection to make
            place = place.copy()
            place[place] = ~cut
            rows = rows.take(~cut)
    return place, rows


def _with_country_columns(mentions: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """(a copy of ``mentions`` with string ``iso3`` and ``rule`` columns; those columns'
    cells as objects, strings or missing). Speed (branch speed20): an object column whose
    cells are all strings or missing (a frame built from records, as the pipeline's
    chunks are) is kept as it came, its cells handed over as they are: the string
    column would give the same strings back, and map_countries writes both columns as
    string columns at its end (:func:`filled_cells`); no conversion there and back."""
    out = mentions.copy()
    cells = {}
    for col in ("iso3", "rule"):
        given = out[col].to_numpy() if col in out.columns else None
        if given is not None and strings_or_missing(given):
            cells[col] = given
            continue
        if col not in out.columns:
            out[col] = pd.Series(pd.NA, index=out.index, dtype=schema.STR)
        out[col] = out[col].astype(schema.STR)
        cells[col] = out[col].to_numpy(dtype=object)
    return out, cells


def _registers(
    rows: PlaceRows,
    texts: Mapping[str, str] | None,
    context: ContextRules,
    homes: Mapping[object, str] | None,
) -> tuple[dict[object, str], set[object], frozenset[object]]:
    """(doc_id -> the country of its local register or, failing that, of its source's
    home; the doc_ids whose register is their source's home; those whose register is
    a party tag alone, rule party_registers). A story opening with a wire service's
    dateline ("LONDON (Reuters) -") takes no home from its source while the rule
    "dateline_homes" is on."""
    register, party = {}, frozenset()
    if texts is not None and context.civic_register:
        shared_alone = not context.civic_shared
        register = _civic_register(pd.unique(rows.doc_id), texts, shared_alone=shared_alone)
        if context.party_registers:
            party = _party_registers(register, texts, shared_alone=shared_alone)
    from_source = set()
    docs = pd.unique(rows.doc_id) if homes and context.source_homes else ()
    # A wire story a paper prints as it came is the wire's: its home says nothing.
    wire = wire_stories(docs, texts) if texts is not None and context.dateline_homes else set()
    for doc_id in docs:
        if doc_id in wire:
            continue
        if doc_id not in register and (home := homes.get(doc_id)) is not None:
            register[doc_id] = home
            from_source.add(doc_id)
    return register, from_source, party


def _provenance(prior: np.ndarray, iso3: np.ndarray, rule: np.ndarray) -> np.ndarray:
    """The rule of each place row given the rule it came with (``prior``, "" for none): a
    place the gazetteer pass found keeps that provenance ("gazetteer") unless the register
    chose its country or it was read as an organisation's home."""
    found = (prior == GAZETTEER_RULE) | (prior == ORG_HOME_RULE)
    keep = (rule == REGISTER_RULE) | (rule == ORG_HOME_RULE)
    return np.where(found & pd.notna(iso3) & ~keep, GAZETTEER_RULE, rule)


@dataclass
class _Table:
    """The place rows' readings as they are decided: ``iso3``, ``rule`` and
    ``division`` (the state or province of the reading, for the qualifier it gives the
    mention before it), aligned with the rows."""

    iso3: np.ndarray
    rule: np.ndarray
    division: np.ndarray

    @classmethod
    def of(cls, readings: list[_Reading], codes: np.ndarray) -> _Table:
        """The fixed readings of the rows (``codes``: their surface form's position in
        ``readings``); None where context decides."""

        def column(values: list[object]) -> np.ndarray:
            return np.array(values, dtype=object)[codes] if len(codes) else np.array([], object)

        fixed = [r.fixed for r in readings]
        return cls(
            column([c.iso3 if c else None for c in fixed]),
            column([c.rule if c else None for c in fixed]),
            column([r.division if r.fixed else "" for r in readings]),
        )

    def qualifiers(self, after: np.ndarray, countries: np.ndarray) -> dict[int, str]:
        """Row -> the qualifier the mention written right after it gives (see
        :func:`analysis.countries.evidence.qualifier_value`), for rows that have one. A
        country's name (``countries``: per row, whether its reading is one) before
        another country's name is a list, not a town and its country ("Chile, Ecuador
        and Peru"; "Mexico, Mo." is still qualified)."""
        found = {}
        for i in np.flatnonzero(after >= 0).tolist():
            j = after[i]
            if countries[i] and self.rule[j] == "name":
                continue
            value = qualifier_value(self.rule[j], self.iso3[j], self.division[j])
            if value is not None:
                found[i] = value
        return found


#: (doc_id -> the country of its register, doc_id -> its source's home, the doc_ids
#: whose register is their source's home, not their civic phrases, the doc_ids whose
#: register is a party tag alone: rule party_registers).
_Homes = tuple[
    Mapping[object, str] | None,
    Mapping[object, str] | None,
    Collection[object],
    Collection[object],
]


def _resolve(
    rows: pd.DataFrame | PlaceRows,
    rules: CountryRules,
    context: ContextRules,
    facts: MentionFacts,
    homes: _Homes = (None, None, frozenset(), frozenset()),
    explain: dict[int, Choice] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(iso3, rule) object arrays for place rows, aligned with ``rows``: fixed readings
    as they are; every mention with several readings or evidence of its own
    (``facts``, a qualifier, a derived demonym) decided by the scoring step, in three
    rounds: the mentions alone; again with what the first settled (an ambiguous
    qualifier, a US state among US places); last, from the table so far, strays and
    hometowns (:mod:`analysis.countries.last_round`). ``homes``: (doc_id -> the
    country its civic vocabulary or, failing that, its source makes it local to; doc_id
    -> its source's home, which its own dateline is read in; the doc_ids whose register
    is their source's home, not their civic phrases; those whose register is a party
    tag alone, rule party_registers). ``explain``, when given,
    receives the scored readings of each decided row (by position)."""
    rows = as_rows(rows)
    register = homes[0]
    codes, forms = pd.factorize(rows.text)
    readings = [_reading(t, rules, context) for t in forms]
    table = _Table.of(readings, codes)
    labels = rows.label
    # A NORP is a group of people: a town called "Rehab" or "Cargo" is not one.
    town = np.array([r.is_town for r in readings], dtype=bool)[codes]
    choosable = np.array([bool(r.options) for r in readings], dtype=bool)[codes]
    # A name of several words is no common word misread: "East Sheen" is a place.
    several = np.array([" " in str(t) for t in forms], dtype=bool)[codes]
    choosable &= ~(town & (labels == "NORP") & ~several)
    derived = _derived(readings, forms, codes, labels, rules)
    modifier = _modifiers(readings, derived, codes, facts)
    folded = codes  # "MALTA" is "Malta": read only for stories with a dateline fact
    if facts.dateline.any():
        folded = pd.Series(rows.text, dtype=object).astype(str).str.casefold()
        folded = pd.factorize(folded.to_numpy(dtype=object))[0]
    countries = _country_names(readings, codes, facts.after)
    qualifiers = table.qualifiers(facts.after, countries)
    if context.qualifier_senses:  # "Atlanta, Georgia": the US state, not the country
        qualifiers = sensed_qualifiers(qualifiers, facts.after, readings, codes)
    with_qualifier = np.isin(np.arange(len(rows)), list(qualifiers))
    todo = np.flatnonzero(choosable | facts.own() | with_qualifier | modifier
                          | pd.notna(derived))  # fmt: skip
    docs, doc_names = pd.factorize(rows.doc_id)
    scored = facts.after >= 0
    scored[todo] = True
    wanted = pd.unique(docs[scored])
    scorer = _Scorer.of((docs, doc_names, wanted), codes, readings, table, facts,
                        (choosable, modifier, derived, labels, folded), homes,
                        context, sents=rows.sent)  # fmt: skip
    settled = scorer.decide(todo, qualifiers, table, explain)
    pending = np.array([i for i in np.flatnonzero(choosable).tolist() if i not in settled],
                       dtype="int64")  # fmt: skip
    qualifiers = _second_round(rows, scorer, table, (qualifiers, countries, pending), explain)
    # A name no gazetteer knows takes a story's own register, not its source's home:
    # "Erbamont's shares" in a WSJ story is a company (review 18, class A1).
    own = {d: c for d, c in register.items() if d not in homes[2]} if register else register
    _last_round(rows, scorer, table, qualifiers, explain, (rules, context, own))
    return table.iso3, table.rule


def _second_round(
    rows: PlaceRows,
    scorer: _Scorer,
    table: _Table,
    first: tuple[dict[int, str], np.ndarray, np.ndarray],
    explain: dict[int, Choice] | None,
) -> dict[int, str]:
    """Second round, from what the first settled: a qualifier that was itself ambiguous
    ("Athens, Georgia"), the document's places however they were read ("Georgia" beside
    five mentions resolved to the US) and the qualifier of the same name elsewhere in
    the document ("London, Ontario" ... "London", rule one_sense) are evidence for the
    rows they concern. ``first``: (the first round's qualifiers, per row whether it is a
    country's name, the rows it left open); returns the qualifiers of both rounds."""
    qualifiers, countries, pending = first
    docs = scorer.docs
    again = table.qualifiers(scorer.facts.after, countries)
    if scorer.context.qualifier_senses:
        again = sensed_qualifiers(again, scorer.facts.after, scorer.readings, scorer.codes)
        near = (table.iso3, table.rule)  # "Edmonton, London": the Edmonton in London
        again |= city_qualifiers(again, scorer.facts.after, near, scorer.readings, scorer.codes)
    again = {i: q for i, q in again.items() if qualifiers.get(i) != q}
    states = _us_state_rows(docs, scorer.codes, scorer.readings, pending, table)
    qualifiers = {**qualifiers, **again}
    if scorer.context.one_sense:
        # Only a city, town or region: "Mexico, Mo." leaves the country's name alone.
        inherited = same_name_qualifiers(docs, folded_names(rows, docs, qualifiers),
                                         scorer.qualifiable, qualifiers)  # fmt: skip
        scorer.inherited, qualifiers = inherited, {**qualifiers, **inherited}
    rows2 = np.array(sorted(set(again) | states | set(scorer.inherited)), dtype="int64")
    scorer.decide(rows2, qualifiers, table, explain, us_places=states)
    return qualifiers


def _country_names(readings: list[_Reading], codes: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Per row (``codes``: its surface form's position in ``readings``), whether it reads
    (fixed or by default) as a country's name; asked only of the rows with a mention
    right after them (``after`` >= 0: the rows a qualifier may follow)."""
    names = np.zeros(len(codes), dtype=bool)
    for i in np.flatnonzero(after >= 0).tolist():
        base = readings[codes[i]].fixed or readings[codes[i]].default
        names[i] = base is not None and base.rule == "name"
    return names


def _last_round(
    rows: PlaceRows,
    scorer: _Scorer,
    table: _Table,
    qualifiers: dict[int, str],
    explain: dict[int, Choice] | None,
    setting: tuple[CountryRules, ContextRules, Mapping[object, str] | None],
) -> None:
    """The last round, from the table the first two wrote: small places with one
    reading in a country no other place of their document is in (evidence "stray"),
    places the gazetteer does not know in the register's country, and names written
    as hometowns (evidence "hometown")."""
    rules, context, register = setting
    if context.strays:
        strays = stray_rows(rows, table.iso3, table.rule, rules, context, scorer.facts.opens)
        strays &= True if scorer.facts.venue is None else ~scorer.facts.venue  # rule venues
        scorer.decide(np.flatnonzero(strays), qualifiers, table, explain, abroad=True)
    if register and rules.allows("town"):
        table.iso3, table.rule = _unknown_places_in_register(rows, table.iso3, table.rule, register)
    if context.hometowns:
        hometown_round(rows, scorer.facts.hometown, table, context, explain)


def _derived(
    readings: list[_Reading],
    forms: pd.Index,
    codes: np.ndarray,
    labels: np.ndarray,
    rules: CountryRules,
) -> np.ndarray:
    """Per row, the derived demonym reading of a group or place no reading knows
    ("Minnesotans": the US), else None (see analysis.countries.demonyms)."""
    none = np.full(len(codes), None, dtype=object)
    if not rules.allows("demonym") or not len(codes):
        return none
    by_form = [
        replace(found, rule="demonym")
        if r.fixed is None and not r.options and (found := derived_demonym(str(t)))
        else None
        for r, t in zip(readings, forms, strict=True)
    ]
    found = np.empty(len(by_form), dtype=object)
    found[:] = by_form
    found = found[codes]
    return np.where(isin(labels, _DEMONYM_LABELS), found, none)


def _modifiers(
    readings: list[_Reading], derived: np.ndarray, codes: np.ndarray, facts: MentionFacts
) -> np.ndarray:
    """Rows whose culture or style word is evidence for the reading "no country": a
    mention with a demonym reading before a food, culture or language word, or any
    mention before "-style"."""
    demonym = np.array(
        [any(c.rule == "demonym" for c in (*((r.fixed,) if r.fixed else ()), *r.options))
         for r in readings], dtype=bool,
    )[codes] if len(codes) else np.zeros(0, dtype=bool)  # fmt: skip
    return (facts.culture & (demonym | pd.notna(derived))) | facts.style


@dataclass
class _Scorer:
    """The scoring step over one frame of place rows: per document the evidence
    tables (countries named, local places, divisions named), the documents whose
    register alone speaks for its country, and per row its readings and facts
    (``kinds``: choosable, modifier, derived demonym, dateline home)."""

    docs: np.ndarray
    codes: np.ndarray
    readings: list[_Reading]
    tables: tuple[dict[int, dict[str, int]], ...]
    register_only: dict[int, str]
    #: Of ``register_only``, the documents whose register is their civic phrases alone
    #: (not their source's home, nor backed by it): rule register_capitals.
    civic_alone: frozenset[int]
    facts: MentionFacts
    qualifiable: np.ndarray
    kinds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    context: ContextRules
    #: Row -> the qualifier of the same name elsewhere in its document (rule one_sense).
    inherited: dict[int, str] = field(default_factory=dict)
    #: The documents whose register is their source's learnt home (rule home_namesakes)
    #: or a party tag alone (rule party_registers).
    learnt: frozenset[int] = frozenset()
    #: Per row, the countries of its readings its own sentence names, joined by "|"
    #: (rule sentence_countries, :func:`sentence_countries`), or None when none has any.
    sentence: np.ndarray | None = None

    @property
    def choosable(self) -> np.ndarray:
        return self.kinds[0]

    @property
    def flags(self) -> np.ndarray:
        """Per row, its own evidence and kind as bits (person, organisation,
        qualifiable, choosable, modifier, derived, wire dateline, opens its story): with the
        surface form, all a choice depends on besides the document, the qualifier and the
        dateline home."""
        choosable, modifier, derived, _ = self.kinds
        bits = (self.facts.person, self.facts.organisation, self.qualifiable, choosable,
                modifier, pd.notna(derived), self.facts.wire_dateline,
                self.facts.opens if self.facts.opens is not None else False,
                self.facts.venue if self.facts.venue is not None else False)  # fmt: skip
        return sum(np.asarray(b, dtype="int64") << k for k, b in enumerate(bits))

    @classmethod
    def of(cls, documents: tuple[np.ndarray, pd.Index, np.ndarray], codes: np.ndarray,
           readings: list[_Reading], table: _Table, facts: MentionFacts,
           kinds: tuple[np.ndarray, ...],
           homes: _Homes,
           context: ContextRules, *, sents: np.ndarray | None = None) -> _Scorer:  # fmt: skip
        """The scorer of the rows, with the evidence of their fixed readings (a person's
        name names no country) in the documents that need it. ``documents``: (each row's
        document code, the document ids by code, the codes of the documents to score);
        ``kinds``: (choosable, modifier, derived demonym, label, casefolded form code)
        per row; ``homes``: (the documents' registers, their sources' homes, the doc_ids
        whose register is their source's home, those whose register is a party tag
        alone); ``sents``: each row's sentence id."""
        docs, doc_names, wanted = documents
        register, sources, from_source, party = homes
        placed = np.where(facts.person, None, table.iso3)
        if context.country_names_count:  # "Italy" (also a Texas town) names Italy
            shadowed = np.array([_town_shadowed_name(r) for r in readings], dtype=object)
            shadowed = shadowed[codes] if len(codes) else np.array([], dtype=object)
            placed = np.where(pd.isna(placed) & ~facts.person, shadowed, placed)
        evidence = _document_evidence(docs, placed, wanted)
        local_rule = isin(table.rule, _LOCAL_RULES)
        local = _document_evidence(docs, np.where(local_rule, placed, None), wanted)
        registers, register_only = _add_registers(wanted, doc_names, register, evidence)
        # The civic register alone: not the source's home, nor backed by it.
        civic_alone = frozenset(
            d for d, c in register_only.items()
            if doc_names[d] not in from_source and (sources or {}).get(doc_names[d]) != c
        )  # fmt: skip
        # "USA:LA" for a fixed reading that names a state or county; those stated.
        named, stated = named_divisions(readings, codes, facts.unplaced())
        divisions = _document_evidence(docs, named, wanted) if context.divisions else {}
        stated = _document_evidence(docs, stated, wanted) if context.implied_divisions else {}
        national = national_rows(readings, codes, placed, facts)  # "the U.S." spent
        national = _document_evidence(docs, national, wanted) if context.national_actors else {}
        county = county_column(readings, codes, facts.person, facts.after)  # Henry County
        counties = _document_evidence(docs, county, wanted) if context.divisions else {}
        heads = _head_evidence(docs, codes, readings, (placed, named), wanted)
        choosable, modifier, derived, labels, folded = kinds
        qualifiable = _qualifiable(readings, codes, labels)
        dateline = _dateline_homes((docs, doc_names), (codes, folded), readings, placed, facts,
                                   sources)  # fmt: skip
        joint: dict[int, dict[str, int]] = {}
        if context.joint_places:  # the country the story's names agree on
            # The rows co-mentions count (an organisation's home too), and the open ones.
            counted = (pd.notna(placed) | choosable) & ~facts.person
            joint = joint_countries(docs, codes, readings, counted, wanted)
        return cls(docs, codes, readings,
                   (evidence, local, divisions, registers, heads, counties, joint, stated,
                    national),
                   register_only, civic_alone,
                   facts,
                   qualifiable, (choosable, modifier, derived, dateline), context,
                   learnt=learnt_documents(registers, doc_names, (from_source, party), context),
                   sentence=sentence_countries(docs, sents, _sentence_named(placed, readings,
                                                                            codes, facts),
                                               codes, readings)
                   if context.sentence_countries else None)  # fmt: skip

    def decide(
        self,
        rows: np.ndarray,
        qualifiers: dict[int, str],
        table: _Table,
        explain: dict[int, Choice] | None,
        us_places: frozenset[int] | set[int] = frozenset(),
        *,
        abroad: bool = False,
    ) -> set[int]:
        """Score ``rows`` (``us_places``: those with that evidence, see
        :func:`_us_state_rows`; ``abroad``: the strays of the last round) and write the
        outcome into ``table``; return the rows settled by their own evidence (a person,
        a disputed region, a qualifier), which the second round leaves alone."""
        settled = set()
        outcomes: dict[int, tuple] = {}  # id(choice) -> what it writes (choices are shared)
        register, docs, choosable = self.register_only, self.docs, self.choosable
        for i, choice in self._choices(rows, qualifiers, us_places, abroad):
            if explain is not None:
                explain[i] = choice
            if id(choice) not in outcomes:
                outcomes[id(choice)] = _written(choice)
            iso3, rule, division, place, settles = outcomes[id(choice)]
            # The register alone spoke for the place (an organisation's home too).
            if place and register and choosable[i] and register.get(docs[i]) == iso3:
                rule = REGISTER_RULE
            table.iso3[i], table.rule[i], table.division[i] = iso3, rule, division
            if settles:
                settled.add(i)
        return settled

    def _choices(
        self,
        rows: np.ndarray,
        qualifiers: dict[int, str],
        us_places: frozenset[int] | set[int],
        abroad: bool,
    ) -> Iterator[tuple[int, Choice]]:
        """(row, scored readings) for each of ``rows``. Documents that say the same
        thing share their choices (a corpus repeats itself): the key is the surface
        form (which fixes its readings and claimants), what the document names, the
        qualifier, the row's own flags and its dateline home."""
        signature: dict[int, tuple] = {}
        chosen: dict[tuple, Choice] = {}
        docs, codes, flags = self.docs.tolist(), self.codes.tolist(), self.flags.tolist()
        homes = self.kinds[3].tolist()
        near = [""] * len(docs) if self.facts.near is None else self.facts.near
        sentence = [""] * len(docs) if self.sentence is None else self.sentence
        for i in rows.tolist():
            doc = docs[i]
            if doc not in signature:
                signature[doc] = (
                    *(tuple(sorted(t.get(doc, {}).items())) for t in self.tables),
                    doc in self.civic_alone,
                    doc in self.learnt,
                )
            key = (codes[i], signature[doc], qualifiers.get(i), flags[i], i in us_places,
                   homes[i], abroad, i in self.inherited, near[i], sentence[i])  # fmt: skip
            if key not in chosen:
                chosen[key] = self._score(i, doc, qualifiers.get(i), i in us_places, abroad)
            yield i, chosen[key]

    def _score(
        self, i: int, doc: int, qualifier: str | None, us_places: bool, abroad: bool
    ) -> Choice:
        """The scoring step on row ``i`` of document ``doc`` (``abroad``: a stray of the
        last round, weighed against no co-mention: its document names its country by no
        other place)."""
        evidence, local, divisions, registers, heads, counties, joint, stated, national = (
            ({},) * 9 if abroad else self.tables
        )
        reading = self.readings[self.codes[i]]
        head = reading.head
        same_name = _same_name(heads.get(doc, {}), head)
        person, organisation, disputed = self.facts.of(i)
        _, modifier, derived, homes = self.kinds
        found = DocumentContext(
            evidence.get(doc, {}),
            local.get(doc, {}),
            qualifier,
            divisions.get(doc, {}),
            stated=stated.get(doc, {}) if self.context.implied_divisions else None,
            national=national.get(doc, {}),
            strays=self.context.strays,
            qualifiable=bool(self.qualifiable[i]),
            person=person,
            organisation=organisation,
            disputed=disputed,
            us_places=us_places,
            modifier=bool(modifier[i]),
            dateline=homes[i],
            abroad=abroad,
            demonyms=self.facts.demonyms(i),
            derived=derived[i] is not None,
            register=next(iter(registers.get(doc, {})), None),
            register_counted=doc in self.register_only,
            register_alone=doc in self.civic_alone and self.context.register_capitals,
            register_learnt=doc in self.learnt,
            world_cities=self.context.world_cities,
            division_names=self.context.division_names,
            local_names=self.context.local_names,
            country_namesakes=self.context.country_namesakes,
            opens_story=self.facts.opens is not None and bool(self.facts.opens[i]),
            alias_strays=self.context.alias_strays,
            same_name=same_name,
            wire_dateline=bool(self.facts.wire_dateline[i]),
            venue=self.facts.venue_of(i),
            inherited=i in self.inherited,
            county_states=county_states(
                reading, frozenset(counties.get(doc, ())), _us_states(divisions.get(doc, {}))
            ),
            joint=next(iter(joint.get(doc, {})), None),
            sentence="" if abroad or self.sentence is None else self.sentence[i],
        )
        if reading.fixed is not None:
            return score((reading.fixed,), reading.fixed, found)
        if derived[i] is not None:
            return score((derived[i],), derived[i], found)
        if not self.choosable[i]:  # a NORP read as a town: no reading
            return score((), None, found)
        default = reading.default or known_by_name(reading.options, found.wire_dateline)
        return score(reading.options, default, found)


#: Evidence that settles a mention in the first round: its qualifier, its name's.
_QUALIFIER_KINDS = frozenset({"qualifier", "same_name_qualifier"})

#: Readings the scoring step adds from a mention's own evidence.
_OWN_READINGS = frozenset({QUALIFIED, PERSON_RULE, DISPUTED_RULE, ORG_HOME_RULE, MODIFIER_RULE})


def _sentence_named(
    placed: np.ndarray, readings: list[_Reading], codes: np.ndarray, facts: MentionFacts
) -> np.ndarray:
    """Per row, the country it names for its own sentence (rule sentence_countries,
    :func:`sentence_places`): none for a person's name or an organisation's (its home
    says where the organisation is: "Dominion Textiles Inc of Canada" and "Dominion" in a
    story on Burlington Industries), nor for a row naming its story's dateline ("MOSCOW,
    March 16 -", "WASHINGTON (Reuters) -", and their name elsewhere in the story): a
    dateline is where the story was filed, not a place of the sentence a wire glues it to.
    The datelines are the rows rules dateline_homes and wire_datelines mark; with those
    switched off a dateline counts as any mention."""
    skipped = facts.person | facts.organisation | facts.dateline | facts.wire_dateline
    return sentence_places(placed, readings, codes, skipped)


def _written(choice: Choice) -> tuple[object, object, str, bool, bool]:
    """What ``choice`` writes for its mention: (iso3, rule, division, whether it is a
    place the register may have chosen, whether the mention's own evidence settled it:
    a person, a disputed region, a qualifier)."""
    iso3, rule = choice.outcome()
    chosen = choice.chosen
    if chosen is None:
        return iso3, rule, "", False, False
    own = chosen.rule in _OWN_READINGS
    kinds = {k for k, _ in next(s for s in choice.readings if s.candidate is chosen).evidence}
    settles = (own and chosen.rule != ORG_HOME_RULE) or bool(kinds & _QUALIFIER_KINDS)
    # The register alone speaks for a place no other evidence of the document placed.
    place = (not own or chosen.rule == ORG_HOME_RULE) and "us_places" not in kinds
    return iso3, rule, chosen.admin1, place, settles


def _us_state_rows(
    docs: np.ndarray,
    codes: np.ndarray,
    readings: list[_Reading],
    pending: np.ndarray,
    table: _Table,
) -> set[int]:
    """The ``pending`` rows of a name that is also a US state ("Georgia") whose
    document's other places, however the first round read them, put it in the US at
    least :data:`LOCAL_MIN` times ("Albany" five times, read as Albany, Georgia or New
    York) and none in the country the first round chose ("Tbilisi" beside "Georgia"):
    the evidence "us_places" of the scoring step."""
    iso3 = table.iso3
    states = {
        code
        for code in np.unique(codes[pending]).tolist()
        if any(c.rule == "us_state" for c in readings[code].options)
    }
    todo = [i for i in pending.tolist() if codes[i] in states and iso3[i] != "USA"]
    if not todo:
        return set()
    # (doc, country) -> mentions, and the same per surface form, in those documents only.
    in_doc: Counter[tuple[int, object]] = Counter()
    in_form: Counter[tuple[int, int, object]] = Counter()
    for j in np.flatnonzero(np.isin(docs, docs[todo]) & pd.notna(iso3)).tolist():
        in_doc[docs[j], iso3[j]] += 1
        in_form[docs[j], codes[j], iso3[j]] += 1

    def elsewhere(i: int, country: object) -> int:
        return in_doc[docs[i], country] - in_form[docs[i], codes[i], country]

    return {
        i
        for i in todo
        if elsewhere(i, "USA") >= LOCAL_MIN and not (pd.notna(iso3[i]) and elsewhere(i, iso3[i]))
    }


def _unknown_places_in_register(
    rows: PlaceRows, iso3: np.ndarray, rule: np.ndarray, register: Mapping[object, str]
) -> tuple[np.ndarray, np.ndarray]:
    """GPE rows with no reading at all take their document's register country."""
    codes, forms = pd.factorize(rows.text)
    unknown = np.array([_unknown_name(t) for t in forms], dtype=bool)[codes]
    # A dict lookup per row: what rows["doc_id"].map(register) gives, without the
    # Series a pandas map builds per chunk (speed; None where it gives NaN).
    country = np.array([register.get(d) for d in rows.doc_id.tolist()], dtype=object)
    take = unknown & (rows.label == "GPE") & pd.notna(country)
    take &= pd.isna(iso3)
    if not take.any():
        return iso3, rule
    return np.where(take, country, iso3), np.where(take, REGISTER_RULE, rule)
