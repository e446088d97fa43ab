"""Resolution: choose among the readings of each place mention with its document.

:func:`map_countries` fills ``iso3`` and ``rule`` of a MENTIONS table for place-like
mentions (GPE, LOC, NORP, FAC). Each distinct surface form is read once
(:mod:`analysis.countries.readings`); only forms with several readings ("Georgia",
"Paris", "Reading") look at their document: each reading collects its evidence there
(a place written right after it, a state or county the document names, the
document's other mentions of its country, its register or source home) and one
scoring step chooses (:func:`analysis.countries.scoring.score`, weights declared in
:data:`analysis.countries.scoring.WEIGHTS`). Pass ``explain`` to
:func:`map_countries` to keep every scored reading per mention.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import schema
from analysis.countries.comention import co_mentioned_places
from analysis.countries.demonyms import derived_demonyms
from analysis.countries.evidence import (
    longer_names,
    organisation_tails,
    person_names,
    qualified_places,
)
from analysis.countries.lexicon import disputed_regions
from analysis.countries.modifiers import _demonym_modifiers, _hometown_names
from analysis.countries.readings import (
    _Reading,
    _reading,
    _small_fixed_place,
    _unknown_name,
)
from analysis.countries.register import _civic_register
from analysis.countries.rules import (
    DEFAULT_CONTEXT,
    DEFAULT_RULES,
    DISPUTED_RULE,
    GAZETTEER_RULE,
    ORG_HOME_RULE,
    PLACE_LABELS,
    REGISTER_RULE,
    SOURCE_RULE,
    ContextRules,
    CountryRules,
)
from analysis.countries.scoring import LOCAL_MIN, Choice, DocumentContext, score
from analysis.gazetteer import normalise
from analysis.teams import TEAM_RULE

#: Readings that place a document inside a country rather than merely naming it.
_LOCAL_RULES = frozenset({"us_state", "us_county", "city", "territory", "region"})


#: A following mention at most this many characters after a city ("Paris, Tenn.")
#: qualifies it.
_QUALIFIER_GAP = 3


def map_countries(
    mentions: pd.DataFrame,
    *,
    rules: CountryRules = DEFAULT_RULES,
    context: ContextRules = DEFAULT_CONTEXT,
    texts: Mapping[str, str] | None = None,
    homes: Mapping[object, str] | None = None,
    explain: dict[object, Choice] | None = None,
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
    ``explain``, when given, receives for each ambiguous place row (by index label of
    ``mentions``) its readings, each with its evidence and score
    (:class:`analysis.countries.scoring.Choice`).
    """
    out = _with_country_columns(mentions)
    if out.empty:
        return out
    place = out["label"].isin(PLACE_LABELS).fillna(False).to_numpy(dtype=bool)
    place = place & out["text"].notna().to_numpy(dtype=bool)
    # A country named for its national team (analysis.teams) is no mention of the place.
    place = place & out["rule"].ne(TEAM_RULE).fillna(True).to_numpy(dtype=bool)
    rows = out.loc[place, ["doc_id", "start", "end", "text", "label"]]
    if texts is not None and context.longer_names:  # "Guinea" of "Guinea-Bissau"
        rows = rows.assign(text=longer_names(rows, texts))
    register, from_source = _registers(rows, texts, context, homes)
    scored: dict[int, Choice] | None = {} if explain is not None else None
    iso3, rule = _resolve(rows, rules, context, register, scored)
    if explain is not None and scored:
        explain.update({rows.index[i]: choice for i, choice in scored.items()})
    iso3, rule = _after_scoring(rows, iso3, rule, out, place, rules, context, texts, register)
    if from_source:  # the register of these documents is their source's home
        sourced = rows["doc_id"].isin(from_source).to_numpy(dtype=bool)
        rule = np.where(sourced & (rule == REGISTER_RULE), SOURCE_RULE, rule)
    out.loc[place, "iso3"] = pd.array(iso3, dtype=schema.STR)
    out.loc[place, "rule"] = pd.array(rule, dtype=schema.STR)
    return out


def _after_scoring(
    rows: pd.DataFrame,
    iso3: np.ndarray,
    rule: np.ndarray,
    out: pd.DataFrame,
    place: np.ndarray,
    rules: CountryRules,
    context: ContextRules,
    texts: Mapping[str, str] | None,
    register: Mapping[object, str],
) -> tuple[np.ndarray, np.ndarray]:
    """The rules that read more than a document's places, after the scoring step:
    derived demonyms, qualifiers, strays, the register, organisations' homes, the words
    around a mention, disputed regions and unknown places (``out``: all the mentions,
    ``place``: the mask of ``rows`` in it)."""
    if rules.allows("demonym"):  # "Minnesotans", "South Ossetian"
        iso3, rule = derived_demonyms(rows, iso3, rule)
    if texts is not None and context.qualifiers:  # "Bradford, Ontario"
        iso3, rule = qualified_places(rows, iso3, rule, texts)
    if context.strays:
        iso3, rule = _drop_strays(rows, iso3, rule, rules, context)
    if register and rules.allows("town"):
        iso3, rule = _unknown_places_in_register(rows, iso3, rule, register)
    # Places the gazetteer pass found keep that provenance as their rule, unless the
    # register chose their country.
    rule = _organisation_homes(out.loc[place, "rule"], iso3, rule, context)
    if context.org_homes:  # "Partizan" + "Belgrade": the club's home
        orgs = out.loc[out["label"] == "ORG", ["doc_id", "end"]]
        tail = organisation_tails(rows, orgs) & pd.notna(iso3)
        rule = np.where(tail, ORG_HOME_RULE, rule)
    if texts is not None:
        iso3, rule = _text_context(rows, iso3, rule, texts, context, out)
    if context.world_regions:
        iso3, rule = _disputed(rows, iso3, rule)
    if context.co_mentioned:  # "Naugatuck River" beside Waterbury, Connecticut
        iso3, rule = co_mentioned_places(rows, iso3, rule)
    return iso3, rule


def _with_country_columns(mentions: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``mentions`` with string ``iso3`` and ``rule`` columns."""
    out = mentions.copy()
    for col in ("iso3", "rule"):
        if col not in out.columns:
            out[col] = pd.Series(pd.NA, index=out.index, dtype=schema.STR)
        out[col] = out[col].astype(schema.STR)
    return out


def _registers(
    rows: pd.DataFrame,
    texts: Mapping[str, str] | None,
    context: ContextRules,
    homes: Mapping[object, str] | None,
) -> tuple[dict[object, str], set[object]]:
    """(doc_id -> the country of its local register or, failing that, of its source's
    home; the doc_ids whose register is their source's home)."""
    register = (
        _civic_register(rows["doc_id"].unique(), texts)
        if texts is not None and context.civic_register
        else {}
    )
    from_source = set()
    for doc_id in rows["doc_id"].unique() if homes and context.source_homes else ():
        if doc_id not in register and (home := homes.get(doc_id)) is not None:
            register[doc_id] = home
            from_source.add(doc_id)
    return register, from_source


def _text_context(
    rows: pd.DataFrame,
    iso3: np.ndarray,
    rule: np.ndarray,
    texts: Mapping[str, str],
    context: ContextRules,
    mentions: pd.DataFrame,
) -> tuple[np.ndarray, np.ndarray]:
    """The rules that read the words around a mention: food and culture words,
    hometowns, a person's name it opens."""
    if context.demonym_modifiers:
        modifier = _demonym_modifiers(rows, rule, texts)
        iso3, rule = np.where(modifier, None, iso3), np.where(modifier, None, rule)
    if context.hometowns:
        iso3, rule = _hometown_names(rows, iso3, rule, texts, lone_towns=context.lone_towns)
    if context.person_names:
        people = mentions.loc[mentions["label"] == "PERSON", ["doc_id", "start", "text"]]
        person = person_names(rows, people, texts)
        iso3, rule = np.where(person, None, iso3), np.where(person, None, rule)
    return iso3, rule


def _organisation_homes(
    prior: pd.Series, iso3: np.ndarray, rule: np.ndarray, context: ContextRules
) -> np.ndarray:
    """The rule of each place row given the rule it came with (``prior``): a place the
    gazetteer pass found keeps that provenance ("gazetteer"), one found inside an
    organisation's name stays the organisation's home ("org_home", counted apart) while
    the rule "org_homes" is on, unless the local register chose its country."""
    prior = prior.astype(object).fillna("").to_numpy()
    home = (prior == ORG_HOME_RULE) & context.org_homes
    found = (prior == GAZETTEER_RULE) | (prior == ORG_HOME_RULE)
    provenance = np.where(home, ORG_HOME_RULE, GAZETTEER_RULE)
    return np.where(found & pd.notna(iso3) & (rule != REGISTER_RULE), provenance, rule)


@lru_cache(maxsize=50_000)
def _is_disputed(text: str) -> bool:
    return normalise(text) in disputed_regions()


def _disputed(rows: pd.DataFrame, iso3: np.ndarray, rule: np.ndarray) -> tuple:
    """Disputed regions ("Kashmir") map to no country, with the rule "disputed"."""
    codes, forms = pd.factorize(rows["text"].to_numpy(dtype=object))
    disputed = np.array([_is_disputed(t) for t in forms], dtype=bool)[codes]
    if not disputed.any():
        return iso3, rule
    return np.where(disputed, None, iso3), np.where(disputed, DISPUTED_RULE, rule)


def _resolve(
    rows: pd.DataFrame,
    rules: CountryRules,
    context: ContextRules,
    register: Mapping[object, str] | None = None,
    explain: dict[int, Choice] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(iso3, rule) object arrays for place rows, aligned with ``rows``; ``register``
    maps a doc_id to the country its civic vocabulary makes it local to. ``explain``,
    when given, receives the scored readings of each ambiguous row (by position)."""
    codes, forms = pd.factorize(rows["text"].to_numpy(dtype=object))
    readings = [_reading(t, rules, context) for t in forms]
    iso3 = np.array([r.fixed.iso3 if r.fixed else None for r in readings], dtype=object)[codes]
    rule = np.array([r.fixed.rule if r.fixed else None for r in readings], dtype=object)[codes]
    has_options = np.array([bool(r.options) for r in readings], dtype=bool)[codes]
    # A NORP is a group of people: a town called "Rehab" or "Cargo" is not one.
    town = np.array([r.is_town for r in readings], dtype=bool)[codes]
    norp = rows["label"].to_numpy(dtype=object) == "NORP"
    pending = np.flatnonzero(has_options & ~(town & norp))
    if len(pending) == 0:
        return iso3, rule
    docs, doc_names = pd.factorize(rows["doc_id"].to_numpy(dtype=object))
    evidence = _document_evidence(docs, iso3, docs[pending])
    local_iso3 = np.where(pd.Series(rule, dtype=object).isin(_LOCAL_RULES), iso3, None)
    local = _document_evidence(docs, local_iso3, docs[pending])
    register_only = _add_registers(docs[pending], doc_names, register, evidence, local)
    # "USA:LA" for a fixed reading that names a state or county, per surface form.
    named = np.array(
        [f"{r.fixed.iso3}:{r.division}" if r.fixed and r.division else None for r in readings],
        dtype=object,
    )[codes]
    divisions = _document_evidence(docs, named, docs[pending]) if context.divisions else {}
    qualifiers = _qualifiers(rows, docs, np.where(pd.notna(named), named, iso3), pending)
    tables = (evidence, local, divisions)
    for i, choice in _choices(pending, docs, codes, readings, tables, qualifiers, context):
        if explain is not None:
            explain[i] = choice
        if (chosen := choice.chosen) is not None:
            iso3[i], rule[i] = chosen.iso3, chosen.rule
            if register_only.get(docs[i]) == chosen.iso3:
                rule[i] = REGISTER_RULE
    return _states_of_a_resolved_country(docs, codes, readings, pending, iso3, rule)


def _add_registers(
    docs: np.ndarray,
    doc_names: pd.Index,
    register: Mapping[object, str] | None,
    evidence: dict[int, dict[str, int]],
    local: dict[int, dict[str, int]],
) -> dict[int, str]:
    """Count each document's register country as named once and local (in place, in
    ``evidence`` and ``local``); return the documents whose register alone speaks for
    its country: a reading chosen there takes the rule "register" (and counts as sure
    evidence, see document_countries)."""
    register_only: dict[int, str] = {}
    for doc in np.unique(docs).tolist() if register else []:
        country = register.get(doc_names[doc])
        if country is not None:  # as if it named the country and two places in it
            if not evidence.get(doc, {}).get(country):
                register_only[doc] = country
            named_here = evidence.setdefault(doc, {})
            named_here[country] = max(named_here.get(country, 0), 1)
            here = local.setdefault(doc, {})
            here[country] = max(here.get(country, 0), LOCAL_MIN)
    return register_only


def _choices(
    pending: np.ndarray,
    docs: np.ndarray,
    codes: np.ndarray,
    readings: list[_Reading],
    tables: tuple[dict[int, dict[str, int]], ...],
    qualifiers: dict[int, str],
    context: ContextRules,
) -> Iterator[tuple[int, Choice]]:
    """(row, scored readings) for each pending row, given the document ``tables``
    (evidence, local, divisions). Documents that say the same thing share their
    choices (a corpus repeats itself)."""
    evidence, local, divisions = tables
    signature: dict[int, tuple] = {}
    chosen: dict[tuple, Choice] = {}
    for i in pending.tolist():
        doc = docs[i]
        if doc not in signature:
            signature[doc] = tuple(tuple(sorted(t.get(doc, {}).items())) for t in tables)
        key = (codes[i], signature[doc], qualifiers.get(i))
        if key not in chosen:
            found = DocumentContext(evidence.get(doc, {}), local.get(doc, {}), qualifiers.get(i),
                                    divisions.get(doc, {}), strays=context.strays)  # fmt: skip
            reading = readings[codes[i]]
            chosen[key] = score(reading.options, reading.default, found)
        yield i, chosen[key]


def _states_of_a_resolved_country(
    docs: np.ndarray,
    codes: np.ndarray,
    readings: list[_Reading],
    pending: np.ndarray,
    iso3: np.ndarray,
    rule: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """A country name that is also a US state ("Georgia") is the state when the
    document's other places, however they were resolved, put it in the US at least
    twice ("Albany" five times, read as Albany, Georgia or New York)."""
    states = {
        code: state
        for code in np.unique(codes[pending]).tolist()
        if (state := next((c for c in readings[code].options if c.rule == "us_state"), None))
    }
    todo = [i for i in pending.tolist() if codes[i] in states and iso3[i] != "USA"]
    if not todo:
        return iso3, rule
    # (doc, country) -> mentions, and the same per surface form, in those documents only.
    in_doc: Counter[tuple[int, object]] = Counter()
    in_form: Counter[tuple[int, int, object]] = Counter()
    for j in np.flatnonzero(np.isin(docs, docs[todo]) & pd.notna(iso3)).tolist():
        in_doc[docs[j], iso3[j]] += 1
        in_form[docs[j], codes[j], iso3[j]] += 1

    def elsewhere(i: int, country: object) -> int:
        return in_doc[docs[i], country] - in_form[docs[i], codes[i], country]

    for i in todo:
        # ... unless the document names the country too ("Tbilisi" beside "Georgia").
        if elsewhere(i, "USA") >= LOCAL_MIN and not (pd.notna(iso3[i]) and elsewhere(i, iso3[i])):
            state = states[codes[i]]
            iso3[i], rule[i] = state.iso3, state.rule
    return iso3, rule


def _unknown_places_in_register(
    rows: pd.DataFrame, iso3: np.ndarray, rule: np.ndarray, register: Mapping[object, str]
) -> tuple[np.ndarray, np.ndarray]:
    """GPE rows with no reading at all take their document's register country."""
    codes, forms = pd.factorize(rows["text"].to_numpy(dtype=object))
    unknown = np.array([_unknown_name(t) for t in forms], dtype=bool)[codes]
    country = rows["doc_id"].map(register).to_numpy(dtype=object)
    take = unknown & (rows["label"].to_numpy(dtype=object) == "GPE") & pd.notna(country)
    take &= pd.isna(iso3)
    if not take.any():
        return iso3, rule
    return np.where(take, country, iso3), np.where(take, REGISTER_RULE, rule)


def _document_evidence(
    docs: np.ndarray, iso3: np.ndarray, wanted: np.ndarray
) -> dict[int, dict[str, int]]:
    """Document code -> {country: fixed mentions}, for the ``wanted`` documents only."""
    keep = np.flatnonzero(pd.notna(iso3) & np.isin(docs, wanted))
    countries, names = pd.factorize(iso3[keep])
    pairs, counts = np.unique(docs[keep] * len(names) + countries, return_counts=True)
    evidence: dict[int, dict[str, int]] = {}
    for pair, n in zip(pairs.tolist(), counts.tolist(), strict=True):
        doc, country = divmod(pair, len(names))
        evidence.setdefault(doc, {})[names[country]] = n
    return evidence


def _qualifiers(
    rows: pd.DataFrame, docs: np.ndarray, iso3: np.ndarray, pending: np.ndarray
) -> dict[int, str]:
    """Pending row -> the fixed country ("USA", or "USA:TN" with its division) of a
    place written right after it ("Paris, Tenn."), if any."""
    starts = rows["start"].to_numpy(dtype="float64", na_value=np.nan)
    ends = rows["end"].to_numpy(dtype="float64", na_value=np.nan)
    order = np.lexsort((starts, docs))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    found: dict[int, str] = {}
    for i in pending:
        if rank[i] + 1 >= len(order):
            continue
        j = order[rank[i] + 1]
        if docs[j] == docs[i] and iso3[j] and 0 <= starts[j] - ends[i] <= _QUALIFIER_GAP:
            found[i] = iso3[j]
    return found


def _drop_strays(
    rows: pd.DataFrame,
    iso3: np.ndarray,
    rule: np.ndarray,
    rules: CountryRules,
    context: ContextRules,
) -> tuple[np.ndarray, np.ndarray]:
    """Unmap a small city or town with one reading ("Soho", "Trapani") whose country
    nothing else in its document names, while other mentions name other countries: a
    misread name more often than a trip abroad, as :func:`_stray` is for defaults."""
    codes, forms = pd.factorize(rows["text"].to_numpy(dtype=object))
    is_small = np.array([_small_fixed_place(t, rules, context) for t in forms], dtype=bool)[codes]
    small = is_small & pd.notna(iso3)
    if not small.any():
        return iso3, rule
    docs, _ = pd.factorize(rows["doc_id"].to_numpy(dtype=object))
    countries, _ = pd.factorize(pd.Series(iso3, dtype=object).fillna(""))
    # Places only: "Irish" at a St Patrick's parade in Rock Hill leaves Rock Hill be.
    counted = pd.notna(iso3) & (pd.Series(rule, dtype=object).to_numpy() != "demonym")
    frame = pd.DataFrame({"doc": docs, "country": countries, "form": codes}).assign(
        counted=counted.astype(int)
    )
    in_doc = frame.groupby("doc")["counted"].transform("sum").to_numpy()
    in_country = frame.groupby(["doc", "country"])["counted"].transform("sum").to_numpy()
    in_form = frame.groupby(["doc", "form"])["counted"].transform("sum").to_numpy()
    # Other places named in the document, none of them in this one's country.
    keep = small & (in_doc > in_form) & (in_country == in_form)
    if not keep.any():
        return iso3, rule
    return np.where(keep, None, iso3), np.where(keep, None, rule)
