"""Rebuild ``wordnet_places.tsv`` from WordNet 3.0's noun file.

A line is a place WordNet names as an instance (an island, a desert, a peninsula, a
district, a geographical area...: synsets of the lexicographer files noun.location and
noun.object with an instance hypernym) that is part of exactly one country (its part
holonyms, followed up to :data:`MAX_STEPS` steps, reach one synset whose name the
gazetteer reads as a country name): "Hebrides" (an archipelago, part of the United
Kingdom), "Negev" (Israel), "Kordofan" (Sudan). Rule ``wordnet_places``
(analysis.countries.wordnet_places) reads such a name in that country when the gazetteer
has no reading for it. Left out: a place part of several countries ("Patagonia",
"Kashmir", "Kurdistan"), a place whose gloss says it is disputed or occupied, a name
that is not capitalised or holds a digit, a one-word name that is also a common noun
(a lemma WordNet writes in lower case: "Java", "Champagne"), a synset with a name the
project lists as a disputed region (``disputed_regions`` of world_regions.json: "Golan
Heights").

Columns: ``name`` (WordNet's lemma, underscores as spaces), ``iso3``, ``kind`` (the
instance hypernym's first lemma).

Usage (from the repository root; the dict folder of WordNet 3.0, e.g. Debian's
wordnet-base package, /usr/share/wordnet; WordNet licence, WORDNET_LICENSE.txt):
    python analysis/data/build_wordnet_places.py /usr/share/wordnet
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "wordnet_places.tsv"
#: Lexicographer files of places: noun.location (15), noun.object (17).
PLACE_FILES = frozenset({15, 17})
#: Part-holonym steps followed from a place to its country ("Kyushu" -> Japan: one).
MAX_STEPS = 3
#: A gloss with one of these words describes a contested or a historic place (or a
#: name of old: "Edo" is a lemma of Tokyo's synset): left out.
CONTESTED = ("disputed", "occupied", "annexed", "ancient", "former", "historic", "biblical")
#: An instance hypernym of a country ("country", "Asian_country", "kingdom").
COUNTRY_KIND = re.compile(r"country|kingdom|nation|republic|principality|sultanate|emirate")
#: The kinds of place kept (the instance hypernym's first lemma). Not cities, capitals,
#: towns and villages (the gazetteer's, from GeoNames: WordNet adds only their old
#: names and epithets), nor rivers, lakes, bays, hills, streets and buildings (their
#: short names are words and people's names: "Don", "Darling", "Cam", "Calvary").
KINDS = frozenset({
    "island", "archipelago", "Aegean island", "atoll", "peninsula", "desert", "range",
    "mountain peak", "volcano", "tableland", "geographical area", "district", "region",
    "French region", "Italian region", "county", "state", "principality",
})  # fmt: skip


#: Instance kinds of a seat of an institution: a street, a hill, a building.
SEAT_KINDS = frozenset({
    "street", "hill", "building", "government_building", "residence", "palace", "citadel",
})  # fmt: skip
#: A street lies deeper in WordNet's part holonyms than an island: "Downing Street" ->
#: Westminster -> London -> England -> United Kingdom.
SEAT_STEPS = 6
#: WordNet 3.0's lexicographer file of groups and institutions (noun.group).
GROUP_FILE = 14
#: The kind column of a metonym row (rule wordnet_places reads it as a metonym).
METONYM_KIND = "metonym"

HEADER = (
    "# Islands, archipelagos, deserts, peninsulas, ranges, tablelands, districts and regions",
    "# that WordNet 3.0 names as an instance and puts, by its part holonyms, in exactly one",
    "# country: name, ISO 3166-1 alpha-3, kind (the instance hypernym); and (kind",
    "# metonym) streets and buildings WordNet also names as an institution of one country",
    '# ("Wall Street", "Quai d\'Orsay"). Read by rule wordnet_places',
    "# (analysis.countries.wordnet_places) for names the gazetteer does not know.",
    "# Rebuilt by analysis/data/build_wordnet_places.py (what is left out and why).",
    "# Source: WordNet 3.0 data.noun (Debian package wordnet-base), Princeton University.",
    "# Licence: WordNet licence (notice in WORDNET_LICENSE.txt).",
)


def read_synsets(path: Path) -> dict[str, tuple[int, list[str], list[tuple[str, str]], str]]:
    """WordNet's data.noun: offset -> (lexicographer file, lemmas, pointers, gloss)."""
    synsets = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue  # the licence header
        head, _, gloss = line.partition(" | ")
        fields = head.split()
        count = int(fields[3], 16)
        lemmas = [fields[4 + 2 * i] for i in range(count)]
        at = 4 + 2 * count
        pointers = [
            (fields[at + 1 + 4 * k], fields[at + 2 + 4 * k]) for k in range(int(fields[at]))
        ]
        synsets[fields[0]] = (int(fields[1]), lemmas, pointers, gloss)
    return synsets


def _country_name_words() -> set[str]:
    """Every word and name of ISO 3166-1's country names (pycountry): a place named
    like a part of a country's name ("Timor" of "Timor-Leste") may be that country."""
    import pycountry

    words = set()
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            value = getattr(country, field, None)
            if value:
                words |= {value, *value.replace("-", " ").replace(",", " ").split()}
    return words


def _elsewhere(name: str, found: set[str], candidates, in_country_names: set[str]) -> bool:
    """Whether one name of a WordNet place says it may be in another country than
    WordNet's: a word of a country's name ("Timor" of Timor-Leste), a name the
    gazetteer reads in another country, or one that does with a compass word before
    it ("Northern Mariana Islands", a US territory, beside WordNet's "Mariana
    Islands", which it puts in Micronesia)."""
    if name in in_country_names or any(c.iso3 not in found for c in candidates(name)):
        return True
    for compass in ("North", "Northern", "South", "Southern", "East", "Eastern", "West", "Western"):
        if any(c.iso3 not in found for c in candidates(f"{compass} {name}")):
            return True
    return False


def _common_word(name: str, nouns: frozenset[str]) -> bool:
    """Whether ``name`` is one word that is also an English common noun (a lemma WordNet
    writes in lower case), or its plural: "Java" (coffee), "Champagne", "Rand", "Reef",
    "Canaries". Too often not the place."""
    word = name.casefold()
    return " " not in name and (
        word in nouns
        or (word.endswith("s") and word[:-1] in nouns)
        or (word.endswith("ies") and word[:-3] + "y" in nouns)
    )


def _kept(name: str, kind: str, generic: set[str]) -> bool:
    """Whether a place's lemma is kept: capitalised, no digit, not only compass or
    size words ("South", "Northeast": the American South is as often the world's), and
    not a peak's or a volcano's one-word name (a person's: "McKinley", "Hubbard")."""
    words = name.replace("-", " ").split()
    return (
        name[:1].isupper()
        and len(name) >= 4  # not an abbreviation ("GU")
        and not any(ch.isdigit() for ch in name)
        and not all(w.casefold() in generic for w in words)
        and not (len(words) == 1 and kind in ("mountain peak", "volcano"))
        and name.casefold() not in ("northeast", "northwest", "southeast", "southwest")
    )


def country_of(
    offset: str, synsets: dict, countries: dict[str, str], steps: int = MAX_STEPS
) -> set[str]:
    """The countries ``offset`` is part of, following part holonyms (#p) up to
    ``steps`` steps."""
    found, frontier = set(), [offset]
    for _ in range(steps):
        parents = [p for o in frontier for sym, p in synsets[o][2] if sym == "#p"]
        found |= {countries[p] for p in parents if p in countries}
        frontier = [p for p in parents if p not in countries]
        if not frontier:
            break
    return found


def country_synsets(synsets: dict, candidates) -> dict[str, str]:
    """offset -> ISO3 of the synsets that are an instance of a country and whose first
    lemma the gazetteer (``candidates``) reads as one country's name."""
    countries = {}
    for offset, (_, lemmas, pointers, _) in synsets.items():
        kinds = {synsets[p][1][0] for sym, p in pointers if sym == "@i"}
        if not any(COUNTRY_KIND.search(k) for k in kinds):
            continue  # Georgia the US state, America the continents: no country
        names = {c.iso3 for c in candidates(lemmas[0].replace("_", " ")) if c.rule == "name"}
        if len(names) == 1:
            countries[offset] = names.pop()
    return countries


def proper_names(folder: Path) -> dict[str, frozenset[str] | None]:
    """The names WordNet writes capitalised (proper nouns: "Nemea", "Golan", "Sanchez"),
    case-folded, underscores as spaces -> the countries their place senses lie in
    (noun.location or noun.object: the synset's own country, else its part holonyms'
    countries; empty when WordNet gives none); ``None`` when no sense is a place (a
    person, a deity, a genus, a battle). A name's other senses do not hide its places:
    "Nag Hammadi", a town of Upper Egypt and the library of codices found near it, is
    {EGY} (branch ctry22; before, any sense other than a place made it ``None``, and
    the town's spelling was refused). build_towns.py reads it: a town's ASCII spelling
    is kept only when WordNet, if it knows the name, knows it as a place of the town's
    country alone (branch ctry21)."""
    from analysis.gazetteer import candidates

    synsets = read_synsets(folder / "data.noun")
    countries = country_synsets(synsets, candidates)
    names: dict[str, frozenset[str] | None] = {}
    for offset, (lexfile, lemmas, _, _) in synsets.items():
        own = countries.get(offset)
        found = {own} if own else country_of(offset, synsets, countries)
        for lemma in lemmas:
            if not lemma[:1].isupper():
                continue
            key = re.sub(r"\(\w+\)$", "", lemma).replace("_", " ").casefold()
            if lexfile in PLACE_FILES:
                names[key] = (names.get(key) or frozenset()) | found
            else:
                names.setdefault(key, None)
    return names


def metonyms(synsets: dict, countries: dict[str, str]) -> set[tuple[str, str, str]]:
    """(name, iso3, "metonym") of the names WordNet gives both an institution's sense
    (noun.group, no :data:`CONTESTED` word in its gloss: "the British government", "the
    securities industry of the United States", "the French department in charge of
    foreign affairs") and a street's, hill's or building's (:data:`SEAT_KINDS`) whose
    part holonyms, followed up to :data:`SEAT_STEPS` steps, reach one country: "Wall
    Street" (USA), "Quai d'Orsay" (FRA), "Downing Street", "Whitehall" (GBR), "White
    House" (USA). Rule wordnet_places reads them as metonyms of that country (branch
    ctry21)."""
    senses: dict[str, list[str]] = {}
    for offset, (_, lemmas, _, _) in synsets.items():
        for lemma in lemmas:
            if lemma[:1].isupper():
                senses.setdefault(lemma.replace("_", " "), []).append(offset)
    rows = set()
    for name, offsets in senses.items():
        groups = [o for o in offsets if synsets[o][0] == GROUP_FILE]
        if not groups or any(w in synsets[o][3].lower() for o in groups for w in CONTESTED):
            continue
        found: set[str] = set()
        for o in offsets:
            kinds = {synsets[p][1][0] for sym, p in synsets[o][2] if sym == "@i"}
            if kinds & SEAT_KINDS:
                found |= country_of(o, synsets, countries, SEAT_STEPS)
        if len(found) == 1:
            rows.add((name, found.pop(), METONYM_KIND))
    return rows


def main(folder: str) -> None:
    from analysis.countries.lexicon import disputed_regions
    from analysis.gazetteer import candidates
    from analysis.geo_sources import aliases

    disputed = set(disputed_regions())
    in_country_names = _country_name_words()
    generic = set(aliases()["division_generic_words"])

    synsets = read_synsets(Path(folder) / "data.noun")
    # Common nouns as WordNet writes them: lemmas in lower case ("java", "champagne").
    nouns = frozenset(
        lemma for _, lemmas, _, _ in synsets.values() for lemma in lemmas if lemma[:1].islower()
    )
    countries = country_synsets(synsets, candidates)
    rows = set()
    for offset, (lexfile, lemmas, pointers, gloss) in synsets.items():
        kinds = [p for sym, p in pointers if sym == "@i"]
        if lexfile not in PLACE_FILES or not kinds or offset in countries:
            continue
        if any(word in gloss.lower() for word in CONTESTED):
            continue
        if any(lemma.replace("_", " ") in disputed for lemma in lemmas):
            continue  # "Golan Heights", "Golan": the project's disputed regions
        found = country_of(offset, synsets, countries)
        if len(found) != 1:
            continue
        kind = synsets[kinds[0]][1][0].replace("_", " ")
        if kind not in KINDS:
            continue
        names = [lemma.replace("_", " ") for lemma in lemmas]
        if any(_elsewhere(n, found, candidates, in_country_names) for n in names):
            continue  # "Timor": East Timor; "Mariana Islands": Northern ..., a US territory
        for name in names:
            if _kept(name, kind, generic) and not _common_word(name, nouns):
                rows.add((name, next(iter(found)), kind))
    rows |= metonyms(synsets, countries)
    lines = [*HEADER, "name\tiso3\tkind", *(f"{n}\t{c}\t{k}" for n, c, k in sorted(rows))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} places)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet")
