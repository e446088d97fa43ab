"""Rebuild ``event_heads.tsv`` from WordNet 3.0's noun files.

A line is a one-word English noun every WordNet sense of which is an act, an event, a
time or a natural phenomenon (lexicographer files noun.act, noun.event, noun.time,
noun.phenomenon): "tournament", "regatta", "festival", "massacre", "hurricane",
"easter"; its class is ``phenomenon`` when every sense is a natural phenomenon
("hurricane", "typhoon"), else ``event``. A capitalised name closing with such a word, or
opening with a phenomenon's, names an event, a season or a storm ("the Spring Festival",
"before Easter", "Hurricane Georges"), not a place no gazetteer lists: rule
``co_mentioned`` (analysis.countries.comention) does not read it in its story's
country. A word with any other sense (a place, an artifact, a group: "bowl", "market",
"crossing", "summit") is left out.

Usage (from the repository root; the dict folder of WordNet 3.0, e.g. Debian's
wordnet-base package, /usr/share/wordnet; WordNet licence, WORDNET_LICENSE.txt):
    python analysis/data/build_event_heads.py /usr/share/wordnet
"""

from __future__ import annotations

import sys
from pathlib import Path

# The sibling builder's reader of WordNet's data.noun (both run as scripts from this folder).
from build_wordnet_places import read_synsets

HERE = Path(__file__).parent
OUT = HERE / "event_heads.tsv"
#: WordNet 3.0's lexicographer file names by number (lexnames(5WN)).
LEXNAMES = [
    "adj.all",
    "adj.pert",
    "adv.all",
    "noun.Tops",
    "noun.act",
    "noun.animal",
    "noun.artifact",
    "noun.attribute",
    "noun.body",
    "noun.cognition",
    "noun.communication",
    "noun.event",
    "noun.feeling",
    "noun.food",
    "noun.group",
    "noun.location",
    "noun.motive",
    "noun.object",
    "noun.person",
    "noun.phenomenon",
    "noun.plant",
    "noun.possession",
    "noun.process",
    "noun.quantity",
    "noun.relation",
    "noun.shape",
    "noun.state",
    "noun.substance",
    "noun.time",
]
#: The files whose nouns are events, acts, times or phenomena.
EVENT_FILES = frozenset({"noun.act", "noun.event", "noun.time", "noun.phenomenon"})

HEADER = """\
# One-word nouns every WordNet 3.0 sense of which is an act, an event, a time or a natural
# phenomenon (lexicographer files noun.act, noun.event, noun.time, noun.phenomenon), lower
# case; class "phenomenon" when every sense is a natural phenomenon ("hurricane"), else
# "event". A capitalised name closing with one, or opening with a phenomenon's, names an
# event, a season or a storm ("the Spring Festival", "before Easter", "Hurricane
# Georges"), not a place no gazetteer lists (rule co_mentioned,
# analysis.countries.comention; branch ctry14, issue 18 class 4).
# Source: WordNet 3.0 (Princeton University; WordNet licence, WORDNET_LICENSE.txt),
# index.noun and data.noun; rebuilt by build_event_heads.py. Only the derived list is
# shipped.
# Licence: WordNet 3.0 licence (WORDNET_LICENSE.txt). Columns: word<TAB>class (event or
# phenomenon).
"""


def event_heads(folder: Path) -> list[tuple[str, str]]:
    """(lemma, class) of the one-word, alphabetic noun lemmas of ``folder``'s WordNet
    whose senses all lie in :data:`EVENT_FILES`."""
    synsets = read_synsets(folder / "data.noun")
    files = {offset: LEXNAMES[synset[0]] for offset, synset in synsets.items()}
    out = []
    with (folder / "index.noun").open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("  "):
                continue
            parts = line.split()
            lemma, senses = parts[0], int(parts[2])
            kinds = {files[o] for o in parts[-senses:]}
            if lemma.isalpha() and kinds <= EVENT_FILES:
                out.append((lemma, "phenomenon" if kinds == {"noun.phenomenon"} else "event"))
    return sorted(out)


def main(folder: str) -> None:
    words = event_heads(Path(folder))
    rows = [f"{w}\t{kind}" for w, kind in words]
    OUT.write_text(HEADER + "word\tclass\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
