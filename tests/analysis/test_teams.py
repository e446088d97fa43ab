"""Sports metonymy (analysis.teams): in a sports report a country's name without a
country cue is its national team, an entity apart from the country; hand-written texts."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import datelines, schema
from analysis.canonical import canonicalize
from analysis.gazetteer import candidates
from analysis.propagate import propagate_corpus_names
from analysis.resolve import resolve
from analysis.teams import (
    NO_SIDES,
    TEAM_RULE,
    is_sports_report,
    mark_corpus_teams,
    mark_team_records,
    result_names,
    sport_headings,
    sport_of,
    team_name,
)
from tests.factories import located_rows

SPORTS = (
    "SOCCER - JAPAN BEAT SYRIA IN ASIAN CUP.\n"
    "AL-AIN, United Arab Emirates 2024-01-19\n"
    "Japan beat Syria 2-1 on Friday.\n"
    "Kaito Mizushiro (Japan) scored after Syria's Samir Haddour missed.\n"
    "The cup returns to Japan in 2000.\n"
    "Italy (Dario Lentini, Paolo Ruscelli) won the team pursuit."
)


def mention(text: str, surface: str, label: str = "GPE", nth: int = 0) -> dict:
    """The model's mention of the ``nth`` occurrence of ``surface`` (0: the first)."""
    return located_rows(text, [(surface, label)] * (nth + 1), doc_id="d0", rule=None)[-1]


def marked(rows: list[dict]) -> list[tuple[str, int, str]]:
    return [(r["text"], r["start"], r["label"]) for r in rows if r.get("rule") == TEAM_RULE]


def test_sports_reports_are_told_by_their_slug() -> None:
    assert is_sports_report(SPORTS)
    assert is_sports_report("\nRUGBY UNION - ENGLAND NAME SQUAD.\nLONDON 2024-06-14")
    assert is_sports_report("Boxing-Okafor retires after title loss.")
    assert not is_sports_report("GERMANY - BONN URGES CALM.\nBONN 2024-06-14")
    assert not is_sports_report("Japan beat Syria 2-1 on Friday.")


def test_a_country_without_cue_is_its_team_and_with_a_cue_the_country() -> None:
    rows = [
        mention(SPORTS, "JAPAN"),
        mention(SPORTS, "United Arab Emirates"),  # the dateline: filed from the country
        mention(SPORTS, "Japan", nth=0),  # 'Japan beat Syria': the team
        mention(SPORTS, "Syria", nth=0),
        mention(SPORTS, "Japan", nth=1),  # '(Japan)': a player's nationality
        mention(SPORTS, "Syria", nth=1),  # "Syria's Samir Haddour": nationality
        mention(SPORTS, "Italy"),  # a bracketed list of people: riders' nationality
    ]
    out = mark_team_records(rows, SPORTS)
    teams = {(t, s) for t, s, _ in marked(out)}
    assert (rows[0]["text"], rows[0]["start"]) in teams
    assert (rows[2]["text"], rows[2]["start"]) in teams and (
        rows[3]["text"],
        rows[3]["start"],
    ) in teams
    for i in (1, 4, 5, 6):
        assert (rows[i]["text"], rows[i]["start"]) not in teams, rows[i]
    assert all(label == "GPE" for *_, label in marked(out))  # CoNLL: a team named so is LOC


def test_locative_cues_keep_the_country() -> None:
    text = "TENNIS - SEMIFINALS.\nThe final will be played in Belgium, at France or of Spain."
    rows = [mention(text, "Belgium"), mention(text, "France"), mention(text, "Spain")]
    assert marked(mark_team_records(rows, text)) == []


def test_other_reports_and_other_names_are_left_alone() -> None:
    text = "Japan beat expectations, Tokyo said.\nJapan's exports rose."
    rows = [mention(text, "Japan"), mention(text, "Tokyo")]
    assert mark_team_records(rows, text) == rows
    sport = "SOCCER - TOKYO WIN.\nTokyo beat Osaka 2-1."  # a city is a club, not a country
    assert marked(mark_team_records([mention(sport, "Tokyo", nth=0)], sport)) == []


def test_team_names() -> None:
    assert team_name("Japan") == "Japan national team"
    assert team_name("U.S.") == "United States national team"
    assert team_name("Scotland") == "Scotland team"  # a territory: national or county side
    assert team_name("Texas") is None  # a US state's side is a club
    assert team_name("Tokyo") is None


def test_canonical_names_the_marked_mentions_as_teams() -> None:
    rows = mark_team_records([mention(SPORTS, "Japan", nth=0), mention(SPORTS, "Japan", nth=1)],
                             SPORTS)  # fmt: skip
    out = canonicalize(schema.conform(rows, "mentions"))
    assert list(out["canonical"]) == ["Japan national team", "Japan"]


def test_fuzzy_join_keeps_teams_of_different_countries_apart() -> None:
    rows = []
    for i, name in enumerate(["Austria national team", "Australia national team"] * 2):
        rows.append({"doc_id": f"d{i}", "sent_id": 0, "start": 0, "end": len(name),
                     "text": name, "label": "ORG", "canonical": name})  # fmt: skip
    out = resolve(schema.conform(rows, "mentions"))
    assert set(out["canonical"]) == {"Austria national team", "Australia national team"}


def _tables(texts: list[str], rows: list[dict]) -> tuple[pd.DataFrame, ...]:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    sentences = [{"doc_id": f"d{i}", "sent_id": 0, "start": 0, "end": len(t), "text": t}
                 for i, t in enumerate(texts)]  # fmt: skip
    return docs, schema.conform(sentences, "sentences"), schema.conform(rows, "mentions")


def test_names_spread_by_the_corpus_pass_are_read_in_their_report() -> None:
    sport = "SOCCER - ROMANIA WIN.\nRomania beat Latvia 2-0. Romania lead the group."
    news = "Romania's central bank raised rates. Romania also cut taxes."
    team = {**mention(sport, "Romania", nth=0), "canonical": "Romania national team",
            "label": "GPE", "rule": TEAM_RULE}  # fmt: skip
    country = {**mention(news, "Romania"), "doc_id": "d1", "canonical": "Romania", "rule": "name",
               "iso3": "ROU"}  # fmt: skip
    team2 = {**team, **{k: v for k, v in mention(sport, "Romania", nth=1).items() if k != "rule"}}
    lithuania = {**mention(sport, "Latvia"), "canonical": "Latvia"}
    docs, sents, mentions = _tables([sport, news], [team, lithuania, team2, country])
    spread = propagate_corpus_names(mentions, docs, sents)
    # the second 'Romania' of the news story takes the country, not the (majority) team
    added = spread[(spread["doc_id"] == "d1") & (spread["start"] > 10)]
    assert list(added["rule"]) == ["name"] and list(added["label"]) == ["GPE"]
    # a country name spread into the sports report's headline is the team there
    headline = {**mention(sport, "ROMANIA"), "canonical": "Romania", "rule": "name",
                "iso3": "ROU"}  # fmt: skip
    with_headline = pd.concat([mentions, schema.conform([headline], "mentions")],
                              ignore_index=True)  # fmt: skip
    out = mark_corpus_teams(with_headline, docs)
    row = out[(out["doc_id"] == "d0") & (out["start"] == headline["start"])].iloc[0]
    assert (row["label"], row["rule"], row["canonical"]) == ("GPE", TEAM_RULE,
                                                            "Romania national team")  # fmt: skip
    assert pd.isna(row["iso3"])
    assert mark_corpus_teams(out, docs).equals(out)  # idempotent
    assert out[out["doc_id"] == "d1"].equals(with_headline[with_headline["doc_id"] == "d1"])


def test_former_country_names() -> None:
    assert [(c.iso3, c.rule) for c in candidates("Zaire")][:1] == [("COD", "name")]
    assert [(c.iso3, c.rule) for c in candidates("Zairean")][:1] == [("COD", "demonym")]
    assert [(c.iso3, c.rule) for c in candidates("Surinam")][:1] == [("SUR", "name")]


def _records(text: str, spans: list[tuple[str, str]]) -> list[dict]:
    return [{**mention(text, s), "label": label} for s, label in spans]


def test_a_demonym_glued_to_a_person_is_split_off() -> None:
    from analysis.entities import clean_records

    text = "Australian Rory Ashdale beat Tom Everly. Ashdale won in four games."
    rows = _records(text, [("Australian Rory Ashdale", "ORG"), ("Tom Everly", "PERSON"),
                           ("Ashdale", "PERSON")])  # fmt: skip
    out = clean_records(rows, text, rules=["split_leading_demonym"])
    assert [(r["text"], r["label"]) for r in out][:2] == [
        ("Australian", "NORP"), ("Rory Ashdale", "PERSON")]  # fmt: skip


def test_a_demonym_opening_an_organisation_stays() -> None:
    from analysis.entities import clean_records

    text = "American Express Bank said Canadian Pacific Railway rose. Smith said so."
    rows = _records(text, [("American Express Bank", "ORG"), ("Canadian Pacific Railway", "ORG"),
                           ("Smith", "PERSON")])  # fmt: skip
    assert clean_records(rows, text, rules=["split_leading_demonym"]) == rows


TABLES = (
    "SOCCER - LEAGUE ROUND-UP FROM SCOTLAND.\n"
    "GLASGOW 2024-06-15\n"
    "Results from the weekend:\n"
    "Falkirk 2 Clydebank 1\n"
    "Greenock Morton 1 Queen of South 0\n"
    "Standings:\n"
    "Falkirk 4 2 1 1 5 3 7\n"
    "Clydebank 4 0 1 3 3 6 1"
)


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of each line of ``text``: its sentences for clean_records."""
    lines, start = [], 0
    for k, line in enumerate(text.split("\n")):
        lines.append((start, start + len(line), k))
        start += len(line) + 1
    return lines


def test_results_lines_and_tables_of_a_team_sport_name_teams() -> None:
    from analysis.entities import clean_records

    rows = [{**mention(TABLES, "Results"), "label": "ORG"},
            {**mention(TABLES, "Clydebank"), "label": "GPE"}]  # fmt: skip
    out = clean_records(rows, TABLES, sentences=_lines(TABLES), rules=["tag_result_names"])
    names = [(r["text"], r["label"]) for r in out]
    assert names.count(("Falkirk", "ORG")) == 2 and names.count(("Clydebank", "ORG")) == 2
    assert ("Greenock Morton", "ORG") in names and ("Queen of South", "ORG") in names
    assert ("Results", "ORG") in names  # not on a results line: left as it was
    assert ("GLASGOW", "ORG") not in names  # a dateline is no results line


@pytest.mark.parametrize(
    ("slug", "sport", "kind"),
    [
        ("HORSE RACING - SILVER ARROW TAKES THE AUTUMN CUP", "horse racing", "no sides"),
        ("ALPINE SKIING - BRANDT WINS DOWNHILL IN WENGEN", "alpine skiing", "individual"),
        ("FIGURE SKATING - OKORO LEADS AFTER SHORT PROGRAMME", "figure skating", "individual"),
        ("WATER POLO - HUNGARY EDGE ITALY", "water polo", "team"),
    ],
)
def test_a_sport_named_in_two_words_opens_a_sports_report(slug, sport, kind) -> None:
    """Its slug is the sport's (not a dateline place, "HORSE RACING - " read like
    "ROSWELL - "), and a team sport's results line names teams."""
    text = f"{slug}\nDUBLIN 1996-09-14\nHungary 8 Italy 7\nSilver Arrow won by a length."
    assert sport_of(text) == sport
    assert datelines.opening_datelines(text) == []
    names = [text[s:e] for s, e in result_names(text)]
    assert names == (["Hungary", "Italy"] if kind == "team" else [])
    assert sport_headings()[sport] == kind


def test_every_sport_has_a_known_kind() -> None:
    assert set(sport_headings().values()) == {"team", "individual", NO_SIDES}


def test_in_a_sport_no_nation_fields_a_side_in_a_country_stays_a_country() -> None:
    """Horse racing: "Britain" (no cue right before it) is where the runners came from;
    the same line in a sport nations field sides in names the side."""
    body = "\nDUBLIN 1996-09-14\nSilver Arrow beat runners from France and Britain by a length."
    racing, golf = "HORSE RACING - SILVER ARROW WINS." + body, "GOLF - SMITH WINS." + body
    rows = {text: [mention(text, "Britain")] for text in (racing, golf)}
    assert marked(mark_team_records(rows[golf], golf)) == [("Britain", golf.index("Britain"),
                                                             "GPE")]  # fmt: skip
    assert marked(mark_team_records(rows[racing], racing)) == []
    # the corpus pass's reading of the names it spread likewise
    spread = [{**rows[racing][0], "canonical": "Britain"},
              {**rows[golf][0], "doc_id": "d1", "canonical": "Britain"}]  # fmt: skip
    docs, _, mentions = _tables([racing, golf], spread)
    teams = mark_corpus_teams(mentions, docs)["rule"].eq(TEAM_RULE).fillna(False)
    assert teams.tolist() == [False, True]


def test_individual_sports_and_other_reports_get_no_teams() -> None:
    from analysis.entities import clean_records

    golf = (
        "GOLF - SCORES AFTER ROUND THREE.\nScores:\nOwen Brackley 69 71 70\nIvo Hartsell 72 68 71"
    )
    rows = [{**mention(golf, "Owen Brackley"), "label": "PERSON"}]
    # with the lines known, a missed name on a results line would be added: none is here
    assert clean_records(rows, golf, sentences=_lines(golf), rules=["tag_result_names"]) == rows
    money = "Profits rose.\nRevenue 12 13 14\nCosts 4 5 6"
    rows = [{**mention(money, "Profits"), "label": "ORG"}]
    assert clean_records(rows, money, sentences=_lines(money), rules=["tag_result_names"]) == rows


def test_country_mapping_leaves_a_team_unmapped() -> None:
    from analysis.countries import map_countries

    rows = [{**mention(SPORTS, "Japan", nth=0), "canonical": "Japan national team",
             "rule": TEAM_RULE},
            {**mention(SPORTS, "Japan", nth=1), "canonical": "Japan"}]  # fmt: skip
    out = map_countries(schema.conform(rows, "mentions"), texts={"d0": SPORTS})
    assert list(out["rule"]) == [TEAM_RULE, "name"]
    assert pd.isna(out["iso3"].iloc[0]) and out["iso3"].iloc[1] == "JPN"


def test_a_country_on_a_results_line_keeps_its_place_label() -> None:
    from analysis.entities import clean_records

    text = "SOCCER - RESULT.\nIsrael 1, Bulgaria 3 (halftime 1-1)"
    rows = [{**mention(text, "Israel"), "label": "GPE"}, {**mention(text, "Bulgaria"),
            "label": "GPE", "sent_id": 1}]  # fmt: skip
    rows[0]["sent_id"] = 1
    out = clean_records(rows, text, sentences=[(0, 16, 0), (17, len(text), 1)],
                        rules=["tag_result_names", "mark_national_teams"])  # fmt: skip
    assert [(r["text"], r["label"], r["rule"]) for r in out] == [
        ("Israel", "GPE", TEAM_RULE), ("Bulgaria", "GPE", TEAM_RULE)]  # fmt: skip


def test_an_all_caps_possessive_before_a_person_is_the_persons_nationality() -> None:
    text = (
        "BOXING - PANAMA'S ELIAS MONTORO BEATS MEXICO.\n"
        "PANAMA CITY 2024-06-15\n"
        "Brazil's hopes ended when Chile's Ramiro Ocampelli scored.\n"
    )
    rows = [
        mention(text, "PANAMA"),  # 'PANAMA'S ELIAS MONTORO': the boxer's nationality
        mention(text, "ELIAS MONTORO", label="PERSON"),
        mention(text, "MEXICO"),  # no cue: the side
        mention(text, "Brazil"),  # a possessive before a common noun: the side
        mention(text, "Chile"),  # a possessive before a person: nationality
        mention(text, "Ramiro Ocampelli", label="PERSON"),
    ]
    teams = {t for t, *_ in marked(mark_team_records(rows, text))}
    assert teams == {"MEXICO", "Brazil"}
    frame = pd.DataFrame([{**r, "canonical": r["text"], "iso3": None} for r in rows])
    docs = pd.DataFrame({"doc_id": ["d0"], "text": [text]})
    corpus = mark_corpus_teams(frame, docs)
    assert set(corpus.loc[corpus["rule"] == TEAM_RULE, "text"]) == {"MEXICO", "Brazil"}


def test_a_plural_demonym_for_a_collective_in_a_team_sport_is_a_side() -> None:
    text = (
        "BASEBALL - ORIOLES BEAT INDIANS.\n"
        "BALTIMORE, Maryland 2024-06-15\n"
        "The Indians took the lead early.\n"
        "Two Indians and an Indian coach signed with the club.\n"
    )
    rows = [
        mention(text, "INDIANS", label="NORP"),  # the headline's beaten side
        mention(text, "Indians", label="NORP", nth=0),  # 'The Indians took': the club
        mention(text, "Indians", label="NORP", nth=1),  # counted people: the nationality
        mention(text, "Indian", label="NORP", nth=2),  # an adjective: the nationality
    ]
    out = mark_team_records(rows, text)
    assert [r["label"] for r in out] == ["ORG", "ORG", "NORP", "NORP"]
    boxing = "BOXING - THE INDIANS WIN.\nThe Indians won two golds."
    rows = [mention(boxing, "INDIANS", label="NORP"), mention(boxing, "Indians", label="NORP")]
    assert [r["label"] for r in mark_team_records(rows, boxing)] == ["NORP", "NORP"]


def test_a_country_name_cut_from_a_dateline_place_is_the_filing_place() -> None:
    """The model's span may stop inside the dateline's place ('PANAMA' of 'PANAMA CITY
    2024-06-14'): the words in capitals and the date after it still make it the filing
    place, not the side; a results line's name with no date stays the side."""
    text = (
        "BOXING - VETERAN CHAMPION RETURNS TO THE RING.\n"
        "PANAMA CITY 2024-06-14\n"
        "Panama beat Mexico 2-1 in the team event.\n"
    )
    rows = [mention(text, "PANAMA", nth=0), mention(text, "Panama")]
    teams = {(t, s) for t, s, _ in marked(mark_team_records(rows, text))}
    assert ("PANAMA", text.index("PANAMA CITY")) not in teams
    assert ("Panama", text.index("Panama beat")) in teams
