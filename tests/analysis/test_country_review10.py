"""Review 10's findings on the country rules (/work/review-findings10.md), each on
invented sentences: the rule's wrong reading before the fix, the right one after."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.countries.sources import remap, stage_rules
from tests.factories import located_rows


def _frame(text: str, found: list[tuple[str, str]]) -> pd.DataFrame:
    """The MENTIONS frame of ``found`` (surface, label) located in ``text`` in order."""
    return schema.conform(located_rows(text, found), "mentions")


def _places(out: pd.DataFrame) -> list[tuple[str, object, object]]:
    """(text, iso3, rule) of the GPE rows of a mapped frame, None for missing values."""
    rows = out[out["label"] == "GPE"][["text", "iso3", "rule"]].itertuples(index=False)
    return [tuple(None if pd.isna(v) else v for v in row) for row in rows]


# --- finding 4: a rule switched off at re-mapping time --------------------------------

CLUB = "Real Madrid signed the striker for forty million euros, the club said."


def test_remapping_without_club_capitals_reads_the_capital_again() -> None:
    """The build's org_home of "Real Madrid" is no provenance: with club_capitals off,
    re-mapping reads Madrid as the capital (before the fix it stayed org_home)."""
    frame = _frame(CLUB, [("Madrid", "GPE")])
    docs = pd.DataFrame({"doc_id": ["d"], "text": [CLUB], "source": ["s"]})
    built = map_countries(frame, texts={"d": CLUB}, context=ContextRules())
    assert _places(built)[0][2] == "org_home"
    off = remap(built, docs, context=ContextRules(club_capitals=False))
    assert _places(off)[0][1:] == ("ESP", "capital")


def test_the_gazetteer_pass_home_inside_an_organisation_is_kept() -> None:
    """A place the gazetteer pass found inside an ORG keeps its org_home provenance; one
    outside every ORG is cleared."""
    text = "The Bank of England said Madrid was calm."
    rows = located_rows(text, [("Bank of England", "ORG"), ("England", "GPE"), ("Madrid", "GPE")])
    rows[1]["rule"] = rows[2]["rule"] = "org_home"
    out = stage_rules(schema.conform(rows, "mentions"))
    assert [None if pd.isna(r) else r for r in out["rule"]][1:] == ["org_home", None]
