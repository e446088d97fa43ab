"""A mention's own evidence in the one scoring step (analysis.countries.facts,
analysis.countries.scoring): the qualifier written after a comma, a person's name the
place opens, an organisation's name it sits in, a disputed region. Each flows through
:func:`analysis.countries.scoring.score` (it shows in the scored readings map_countries
hands out), outranks what it must, and disappears with its rule.

Hand-written sentences, one or more per evidence kind.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import schema
from analysis.countries import ContextRules, map_countries, mention_readings
from analysis.countries.scoring import NONE_SCORE, WEIGHTS, DocumentContext, score
from analysis.gazetteer_entries import Candidate
from tests.factories import located

LONDON_GB = Candidate("GBR", "capital", 8_961_989, admin1="ENG")
LONDON_CA = Candidate("CAN", "city", 383_822, admin1="08")
BRADFORD_GB = Candidate("GBR", "city", 366_187, admin1="ENG")


def ctx(**kwargs: object) -> DocumentContext:
    base: dict = {"evidence": {}, "local": {}, "qualifier": None}
    return DocumentContext(**{**base, **kwargs})


def frame(text: str, spans: list[tuple[str, str]], rules: dict[str, str] | None = None):
    """A MENTIONS frame of ``spans`` ((surface, label), in order) in ``text``; ``rules``
    gives the ``rule`` a surface came with (the gazetteer pass writes "org_home")."""
    out = located(text, spans, resume="start")
    out["rule"] = out["text"].map(rules or {}).astype(out["rule"].dtype)
    return out


def run(text: str, spans: list[tuple[str, str]], **kwargs: object):
    """(mapped frame, explain dict) of map_countries on one document."""
    explain: dict = {}
    rules = kwargs.pop("rules", None)
    out = map_countries(frame(text, spans, rules), texts={"d": text}, explain=explain, **kwargs)
    return out, explain


def row(out: pd.DataFrame, surface: str) -> tuple[object, object]:
    hit = out[out["text"] == surface].iloc[0]
    return (
        None if pd.isna(hit["iso3"]) else hit["iso3"],
        None if pd.isna(hit["rule"]) else hit["rule"],
    )


def evidence_kinds(choice) -> set[str]:
    return {k for s in choice.readings for k, _ in s.evidence}


def won(choice) -> dict[str, float]:
    return dict(next(s for s in choice.readings if s.candidate is choice.chosen).evidence)


# ---------------------------------------------------------------- weights


def test_own_evidence_outranks_what_it_must() -> None:
    w = {k: v.value for k, v in WEIGHTS.items()}
    place = sum(abs(w[k]) for k in ("qualifier", "qualifier_division", "division",
                                    "co_mentions", "co_mention_count", "default"))  # fmt: skip
    assert w["person_name"] > place + w["organisation"]
    assert w["disputed"] > w["person_name"]
    assert w["organisation"] > 0


# ---------------------------------------------------------------- qualifier


def test_the_qualifier_outweighs_population_and_co_mentions() -> None:
    # "London, Ontario" in a story naming Britain three times: the city of 383,822 beats
    # the capital of millions.
    choice = score((LONDON_GB, LONDON_CA), LONDON_GB,
                   ctx(evidence={"GBR": 3}, qualifier="CAN", qualifiable=True))  # fmt: skip
    assert choice.chosen is LONDON_CA


def test_a_qualifier_places_a_city_the_gazetteer_lists_only_elsewhere() -> None:
    choice = score((BRADFORD_GB,), BRADFORD_GB, ctx(evidence={"GBR": 2}, qualifier="CAN:08",
                                                    qualifiable=True))  # fmt: skip
    assert (choice.chosen.iso3, choice.chosen.rule, choice.chosen.admin1) == (
        "CAN",
        "qualified",
        "08",
    )
    # A country name is never moved: "Syria, Iraq" is a list.
    assert score((BRADFORD_GB,), BRADFORD_GB, ctx(qualifier="CAN")).chosen is BRADFORD_GB


def test_bradford_ontario_is_decided_by_the_scorer() -> None:
    text = "Police in Bradford, Ontario said the road near Toronto was closed."
    out, explain = run(text, [("Bradford", "GPE"), ("Ontario", "GPE"), ("Toronto", "GPE")])
    assert row(out, "Bradford") == ("CAN", "qualified")
    choice = explain[0]
    assert choice.chosen.rule == "qualified" and won(choice)["qualifier"] == 1
    assert any(s.candidate.iso3 == "GBR" for s in choice.readings)  # the alternative


@pytest.mark.parametrize("noun", ["district", "area", "region", "province"])
def test_a_division_noun_and_of_before_a_state_qualify_the_place_as_a_comma_does(noun: str) -> None:
    """ "the Nara district of Ontario": an outbreak report's or a wire's way of placing a
    name, read as "Nara, Ontario" is (Nara alone is Japan's)."""
    text = f"Two wells were drilled in the Nara {noun} of Ontario last week."
    out, _ = run(text, [("Nara", "GPE"), ("Ontario", "GPE")])
    assert row(out, "Nara")[0] == "CAN"
    text = "Two wells were drilled near Nara last week."
    out, _ = run(text, [("Nara", "GPE")])
    assert row(out, "Nara")[0] == "JPN"


def test_an_ambiguous_qualifier_is_read_first() -> None:
    # "Georgia" is a country and a US state; once the story settles it, "Athens" is
    # scored again with it and lands in Georgia's Athens, not Greece's.
    text = ("Athens, Georgia police said the suspect drove from Atlanta to Macon and "
            "on to Savannah, then to Texas.")  # fmt: skip
    spans = [("Athens", "GPE"), ("Georgia", "GPE"), ("Atlanta", "GPE"), ("Macon", "GPE"),
             ("Savannah", "GPE"), ("Texas", "GPE")]  # fmt: skip
    out, explain = run(text, spans)
    assert row(out, "Georgia")[0] == "USA"
    assert row(out, "Athens")[0] == "USA"
    assert explain[0].chosen.admin1 == "GA" and "qualifier" in won(explain[0])


def test_a_place_qualified_by_a_qualified_region_takes_the_region_s_country() -> None:
    # "Long Island" is also a district of the Bahamas; "N.Y." makes it New York's, and
    # so the town before it (issue 18, qualifier ignored; a Reuters-21578 story's
    # Shoreham read as Bahamian).
    text = "Local officials at the plant at Shoreham, Long Island, N.Y., refused to vote."
    out, _ = run(text, [("Shoreham", "GPE"), ("Long Island", "GPE"), ("N.Y.", "GPE")])
    assert [row(out, n)[0] for n in ("Shoreham", "Long Island", "N.Y.")] == ["USA", "USA", "USA"]


@pytest.mark.parametrize("label", ["FAC", "LOC", "GPE"])
def test_a_place_no_gazetteer_knows_is_where_its_qualifier_puts_it(label: str) -> None:
    # The story's places are Australian; the unknown port is Canada's by its province
    # (a GPE only before branch ctry28; unseen Reuters news read a FAC so in Australia).
    text = ("Freight to Sydney, Melbourne and Brisbane cost more than to "
            "Port Cartier, Quebec, shippers said.")  # fmt: skip
    spans = [("Sydney", "GPE"), ("Melbourne", "GPE"), ("Brisbane", "GPE"),
             ("Port Cartier", label), ("Quebec", "GPE")]  # fmt: skip
    out, _ = run(text, spans)
    assert row(out, "Port Cartier") == ("CAN", "qualified")


def test_a_region_of_the_world_before_a_country_is_a_list_not_a_qualified_place() -> None:
    text = "Aid went to allies in Central America, U.S. officials said in Mexico."
    out, _ = run(text, [("Central America", "LOC"), ("U.S.", "GPE"), ("Mexico", "GPE")])
    assert row(out, "Central America") == (None, None)


def test_switching_qualifiers_off_removes_their_evidence() -> None:
    text = "Officials in Paris, Tenn. said the storm missed Memphis and Nashville."
    spans = [("Paris", "GPE"), ("Tenn.", "GPE"), ("Memphis", "GPE"), ("Nashville", "GPE")]
    _, on = run(text, spans)
    assert "qualifier" in evidence_kinds(on[0])
    _, off = run(text, spans, context=ContextRules(qualifiers=False))
    assert "qualifier" not in evidence_kinds(off[0])
    out, _ = run("Police in Bradford, Ontario said so.", [("Bradford", "GPE"), ("Ontario", "GPE")],
                 context=ContextRules(qualifiers=False))  # fmt: skip
    assert row(out, "Bradford")[0] == "GBR"


# ---------------------------------------------------------------- person's name


GEORGIA_STEVENS = ("Georgia Stevens, 34, of Atlanta told police in Ohio she saw it.",
                   [("Georgia", "GPE"), ("Georgia Stevens", "PERSON"), ("Atlanta", "GPE"),
                    ("Ohio", "GPE")])  # fmt: skip


def test_a_persons_name_is_a_reading_of_the_scorer() -> None:
    out, explain = run(*GEORGIA_STEVENS)
    assert row(out, "Georgia") == (None, None)
    choice = explain[0]
    assert choice.chosen.rule == "person" and won(choice) == {"person_name": 1}
    assert {s.candidate.iso3 for s in choice.readings} >= {"GEO", "USA"}  # the alternatives
    assert choice.outcome() == (None, "person")
    # Switched off, the rule gives no evidence: the place is read as one.
    out, explain = run(*GEORGIA_STEVENS, context=ContextRules(person_names=False))
    assert row(out, "Georgia")[0] == "USA"
    assert "person_name" not in evidence_kinds(explain[0])


def test_a_persons_name_names_no_country_for_its_neighbours() -> None:
    # "Chad" opens "Chad Johnson": it does not count as a mention of Chad for "Abeche"... nor
    # anything else; the place rows keep their own readings.
    text = "Chad Johnson said Paris was cold."
    out, explain = run(text, [("Chad", "GPE"), ("Chad Johnson", "PERSON"), ("Paris", "GPE")])
    assert row(out, "Chad") == (None, None)
    assert explain[0].chosen.rule == "person"


# ---------------------------------------------------------------- organisation's home


def test_a_place_ending_an_organisations_name_is_its_home_by_the_scorer() -> None:
    text = "Partizan Belgrade beat the visitors from Serbia's south."
    spans = [("Partizan", "ORG"), ("Belgrade", "GPE"), ("Serbia", "GPE")]
    out, explain = run(text, spans)
    assert row(out, "Belgrade") == ("SRB", "org_home")
    choice = next(c for c in explain.values() if c.chosen.rule == "org_home")
    assert won(choice)["organisation"] == 1
    # ("Partizan" ORG + "Belgrade" + "beat" is a club's capital too: rule club_capitals.)
    out, explain = run(text, spans, context=ContextRules(org_homes=False, club_capitals=False))
    assert row(out, "Belgrade") == ("SRB", "capital")
    assert all("organisation" not in evidence_kinds(c) for c in explain.values())


def test_a_place_found_inside_an_organisations_name_is_its_home_by_the_scorer() -> None:
    text = "The Bank of England raised rates."
    out, explain = run(text, [("England", "GPE")], rules={"England": "org_home"})
    assert row(out, "England") == ("GBR", "org_home")
    assert won(explain[0])["organisation"] == 1
    out, explain = run(text, [("England", "GPE")], rules={"England": "org_home"},
                       context=ContextRules(org_homes=False))  # fmt: skip
    assert row(out, "England") == ("GBR", "gazetteer") and not explain


def test_an_organisations_home_never_revives_a_reading_below_the_least_score() -> None:
    town = Candidate("MEX", "town", 3_000)
    choice = score((town,), town, ctx(evidence={"USA": 2}, organisation=True))
    assert choice.chosen is None and all(s.score < NONE_SCORE for s in choice.readings)


# ---------------------------------------------------------------- disputed region


def test_a_disputed_region_is_a_reading_with_its_claimants_beside_it() -> None:
    text = "Troops in Kashmir faced protests, India said; Pakistan denied it."
    spans = [("Kashmir", "GPE"), ("India", "GPE"), ("Pakistan", "GPE")]
    out, explain = run(text, spans)
    assert row(out, "Kashmir") == (None, "disputed")
    choice = explain[0]
    assert choice.chosen.rule == "disputed" and won(choice) == {"disputed": 1}
    claimants = {s.candidate.iso3: dict(s.evidence) for s in choice.readings
                 if s.candidate.rule == "claimant"}  # fmt: skip
    assert set(claimants) == {"IND", "PAK"} and claimants["PAK"] == {"co_mentions": 1}
    out, explain = run(text, spans, context=ContextRules(world_regions=False))
    assert 0 not in explain or "disputed" not in evidence_kinds(explain[0])
    assert row(out, "Kashmir")[1] != "disputed"


def test_disputed_outweighs_a_persons_name() -> None:
    choice = score((), None, ctx(person=True, disputed=("IND", "PAK")))
    assert choice.outcome() == (None, "disputed")


# ---------------------------------------------------------------- the second round


def test_the_storys_american_places_are_evidence_for_the_us_state() -> None:
    # "Albany" has namesakes abroad: no fixed evidence. Read as the US city twice in the
    # first round, it is evidence ("us_places") for the US state in the second.
    text = "Albany voted. Albany again. Georgia waits."
    spans = [("Albany", "GPE"), ("Albany", "GPE"), ("Georgia", "GPE")]
    out, explain = run(text, spans)
    georgia = explain[2]
    assert georgia.chosen.rule == "us_state" and won(georgia)["us_places"] == 1
    assert any(s.candidate.iso3 == "GEO" for s in georgia.readings)
    # Beside the country's own capital the state gets no such evidence.
    text += " Tbilisi too."
    out, explain = run(text, [*spans, ("Tbilisi", "GPE")])
    assert row(out, "Georgia")[0] == "GEO" and "us_places" not in evidence_kinds(explain[2])


# ---------------------------------------------------------------- the page's evidence view


def test_the_evidence_view_shows_own_evidence_and_set_aside_mentions() -> None:
    text, spans = GEORGIA_STEVENS
    table = mention_readings(frame(text, spans), {"d": text}, "USA", ["d"])
    georgia = table[table["text"] == "Georgia"].iloc[0]
    assert pd.isna(georgia["iso3"]) and georgia["rule"] == "person"
    assert "person_name" in georgia["evidence"] and "USA" in georgia["alternatives"]
    text = "Partizan Belgrade beat the visitors from Serbia's south."
    spans = [("Partizan", "ORG"), ("Belgrade", "GPE"), ("Serbia", "GPE")]
    table = mention_readings(frame(text, spans), {"d": text}, "SRB", ["d"])
    belgrade = table[table["text"] == "Belgrade"].iloc[0]
    assert belgrade["rule"] == "org_home" and "organisation" in belgrade["evidence"]
    assert "namesake" not in belgrade["alternatives"]  # its own place reading is no namesake


# ---------------------------------------------------------------- precedence, as a property

POOL = (
    LONDON_GB,
    LONDON_CA,
    BRADFORD_GB,
    Candidate("USA", "city", 24_171, admin1="TX"),
    Candidate("USA", "town", 3_000, admin1="OH"),
    Candidate("MEX", "town", 2_000, admin1="05"),
    Candidate("GEO", "name", 3_704_500),
    Candidate("USA", "us_state", 0, admin1="GA"),
)
COUNTRIES = ("GBR", "CAN", "USA", "MEX", "GEO")


@st.composite
def cases(draw: st.DrawFn) -> tuple:
    options = tuple(draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=4, unique=True)))
    default = draw(st.sampled_from((None, *options)))
    counts = draw(st.dictionaries(st.sampled_from(COUNTRIES), st.integers(1, 5), max_size=3))
    qualifier = draw(st.sampled_from((None, "CAN", "USA:TX", "GBR:ENG", "MEX")))
    base = ctx(evidence=counts, local=counts, qualifier=qualifier,
               divisions=draw(st.sampled_from(({}, {"USA:GA": 1}))),
               qualifiable=draw(st.booleans()))  # fmt: skip
    flags = {"person": draw(st.booleans()), "organisation": draw(st.booleans()),
             "disputed": draw(st.sampled_from(((), ("IND", "PAK"))))}  # fmt: skip
    return options, default, base, flags


@given(cases())
def test_own_evidence_decides_in_its_order_of_precedence(case: tuple) -> None:
    options, default, base, flags = case
    place = score(options, default, base)  # the document's evidence alone
    choice = score(options, default, replace(base, **flags))
    if flags["disputed"]:
        assert choice.outcome() == (None, "disputed")
    elif flags["person"]:
        assert choice.outcome() == (None, "person")
    elif flags["organisation"] and place.chosen is not None:
        # The home of the organisation is where the place evidence alone put it.
        assert choice.chosen.rule == "org_home" and choice.chosen.iso3 == place.chosen.iso3
    else:
        assert choice.outcome() == place.outcome()
    # Without evidence of its own a mention is read as before any of it existed.
    plain = [k for s in place.readings for k, _ in s.evidence]
    assert not {"person_name", "organisation", "disputed"} & set(plain)


# ------------------------------------------------ qualifier: only a whole name qualifies

# Invented sentences: the word after the comma opens a longer name ("Washington County",
# "Alberta Energy Co", "Georgia Tech"), so it is no state, province or country of the
# place before the comma.
LONGER_NAMES = [
    ("Growers shipped wheat to Moscow, Washington County's agent said.", "Washington", "RUS"),
    ("Traders flew to Moscow, Alberta Energy Co said on Monday.", "Alberta", "RUS"),
    ("Fans flew to Athens, Georgia Tech's coach said.", "Georgia", "GRC"),
]


@pytest.mark.parametrize(("text", "after", "iso3"), LONGER_NAMES)
def test_the_first_word_of_a_longer_name_is_no_qualifier(text: str, after: str, iso3: str) -> None:
    place = text.split(" to ")[1].split(",")[0]
    out, explain = run(text, [(place, "GPE"), (after, "GPE")])
    assert row(out, place)[0] == iso3
    assert "qualifier" not in evidence_kinds(explain[0])


# A whole state, province or country after the comma still wins, whatever follows it:
# a comma, a sentence's dot, a possessive, a lower-case word.
WHOLE_QUALIFIERS = [
    ("Police in Edmonton, Alberta, police said.", "Edmonton", "Alberta", ("CAN", "AB")),
    ("He lives in Paris, Texas.", "Paris", "Texas", ("USA", "TX")),
    ("Crowds in London, Ontario's mayor said.", "London", "Ontario", ("CAN", "08")),
    ("A storm hit Long Island, New York on Monday.", "Long Island", "New York", ("USA", "NY")),
]


@pytest.mark.parametrize(("text", "place", "after", "where"), WHOLE_QUALIFIERS)
def test_a_whole_qualifier_still_wins(text: str, place: str, after: str, where: tuple) -> None:
    out, explain = run(text, [(place, "GPE"), (after, "GPE")])
    assert row(out, place)[0] == where[0]
    assert "qualifier" in evidence_kinds(explain[0])


_CAPITALISED = st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True)
_ENDS = st.sampled_from((", police said.", ".", "'s mayor said.", " on Monday.", "; it rained."))


@given(place=_CAPITALISED, qualifier=_CAPITALISED, word=_CAPITALISED, tail=_ENDS)
@settings(deadline=None)  # the first example loads the lexicon and pandas' first calls
def test_a_qualifier_ends_where_the_name_ends(
    place: str, qualifier: str, word: str, tail: str
) -> None:
    # qualifier_rows pairs a mention with the next one after a comma only when that one
    # is a whole name: not when a capitalised word (or its possessive) goes on with it.
    from analysis.countries.evidence import qualifier_rows

    for rest, pairs in ((tail, True), (f" {word}{tail}", False), (f" {word}'s office", False)):
        text = f"Crowds in {place}, {qualifier}{rest}"
        at = len(f"Crowds in {place}, ")
        rows = schema.conform(
            [{"doc_id": "d", "sent_id": 0, "start": s, "end": s + len(t), "text": t,
              "label": "GPE", "rule": None}
             for s, t in ((10, place), (at, qualifier))],
            "mentions",
        )  # fmt: skip
        assert qualifier_rows(rows, {"d": text}).tolist() == ([1, -1] if pairs else [-1, -1])


# Invented headlines in capitals: every word opens with a capital, so only a word the
# lexicon declares as continuing a place's name ("COUNTY", "STATE", "UNIVERSITY") makes
# the qualifier the first word of a longer name (analysis.countries.lexicon.name_goes_on).
CAPITALS = [
    ("PARIS, TEXAS KILLS TWO", "PARIS", "TEXAS", "USA", True),
    ("EDMONTON, ALBERTA FIRES SPREAD", "EDMONTON", "ALBERTA", "CAN", True),
    ("MOSCOW, WASHINGTON COUNTY GROWERS SHIP WHEAT", "MOSCOW", "WASHINGTON", "RUS", False),
    ("ATHENS, GEORGIA STATE UNIVERSITY FANS CHEER", "ATHENS", "GEORGIA", "GRC", False),
    # Branch cfix (review 5, F3): a company word after the state is no sign of an
    # organisation's name on a line in capitals ("GROUP HOME", "BANK ROBBER" go on).
    ("LONDON, ONTARIO GROUP HOME FIRE KILLS THREE", "LONDON", "ONTARIO", "CAN", True),
    ("PERTH, SCOTLAND INSURANCE GROUP CUTS JOBS", "PERTH", "SCOTLAND", "GBR", True),
    ("SYDNEY, NOVA SCOTIA BANK ROBBER CAUGHT", "SYDNEY", "NOVA SCOTIA", "CAN", True),
    ("PARIS, TEXAS MAN WINS STATE LOTTERY", "PARIS", "TEXAS", "USA", True),
    ("LONDON, ONTARIO TEEN JOINS BANK", "LONDON", "ONTARIO", "CAN", True),
]


@pytest.mark.parametrize(("text", "place", "after", "iso3", "qualified"), CAPITALS)
def test_a_line_in_capitals_reads_the_qualifier_by_the_lexicon(
    text: str, place: str, after: str, iso3: str, qualified: bool
) -> None:
    out, explain = run(text, [(place, "GPE"), (after, "GPE")])
    assert row(out, place)[0] == iso3
    assert ("qualifier" in evidence_kinds(explain[0])) is qualified
