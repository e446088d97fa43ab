"""Rebuild ``common_nouns.tsv.gz`` (English common nouns, one lower-case word a line)
and ``wordnet_names.tsv.gz`` (names WordNet knows only as no place).

Source: WordNet 3.0's ``data.noun`` (e.g. Debian's wordnet-base package,
/usr/share/wordnet; WordNet licence: free to use, copy and distribute with its copyright
notice, which ships beside the list in WORDNET_LICENSE.txt). A word is kept when one of
its synsets writes it **in lower case**: WordNet writes a proper noun's lemma
capitalised ("Nemea", "Ithaki", "Aachen", "Abraham") and a common noun's in lower case
("bank", "paper"). Only single words of letters are kept (no multi-word entries, no
digits).

Before branch ctry21 the list was the ``noun`` list of the ``lemma_index`` table of
spaCy's English lemmatizer, derived from WordNet's ``index.noun``, which folds every
lemma to lower case: it held 13,729 proper nouns (places, people, genera,
abbreviations) among its 55,221 words, so a place's ASCII spelling such as "Nemea" was
refused as an English word by build_towns.py. A proper noun that WordNet also writes in
lower case stays ("china", "turkey", "kos", an Indian unit of length).

Read by :func:`analysis.name_data.common_nouns` (analysis/countries/title_case.py: "the
U.S. Dollar" in a wire's title case is the dollar, no organisation; comention.py,
cues.py, division_types.py; build_towns.py's refusal of derived spellings).

``wordnet_names.tsv.gz`` (branch ctry21): the names (lemmas, one word or several, of
letters, spaces, dots, hyphens and apostrophes) that WordNet writes capitalised and none
of whose senses lies in noun.location, noun.object or noun.artifact -- a person, an
event, a natural phenomenon, an organisation, a work, a genus ("Philip", "El Nino",
"World Cup", "Ivy League", "Oscar") -- with the lexicographer file of its first sense
as its class (``person``, ``phenomenon``, ``event``...). Read by
:func:`analysis.name_data.wordnet_names` for rule ``co_mentioned``: such a name, or its
plural ("Philips"), is no place no gazetteer lists.

Usage (from the repository root):
    python analysis/data/build_common_nouns.py /usr/share/wordnet
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

OUT = Path(__file__).with_name("common_nouns.tsv.gz")
NAMES_OUT = Path(__file__).with_name("wordnet_names.tsv.gz")
WORD = re.compile(r"[a-z]+")
#: An adjective's position marker WordNet may write after a lemma ("(a)", "(p)", "(ip)").
MARKER = re.compile(r"\([a-z]+\)$")

#: A name as WordNet writes it, underscores read as spaces ("El_Nino", "Quai_d'Orsay").
NAME = re.compile(r"[A-Z][A-Za-z.'-]*(?: [A-Za-z.'-]+)*")
#: WordNet 3.0's lexicographer files by number (lexnames(5WN)), the nouns'.
LEXNAMES = {
    3: "tops", 4: "act", 5: "animal", 6: "artifact", 7: "attribute", 8: "body",
    9: "cognition", 10: "communication", 11: "event", 12: "feeling", 13: "food",
    14: "group", 15: "location", 16: "motive", 17: "object", 18: "person",
    19: "phenomenon", 20: "plant", 21: "possession", 22: "process", 23: "quantity",
    24: "relation", 25: "shape", 26: "state", 27: "substance", 28: "time",
}  # fmt: skip
#: The files of places and things a place may be named after: a name with a sense in
#: one of them may be a place (a street, a building, a river) and is not listed.
PLACE_FILES = frozenset({"location", "object", "artifact"})

NAMES_HEADER = (
    "# Names WordNet 3.0 writes capitalised, none of whose senses is a location, an\n"
    "# object or an artifact: a person, an event, a phenomenon, a group, a work, a genus;\n"
    "# class = the lexicographer file of the first sense. Built by build_common_nouns.py.\n"
    "# WordNet licence: WORDNET_LICENSE.txt. Columns: name<TAB>class\n"
)

HEADER = (
    "# English common nouns: the one-word noun lemmas WordNet 3.0's data.noun writes in\n"
    "# lower case in at least one synset (proper nouns are written capitalised there);\n"
    "# built by build_common_nouns.py. WordNet licence: WORDNET_LICENSE.txt.\n"
)


def lower_case_lemmas(lines) -> set[str]:
    """The one-word, alphabetic lemmas that ``lines`` (WordNet data file lines) write in
    lower case in at least one synset."""
    words = set()
    for line in lines:
        if line.startswith("  "):
            continue  # the licence header
        fields = line.split(" | ", 1)[0].split()
        for i in range(int(fields[3], 16)):
            lemma = MARKER.sub("", fields[4 + 2 * i])
            if WORD.fullmatch(lemma):
                words.add(lemma)
    return words


def non_place_names(lines) -> dict[str, str]:
    """Name -> class of the names that ``lines`` (WordNet data.noun lines) write
    capitalised and never, in any case, in a :data:`PLACE_FILES` sense (see the module
    docstring): "Mo" (molybdenum) is left out, since "MO" is Missouri."""
    files: dict[str, list[str]] = {}
    placed: set[str] = set()  # case-folded lemmas with a place sense, in any case
    for line in lines:
        if line.startswith("  "):
            continue
        fields = line.split(" | ", 1)[0].split()
        kind = LEXNAMES.get(int(fields[1]), fields[1])
        for i in range(int(fields[3], 16)):
            name = MARKER.sub("", fields[4 + 2 * i]).replace("_", " ")
            if kind in PLACE_FILES:
                placed.add(name.casefold())
            if NAME.fullmatch(name):
                files.setdefault(name, []).append(kind)
    return {n: kinds[0] for n, kinds in files.items() if n.casefold() not in placed}


def _write(path: Path, text: str) -> None:
    # mtime=0: the same data gives the same bytes.
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))


def main(folder: str) -> None:
    """Write :data:`OUT` and :data:`NAMES_OUT` from the WordNet dict ``folder``'s data.noun."""
    lines = (Path(folder) / "data.noun").read_text(encoding="latin-1").splitlines()
    words = sorted(lower_case_lemmas(lines))
    _write(OUT, HEADER + "\n".join(words) + "\n")
    print(f"{len(words)} nouns -> {OUT}")
    names = non_place_names(lines)
    _write(NAMES_OUT, NAMES_HEADER + "".join(f"{n}\t{names[n]}\n" for n in sorted(names)))
    print(f"{len(names)} names -> {NAMES_OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
