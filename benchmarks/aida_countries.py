"""Draft the gold country of each place title AIDA links in CoNLL-2003 eng.testa.

Writes a DRAFT of ``benchmarks/data/aida_testa_countries.csv`` (title, iso3, how): every
distinct Wikipedia title linked from a LOC or MISC mention of eng.testa, with a proposed
ISO3 country. The proposal is only a starting point: every row of the committed file was
then checked by a person, and the proposals that were wrong were corrected by hand
("checked by hand" in ``how``); see benchmarks/data/README.md. The proposal reads only
the title (never NewsLens's mapping of the text), so the gold does not inherit the
mapping's context rules; its gazetteer reading is still NewsLens's, hence the hand check.

Run from the repository root (the data stays in ../shared/eval, never in the repo)::

    python -m benchmarks.aida_countries --out /tmp/aida_draft.csv
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from analysis.gazetteer import candidates
from analysis.present.exports import csv_rows
from benchmarks.entity_linking_eval import AIDA, CONLL, read_links, read_testa

#: CoNLL types whose linked titles the gold covers: places (LOC) and names whose link
#: is often a country (MISC: "German" -> Germany).
KINDS = ("LOC", "MISC")

#: A national team's title: the nation is the words before it.
_TEAM = re.compile(
    r"^(?P<nation>.+?)(?: national| men's| women's)*(?: (?:football|cricket|rugby union|"
    r"rugby league|ice hockey|basketball|davis cup|fed cup|olympic football|under-\d+ "
    r"football))* team$",
    re.IGNORECASE,
)

#: AIDA writes some characters of a title as \\uXXXX escapes ("AK\\u002d47").
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def is_national_team(title: str) -> bool:
    """Whether a Wikipedia title is a national side ("England_cricket_team",
    "Austria_Fed_Cup_team", "United_States_men\\u0027s_national_soccer_team")."""
    name = _ESCAPE.sub(lambda m: chr(int(m[1], 16)), title).replace("_", " ")
    return bool(_TEAM.match(name)) or name.endswith(("national soccer team", "national team"))


def linked_titles(conll: Path = CONLL, aida: Path = AIDA) -> Counter:
    """Title -> number of LOC/MISC mentions of eng.testa AIDA links to it."""
    docs = read_testa(conll)
    return Counter(g.entity for g in read_links(aida, docs) if g.kind in KINDS)


def propose(title: str) -> tuple[str, str]:
    """A Wikipedia title -> (proposed ISO3 or "", how it was proposed).

    "country name": the title (or a national team's nation) is read as a country name
    or alias by the gazetteer; "gazetteer, unique": every reading of the title names one
    country; "gazetteer, ambiguous"/"not in gazetteer": left empty for the hand check.
    """
    name = _ESCAPE.sub(lambda m: chr(int(m[1], 16)), title).replace("_", " ")
    team = _TEAM.match(name)
    if team:
        name = team["nation"]
    name = re.sub(r"\s*\(.*\)$", "", name)  # "Georgia (country)" -> "Georgia"
    found = candidates(name)
    if "," in name:  # "Arlington, Texas": the qualifier after the comma names the country
        qualifier = {c.iso3 for c in candidates(name.rsplit(",", 1)[1])}
        if len(qualifier) == 1:
            return qualifier.pop(), "qualifier after the comma"
    if not found:
        return "", "not in gazetteer"
    if found[0].rule in ("name", "demonym"):
        return found[0].iso3, "team of a country name" if team else "country name"
    countries = {c.iso3 for c in found}
    if len(countries) == 1:
        return found[0].iso3, "gazetteer, unique"
    return "", "gazetteer, ambiguous: " + " ".join(sorted(countries))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="where to write the draft")
    args = parser.parse_args(argv)
    titles = linked_titles()
    rows = [[title, *propose(title)] for title in sorted(titles)]
    text = csv_rows(["title", "iso3", "how"], rows)
    args.out.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {len(titles)} titles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
