"""One scoring step: each reading of a mention carries its evidence, and :func:`score`
chooses.

A mention with several readings ("Georgia", "Paris", "Reading") or evidence of its
own gets one :class:`Scored` per reading: the evidence for it found in its document --
a place written right after it ("Paris, Tenn.": the qualifier, and its state), a state
or county the document names, the document's other unambiguous mentions of that
country (co-mentioned places, the document's local register or its source's home
counted as such), whether it is the default (most populous, or the only country name)
-- and a score, the sum of the evidence's :data:`WEIGHTS`. The best score wins; when no
reading reaches :data:`NONE_SCORE` the mention maps to nothing ("no reading").

The mention's own evidence (:mod:`analysis.countries.facts`) adds readings of its own,
scored the same way: "qualified" (the place in its qualifier's country, when the
gazetteer lists it only elsewhere: "Bradford, Ontario"), "person" (it opens a person's
name: no place), "disputed" (no country; its claimants are shown beside it),
"modifier" (a demonym before a food, culture or language word, a place before
"-style": no country), a derived demonym ("Minnesotans") and, doubling each place
reading that could stand, "org_home" (the home of the organisation whose name it ends
or sits in, counted apart). A mention naming its story's own dateline weighs its
readings in the home country of the story's source ("dateline"). A last round weighs
what the first two rounds read for the document's other mentions: a small place with
one reading in a country no other place is in ("stray"), a name written as a hometown
among its namesake cities and towns ("hometown", :mod:`analysis.countries.last_round`).

Which evidence a reading may use is gated by population and kind (see
:func:`_may_displace`): a town of 15,000 does not displace a capital of millions just
because the document names the town's country.

The weights are declared once, with their meaning and provenance, in
:data:`analysis.countries.weights.WEIGHTS`.
Their order of magnitude encodes which evidence outranks which: a disputed region
beats everything, a person's name every place evidence together; one qualifier beats
any number of co-mentions; a named state beats co-mentions; co-mentions beat the
default. That order is the earlier rule order, which was tuned on the LGL dev half
(even positions of lgl.xml); each weight's provenance says what changing it does there
and on the hand-checked Reuters stories (benchmarks/country_eval.py). The LGL test
half was only reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from analysis.countries.readings import (
    _CONTEXT_POPULATION_RATIO,
    _STRAY_POPULATION,
    small_place,
)
from analysis.countries.rules import (
    CLAIMANT_RULE,
    DISPUTED_RULE,
    MODIFIER_RULE,
    ORG_HOME_RULE,
    PERSON_RULE,
    QUALIFIED_RULE,
)
from analysis.countries.weights import NONE_SCORE, WEIGHTS
from analysis.gazetteer_entries import Candidate

#: The ``rule`` of the readings the scoring step adds from a mention's own evidence:
#: a place in its qualifier's country the gazetteer does not list there, a person (no
#: place), a disputed region and one of its claimants (no country), an organisation's
#: home (the country of the place reading it doubles).
QUALIFIED, PERSON, DISPUTED, CLAIMANT, ORG_HOME, MODIFIER = (
    QUALIFIED_RULE, PERSON_RULE, DISPUTED_RULE, CLAIMANT_RULE, ORG_HOME_RULE, MODIFIER_RULE
)  # fmt: skip
#: Of those, the readings that put the mention in no country.
NO_COUNTRY = frozenset({PERSON, DISPUTED, CLAIMANT, MODIFIER})
#: Readings a qualifier may move to its own country: places inside a country, never a
#: country name ("Syria, Iraq" is a list).
QUALIFIABLE = frozenset({"city", "capital", "town", "region"})

#: Co-mentions count up to this many; beyond it more mentions add nothing.
CO_MENTION_SATURATION = 10
_SATURATION = CO_MENTION_SATURATION

#: How many times larger a city must be than a namesake for its alternate name to
#: displace the namesake's own name.
_ALIAS_POPULATION_RATIO = 10

#: A document is "local" to a country when this many of its unambiguous mentions are
#: places inside it (states, counties, cities); a local document may read a country
#: name it never otherwise supports as a namesake town ("Palestine" beside "Anderson
#: County" and "Texas"), and a city as its local namesake ("Athens" beside "Atlanta" and
#: "Macon" is Athens, Georgia). Being local does not do that for a world city ("Paris"
#: beside "Memphis" and "Nashville" stays in France): only the country's register or
#: other evidence does (rule "world_cities", :data:`WORLD_CITY_POPULATION`).
#: A document's register (or its source's home) makes it local on its own.
LOCAL_MIN = 2

#: A city of this many people or more (GeoNames population, via the gazetteer) is a
#: world city: the places a story names in another country do not make it that
#: country's namesake town or city; only a story in that country's local register (or
#: its source's home) does (rule "world_cities"). Provenance: the CoNLL testa dev set
#: (international Reuters news), where "London", "Montreal" and "Toronto" beside US
#: places were read as US towns; a million is the usual line of a "million city".
#: LGL dev and the hand-checked Reuters dev stories are unchanged by it (see
#: docs/countries-history.md, branch world).
WORLD_CITY_POPULATION = 1_000_000

#: A source's learnt home (its register when the story's own civic phrases give none)
#: reads a capital or a world city as its namesake in the home country only when the
#: namesake has at least 1/HOME_NAMESAKE_RATIO of its people (rule "home_namesakes").
#: Provenance: the TimeBank dev set, where the Wall Street Journal, learnt as at home in
#: the US, read "London" (8.96 million) as London, Ohio (10,060) and "Montreal" (1.76
#: million) as a Wisconsin town of 783 -- ratios near 900 and 2,000; on LGL dev a
#: Canadian paper's "London" is London, Ontario (422,324 people: 1/21 of London's),
#: which the ordinary ratio between cities (20) would lose. Two orders of magnitude:
#: a paper's own city may be a tenth or a twentieth of the world city it is named for,
#: a village of its country is no reading of the world city's name.
HOME_NAMESAKE_RATIO = 100

#: A story that names a country only by its name or its people ("the U.S. spent 26
#: billion") moves a city's name to a namesake there only if the namesake has at least
#: 1/this of the city's people (rule national_actors; otherwise 1/_CONTEXT_POPULATION_RATIO):
#: "Valencia" beside "Spanish corn" is Valencia, Spain (1/2 of Valencia, Venezuela), "Geneva"
#: beside "the U.S." stays Geneva, Switzerland (Geneva, Illinois: 1/9). Tuned on unseen
#: Reuters news (18,781 stories, every change read) with the dev sets unchanged.
NATIONAL_POPULATION_RATIO = 5


@dataclass(frozen=True)
class DocumentContext:
    """What one document says around an ambiguous mention."""

    evidence: dict[str, int]  # country -> unambiguous mentions in the document
    local: dict[str, int]  # country -> unambiguous places inside it (cities, states...)
    qualifier: str | None  # country ("USA" or "USA:TN") of a place right after the mention
    divisions: dict[str, int] = field(default_factory=dict)  # "USA:LA" -> states, counties
    # Of ``divisions``, those named outright or by a place that is neither a capital nor
    # a world city ("CHICAGO" implies Illinois); None when rule implied_divisions is off.
    stated: dict[str, int] | None = None
    # Of ``evidence``, the mentions that name the country by its name or its people
    # ("the U.S."; rule national_actors, empty when it is off).
    national: dict[str, int] = field(default_factory=dict)
    strays: bool = True  # ContextRules.strays
    # The mention's own evidence (see MentionFacts): its place readings may move to
    # its qualifier's country; it opens a person's name; it is an organisation's home;
    # the claimants of the disputed region it names.
    qualifiable: bool = False
    person: bool = False
    organisation: bool = False
    disputed: tuple[str, ...] = ()
    # Second round: the document's places put this mention in the US (a US state).
    us_places: bool = False
    # A demonym before a culture word (``modifier``: the mention has a demonym reading)
    # or a place before "-style".
    modifier: bool = False
    # The story's home country when the mention names its own dateline (see WEIGHTS).
    dateline: str | None = None
    # Last round, from the earlier rounds' table: a small place with one reading whose
    # country no other place of the document is in while they are in others (a stray).
    abroad: bool = False
    # The countries demonyms near the mention name ("Portuguese plant at Mangualde"): a
    # town there is no stray (review 12, C3; analysis.countries.facts.demonyms_near).
    demonyms: str = ""  # joined by "|"
    # Last round: the mention is written as a hometown; the countries the document names
    # by its other mentions (None: not a hometown), and whether a lone-country town may
    # read it (rule lone_towns).
    hometown: frozenset[str] | None = None
    lone_towns: bool = True
    towns: tuple[Candidate, ...] = ()  # the name's towns, for lone_towns
    # The only reading is the demonym of a state or region derived from its name.
    derived: bool = False
    # The country whose local register (or, failing that, whose source's home) the
    # document is written in: local to it as if it named two places there, but kept
    # apart from the places it names (rule "world_cities").
    register: str | None = None
    # The register alone names its country (no mention of the document does): its
    # evidence is "register", not "co_mentions". ``register_alone``: that register is
    # the story's civic phrases (not its source's home) and rule "register_capitals" is
    # on (see _register_capital).
    register_counted: bool = False
    register_alone: bool = False
    # ``register`` is the source's learnt home, not the story's civic phrases, and rule
    # "home_namesakes" is on (see _home_namesake).
    register_learnt: bool = False
    world_cities: bool = True  # ContextRules.world_cities
    division_names: bool = True  # ContextRules.division_names
    # The mention names its story's own or wire dateline ("BERNE, March 13 -") or stands
    # alone after a place word ("in Seville"), and ContextRules.alias_strays (see
    # _alias_stray).
    opens_story: bool = False
    alias_strays: bool = True
    # Of ``evidence`` (by country) and ``divisions`` (by "ITA:17"), the mentions read by
    # the mention's own name ("Trent Bridge" beside "Trent"): one place, no evidence for
    # itself.
    same_name: dict[str, int] = field(default_factory=dict)
    # The mention names its story's wire dateline ("DUBLIN 2024-06-15"; rule
    # "wire_datelines", see _wire_dateline).
    wire_dateline: bool = False
    # The mention names the venue of an international meeting ("the Venice summit"), or
    # the same name does elsewhere in the story (rule "venues", see _venue).
    venue: bool = False
    # ``qualifier`` is not written after this mention but after the same name elsewhere
    # in the document ("London, Ontario" ... "London"; rule "one_sense").
    inherited: bool = False
    # The US states in which a city or town of this mention's name lies in a county the
    # document names ("Paris" beside "Henry County": TN; rule "divisions").
    county_states: frozenset[str] = frozenset()
    # The country the document's place names agree on (rule "joint_places",
    # analysis.countries.joint), if any.
    joint: str | None = None
    local_names: bool = True  # ContextRules.local_names
    country_namesakes: bool = True  # ContextRules.country_namesakes
    # The countries of its readings the mention's own sentence names by other mentions,
    # joined by "|" (rule "sentence_countries", analysis.countries.sentences).
    sentence: str = ""


@dataclass(frozen=True)
class Scored:
    """One reading of a mention with the evidence for it ((weight id, amount): 1 for a
    yes/no evidence, the count of co-mentions) and its score."""

    candidate: Candidate
    evidence: tuple[tuple[str, float], ...]
    score: float

    def describe(self) -> str:
        """One line: "USA/TN city of 10,213: qualifier, co_mentions x3 -> 10.27"."""
        c = self.candidate
        where = f"{c.iso3}/{c.admin1}" if c.admin1 else c.iso3
        size = f" of {c.population:,}" if c.rule in ("city", "capital", "town") else ""
        head = _NO_COUNTRY_HEAD.get(c.rule) or f"{where} {c.rule}{size}"
        parts = [k if v == 1 and k != "co_mentions" else f"{k} x{v:g}" for k, v in self.evidence]
        return f"{head}: {', '.join(parts) or 'no evidence'} -> {self.score:.2f}"


_NO_COUNTRY_HEAD = {
    PERSON: "no country (a person's name)",
    DISPUTED: "no country (disputed)",
    MODIFIER: "no country (a food, culture or language word, a style)",
}


@dataclass(frozen=True)
class Choice:
    """The outcome of :func:`score`: the chosen reading (None: no reading reached
    :data:`NONE_SCORE`) and every reading, scored, best first."""

    chosen: Candidate | None
    readings: tuple[Scored, ...]

    def outcome(self) -> tuple[str | None, str | None]:
        """(iso3, rule) the mentions table gets: (None, None) for no reading, (None,
        "person") for a person's name (map_countries writes it as no rule), (None,
        "disputed") for a disputed region, else the chosen reading's country and rule."""
        c = self.chosen
        if c is None:
            return None, None
        return (None, c.rule) if c.rule in NO_COUNTRY else (c.iso3, c.rule)


def score(
    options: tuple[Candidate, ...], default: Candidate | None, context: DocumentContext
) -> Choice:
    """Score every reading of a mention by its evidence in ``context``; the highest
    score wins, the earlier reading on a tie.

    The readings are ``options`` (the gazetteer's, best first; a mention with one
    reading passes it as ``options`` and ``default``) and those its own evidence adds
    (:func:`_own_readings`): "disputed" and its claimants, "person", "qualified" (in
    the qualifier's country when no option is), and the organisation's home doubling
    each place reading that could stand (:func:`_homes`)."""
    every = (*_own_readings(options, context), *options)
    scored = [_scored(c, default, context) for c in every]
    scored += _homes(scored, context)
    ranked = sorted(range(len(scored)), key=lambda k: (-scored[k].score, k))
    readings = tuple(scored[k] for k in ranked)
    best = readings[0] if readings else None
    chosen = best.candidate if best is not None and best.score >= NONE_SCORE else None
    return Choice(chosen, readings)


def _own_readings(
    options: tuple[Candidate, ...], context: DocumentContext
) -> tuple[Candidate, ...]:
    """The readings a mention's own evidence adds to the gazetteer's ``options``."""
    own: list[Candidate] = []
    if context.disputed:
        own.append(Candidate("", DISPUTED))
        own.extend(Candidate(claimant, CLAIMANT) for claimant in context.disputed)
    if context.person:
        own.append(Candidate("", PERSON))
    if context.modifier:
        own.append(Candidate("", MODIFIER))
    if context.qualifier and context.qualifiable:
        country, _, division = context.qualifier.partition(":")
        if all(c.iso3 != country for c in options):  # "Bradford, Ontario": not in Canada
            own.append(Candidate(country, QUALIFIED, admin1=division))
    return tuple(own)


def _homes(scored: list[Scored], context: DocumentContext) -> list[Scored]:
    """For a mention inside an organisation's name, each place reading that could
    stand (score at least :data:`NONE_SCORE`) doubled as the organisation's home, with
    the evidence "organisation" added."""
    if not context.organisation:
        return []
    extra = WEIGHTS["organisation"].value
    return [
        Scored(replace(s.candidate, rule=ORG_HOME), (*s.evidence, ("organisation", 1)),
               round(s.score + extra, 6))
        for s in scored
        if s.candidate.rule not in NO_COUNTRY and s.score >= NONE_SCORE
    ]  # fmt: skip


def _scored(option: Candidate, default: Candidate | None, context: DocumentContext) -> Scored:
    evidence = _evidence(option, default, context)
    # One loop, not a generator and a dict per reading (speed: 2-3% of mapping the
    # 18,781 Reuters stories); the same sums, in the same order.
    total, co_mentions, register = 0, 0, 0
    for kind, value in evidence:
        total += WEIGHTS[kind].value
        if kind == "co_mentions":
            co_mentions = value
        elif kind == "register":
            register = value
    n = co_mentions + register
    total += WEIGHTS["co_mention_count"].value * min(n, CO_MENTION_SATURATION) / _SATURATION
    return Scored(option, tuple(evidence), round(total, 6))


def _own_evidence(option: Candidate, context: DocumentContext) -> list[tuple[str, float]]:
    """The evidence of a no-country reading a mention's own evidence adds."""
    if option.rule == DISPUTED:
        return [("disputed", 1)]
    if option.rule == MODIFIER:
        return [("culture_word", 1)]
    return [("person_name", 1)]


def _evidence(
    option: Candidate, default: Candidate | None, context: DocumentContext
) -> list[tuple[str, float]]:
    """The evidence ``context`` gives for ``option`` (see :data:`WEIGHTS`)."""
    if option.rule in (DISPUTED, MODIFIER, PERSON):
        return _own_evidence(option, context)
    if context.hometown is not None:
        return _hometown_evidence(option, default, context)
    if option.rule == CLAIMANT:  # shown beside "disputed": how much the story names it
        count = context.evidence.get(option.iso3, 0)
        return [("co_mentions", count)] if count else []
    found: list[tuple[str, float]] = []
    if context.qualifier and not _other_sense_named(default, context):
        country, _, division = context.qualifier.partition(":")
        if option.iso3 == country:
            # Written after this mention, or after the same name elsewhere (one_sense).
            found.append(("same_name_qualifier" if context.inherited else "qualifier", 1))
            if division and option.admin1 == division:
                found.append(("qualifier_division", 1))
    if option.rule == QUALIFIED:
        return found
    if _division_named(option, context) and _division_may_pick(option, default, context):
        found.append(("division", 1))
    if context.us_places and option.rule == "us_state":
        found.append(("us_places", 1))
    if context.dateline is not None and option.iso3 == context.dateline:
        found.append(("dateline", 1))
    found += _co_mention_evidence(option, default, context)
    if context.joint == option.iso3 and _joint_may_pick(option, default, context):
        found.append(("joint", 1))
    if option is default:
        found.append(("derived_demonym", 1) if context.derived else ("default", 1))
        strays = context.strays and _stray(default, context)
        stray = context.abroad or strays or _alias_stray(default, context)
        if stray and not context.venue and default.iso3 not in context.demonyms.split("|"):
            found.append(("stray", 1))
    return found


def _co_mention_evidence(
    option: Candidate, default: Candidate | None, context: DocumentContext
) -> list[tuple[str, float]]:
    """The co-mentions of ``option``'s country (or the register standing for them) and,
    beside them, its own sentence naming that country (rule sentence_countries)."""
    # A longer name read by this one ("Trent Bridge" beside "Trent") is the same place.
    count = context.evidence.get(option.iso3, 0) - context.same_name.get(option.iso3, 0)
    if count <= 0 or not _may_displace(option, default, context):
        return []
    alone = context.register_counted and option.iso3 == context.register
    found: list[tuple[str, float]] = [("register", 1) if alone else ("co_mentions", count)]
    if context.sentence and option.iso3 in context.sentence.split("|"):
        found.append(("same_sentence", 1))
    return found


def _other_sense_named(default: Candidate | None, context: DocumentContext) -> bool:
    """Whether a mention's qualifier is only inherited from the same name elsewhere (rule
    one_sense) while the document also names the country of the name's default reading
    by another mention: then the story speaks of both places ("London, Ontario" ...
    "the UK government in London") and the bare name is not settled by the other's
    qualifier; its co-mentions decide (review of branch ctryfix8)."""
    return (
        context.inherited
        and default is not None
        and context.evidence.get(default.iso3, 0) > context.same_name.get(default.iso3, 0)
    )


def _hometown_evidence(
    option: Candidate, default: Candidate | None, context: DocumentContext
) -> list[tuple[str, float]]:
    """The evidence of the hometown round: ``default`` is the mention's reading so far,
    the other options its namesake cities and towns (most populous first)."""
    named = context.hometown or frozenset()
    if option is default:
        return [("default", 1), *([("hometown_name", 1)] if option.rule == "name" else [])]
    if option.iso3 in named:
        return [("hometown", 1)]
    return [("hometown", 1)] if _lone_town(option, default, context) else []


def _lone_town(option: Candidate, default: Candidate | None, context: DocumentContext) -> bool:
    """Whether ``option`` is the town a country name written as a hometown reads as when
    the document names no namesake's country: its towns are all in one country
    ("Lebanon": only US towns) and ``option`` is the first of them."""
    if not context.lone_towns or default is None or default.rule != "name":
        return False
    towns = context.towns
    return bool(towns) and option is towns[0] and len({c.iso3 for c in towns}) == 1


def _stray(default: Candidate, context: DocumentContext) -> bool:
    """Whether the default reading is a small place in a country the document never
    names although it names other countries."""
    return (
        small_place(default) and bool(context.evidence) and not context.evidence.get(default.iso3)
    )


def _alias_stray(default: Candidate, context: DocumentContext) -> bool:
    """Whether the default reading is a city (not a capital) read only by an alternate
    name (not a city's own name, however spelt: "Trent" for Trento, "Alia" for Aley, but
    not "Lodz" or "Frankfurt", see :func:`analysis.gazetteer.own_spelling`) of fewer than
    :data:`WORLD_CITY_POPULATION` people, in a country the document never otherwise names
    while it names others, and the mention neither opens the story as its dateline
    ("BERNE, March 13 -") nor stands alone after a place word ("in Seville"): more likely
    another place or a name than that city (rule "alias_strays"). A longer name read by
    the same name ("Trent Bridge") is no other mention of the country. Provenance: LGL
    dev ("the magazine Alia") and CoNLL testa ("Trent Bridge, Nottingham" read as
    Trento); narrowed after review 3, F3."""
    return (
        context.alias_strays
        and default.other_name
        and default.rule == "city"
        and default.population < WORLD_CITY_POPULATION
        and not context.opens_story
        and sum(context.evidence.values())
        > sum(n for k, n in context.same_name.items() if ":" not in k)
        and context.evidence.get(default.iso3, 0) <= context.same_name.get(default.iso3, 0)
    )


def _joint_may_pick(option: Candidate, default: Candidate | None, context: DocumentContext) -> bool:
    """Whether the story's joint country (rule "joint_places") may pick ``option``
    over ``default``: under the population gates of co-mentions (:func:`_may_displace`),
    never over a country's name ("Georgia") nor a world city
    (:data:`WORLD_CITY_POPULATION`): "Sydney" beside "Halifax" stays in Australia; and
    only a place really called so, never one read by an alternate name ("Tetuan"
    beside "Algeciras" is Tetouan, not Madrid's Tetuan district; review 4, F1). A name
    with no reading that stands alone (no default: "MARCH", "Soviet", "Alex", read
    only beside a mention of their country) and a reading that needs its country named
    are left to the co-mentions: the joint country re-ranks readings, it names no
    country (Reuters-1000: "LONDON, MARCH 3" read March, England)."""
    if default is None or option.needs_context:
        return False
    if option.iso3 == default.iso3:
        return True
    if default.rule == "name" or option.alias:
        return False
    if default.rule in ("city", "capital") and default.population >= WORLD_CITY_POPULATION:
        return False
    return _may_displace(option, default, context)


def _division_may_pick(
    option: Candidate, default: Candidate | None, context: DocumentContext
) -> bool:
    """Whether a state the document names may pick ``option`` over ``default``: always
    within one country; over a city of another country the document names nothing
    else of; never over a country name ("Palestine" beside "Texas" is still the
    country, unless the document is local, see :func:`_may_displace`)."""
    if default is None or option.iso3 == default.iso3:
        return True
    if _implied_only(option, default, context):
        return False
    return default.rule != "name" and not context.evidence.get(default.iso3)


def _implied_only(option: Candidate, default: Candidate, context: DocumentContext) -> bool:
    """Whether the document names ``option``'s division only by implication, through a
    capital or a world city in it ("CHICAGO, March 11 -": Illinois), while ``default``
    is a capital or a world city and ``option`` has under 1/:data:`HOME_NAMESAKE_RATIO`
    of its people: a story from a world city is no local news of its state's villages
    ("the Paris accord" is not Paris, Illinois, 8,432 people). The state written out, a
    county, or a smaller city of the state ("Salina Cruz" beside "Santa Cruz") still
    picks the namesake. Rule "implied_divisions"."""
    if context.stated is None or not capital_or_world_city(default):
        return False
    if option.population * HOME_NAMESAKE_RATIO >= default.population:
        return False
    division = f"{option.iso3}:{option.admin1}"
    in_county = option.iso3 == "USA" and option.admin1 in context.county_states
    return not context.stated.get(division, 0) and not in_county


def _may_displace(option: Candidate, default: Candidate | None, context: DocumentContext) -> bool:
    """Whether co-mentions may choose ``option`` over ``default``.

    A US state displaces a country name ("Georgia") whenever the document supports
    the US. Otherwise a namesake needs a document local to its country that says
    nothing else of the default's country (and, for a world city, its register, see
    :func:`_world_city`), or -- between cities -- enough population:
    a town of 15,000 does not displace a capital of millions just because the document
    names its country ("Damascus" next to "US" is still Syria's capital).
    """
    if default is None or option is default or option.rule == "us_state":
        return True
    if option.alias and not default.alias:
        # An old or foreign name of a city displaces only a far smaller city named so:
        # "St. Petersburg" beside "Russia" is Russia's, "Alexandria" beside "Iran"
        # still Egypt's and not Mashhad, once called Alexandria.
        return option.population >= _ALIAS_POPULATION_RATIO * default.population
    if option.rule == "town" and default.rule == "name":
        return False  # "Morocco" is not Morocco, Indiana without "Morocco, Ind."
    if option.rule == "region" and default.rule == "town" and context.division_names:
        # A first-level division outweighs a town of 500-15,000 of its name: "Attica"
        # beside "Greece" is the Greek region, not Attica, New York (rule
        # division_names, branch ctry9).
        return True
    if _wire_dateline(option, default, context) or _venue(option, default, context):
        return False
    if _register_capital(option, default, context):
        return False
    home = context.register == option.iso3 and not _home_namesake(option, default, context)
    local = context.local.get(option.iso3, 0) >= LOCAL_MIN or home
    if default.rule == "name" and not home and _name_kept(option, context):
        return False
    named_default = context.evidence.get(default.iso3, 0) > 0
    if local and not named_default and not _world_city(option, default, context, home):
        return True
    if default.rule == "region":
        return True
    if default.rule not in ("city", "capital"):
        return False
    national = option.iso3 != default.iso3 and _named_only(option, context)
    ratio = NATIONAL_POPULATION_RATIO if national else _CONTEXT_POPULATION_RATIO
    return option.population * ratio >= default.population


def _named_only(option: Candidate, context: DocumentContext) -> bool:
    """Whether the story names ``option``'s country only by its name or its people
    ("the U.S. spent 26 billion"): an actor of international news, not its locality,
    which moves a city to a namesake there only within 1/:data:`NATIONAL_POPULATION_RATIO`
    of its people (rule national_actors;
    provenance: unseen Reuters news, where "Geneva" beside "the U.S." was read as
    Geneva, Illinois in 24 of 113 mentions)."""
    count = context.evidence.get(option.iso3, 0)
    return 0 < count <= context.national.get(option.iso3, 0)


def _name_kept(option: Candidate, context: DocumentContext) -> bool:
    """Whether a country's name stays that country against ``option``, its namesake
    city in another country whose local register the story is not written in: the story
    names as many places in a third country (:func:`_shared_locality`) or does not name
    the city's state (:func:`_state_unnamed`)."""
    return _shared_locality(option.iso3, context) or _state_unnamed(option, context)


def _state_unnamed(option: Candidate, context: DocumentContext) -> bool:
    """Whether the story names neither the state of ``option`` (a namesake city of a
    country's name) nor a county that holds it, outright or through a place in it:
    then the places it names elsewhere in the city's country are no evidence for the
    city ("hostages in Lebanon" in a Washington story naming Kansas and Nevada is not
    Lebanon, Tennessee; "Lebanon" beside "Tennessee" is). Rule "country_namesakes";
    provenance: Reuters-21578, six such Lebanons in stories of the Iran-contra affair."""
    return context.country_namesakes and not _division_named(option, context)


def _division_named(option: Candidate, context: DocumentContext) -> bool:
    """Whether the story names ``option``'s first-level division by a mention other
    than the same name's (outright, or through a place in it), or a US county holding
    the place (``context.county_states``): the evidence "division"."""
    division = f"{option.iso3}:{option.admin1}"
    named = context.divisions.get(division, 0) > context.same_name.get(division, 0)
    return named or (option.iso3 == "USA" and option.admin1 in context.county_states)


def _shared_locality(iso3: str, context: DocumentContext) -> bool:
    """Whether the story names as many places inside another country as inside
    ``iso3``: a story local to several countries is an international one, where a
    country's name is that country, not its namesake town or city in one of them
    ("Puerto Rico" in a report naming Colombian, Brazilian and US places stays the
    territory, not Puerto Rico, Caqueta; "Palestine" beside "Anderson County" and
    "Texas" alone is still the Texas town). Rule "local_names"."""
    if not context.local_names:
        return False
    mine = context.local.get(iso3, 0)
    return any(n >= mine for c, n in context.local.items() if c != iso3)


def _world_city(
    option: Candidate, default: Candidate, context: DocumentContext, home: bool
) -> bool:
    """Whether ``default`` is a world city (:data:`WORLD_CITY_POPULATION`) that the
    places a document names in ``option``'s country may not turn into that namesake
    town or city: a story in the namesake country's register ("The London City
    Council and the police chief") still may; one that only names places there
    ("London" beside "Nebraska" and "Utah" in a wire story) may not. A state or
    county the document names ("Moscow" beside "Latah County") is other evidence
    (weight "division") and still picks its namesake; so does a county whose name
    several states use when GeoNames puts the namesake in it ("Paris" beside "Henry
    County" is Paris, Tennessee: :mod:`analysis.countries.counties`), but not "any state
    that has a county of that name", which turned "Paris" beside "Orange County" into
    Paris, Texas (review 3, F5). ``home``: the story's register is ``option``'s country
    and may make it local there (a learnt home only as rule home_namesakes allows)."""
    return (
        context.world_cities
        and option.rule in ("town", "city")
        and default.rule in ("city", "capital")
        and default.population >= WORLD_CITY_POPULATION
        and not home
    )


def capital_or_world_city(candidate: Candidate) -> bool:
    """Whether ``candidate`` is a capital or a city of :data:`WORLD_CITY_POPULATION`
    people or more: a reading the rules home_namesakes, register_capitals and
    sentence_countries keep against a namesake elsewhere."""
    return capital_or_city_of(candidate, WORLD_CITY_POPULATION)


def known_by_name(options: tuple[Candidate, ...], wire_dateline: bool) -> Candidate | None:
    """The city a wire dateline names (``wire_dateline``: the mention names it) when the
    name has no default reading, every city of it needing its country named ("PHOENIX,
    March 25 -", "PROVIDENCE, March 13 -": cities named like a word or a person): the
    most populous capital or city of ``_STRAY_POPULATION`` people or more, else None
    (and None off a wire dateline). A wire writes a city's name alone
    only for the city everyone knows by it (rule "wire_datelines", see
    :func:`_wire_dateline`); a dateline is a place, not a word. Provenance: Reuters-21578,
    whose datelines of Phoenix and Providence mapped to no country."""
    if not wire_dateline:
        return None
    known = [c for c in options if capital_or_city_of(c, _STRAY_POPULATION)]
    return max(known, key=lambda c: c.population, default=None)


def capital_or_city_of(candidate: Candidate, population: int) -> bool:
    """Whether ``candidate`` is a capital, or a city of ``population`` people or more."""
    return candidate.rule == "capital" or (
        candidate.rule == "city" and candidate.population >= population
    )


def _home_namesake(option: Candidate, default: Candidate, context: DocumentContext) -> bool:
    """Whether the register of the story, being only its source's learnt home
    (``context.register_learnt``), may not make ``default`` -- a country's name, a
    capital, or a city of :data:`WORLD_CITY_POPULATION` or more -- its namesake town or
    city ``option`` in the home country: for a country's name unless the story names
    the namesake's state ("Lebanon" beside "Tennessee"), and for a city
    when the namesake has less than 1/:data:`HOME_NAMESAKE_RATIO` of its people. A
    paper is at home in a country, not in every village of it: "London-based jeweler"
    in a US business paper is not London, Ohio; "Syria from Lebanon" is not Lebanon,
    Tennessee; a Canadian paper's "London" is still London, Ontario. Rule
    "home_namesakes" (review 18, class A2); the places the story names in the home
    country, a qualifier, a state named and the dateline still count as before."""
    if not context.register_learnt or option.rule not in ("town", "city"):
        return False
    if default.rule == "name":  # unless the story names the namesake's state too
        return not context.divisions.get(f"{option.iso3}:{option.admin1}", 0)
    return capital_or_world_city(default) and (
        option.population * HOME_NAMESAKE_RATIO < default.population
    )


def _register_capital(option: Candidate, default: Candidate, context: DocumentContext) -> bool:
    """Whether ``default``, a capital or a world city (:data:`WORLD_CITY_POPULATION`),
    stays against ``option``, its namesake town or city in the country whose local
    register the story's civic phrases are in, because the story names places in
    another country (cities, states, regions: ``context.local``; a demonym is no place)
    and none in the register's (``context.register_alone``: no mention
    names it, and the story's source is not at home there): the register says how a
    story is written, the places where it is ("The mayor of London ... the sheriff's
    office ... Ontario's roads" is not London, Ohio). Rule "register_capitals" (review 8,
    finding 2a); a qualifier or a state the story names still picks the namesake. A
    story that names no other place keeps the register's namesake: "Paris Police
    Department" in a Texas paper's story is Paris, Texas (LGL dev)."""
    return (
        context.register_alone
        and context.register == option.iso3
        and option.rule in ("town", "city")
        and capital_or_world_city(default)
        and any(n > 0 for c, n in context.local.items() if c != context.register)
    )


def _venue(option: Candidate, default: Candidate, context: DocumentContext) -> bool:
    """Whether ``default``, a city or a capital whose name the story writes as the venue
    of an international meeting or its outcome ("the Venice summit", "the Paris accord"),
    stays that city against the places the story names in a namesake's country: a
    summit, an accord or talks are named after the city the world knows by the name. The
    qualifier (its own evidence) or a state the story names (weight "division") still
    picks the namesake. Rule "venues"; provenance: Reuters-21578, where "the Venice
    summit" in stories from Washington read as Venice, California."""
    return context.venue and option.rule in ("town", "city") and default.rule in ("city", "capital")


def _wire_dateline(option: Candidate, default: Candidate, context: DocumentContext) -> bool:
    """Whether ``default``, the city a wire dateline names ("DUBLIN 2024-06-15",
    "VANCOUVER (Reuters) -"), stays that city against the places the story names
    elsewhere: a wire writes a city's name alone only for the city everyone knows by it
    and qualifies a namesake ("VANCOUVER, Wash."), so only the qualifier (its own
    evidence) or a state the story names (weight "division") picks the namesake town
    or city. Rule "wire_datelines"; provenance: the CoNLL testa dev set, where
    "DUBLIN" and "VANCOUVER" datelines of sports reports naming US places were read as
    Dublin, California and Vancouver, Washington (within :data:`_CONTEXT_POPULATION_RATIO`).
    Only a capital or a city of ``_STRAY_POPULATION`` people or more: a wire's desk
    writes some smaller towns of its own country alone too ("GREENWICH, March 2 -" of
    Reuters-21578 is Greenwich, Connecticut, not Greenwich, England, 30,578 people)."""
    return (
        context.wire_dateline
        and option.rule in ("town", "city")
        and capital_or_city_of(default, _STRAY_POPULATION)
    )
