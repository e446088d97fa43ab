"""Sports metonymy: in a sports report a country's name usually stands for its team.

"Japan beat Syria 2-1", "England: Tom Harley (captain), ...", "SOCCER - JAPAN EDGE
PAST OMAN": the name is the national team, not the country; the same
report still names countries as countries, mostly as a player's nationality in brackets
("Owen Brackley (Australia)") or after a place word ("in Brussels, Belgium", "of Japan").
Reading both as one entity is the largest within-document loss on AIDA CoNLL-YAGO (dev:
CoNLL-2003 eng.testa; ``python -m benchmarks.entity_linking_eval``).

:func:`mark_national_teams` is a clean-up rule of :data:`analysis.entities.RULES`: in a
sports report (its first line opens with a sport's slug from ``data/sport_headings.txt``,
on a sport in which nations field sides: not :data:`NO_SIDES`, horse racing) it gives a
country name (gazetteer rule "name" or "territory": 'Japan', 'Scotland'; not a US
state, whose 'team' is a club) the rule :data:`TEAM_RULE`, unless a country
cue stands by it on its line. :func:`analysis.canonical.canonicalize` then names it
"<country> national team" (:func:`team_name`), an entity apart from the country, and
the country rules leave it unmapped (no ``iso3``: not a mention of the country's
place). Its label stays the model's (GPE): CoNLL-2003 tags a team named by its country
as a location, and relabelling it ORG cost 4.4 points of NER F1 on eng.testa
(``python -m benchmarks.ner_eval``).

:func:`analysis.entities.tag_result_names` (also in RULES): in a team sport's report, the names on
results lines and table rows ('Falkirk 2 Clydebank 1', 'Stoke 5 3 1 1 8 4 10') are
teams, ORG, added where the model missed them.

Under the same switch (``mark_national_teams``), :func:`relabel_sides`: in a team sport's
report a plural demonym standing for a collective ('The Indians took', 'ORIOLES BEAT
INDIANS') is a side, ORG; and a possessive right before a PERSON span ('PANAMA'S ELIAS
MONTORO') is a cue: the country is the person's nationality, not the side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

DATA = Path(__file__).parent / "data"
#: Gazetteer rules of names that field a national team ('Japan', 'Scotland').
TEAM_RULES = frozenset({"name", "territory"})
#: Words before a country name that make it the country, not its team (dev-tuned on
#: eng.testa: '(' is a player's nationality; the others place or own something).
_COUNTRY_CUE = re.compile(
    r"(?:\(\s*|\b(?:in|at|of|from|near|into|across|throughout|former)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
#: After the name: a possessive before a capitalised name is a person's nationality
#: ('Jamaica's Andre Brown'), so is a bracketed list of people ('Italy (Dario
#: Lentini, Paolo Ruscelli, ...)': riders by nationality); a date on a dateline line
#: is the filing place ('NICE, France 2024-06-14', 'HONG KONG 2024-06-15'), also when
#: the model's span stopped inside the place's name and up to two words in capitals
#: follow it on the line ('PANAMA' of 'PANAMA CITY 1996-08-30', CoNLL testa).
_COUNTRY_AFTER = re.compile(
    r"(?:['\u2019]s\s+[A-Z][a-z]|\s*\(\s*[A-Z][a-z]+ [A-Z][a-z]+,"
    r"|(?:[ \t]+[A-Z][A-Z.'\u2019-]*){0,2}[ \t]+\d{4}-\d{2}-\d{2}\b)"
)
#: A possessive in either case ('Panama's', 'PANAMA'S'): when the model's PERSON
#: span starts right after it, the country is that person's nationality ('BOXING -
#: PANAMA'S ELIAS MONTORO ...': an all-caps headline, where :data:`_COUNTRY_AFTER`'s
#: capital-then-lower test cannot tell a name from any other word).
_POSSESSIVE = re.compile(r"['\u2019][sS]\s+")
#: The ``rule`` a team mention carries: :func:`analysis.canonical.canonicalize` names it
#: by :func:`team_name`; :func:`analysis.countries.map_countries` leaves it unmapped.
TEAM_RULE = "national_team"
#: The slug of a sports headline: a sport, then a dash ('SOCCER - ', 'Boxing-').
_SLUG = re.compile(r"^\s*([^\W\d_][^\W\d_ ]*(?: [^\W\d_]+)?)\s*-", re.UNICODE)


@lru_cache(maxsize=1)
def sport_headings() -> dict[str, str]:
    """Lower-case sports that open a sports report's slug -> "team" or "individual"
    (``data/sport_headings.txt``)."""
    lines = (DATA / "sport_headings.txt").read_text(encoding="utf-8").splitlines()
    rows = [x.split("\t") for x in lines if x.strip() and not x.startswith("#")]
    return {sport.strip(): kind.strip() for sport, kind in rows}


def sport_of(text: str) -> str | None:
    """The sport whose slug opens the first non-empty line ('SOCCER - ...' -> 'soccer',
    'RUGBY UNION - ...', 'Boxing-Okafor retires ...'), or None."""
    first = text.lstrip().split("\n", 1)[0]  # the first non-empty line
    found = _SLUG.match(first)
    if not found:
        return None
    words = found.group(1).casefold().split()
    for sport in (" ".join(words), words[0]):
        if sport in sport_headings():
            return sport
    return None


def is_sports_report(text: str) -> bool:
    """Does a sport's slug open the first non-empty line (:func:`sport_of`)?"""
    return sport_of(text) is not None


#: The kind (``data/sport_headings.txt``) of a sport in which no nation fields a side
#: (horse racing): a country its reports name is a country, never a team.
NO_SIDES = "no sides"


def names_sides(text: str) -> bool:
    """Is ``text`` a sports report (:func:`sport_of`) on a sport in which nations field
    sides (kind team or individual, not :data:`NO_SIDES`)? The one test of "sides play
    here" for a country's national side (:func:`mark_team_records`) and a town's club
    (:func:`analysis.countries.clubs.club_rows`): in horse racing a country or town
    is where a horse was bred, trained or raced."""
    sport = sport_of(text)
    return sport is not None and sport_headings()[sport] != NO_SIDES


#: A team's name on a results line or in a table: capitalised words, 'of', a bracketed
#: letter ('Proleter (Z)', 'Queen of South').
_TEAM = r"[A-Z][A-Za-z'.&-]*(?: (?:[A-Z][A-Za-z'.&-]*|of|\([A-Z]{1,2}\)))*"
#: 'Falkirk 2 Clydebank 1', 'Israel 1, Bulgaria 3 (halftime 1-1)', 'Atlanta 4 CHICAGO 2'.
_RESULT_LINE = re.compile(rf"^\s*(?P<a>{_TEAM})\s+\d{{1,3}},?\s+(?P<b>{_TEAM})\s+\d{{1,3}}\b")
#: 'Stoke 5 3 1 1 8 4 10', 'PITTSBURGH 61 73 .455 12': a name, then only numbers.
_TABLE_LINE = re.compile(rf"^\s*(?P<a>{_TEAM})(?:\s+[-+]?\d*[./]?\d+(?: \d/\d)?){{2,}}\s*$")


def result_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of the team names on the results lines and table rows of a report
    on a team sport (``data/sport_headings.txt``); [] for any other text."""
    sport = sport_of(text)
    if sport is None or sport_headings()[sport] != "team":
        return []
    out, start = [], 0
    for line in text.split("\n"):
        found = _RESULT_LINE.match(line) or _TABLE_LINE.match(line)
        if found:
            out += [(start + found.start(g), start + found.end(g)) for g in found.groupdict()
                    if found.group(g)]  # fmt: skip
        start += len(line) + 1
    return out


def relabel_results(
    mentions: list[dict[str, Any]], spans: list[tuple[int, int]], text: str
) -> list[dict[str, Any]]:
    """Mentions on exactly a results span, other than people and countries, relabelled
    ORG (a country's side keeps its place label, as :func:`mark_national_teams` does)."""
    exact = set(spans)
    return [
        {**m, "label": "ORG"}
        if (int(m["start"]), int(m["end"])) in exact
        and m["label"] in _CLUB_LABELS
        and team_reading(text[int(m["start"]) : int(m["end"])]) is None
        else m
        for m in mentions
    ]


#: Before a plural demonym: "the" ('The Indians took the lead'), or the
#: headline's result verb ('ORIOLES BEAT INDIANS'). Dev-checked on eng.testa.
_SIDE_BEFORE = re.compile(
    r"(?:\bthe|\b(?:beat|beats|rout|routs|edge|edges|top|tops|down|"
    r"downs|sink|sinks|hold|holds|blank|blanks))\s+$",
    re.IGNORECASE,
)


def relabel_sides(mentions: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """In a team sport's report, a plural demonym standing as a noun for a collective
    ('the Indians', 'ORIOLES BEAT INDIANS') is a side (a club such as the Cleveland
    Indians, or a nation's team), not the people of a country: relabelled ORG. A
    demonym as an adjective ('Indian batsman') or counted ('two Indians') is left."""
    sport = sport_of(text)
    if sport is None or sport_headings()[sport] != "team":
        return mentions
    return [{**m, "label": "ORG"} if _is_side(m, text) else m for m in mentions]


def _is_side(m: dict[str, Any], text: str) -> bool:
    """Is NORP mention ``m`` a plural demonym after a :data:`_SIDE_BEFORE` cue?"""
    if m["label"] != "NORP":
        return False
    start, end = int(m["start"]), int(m["end"])
    name = text[start:end]
    if not name.casefold().endswith("s"):
        return False
    from analysis.place_names import place_reading

    reading = place_reading(name)
    if reading is None or reading.rule != "demonym":
        return False
    return _SIDE_BEFORE.search(text, max(0, start - 12), start) is not None


#: Labels a club's name may carry before it is read as a team (a city, a place).
_CLUB_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG", "PRODUCT", "WORK_OF_ART", "LAW"})


def team_reading(name: str) -> Any:
    """The gazetteer's country reading of ``name`` if it names a team-fielding country
    or territory ('Japan', 'Scotland', 'U.S.'), else None."""
    from analysis.place_names import place_reading

    reading = place_reading(name)
    return reading if reading is not None and reading.rule in TEAM_RULES else None


def team_name(name: str) -> str | None:
    """'Japan' -> 'Japan national team', 'U.S.' -> 'United States national team' (a
    country by its common name); a territory as written, 'Scotland' -> 'Scotland team'
    (the gazetteer does not tell 'Scotland' from the county 'Yorkshire'); None for
    other names."""
    from analysis.geo_sources import country_name

    reading = team_reading(name)
    if reading is None:
        return None
    if reading.rule == "territory":  # a territory fields a national or a county side
        return f"{name} team"
    return f"{country_name(reading.iso3)} national team"


#: Labels a country's name carries when the model or the place rules tag it ('Belgium'
#: GPE; 'England' ORG when the model read it as the team already).
_MARKED = frozenset({"GPE", "ORG"})


def mark_national_teams(mentions: list[dict[str, Any]], doc: Any) -> list[dict[str, Any]]:
    """In a sports report (not on a sport of kind :data:`NO_SIDES`), a country's name
    with no country cue before it on its line is its national team: rule
    :data:`TEAM_RULE` (see the module docstring).
    ``doc``: the clean-up's document description (its ``text`` is read)."""
    return mark_team_records(mentions, doc.text)


def mark_team_records(mentions: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """:func:`mark_national_teams` on one document's mention dicts and text. The build
    runs it again after :func:`analysis.countries.add_place_records`, whose gazetteer
    places replace the model's spans ('Belgium' the model tagged is re-added as a GPE)."""
    if not names_sides(text):
        return mentions
    out = relabel_results(mentions, result_names(text), text)
    out = relabel_sides(out, text)
    people = _person_starts(out)
    return [{**m, "rule": TEAM_RULE} if _stands_for_team(m, text, people) else m for m in out]


def _person_starts(mentions: Iterable[dict[str, Any]]) -> frozenset[int]:
    """Character offsets where the model's PERSON spans of one document start."""
    return frozenset(int(m["start"]) for m in mentions if m.get("label") == "PERSON")


def _stands_for_team(m: dict[str, Any], text: str, people: frozenset[int] = frozenset()) -> bool:
    """Is mention ``m`` (of a sports report ``text``) a country's name with no country
    cue before or after it on its line, not yet marked? ``people``: where the
    document's PERSON spans start (:func:`_person_starts`); a possessive right before
    one is a cue."""
    if m["label"] not in _MARKED or m.get("rule") == TEAM_RULE:
        return False
    start, end = int(m["start"]), int(m["end"])
    if team_reading(text[start:end]) is None:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    cue = _COUNTRY_CUE.search(text[line_start:start]) or _COUNTRY_AFTER.match(text, end)
    possessive = _POSSESSIVE.match(text, end)
    return cue is None and not (possessive and possessive.end() in people)


def mark_corpus_teams(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Corpus time: the same reading for the names the corpus pass added to sports
    reports (:mod:`analysis.propagate` spreads a name with the corpus's majority
    reading, the country), named as :func:`team_name` does.

    In: MENTIONS (canonical filled) and DOCUMENTS (doc_id, text). Out: a copy with those
    rows given the rule :data:`TEAM_RULE` and no iso3; idempotent."""
    texts = {d: str(t) for d, t in zip(documents["doc_id"], documents["text"], strict=True)}
    sports = {d for d, t in texts.items() if names_sides(t)}
    in_sports = mentions[mentions["doc_id"].isin(sports)]
    people = {d: _person_starts(g.to_dict("records")) for d, g in in_sports.groupby("doc_id")}
    rows = in_sports[in_sports["label"].isin(_MARKED)]
    marked = [
        i for i, m in zip(rows.index, rows.to_dict("records"), strict=True)
        if _stands_for_team(m, texts[m["doc_id"]], people[m["doc_id"]])
    ]  # fmt: skip
    if not marked:
        return mentions
    out = mentions.copy()
    names = out.loc[marked, "canonical"].map(lambda n: team_name(str(n)) or n)
    out.loc[marked, ["rule", "iso3"]] = [TEAM_RULE, None]
    out.loc[marked, "canonical"] = names
    return out
