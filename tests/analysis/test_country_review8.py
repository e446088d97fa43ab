"""Review 8's country findings (2a, 2, 3, 3b), each a rule of the registry: invented
one-line stories, first on hand-made spans, then (marked slow) through the trained
model as a build reads them.

* 2a: a civic phrase Commonwealth news shares ("city council") makes no story US-local
  alone (rule civic_shared); a civic register alone never moves a capital or a world
  city to a namesake (rule register_capitals); the evidence view names the phrase that
  put a story in its register and shows it apart from co-mentions.
* 2: a lone-town default is a stray like a fixed small place (rule strays).
* 3: the qualifier reader skips "in" and one compass adjective and reads brackets.
* 3b: a place name right after a title is a person's (rule titles).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.countries.explain import mention_readings
from tests.factories import gpe_countries, located, spans

# --- 3: qualifiers with a compass word, "in", brackets ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Flooding hit London, southwestern Ontario, on Monday, officials said.",
        "Flooding hit London, in southwestern Ontario, on Monday.",
        "Flooding hit London (Ontario) on Monday, officials said.",
        "Flooding hit London, South-Western Ontario, on Monday.",
        "Flooding hit London, Ontario, on Monday.",
    ],
)
def test_a_qualifier_after_a_compass_word_or_in_brackets_wins(text: str) -> None:
    assert gpe_countries(text, ("London", "Ontario")) == ["CAN", "CAN"]
    assert gpe_countries(text, ("London", "Ontario"), qualifiers=False) == ["GBR", "CAN"]


@pytest.mark.parametrize(
    "text",
    [
        # An unclosed bracket, a second adjective, a word that is no compass word: no
        # qualifier, the usual reading.
        "Flooding hit London (Ontario's rivers rose) on Monday.",
        "Flooding hit London, rural southwestern Ontario, on Monday.",
        "Flooding hit London, then Ontario, on Monday.",
    ],
)
def test_only_the_declared_gap_reads_as_a_qualifier(text: str) -> None:
    assert gpe_countries(text, ("London", "Ontario")) == ["GBR", "CAN"]


def test_the_cue_reads_the_same_gap() -> None:
    from analysis.countries.cues import qualifier_span

    text = "Chapin, southern S.C. and Chapin (S.C.) and Chapin, in S.C. and Chapin (S.C. x"
    ends = [i + len("Chapin") for i in range(len(text)) if text.startswith("Chapin", i)]
    found = [qualifier_span(text, end) for end in ends]
    assert [text[f[0] : f[1]] if f else None for f in found] == ["S.C.", "S.C.", "S.C.", None]


# --- 3b: a title before a place name ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Mr. Houston told reporters on Monday that the deal was off.", "Houston", None),
        ("Mayor London Breed said the city would pay.", "London", None),
        ("Coach Lincoln said the team was ready.", "Lincoln", None),
        # A country or a US state keeps its reading after a title; a place without a
        # title stays. After a form of address and before a verb of speech it is a
        # person's name (review 10, F10: "Mr. Georgia told reporters" was GEO).
        ("Mr. Georgia told reporters the deal was off.", "Georgia", None),
        ("The Houston Rockets beat Boston on Sunday.", "Houston", "USA"),
        ("Dr. Smith flew to Houston on Monday.", "Houston", "USA"),
    ],
)
def test_a_place_name_after_a_title_is_a_person(text: str, name: str, expected: object) -> None:
    assert gpe_countries(text, (name,)) == [expected]


def test_rule_titles_switched_off_reads_the_place() -> None:
    text = "Mr. Houston told reporters on Monday that the deal was off."
    assert gpe_countries(text, ("Houston",), titles=False) == ["USA"]


# --- 2a: civic registers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "home"),
    [
        ("Birmingham City Council cut its budget on Monday, the council leader said.",
         "Birmingham", "GBR"),
        ("Manchester City Council approved new housing on Tuesday.", "Manchester", "GBR"),
        ("Toronto city council voted on Monday to raise property taxes.", "Toronto", "CAN"),
        ("Dublin City Council said the new bridge would open in May.", "Dublin", "IRL"),
        ("The mayor of London said the city council would vote on Ontario's roads.",
         "London", "GBR"),
    ],
)  # fmt: skip
def test_a_city_council_alone_moves_no_city_to_the_us(text: str, name: str, home: str) -> None:
    assert gpe_countries(text, (name,)) == [home]
    before = {"civic_shared": False, "register_capitals": False}  # the rules before review 8
    assert gpe_countries(text, (name,), **before) == ["USA"]


@pytest.mark.parametrize(
    ("text", "names", "home"),
    [
        ("Dublin City Council met; the sheriff's office said Northern Ireland would help.",
         ("Dublin", "Northern Ireland"), "IRL"),
        ("The mayor of London said the sheriff's office would fix Ontario's roads.",
         ("London", "Ontario"), "GBR"),
    ],
)  # fmt: skip
def test_a_register_moves_no_capital_or_world_city_of_a_story_about_elsewhere(
    text: str, names: tuple[str, str], home: str
) -> None:
    assert gpe_countries(text, names)[0] == home
    assert gpe_countries(text, names, register_capitals=False)[0] == "USA"


def test_a_register_still_moves_a_city_in_a_story_naming_nothing_else() -> None:
    # LGL dev: "Paris Police Department" in a Texas paper's story is Paris, Texas.
    text = "Dublin City Council met; the sheriff's office said the bridge was shut."
    assert gpe_countries(text, ("Dublin",)) == ["USA"]
    text = "Dublin City Council met; the sheriff's office in Ohio said the bridge was shut."
    assert gpe_countries(text, ("Dublin", "Ohio")) == ["USA", "USA"]


def test_the_evidence_view_names_the_phrase_and_keeps_the_register_apart() -> None:
    text = "Cambridge City Council met as the sheriff's office closed roads on Monday."
    frame = spans(("Cambridge", "GPE", 0))
    out = mention_readings(frame, {"d": text}, "USA", ["d"])
    assert out["rule"].tolist() == ["register"]
    evidence = out["evidence"].iloc[0]
    assert 'the story writes "sheriff\'s office"' in evidence
    assert "register" in evidence.split("scored:")[1]
    assert "co_mentions" not in evidence
    # A story that names a US place: its evidence is co-mentions, no register phrase.
    text += " Texas sent help."
    frame = spans(("Cambridge", "GPE", 0), ("Texas", "GPE", text.index("Texas")))
    out = mention_readings(frame, {"d": text}, "USA", ["d"])
    row = out[out["text"] == "Cambridge"].iloc[0]
    assert "co_mentions" in row["evidence"] and "writes" not in row["evidence"]


# --- 2: lone towns are strays; a capital in a club's name ------------------------------


def test_a_lone_town_default_abroad_is_a_stray() -> None:
    # "Partizan" is a Russian village only: before review 8 the strays never saw it.
    text = "Partizan Belgrade beat their rivals 2-1 on Saturday."
    assert gpe_countries(text, ("Partizan", "Belgrade")) == [None, "SRB"]
    assert gpe_countries(text, ("Partizan", "Belgrade"), strays=False) == ["RUS", "SRB"]
    # Alone, the lone town still maps (rule lone_towns).
    assert gpe_countries("Pataskala voted on Monday.", ("Pataskala",)) == ["USA"]


@pytest.mark.parametrize(
    ("text", "name", "rule"),
    [
        ("Real Madrid signed a striker from Ajax on Monday.", "Madrid", "org_home"),
        ("Fans cheered as Partizan Belgrade beat their rivals 2-1.", "Belgrade", "org_home"),
        ("Talks in Madrid ended on Monday.", "Madrid", "capital"),
        ("Central Madrid was shut as the rivals beat drums.", "Madrid", "capital"),
        ("Mr. Madrid signed the striker's contract.", "Madrid", None),
        ("Old Madrid was quiet on Monday.", "Madrid", "capital"),  # no sports context
    ],
)
def test_a_capital_after_a_club_word_in_a_sports_context_is_the_clubs_home(
    text: str, name: str, rule: object
) -> None:
    out = map_countries(spans((name, "GPE", text.index(name))), texts={"d": text})
    got = out["rule"].iloc[0]
    assert (None if pd.isna(got) else got) == rule
    off = map_countries(spans((name, "GPE", text.index(name))), texts={"d": text},
                        context=ContextRules(club_capitals=False))  # fmt: skip
    assert off["rule"].fillna("").iloc[0] != "org_home"


# --- the trained model on the reviewer's stories (slow) --------------------------------


def _mapped_with_model(nlp, stories: list[str]) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """The stories (one document each) as a build maps them: the model's mentions,
    cleaned, the gazetteer pass, map_countries with the texts."""
    from analysis.countries import add_place_mentions
    from analysis.entities import clean_mentions

    frames = []
    for n, text in enumerate(stories):
        rows = [{"doc_id": f"d{n}", "sent_id": 0, "start": e.start_char, "end": e.end_char,
                 "text": e.text, "label": e.label_} for e in nlp(text).ents]  # fmt: skip
        frame = clean_mentions(schema.conform(rows, "mentions"), text)
        frames.append(add_place_mentions(frame, text))
    both = schema.conform(pd.concat(frames, ignore_index=True), "mentions")
    return map_countries(both, texts={f"d{n}": t for n, t in enumerate(stories)})


def _countries(out: pd.DataFrame, doc: str) -> set[str]:
    rows = out[(out["doc_id"] == doc) & (out["rule"] != "org_home")]
    return set(rows["iso3"].dropna())


@pytest.mark.slow
@pytest.mark.model
def test_the_reviewers_stories_with_the_trained_model(trained_nlp) -> None:  # type: ignore[no-untyped-def]
    stories = [
        "Birmingham City Council cut its budget on Monday, the council leader said.",
        "Toronto city council voted on Monday to raise property taxes.",
        "Dublin City Council said the new bridge would open in May.",
        "The mayor of London said on Monday that the city council would vote on the "
        "budget for Ontario's roads.",
        "Flooding hit London, southwestern Ontario, on Monday, officials said.",
        "Flooding hit London (Ontario) on Monday, officials said.",
        "Mr. Houston told reporters on Monday that the deal was off.",
        "Partizan Belgrade beat their rivals 2-1 on Saturday.",
        # Ordinary news that must stay as it was.
        "The Birmingham, Alabama city council voted on Tuesday to repave roads.",
    ]
    out = _mapped_with_model(trained_nlp, stories)
    assert "USA" not in set().union(*(_countries(out, f"d{n}") for n in range(4)))
    assert _countries(out, "d1") == {"CAN"}
    assert _countries(out, "d4") == {"CAN"} and _countries(out, "d5") == {"CAN"}
    assert _countries(out, "d6") == set()
    assert "RUS" not in _countries(out, "d7")
    assert _countries(out, "d8") == {"USA"}


# --- one sense per discourse (rule one_sense) beside the other sense's country ---------


def test_a_qualified_name_keeps_its_sense_unless_the_story_names_the_other_country() -> None:
    once = "City council met in London, Ontario, on Monday. The mayor of London said it would pay."
    found = [("London", "GPE"), ("Ontario", "GPE"), ("London", "GPE")]
    out = map_countries(located(once, found), texts={"d": once})
    assert out["iso3"].tolist() == ["CAN", "CAN", "CAN"]
    both = (
        "City council met in London, Ontario, on Monday. London faces a housing shortage, "
        "and the UK government in London said it would help."
    )
    found = [(n, "GPE") for n in ("London", "Ontario", "London", "UK", "London")]
    out = map_countries(located(both, found), texts={"d": both})
    assert out["iso3"].tolist() == ["CAN", "CAN", "GBR", "GBR", "GBR"]
