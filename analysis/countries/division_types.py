"""A division named with its type: "Borno State", "Hubei province", "Sindh Province".

News and outbreak reports name first-level divisions with the word their country calls
them by ("Ondo State" in Nigeria, "Rakhine State" in Myanmar, "Hubei province" in
China). The gazetteer lists the division's bare name ("Hubei") as a region, and
:func:`analysis.countries.readings._inner_forms` reads a place inside a longer name
only when it is no region (a region inside a name is as often a generic word: "Coast
Mountain"). A name whose last word is a division type is read as the divisions of that
name whose country calls its divisions so (rule ``division_types``).

Provenance: the subdivision names and types of ISO 3166-2 as the ``pycountry`` package
ships them (a dependency already: the gazetteer reads its country names); the types
read are :data:`DIVISION_TYPES`. Found on the no-homes review of the dev sets (issue
18): such names were left unread while their bare names were read.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from analysis.countries.lexicon import disputed_regions, world_regions
from analysis.gazetteer import candidates
from analysis.gazetteer_entries import Candidate
from analysis.geo_sources import aliases, country_population, iso2_to_iso3
from analysis.name_data import common_nouns
from analysis.place_spelling import ascii_fold, normalise

#: Types of first-level divisions (ISO 3166-2's category names, as pycountry writes
#: them; "Autonomous region" is a "Region") that news writes after a division's name.
#: Not "City" or "Municipality" ("Mexico City").
DIVISION_TYPES = frozenset({"State", "Province", "Region", "Governorate", "Prefecture"})

#: Types read only for a division ISO 3166-2 lists by that very name and type
#: ("Lofa County" in Liberia, "Kilifi County" in Kenya, "Kasese District" in Uganda),
#: never for a gazetteer region of the name: a "County" or "District" after a name is
#: as often a US county (read first, by rule us_states), a school or business district.
#: A compound type ("Two-tier county": Kent, Essex) is not one of them: England does
#: not write "Kent County".
NAMED_TYPES = frozenset({"County", "District"})

_US = frozenset({"USA"})


@lru_cache(maxsize=1)
def _typed_divisions() -> tuple[dict[tuple[str, str], frozenset[str]], dict[str, frozenset[str]]]:
    """((folded name, type) -> ISO3 codes of the divisions so named and typed,
    ISO3 -> the types of :data:`DIVISION_TYPES` its divisions have), from pycountry."""
    import pycountry

    iso3 = iso2_to_iso3()
    named: dict[tuple[str, str], set[str]] = {}
    types: dict[str, set[str]] = {}
    for division in pycountry.subdivisions:
        kind = division.type.split()[-1].capitalize()  # "Autonomous region" -> "Region"
        code = iso3.get(division.country_code)
        if division.type in NAMED_TYPES:
            kind = division.type
        elif kind not in DIVISION_TYPES or code is None:
            continue
        if code is None:
            continue
        named.setdefault((ascii_fold(division.name).casefold(), kind), set()).add(code)
        types.setdefault(code, set()).add(kind)
    return (
        {key: frozenset(codes) for key, codes in named.items()},
        {code: frozenset(kinds) for code, kinds in types.items()},
    )


def _typed_region(
    candidate: Candidate, kind: str, name: str, types: dict[str, frozenset[str]]
) -> bool:
    """Whether the gazetteer's region ``candidate`` of ``name`` is read before ``kind``
    though ISO 3166-2 does not list that name: its country's divisions have that type,
    and the name is no common noun ("the lake region" is no region named Lake)."""
    return (
        kind in DIVISION_TYPES
        and kind in types.get(candidate.iso3, ())
        and name.casefold() not in common_nouns()
    )


@lru_cache(maxsize=50_000)
def typed_division(text: str) -> tuple[Candidate, ...]:
    """The divisions ``text`` names as "<name> <type>" ("Borno State", "Hubei
    province"): the gazetteer's region readings of the name in the countries whose
    divisions have that type, or, for a division the gazetteer does not list ("Edo
    State"), a region of the country ISO 3166-2 lists it in; () otherwise. Not a US
    state before "State" ("Ohio State", "Kent State" name universities in US usage),
    nor a generic name ("Eastern Province": lexicon ``division_generic_words``)."""
    words = normalise(text).split()
    if len(words) < 2 or words[-1].capitalize() not in DIVISION_TYPES | NAMED_TYPES:
        return ()
    kind, name = words[-1].capitalize(), " ".join(words[:-1])
    generic = aliases()["division_generic_words"]
    if not name[:1].isupper() or all(w.casefold() in generic for w in name.split()):
        return ()
    if any(n in world_regions() or n in disputed_regions() for n in (name, f"{name}s")):
        return ()  # "the Balkan region", "the Gulf region": no province of Turkmenistan
    named, types = _typed_divisions()
    listed = named.get((ascii_fold(name).casefold(), kind), frozenset())
    if kind == "State":
        listed = listed - _US  # "Ohio State", "Kent State": universities in US usage
    # The type word is the context a bare division name needs ("Rakhine" alone needs
    # Myanmar named): the reading stands on its own.
    found = tuple(
        replace(c, needs_context=False) for c in candidates(name)
        if c.rule == "region" and (c.iso3 in listed or _typed_region(c, kind, name, types))
    )  # fmt: skip
    if found or not listed:
        return found
    population = country_population()
    return tuple(Candidate(code, "region", population.get(code, 0)) for code in sorted(listed))
