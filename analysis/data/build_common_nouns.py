"""Rebuild ``common_nouns.tsv.gz``: English common nouns, one lower-case word a line.

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

Usage (from the repository root):
    python analysis/data/build_common_nouns.py /usr/share/wordnet
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

OUT = Path(__file__).with_name("common_nouns.tsv.gz")
WORD = re.compile(r"[a-z]+")
#: An adjective's position marker WordNet may write after a lemma ("(a)", "(p)", "(ip)").
MARKER = re.compile(r"\([a-z]+\)$")

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


def main(folder: str) -> None:
    """Write :data:`OUT` from the WordNet dict ``folder``'s data.noun."""
    path = Path(folder) / "data.noun"
    with path.open(encoding="latin-1") as lines:
        words = sorted(lower_case_lemmas(lines))
    # mtime=0: the same data gives the same bytes.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write((HEADER + "\n".join(words) + "\n").encode("utf-8"))
    print(f"{len(words)} nouns -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
