"""Names never open or close with punctuation a name cannot take (review ui26, item 5):
a mention written "+Berlin", "-Madrid", "@Rome" or "*Paris*" (a formula prefix, a list
dash, a handle sign, Markdown emphasis) is trimmed to the name, so the entity of "Berlin"
is never named "+Berlin" (it was: the resolver's display name ties broke
alphabetically, and "+" sorts before "B"). Invented sentences."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import schema
from analysis.canonical import NEVER_CLOSES, NEVER_OPENS, trim_name_edges
from analysis.entities import canonicalize, clean_mentions, normalize_surface
from analysis.resolve import resolve
from tests.factories import located
from tests.properties import examples


def _cleaned(
    text: str, found: list[tuple[str, str]], doc_id: str = "d", rules: list[str] | None = None
) -> pd.DataFrame:
    """Every clean-up rule (or ``rules``) on ``found`` located in ``text``."""
    return clean_mentions(located(text, found, doc_id=doc_id, resume="end"), text, rules=rules)


#: The properties run the rule that trims spans alone (the junk rules drop random names).
_TRIM = ["trim_edges"]


def test_a_formula_prefix_or_markdown_is_trimmed_from_the_span() -> None:
    text = "Reporters in +Berlin, -Madrid and @Rome saw *Paris* and Canal+ shares."
    found = [("+Berlin", "GPE"), ("-Madrid", "GPE"), ("@Rome", "GPE"),
             ("*Paris*", "GPE"), ("Canal+", "ORG")]  # fmt: skip
    out = _cleaned(text, found)
    assert out["text"].tolist() == ["Berlin", "Madrid", "Rome", "Paris", "Canal+"]
    for row in out.itertuples():
        assert text[row.start : row.end] == row.text


def test_the_name_of_a_surface_loses_the_prefix() -> None:
    assert normalize_surface("+Berlin") == "Berlin"
    assert normalize_surface("@Rome") == "Rome"
    assert normalize_surface("=cmd") == "cmd"
    assert normalize_surface("Canal+") == "Canal+"  # "+" may close a name
    assert normalize_surface("@") == "@"  # nothing else: left as it is


def test_the_entity_of_berlin_is_named_berlin() -> None:
    """The review's corpus: "+Berlin" once and "Berlin" once, in one story."""
    text = "Reporters in +Berlin covered the trip to Berlin."
    mentions = canonicalize(_cleaned(text, [("+Berlin", "GPE"), ("Berlin", "GPE")]))
    assert set(resolve(mentions)["canonical"]) == {"Berlin"}


_NAME = st.from_regex(r"[A-Z][a-z]{1,8}(?: [A-Z][a-z]{1,8})?", fullmatch=True)
_EDGE = st.text(alphabet=NEVER_OPENS + NEVER_CLOSES + "+!.", max_size=3)


@settings(max_examples=examples(200), deadline=None)
@given(name=_NAME, before=_EDGE, after=_EDGE)
def test_trimmed_spans_keep_offsets_and_never_open_or_close_with_punctuation(
    name: str, before: str, after: str
) -> None:
    surface = before + name + after
    text = f"Officials in {surface} said so."
    out = _cleaned(text, [(surface, "GPE")], rules=_TRIM)
    assert len(out) == 1
    row = out.iloc[0]
    assert text[row["start"] : row["end"]] == row["text"]
    assert row["text"].strip()
    assert row["text"][0] not in NEVER_OPENS and row["text"][-1] not in NEVER_CLOSES
    assert name in row["text"]


@settings(max_examples=examples(200), deadline=None)
@given(surface=st.text(min_size=1, max_size=12).filter(str.strip))
def test_trimming_never_empties_a_name(surface: str) -> None:
    assert trim_name_edges(surface).strip()
    assert trim_name_edges(surface) in surface


@settings(max_examples=examples(100), deadline=None)
@given(name=_NAME, before=_EDGE, after=_EDGE, plain_first=st.booleans())
def test_no_entity_is_named_with_punctuation_when_a_plain_mention_exists(
    name: str, before: str, after: str, plain_first: bool
) -> None:
    """Over two stories, one writing the name with punctuation around it and one
    without: every mention's entity name is free of those characters at its edges."""
    surface = before + name + after
    stories = [("a", f"Officials in {surface} said so."), ("b", f"Officials in {name} agreed.")]
    if plain_first:
        stories.reverse()
    frames = [_cleaned(text, [(form, "GPE")], doc_id=doc, rules=_TRIM)
              for (doc, text), form in zip(stories, (surface, name) if not plain_first
                                           else (name, surface), strict=True)]  # fmt: skip
    mentions = canonicalize(schema.conform(pd.concat(frames, ignore_index=True), "mentions"))
    for canonical in resolve(mentions)["canonical"]:
        assert canonical[0] not in NEVER_OPENS and canonical[-1] not in NEVER_CLOSES
