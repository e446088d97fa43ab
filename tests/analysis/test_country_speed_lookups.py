"""Speed-ups of the name lookups (branch speed24, issue 18) read the same as the plain
forms they replace: each fast form is checked against its plain reading, on names from
the tables themselves and on names hypothesis writes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import gazetteer as gz
from analysis.countries import register
from analysis.place_spelling import ARABIC_ARTICLES
from tests.properties import examples


def _table_names() -> list[str]:
    """Names the tables hold with an article, what follows it, and a few others."""
    rests = sorted(gz._article_rests())
    keys = sorted(gz.gazetteer())
    return [*rests[::7], *keys[::997], "Naqoura", "Obeid", "Mukalla", "Federal", "Reserve"]


_NAMES = _table_names()
_WORDS = st.text(alphabet="AaEeLlNnSsHhOoBbIiDd -", min_size=1, max_size=12)


@settings(max_examples=examples(300), deadline=None)
@given(
    st.one_of(
        st.sampled_from(_NAMES),
        st.builds(lambda a, j, n: f"{a.capitalize()}{j}{n}",
                  st.sampled_from(ARABIC_ARTICLES), st.sampled_from(" -"), st.sampled_from(_NAMES)),
        _WORDS,
    )
)  # fmt: skip
def test_article_readings_skip_only_names_without_forms(key: str) -> None:
    assert gz._article_candidates.__wrapped__(key) == gz._plain_article_candidates(key)


@pytest.mark.parametrize("name", ["Naqoura", "Obeid", "Mukalla", "Shariqah", "Al-Mukalla"])
def test_article_readings_of_names_with_forms_are_kept(name: str) -> None:
    plain = gz._plain_article_candidates(name)
    assert gz._article_candidates.__wrapped__(name) == plain
    if name != "Al-Mukalla":
        assert name in gz._article_rests()


def test_a_name_with_no_form_is_skipped() -> None:
    assert "Reserve" not in gz._article_rests()
    assert gz._article_candidates("Reserve") == gz._plain_article_candidates("Reserve") == ()


@pytest.mark.parametrize("letter", ["A", "E", "a", "e", "Z"])
def test_town_names_opening_with_a_letter_are_those_of_the_lines(letter: str) -> None:
    lines = gz._towns()._lines
    plain = [line.partition("\t")[0] for line in lines if line.startswith(letter)]
    assert gz._towns().names_opening(letter) == plain


_UNSCREENED_PARTS = [p for parts in register._UNSCREENED.values() for p in parts]


@pytest.mark.parametrize("part", _UNSCREENED_PARTS, ids=lambda p: p.pattern[:30])
@settings(max_examples=examples(200), deadline=None)
@given(data=st.data())
def test_every_match_of_an_unscreened_marker_holds_the_gate(part, data) -> None:
    text = data.draw(st.from_regex(part))
    assert part.search(text) is not None
    assert register._UNSCREENED_GATE.search(text) is not None


def test_the_unscreened_markers_are_gated() -> None:
    assert _UNSCREENED_PARTS  # the postcodes
    for text in ("Write to OX1 2JD today.", "Mail it to K1A 0B1 please."):
        assert any(p.search(text) for p in _UNSCREENED_PARTS)
        assert register._UNSCREENED_GATE.search(text)
    assert register._register_reading.__wrapped__("Write to OX1 2JD today.") is not None
    assert register._register_reading.__wrapped__("Write to OX1-2JD today.") is None
