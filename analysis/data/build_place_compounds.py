"""Rebuild ``place_compounds.tsv`` from Open English WordNet and the gazetteer.

A line is a lexicalised common-noun compound whose opening words are a place's name or
a demonym ("brussels sprout", "Panama hat", "Turkish bath", "french fries"): WordNet's
multi-word noun lemmas whose first one to three words, title-cased, have a reading in
``analysis.gazetteer.candidates`` and whose remaining words are all lower case (a common
noun, not a proper name such as "Panama Canal"). Left out: lemmas whose every sense lies
in the lexicographer files noun.location, noun.person, noun.group or noun.quantity
(places, people, groups and a country's own currency: "Canada goose" stays, "Indian
chief" and "Algerian dinar" go), the tails of :data:`SYMBOL_TAILS` (a country's own
symbol: "American flag"), openings that are not plain words (eponyms: "Addison's
disease"), compounds whose head (last word) has a sense in the files of
:data:`LITERAL_HEAD_FILES` (an institution, a person, a place, a time, a message or a
quality) or that is also an adjective ("Chinese white"): "a Russian bank", "the Chinese
date", "a French lesson" are more often a literal bank, date or lesson of that country
than the card game, the fruit or the idiom; and lemmas whose
opening words, in lower case, are a WordNet noun of their
own ("turkey breast", "china clay": the word is then the common noun, not the place).

Columns: ``opening`` (the place words, casefolded) and ``tail`` (the lower-case common
noun words after them, as WordNet writes them). The run time
(``analysis.countries.modifiers.compound_rows``) reads a place mention followed by a
tail as that compound, naming no country.

Usage (from the repository root; the WordNet source is the YAML folder of
https://github.com/globalwordnet/english-wordnet, CC BY 4.0 and the WordNet licence):
    python analysis/data/build_place_compounds.py /path/to/english-wordnet/src/yaml
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent
OUT = HERE / "place_compounds.tsv"
#: Lexicographer files whose nouns are places, people or groups: their compounds name them.
SKIPPED_FILES = frozenset({"noun.location", "noun.person", "noun.group", "noun.quantity"})
#: A compound whose head word has a sense in one of these files is left out (see above).
LITERAL_HEAD_FILES = frozenset(
    {
        "noun.group",
        "noun.person",
        "noun.location",
        "noun.time",
        "noun.communication",
        "noun.attribute",
    }
)
#: Tails that are a country's own symbol, which a story naming it speaks of the country.
SYMBOL_TAILS = frozenset({"flag"})
#: At most this many opening words are tried as the place ("New Zealand spinach").
MAX_OPENING = 3

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _lexnames(folder: Path) -> dict[str, str]:
    """Noun synset id -> its lexicographer file name."""
    out = {}
    for path in sorted(folder.glob("noun.*.yaml")):
        with path.open(encoding="utf-8") as handle:
            for synset in yaml.load(handle, Loader=_LOADER):
                out[synset] = path.stem
    return out


def _lemmas(folder: Path) -> tuple[dict[str, list[str]], set[str]]:
    """(noun lemma -> its senses' synset ids, the adjective lemmas)."""
    out: dict[str, list[str]] = {}
    adjectives: set[str] = set()
    for path in sorted(folder.glob("entries-*.yaml")):
        with path.open(encoding="utf-8") as handle:
            entries = yaml.load(handle, Loader=_LOADER)
        for lemma, by_pos in entries.items():
            senses = (by_pos or {}).get("n", {}).get("sense", [])
            if senses:
                out.setdefault(str(lemma), []).extend(s["synset"] for s in senses)
            if "a" in (by_pos or {}):
                adjectives.add(str(lemma))
    return out, adjectives


def _is_place(words: list[str]) -> bool:
    """Whether ``words``, title-cased, have a reading in the gazetteer."""
    from analysis.gazetteer import candidates

    return bool(candidates(" ".join(w[:1].upper() + w[1:] for w in words)))


def compounds(folder: Path) -> list[tuple[str, str]]:
    """(opening, tail) of every compound kept (see the module docstring), sorted."""
    lexnames = _lexnames(folder)
    lemmas, adjectives = _lemmas(folder)
    lower_nouns = {lemma for lemma in lemmas if " " not in lemma and lemma.islower()}
    literal = {
        lemma for lemma, synsets in lemmas.items()
        if " " not in lemma and any(lexnames.get(s) in LITERAL_HEAD_FILES for s in synsets)
    } | adjectives  # fmt: skip
    out = set()
    for lemma, synsets in lemmas.items():
        words = lemma.split(" ")
        if len(words) < 2 or all(lexnames.get(s) in SKIPPED_FILES for s in synsets):
            continue
        for n in range(min(MAX_OPENING, len(words) - 1), 0, -1):
            opening, tail = words[:n], words[n:]
            if not all(w.isalpha() and w.islower() for w in tail) or tail[-1] in SYMBOL_TAILS:
                continue
            if tail[-1] in literal or tail[-1].removesuffix("s") in literal:
                continue
            if not all(w.isalpha() for w in opening):
                continue
            if " ".join(opening).lower() in lower_nouns or not _is_place(opening):
                continue
            out.add((" ".join(opening).casefold(), " ".join(tail)))
            break
    return sorted(out)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    rows = compounds(Path(argv[0]))
    header = (
        "# Lexicalised common-noun compounds opened by a place's name or a demonym, read by\n"
        "# analysis.countries.lexicon.place_compounds (rule lexical_compounds).\n"
        "# Source: derived from Open English WordNet "
        "(https://github.com/globalwordnet/english-wordnet) by build_place_compounds.py.\n"
        "# Licence: CC BY 4.0 and the Princeton WordNet licence (WORDNET_LICENSE.txt); "
        "attribution: Princeton University, the Open English Wordnet team.\n"
    )
    OUT.write_text(
        header + "opening\ttail\n" + "".join(f"{o}\t{t}\n" for o, t in rows), encoding="utf-8"
    )
    print(f"{len(rows)} compounds -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent))
    raise SystemExit(main(sys.argv[1:]))
