"""Gates of branch speed24 (issue 18): a cheap test that skips a lookup or a search where
it can find nothing. Each fast form is checked against its plain reading, on names from
the tables themselves, on text hypothesis writes, and on the matches hypothesis writes
of the pattern a gate stands before (each must hold the gate)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import gazetteer as gz
from analysis.countries import register
from analysis.countries.pass_words import _named_countries
from analysis.countries.readings import _reading
from analysis.countries.rules import DEFAULT_CONTEXT, DEFAULT_RULES
from analysis.place_spelling import ARABIC_ARTICLES
from tests.properties import examples


def _table_names() -> list[str]:
    """Names the tables hold with an article, what follows it, and a few others."""
    rests = sorted(gz._article_rests())
    keys = sorted(gz.gazetteer())
    return [*rests[::7], *keys[::997], "Naqoura", "Obeid", "Mukalla", "Federal", "Reserve",
            "Exchange", "Argentina", "El", "Al", "Es Salt", "al-Mukalla", "AL-MUKALLA"]  # fmt: skip


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
    assert gz._opens_with_article("Al-Mukalla") and gz._opens_with_article("es Salt")
    assert not gz._opens_with_article("Exchange") and not gz._opens_with_article("Alabama")
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


_FORMS = ["Georgia", "Paris", "Reading", "Americans", "the U.S.", "Gainesville", "Naqoura",
          "Soviet", "West German", "Texan", "Nowhere Land", "Trent Bridge"]  # fmt: skip


def _plain_named_countries(texts: list[str]) -> set[str]:
    """pass_words._named_countries as written before it read by map_countries' cache key."""
    named = set()
    for text in texts:
        reading = _reading(text, DEFAULT_RULES)
        best = reading.fixed or reading.default
        if best is not None:
            named.add(best.iso3)
    return named


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.sampled_from(_FORMS), max_size=6))
def test_the_countries_a_story_names_are_read_by_the_shared_key(texts: list[str]) -> None:
    assert _named_countries(texts) == _plain_named_countries(texts)
    for text in texts:
        assert _reading(text, DEFAULT_RULES) == _reading(text, DEFAULT_RULES, DEFAULT_CONTEXT)


def test_the_gazetteer_pass_and_map_countries_share_each_reading() -> None:
    _named_countries(["Gainesville"])
    before = _reading.cache_info()
    _reading("Gainesville", DEFAULT_RULES, DEFAULT_CONTEXT)  # as map_countries asks
    after = _reading.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.just(float("nan")), st.sampled_from(_NAMES), _WORDS),
        max_size=30,
    )
)
def test_a_form_mask_asks_each_distinct_name_once_and_answers_as_per_row(forms: list) -> None:
    """columns.form_mask (this session's per-reader gate) equals asking the test of each
    row's form in a loop (a missing form or a non-string passes nothing), and asks it
    once per distinct string."""
    import numpy as np

    from analysis.countries.columns import form_mask
    from analysis.countries.common_words import common_word_town

    asked: list[str] = []

    def test(form: str) -> bool:
        asked.append(form)
        return common_word_town(form) or len(form) % 2 == 0

    cells = np.array(forms, dtype=object)
    expected = [isinstance(f, str) and (common_word_town(f) or len(f) % 2 == 0) for f in forms]
    assert form_mask(cells, test).tolist() == expected
    assert sorted(asked) == sorted({f for f in forms if isinstance(f, str)})
