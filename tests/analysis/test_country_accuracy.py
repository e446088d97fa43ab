"""Rules added for country accuracy on unseen news (issue 18, branch ctry-acc): one
hand-written case per rule, each failing without it."""

from __future__ import annotations

import pandas as pd

from analysis import schema
from analysis.countries import (
    ContextRules,
    document_countries,
    map_countries,
)
from tests.factories import located_rows


def _story(text: str, spans: list[tuple[str, str]], doc_id: str = "d0") -> list[dict]:
    """MENTIONS rows of ``spans`` ((surface, label), in order) in ``text``."""
    return located_rows(text, spans, doc_id=doc_id)


# ---------------------------------------------------------------- unread_groups


def test_a_town_the_model_tagged_as_a_group_is_a_place_after_a_cue() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = "The pair scammed nuns in Pewaukee out of $800,000, U.S. prosecutors said."
    frame = schema.conform(_story(text, [("Pewaukee", "NORP"), ("U.S.", "GPE")]), "mentions")
    out = map_countries(add_place_mentions(frame, text), texts={"d0": text})
    assert out[["text", "label", "iso3"]].values.tolist()[0] == ["Pewaukee", "GPE", "USA"]
    off = add_place_mentions(frame, text, cues=PlaceCues(unread_groups=False))
    assert pd.isna(map_countries(off)["iso3"].iloc[0])
    # A group a demonym reads stays a group: "Kenyan" after "in" is no place.
    kenyan = "Aid came in Kenyan shillings, U.S. officials said."
    rows = schema.conform(_story(kenyan, [("Kenyan", "NORP"), ("U.S.", "GPE")]), "mentions")
    found = add_place_mentions(rows, kenyan)
    assert found["label"].tolist() == ["NORP", "GPE"]


# ---------------------------------------------------------------- country_names_count


def test_a_country_name_shadowed_only_by_towns_is_evidence_for_its_country() -> None:
    text = "The tailor came to England from the village of Flumeri in southern Italy."
    spans = [("England", "GPE"), ("Flumeri", "GPE"), ("Italy", "GPE")]
    frame = schema.conform(_story(text, spans), "mentions")
    out = map_countries(frame, texts={"d0": text})
    assert out["iso3"].tolist() == ["GBR", "ITA", "ITA"]  # Italy, Texas is a town
    off = map_countries(frame, texts={"d0": text}, context=ContextRules(country_names_count=False))
    assert pd.isna(off["iso3"].iloc[1])  # a stray town abroad


# ---------------------------------------------------------------- register_places


def test_an_unknown_place_in_a_local_story_is_in_its_country() -> None:
    text = "The sheriff's office said the boat capsized on the Chestatee River arm."
    frame = schema.conform(_story(text, [("Chestatee River", "LOC")]), "mentions")
    out = map_countries(frame, texts={"d0": text})
    assert out[["iso3", "rule"]].values.tolist() == [["USA", "register"]]
    # As sure as the register: the story counts for the US.
    assert document_countries(out)[["iso3", "confidence"]].values.tolist() == [["USA", 1.0]]
    off = map_countries(frame, texts={"d0": text}, context=ContextRules(register_places=False))
    assert pd.isna(off["iso3"].iloc[0])
    # A local story that names places abroad only: no guess.
    abroad = text + " The crew later flew home to France."
    rows = _story(abroad, [("Chestatee River", "LOC"), ("France", "GPE")])
    elsewhere = map_countries(schema.conform(rows, "mentions"), texts={"d0": abroad})
    assert pd.isna(elsewhere["iso3"].iloc[0])


# ---------------------------------------------------------------- compound_demonyms


def test_two_demonyms_joined_by_a_hyphen_name_both_countries() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = "The Russian-American socialite met African-American voters."
    spans = [("Russian-American", "NORP"), ("African-American", "NORP")]
    frame = schema.conform(_story(text, spans), "mentions")
    out = map_countries(add_place_mentions(frame, text), texts={"d0": text})
    assert out[["text", "label", "iso3"]].fillna("-").values.tolist() == [
        ["Russian", "NORP", "RUS"],
        ["American", "NORP", "USA"],
        ["African-American", "NORP", "-"],  # "African" names a continent: left alone
    ]
    # hyphen_places (a later cue) would split the compound too: both off isolate this one
    off = add_place_mentions(
        frame, text, cues=PlaceCues(compound_demonyms=False, hyphen_places=False)
    )
    assert off["text"].tolist() == ["Russian-American", "African-American"]


# ---------------------------------------------------------------- settlements


def test_a_name_after_the_town_of_is_a_place_even_unknown() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = (
        "A bomb went off in Sri Lanka. The attack occurred in the town of Akuressa, "
        "160km south of Colombo, Sri Lanka."
    )
    spans = [("Sri Lanka", "GPE"), ("Colombo", "GPE"), ("Sri Lanka", "GPE")]
    frame = schema.conform(_story(text, spans), "mentions")
    out = map_countries(add_place_mentions(frame, text), texts={"d0": text})
    akuressa = out[out["text"] == "Akuressa"]
    assert akuressa[["label", "iso3", "rule"]].values.tolist() == [["GPE", "LKA", "co_mentioned"]]
    off = add_place_mentions(frame, text, cues=PlaceCues(settlements=False))
    assert "Akuressa" not in off["text"].tolist()


def test_a_group_named_like_a_place_the_story_names_is_that_place_again() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = "They scammed nuns in Pewaukee, U.S. prosecutors said. Pewaukee was shocked."
    spans = [("Pewaukee", "NORP"), ("U.S.", "GPE"), ("Pewaukee", "NORP")]
    frame = schema.conform(_story(text, spans), "mentions")
    out = map_countries(add_place_mentions(frame, text), texts={"d0": text})
    assert out[["label", "iso3"]].values.tolist() == [["GPE", "USA"]] * 3
    off = add_place_mentions(frame, text, cues=PlaceCues(unread_groups=False))
    assert off["label"].tolist() == ["NORP", "GPE", "NORP"]


# ---------------------------------------------------------------- derived demonyms


def test_a_derived_demonym_the_model_tagged_as_a_place_is_a_demonym() -> None:
    from analysis.countries import CountryRules

    text = "North Ossetian officials met Georgian police in Tbilisi."
    spans = [("North Ossetian", "GPE"), ("Georgian", "NORP"), ("Tbilisi", "GPE")]
    frame = schema.conform(_story(text, spans), "mentions")
    out = map_countries(frame, texts={"d0": text})
    assert out[["iso3", "rule"]].values.tolist()[0] == ["RUS", "demonym"]
    off = map_countries(frame, texts={"d0": text}, rules=CountryRules(demonyms=False))
    assert off["iso3"].fillna("-").iloc[0] != "RUS"
