"""Mentions without offsets (a user alias, a hand-made row) are mapped without reading
the text around them: the readers that look beside a mention skip them, never fail."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.countries import map_countries
from tests.factories import located_rows, mention_frame
from tests.properties import examples

TEXT = (
    "A Lebanon woman met Iraqi officials in a Texas-style hall in Paris. "
    "Kenyan runners and Paris High School students came from Nairobi."
)
ROWS = [
    ("Lebanon", "GPE"), ("Iraqi", "NORP"), ("Texas", "GPE"), ("Paris", "GPE"),
    ("Kenyan", "NORP"), ("Paris", "GPE"), ("Nairobi", "GPE"),
]  # fmt: skip


def _rows(unplaced: set[int]) -> list[dict]:
    """ROWS located in TEXT (each after the last), without offsets for rows ``unplaced``."""
    rows = located_rows(TEXT, ROWS, resume="end")
    for row in rows:
        del row["sent_id"]
    return [{k: v for k, v in row.items() if i not in unplaced or k not in {"start", "end"}}
            for i, row in enumerate(rows)]  # fmt: skip


@settings(deadline=None, max_examples=examples(40))
@given(st.sets(st.integers(0, len(ROWS) - 1)))
def test_any_mentions_without_offsets_are_mapped_without_failing(unplaced: set[int]) -> None:
    out = map_countries(mention_frame(_rows(unplaced)), texts={"d": TEXT})
    assert len(out) == len(ROWS)
    assert out["text"].tolist() == [s for s, _ in ROWS]


def test_a_demonym_without_offsets_still_names_its_country() -> None:
    out = map_countries(mention_frame(_rows({1})), texts={"d": TEXT})
    assert out["iso3"].tolist()[1] == "IRQ"
