"""Cues of the gazetteer pass: the textual evidence that a capitalised name the model
missed is a place (a dateline, "in X", "X residents", "X Police Department", a state
after it, a party-home tag).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

import analysis.countries.fastre as fastre
from analysis.countries.lexicon import (
    _ADMIN_WORDS,
    _COURT_LEVELS,
    _INSTITUTION,
    _LOCAL_GOVERNMENT,
    QUALIFIER_GAP,
    name_goes_on,
    qualifier_closed,
    qualifier_refused,
)
from analysis.countries.readings import _STREET
from analysis.countries.rules import PLACE_LABELS, PlaceCues
from analysis.countries.wordnet_places import wordnet_place
from analysis.gazetteer import candidates, is_state_abbreviation, town_candidates
from analysis.gazetteer_entries import Candidate
from analysis.name_data import common_nouns, company_suffixes

# --------------------------------------------------------------------- gazetteer pass

#: Words before a name that make it a place: "in Chiefland", "Hufstetler of Roswell"
#: (prepositions and words of a place's part), then an optional "the" and "city of" ...
_BEFORE_WORDS = (
    "in", "near", "outside", "from", "to", "of", "at", "into", "toward", "towards",
    "throughout", "across", "around", "between", "downtown", "suburban", "rural", "northern",
    "southern", "eastern", "western", "central",
)  # fmt: skip
#: ... "the city of", "County of": the words before "of" (lower case after a place word).
_OF_WORDS = ("city", "town", "village", "township", "state", "county", "island", "borough")
_OF_TITLES = ("City", "Town", "Village", "Township", "State", "County", "Borough")
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:" + "|".join(_BEFORE_WORDS) + r")\s+"
    r"(?:the\s+)?(?:(?:" + "|".join(_OF_WORDS) + r")\s+of\s+)?"
    r"|\b(?:" + "|".join(_OF_TITLES) + r")\s+of\s+)$"
)


def _reversed(words: tuple[str, ...]) -> str:
    """An alternation of ``words``, each spelt backwards."""
    return "|".join(word[::-1] for word in words)


#: _PLACE_BEFORE read backwards: it matches the reversed text before a name at its
#: start iff _PLACE_BEFORE matches at the text's end (each piece reversed, in reverse
#: order; a \b reads the same pair of characters either way). Python's regex engine
#: tries a search at every character of the 40; a match at the start is tried once.
_PLACE_BEFORE_REVERSED = re.compile(
    r"\s+(?:fo\s+(?:" + _reversed(_OF_WORDS) + r")\s+)?(?:eht\s+)?(?:" + _reversed(_BEFORE_WORDS)
    + r")\b|\s+fo\s+(?:" + _reversed(_OF_TITLES) + r")\b"
)  # fmt: skip
#: The word that closes every match of _PLACE_BEFORE (before its closing spaces): text
#: before a name that ends in none of them is no cue, without the regex's search.
_BEFORE_LAST_WORDS = (*_BEFORE_WORDS, "the", "of")
#: The last letters of those words: text before a name whose last character before its
#: spaces is none of them is no cue either, without slicing the 40 characters.
_BEFORE_LAST_LETTERS = frozenset(word[-1] for word in _BEFORE_LAST_WORDS)


#: An institution of a place that the model did not tag as a name, after the place's
#: name: "the Byesville Volunteer Fire Department" (a part of :data:`_PLACE_AFTER`).
_INSTITUTION_AFTER = (
    r"(?:(?:Volunteer\s+)?(?:Police|Fire)\s+(?:Department|Dept|Chief)|"
    r"(?:City|Town|Village)\s+(?:Council|Hall|Board)|Board\s+of\s+Education|"
    r"(?:Public|City|Area)\s+Schools|School\s+District|Public\s+Library)"
)
#: The words an institution of :data:`_INSTITUTION_AFTER` opens with (speed: a word
#: inside a capitalised run has cue "after" only before one of them; a test checks
#: this is every first word of the pattern's phrases).
_INSTITUTION_OPENERS = ("Volunteer", "Police", "Fire", "City", "Town", "Village", "Board",
                        "Public", "Area", "School")  # fmt: skip
#: Words after a name that make it a place: "Roswell police", "Gainesville residents",
#: or an institution of the place (:data:`_INSTITUTION_AFTER`).
_PLACE_AFTER = re.compile(
    r"(?:'s\s+|’s\s+)?(?:-based\b|\s+(?:residents?|natives?|man|woman|men|women|boy|girl|"
    r"teen|couple|family|families|area|police|officers?|firefighters?|voters|officials|"
    r"city\s+(?:council|officials|limits|hall|manager|schools)|town\s+(?:council|hall|board)|"
    r"village\s+(?:board|hall)|county|schools?|school\s+district|mayor)\b|"
    r"\s+" + _INSTITUTION_AFTER + r"\b)"
)


#: A capitalised run of words, with lower-case joiners inside ("Isle of Palms"), not
#: inside a word. The look-behind follows the capital (it reads the character before
#: it): a pattern that opens with a character class lets the regex engine skip to the
#: capitals, one that opens with a look-behind is tried at every character.
_CAPITALISED = re.compile(
    r"[A-Z](?<![\w'’.-][A-Z])[\w'’.-]*(?:\s(?:(?:of|de|del|la|le|du|on|upon)\s)?[A-Z][\w'’.-]*)*"
)


#: Labels whose spans a found place may overlap: the model's other names.
_OVERRIDABLE = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "NORP"})


#: Labels a name used as a place elsewhere in the document loses (PERSON too, unless
#: the document names a person so: George Washington and the state share a story).
_SAME_NAME_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})


def _person_words(text: str, starts: list[int], ends: list[int], labels: list[str]) -> set[str]:
    """Words and word tails of the document's multi-word PERSON names ("George
    Washington" -> "Washington"), which a lone "Washington" may stand for."""
    out = set()
    for start, end, label in zip(starts, ends, labels, strict=True):
        words = text[start:end].split()
        if label == "PERSON" and len(words) > 1:
            out.update(" ".join(words[i:]) for i in range(1, len(words)))
            out.update(words[:-1])
    return out


#: A US politician's party and home ("R-Elbow Lake", "D-W. Va.", "DFL-Cook", "(R-Ocilla)"):
#: the home is a US state or a town in one.
#: The tags: R, D, I, DFL, each not inside a word (its look-behind after it, as in
#: _CAPITALISED, so that the engine skips to the tags' letters).
_PARTY_TAGS = ("R", "D", "I", "DFL")
#: One of the tags, as a pattern (shared with analysis.countries.people, rule
#: politician_homes).
_PARTY_TAG = "(?:" + "|".join(rf"{tag}(?<![\w-]{tag})" for tag in _PARTY_TAGS) + ")"
_PARTY_HOME = re.compile(
    _PARTY_TAG + r"-(?!Day\b)(?P<home>(?:[A-Z]\.){2,3}|[A-Z]\.\s?[A-Z][a-z]+\.?|"
    r"[A-Z][A-Za-z'’]*(?:\s[A-Z][A-Za-z'’]*){0,2}\.?)"
)


def _inside_new_place(mention: dict, spans: set[tuple[int, int]]) -> bool:
    """Whether ``mention`` is a name the model found inside a place the pass added
    (the ORG "PALMS" of the dateline "ISLE OF PALMS")."""
    start, end = int(mention["start"]), int(mention["end"])
    return mention["label"] in _OVERRIDABLE and any(
        s <= start and end <= e and (s, e) != (start, end) for s, e in spans
    )


def _fragment_of_new_place(mention: dict, spans: set[tuple[int, int]]) -> bool:
    """Whether ``mention`` is a model place inside a longer place the pass added: only
    cues "split_names" ("ST" and "LOUIS" of "ST. LOUIS") and "datelines" ("COLORADO" of
    the dateline "COLORADO SPRINGS, Colo.") add one around a place; every other cue
    takes only spans clear of the model's places."""
    start, end = int(mention["start"]), int(mention["end"])
    return mention["label"] in PLACE_LABELS and any(
        s <= start and end <= e and (s, e) != (start, end) for s, e in spans
    )


def _is_party_home_of(mention: dict, spans: set[tuple[int, int]]) -> bool:
    """Whether ``mention`` is a non-place name such as "D-Charleston" around a found place."""
    if mention["label"] in PLACE_LABELS or not _PARTY_HOME.fullmatch(str(mention["text"])):
        return False
    start, end = int(mention["start"]), int(mention["end"])
    return any(start <= s and e <= end for s, e in spans)


def _party_homes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the homes in the party-home tags of ``text``, without a dot that
    ends a sentence ("D-Calif." -> "Calif"; "D-N.Y." keeps its dots)."""
    out = []
    for hit in _PARTY_HOME.finditer(text):
        home = _trim_sentence_dot(hit.group("home"))
        out.append((hit.start("home"), hit.start("home") + len(home)))
    return out


def _capitalised_runs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of the capitalised runs of words of ``text`` (see
    :data:`_CAPITALISED`), in order."""
    return [(run.start(), run.end(), run.group()) for run in _CAPITALISED.finditer(text)]


def _cued_spans(
    text: str,
    cues: PlaceCues,
    runs: list[tuple[int, int, str]],
    openings: list[tuple[int, int]],
) -> list[tuple[int, int, bool]]:
    """(start, end, strong) of capitalised word windows with a place cue around them;
    ``strong`` when the cue itself says "place" (a dateline, a state after it).
    ``runs``: :func:`_capitalised_runs` of ``text``; ``openings``: its opening datelines
    (analysis.datelines.dateline_places)."""
    out = []
    if cues.datelines:
        out.extend((start, end, True) for start, end in openings)
    # A dateline's name is read whole (its cue above, or the pass's datelines step where
    # the model took a word of it for a name): no tail of it is a place of its own after
    # its state ("BROOK" of "OAK BROOK, ILL., March 4 -"). Cue "datelines" off, as before.
    dateline_starts = {end: start for start, end in openings} if cues.datelines else {}
    for offset, _, run in runs:
        one = len(run.split()) == 1  # one word (most runs): _WORD would match it whole
        # Speed: most runs have no cue. The cues at the run's edges (before its first
        # word, after its last) and whether a cue may stand inside it decide that first;
        # the words of a run that may have one are read below.
        if not _edge_cued(text, offset, offset + len(run.rstrip(".'’")), cues) and (
            one or _INNER_CUE.search(run) is None
        ):
            continue
        if one:
            words = [(offset, offset + len(run))]
        else:
            words = [(w.start() + offset, w.end() + offset) for w in _WORD.finditer(run)]
        # A window ends where its last word does, without a closing dot ("Ill." keeps no
        # dot here): a word opens with a letter, so the dot is never the window's own.
        ends = [s + len(text[s:e].rstrip(".'’")) for s, e in words]
        # Each cue reads one side of a window: test each word's start and end once.
        strong, before, after = _word_cues(text, [s for s, _ in words], ends, cues)
        if not (any(strong) or any(before) or any(after)):
            continue  # no cue around any word of the run (most runs): no window has one
        for size in range(min(len(words), 4), 0, -1):
            for i in range(len(words) - size + 1):
                last = i + size - 1
                start, end = words[i][0], ends[last]
                if strong[last]:
                    if dateline_starts.get(end, start) < start:
                        continue
                    out.append((start, end, True))
                    if where := qualifier_span(text, end, start):
                        out.append((*where, True))
                elif before[i] or after[last]:
                    out.append((start, end, False))
    return out


def _edge_cued(text: str, start: int, end: int, cues: PlaceCues) -> bool:
    """Whether any cue switched on holds at the edges of the capitalised run opening at
    ``start`` whose last word ends at ``end`` (trimmed): a place word before its first
    word, a qualifier or a place word after its last; for a one-word run, :func:`_word_cues`
    without its lists."""
    return (
        (cues.qualified and _qualified_cue(text, end))
        or (cues.before and _before_cue(text, start))
        or (cues.after and _after_cue(text, end))
    )


#: Where a cue may stand inside a capitalised run of several words (speed, a superset;
#: tests/analysis/test_country_speed.py reads the windows of every run and compares):
#: - cue "before" at an inner word needs a place word closing the word before it after a
#:   word boundary (_PLACE_BEFORE): inside a run that is the joiner "of" ("Isle of
#:   Palms") or a word's tail after a hyphen, an apostrophe or a dot ("X-in Paris");
#:   the run's other words open with a capital, the place words are lower case;
#: - cue "after" at an inner word needs the next word to open an institution
#:   (_INSTITUTION_OPENERS: "Byesville Volunteer Fire Department"): the pattern's
#:   lower-case words are no joiners, and its possessive and "-based" would be part of
#:   the word;
#: - cue "qualified" never holds there: a comma or bracket cannot follow an inner word.
_INNER_CUE = re.compile(r"[-'’.]|\s(?:of|" + "|".join(_INSTITUTION_OPENERS) + r")\b")


def _word_cues(
    text: str, starts: list[int], ends: list[int], cues: PlaceCues
) -> tuple[list[bool], list[bool], list[bool]]:
    """Per word of a capitalised run (its ``starts`` and trimmed ``ends``): whether a
    window ending at it is qualified (a strong cue), whether one starting at it follows
    a place word, whether one ending at it precedes one (weak cues). A cue switched off
    is False everywhere."""
    off = [False] * len(starts)
    return (
        [_qualified_cue(text, end) for end in ends] if cues.qualified else off,
        [_before_cue(text, start) for start in starts] if cues.before else off,
        [_after_cue(text, end) for end in ends] if cues.after else off,
    )


#: A metropolitan area named after its city: "Metro Vancouver", "Greater London".
_METRO = re.compile(
    r"(?:Metro|Greater|Metropolitan)\s+(?P<place>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?)"
)


_WORD = re.compile(r"[A-Za-z][\w'’.-]*")


@lru_cache(maxsize=50_000)
def _standalone_country(run: str) -> bool:
    """Whether a whole capitalised run is a country, territory or US state written out
    ("Ontario", "Sri Lanka"): with no other capitalised word beside it, not a person's
    name ("Chad Johnson") or an organisation's ("Virginia Tech")."""
    if len(run) < 4 or run.isupper() or is_state_abbreviation(run):
        return False
    readings = candidates(run)
    return (
        bool(readings)
        and readings[0].rule in ("name", "territory", "us_state")
        and not (readings[0].needs_context)
    )


#: The longest country abbreviation in capitals that :func:`country_acronym` reads
#: ("UAE", "DRC", "U.S.A.").
_ACRONYM_MAX = 6


def country_acronym(text: str, start: int, run: str) -> int:
    """The length of a country's abbreviation in capitals opening the capitalised run
    ``run`` at ``start`` after a lower-case "the" ("the UAE", "the UK on Monday", "the
    DRC"), else 0: the gazetteer reads it as a country's name, not a US state's
    abbreviation. The lower-case "the" keeps out a pronoun in a line in capitals ("HELP
    US") and an acronym opening a sentence, which :func:`_standalone_country` refuses
    (review 15, class 6)."""
    if text[max(0, start - 4) : start] != "the ":
        return 0
    word = run.split(maxsplit=1)[0]
    if len(word) > _ACRONYM_MAX or not word.isupper():
        return 0
    word = _trim_sentence_dot(word)
    return len(word) if _country_abbreviation(word) else 0


@lru_cache(maxsize=50_000)
def _country_abbreviation(run: str) -> bool:
    """Whether the gazetteer's first reading of ``run`` is a country's name that needs no
    context, and ``run`` is no US state's abbreviation."""
    if is_state_abbreviation(run):
        return False
    readings = candidates(run)
    return bool(readings) and readings[0].rule == "name" and not readings[0].needs_context


def _qualified_cue(text: str, end: int) -> bool:
    """Cue "qualified" (strong): a state or country after a comma closes the name
    ending at ``end`` ("Chapin, S.C.")."""
    if not _QUALIFIER_OPENING.match(text, end):  # _QUALIFIED opens with "," or "("
        return False
    return _qualifier_is_place(text, end)


def _before_cue(text: str, start: int) -> bool:
    """Cue "before" (weak): a place word precedes the name starting at ``start``
    ("in Chiefland")."""
    # Every match ends in spaces: the character before the name is one, and the one
    # before it (when not a space too) closes one of _BEFORE_LAST_WORDS.
    if start == 0 or not text[start - 1].isspace():
        return False
    if start >= 2 and not text[start - 2].isspace() and text[start - 2] not in _BEFORE_LAST_LETTERS:
        return False
    before = text[max(0, start - 40) : start]
    if not before.rstrip().endswith(_BEFORE_LAST_WORDS):
        return False
    return _PLACE_BEFORE_REVERSED.match(before[::-1]) is not None


def place_word_before(text: str, start: int) -> bool:
    """Whether a place word (:data:`_BEFORE_WORDS`: "in", "from", "near", "to" ...)
    precedes the name starting at ``start`` in ``text``: the gazetteer pass's cue
    "before", for the rules that read it elsewhere (rule alias_strays)."""
    return _before_cue(text, start)


def _after_cue(text: str, end: int) -> bool:
    """Cue "after" (weak): a place word follows the name ending at ``end``
    ("Gainesville residents")."""
    # Every match opens with a possessive, a hyphen or a space.
    if not (text[end : end + 1].isspace() or text[end : end + 1] in _AFTER_OPENINGS):
        return False
    # Matched in place (pos, endpos): the 40 characters are not copied out.
    return _PLACE_AFTER.match(text, end, end + 40) is not None


#: The characters a match of _PLACE_AFTER opens with, besides a space.
_AFTER_OPENINGS = frozenset("'’-")


#: ", Tenn." / ", Louisiana" / ", United Arab Emirates" / ", TEXAS" after a place: up to
#: three capitalised words (a dotted abbreviation's letters count as words: "N.Y."),
#: after what may stand between a place and its qualifier (:data:`QUALIFIER_GAP`: ",
#: southwestern Ontario", " (Ontario)").
_QUALIFIED = re.compile(
    QUALIFIER_GAP.pattern + r"(?P<where>[A-Z][A-Za-z]*\.?(?:\s?[A-Z][A-Za-z]*\.?){0,2})"
)
#: How a qualifier opens (speed: most names are followed by neither).
_QUALIFIER_OPENING = re.compile(r"\s*[,(]")
#: One word of a qualifier read by _QUALIFIED.
_QUALIFIER_WORD = re.compile(r"[A-Z][A-Za-z]*\.?")


def qualifier_span(text: str, end: int, start: int | None = None) -> tuple[int, int] | None:
    """(start, end) of the US state, country or territory written after a comma that
    closes the name ending at ``end``, else None: the longest of the (up to three)
    capitalised words after the comma that the gazetteer reads as one and whose name
    ends there ("Dubai, United Arab Emirates"; "Louisville, Ky. The", where a sentence
    opens after the state's dot; "PARIS, TEXAS KILLS TWO" on a line in capitals; not
    "New York" of "Moscow, New York Stock Exchange": :func:`name_goes_on`). ``start``:
    where the name opens, when known, so that a country's possessive after a town with a
    reading there still qualifies it (:func:`~analysis.countries.lexicon.qualifier_refused`)."""
    where = _QUALIFIED.match(text, end)
    if where is None or (length := _qualifier_length(where.group("where"))) is None:
        return None
    begin = where.start("where")
    if name_goes_on(text, begin + length) or not qualifier_closed(where, text, begin + length):
        return None
    first = candidates(text[begin : begin + length])[:1]
    country = first[0].iso3 if first and first[0].rule == "name" else None
    town = text[start:end] if start is not None else None
    if qualifier_refused(where, text, begin + length, country=country, town=town):
        return None
    return begin, begin + length


@lru_cache(maxsize=50_000)
def _qualifier_length(words: str) -> int | None:
    """The length of the longest run of ``words`` (what :data:`_QUALIFIED` read), from
    their start, that the gazetteer reads as a US state, country or territory, else
    None: a function of the words alone, cached (datelines repeat their states)."""
    for stop in reversed([w.end() for w in _QUALIFIER_WORD.finditer(words)]):
        if any(c.rule in ("us_state", "name", "territory") for c in candidates(words[:stop])):
            return stop
    return None


def _qualifier_is_place(text: str, end: int) -> bool:
    """Whether a US state, country or territory after a comma closes the name ending at
    ``end`` (:func:`qualifier_span`)."""
    return qualifier_span(text, end) is not None


#: A bracketed place before a company's legal form: "Chevron Petroleum (U.K.) Ltd".
_BRACKET_BEFORE_FORM = re.compile(r"\((?P<where>[A-Z][A-Za-z.]*(?:[ \t][A-Z][A-Za-z.]*){0,2})\)"
                                  r"[ \t]*(?P<form>[A-Za-z]+)")  # fmt: skip


def company_bracket_homes(text: str) -> list[tuple[int, int]]:
    """Spans of the countries, territories and US states written in brackets before a
    company's legal form ("Chevron Petroleum (U.K.) Ltd", "Mazda Motor Manufacturing
    (USA) Corp"; legal forms: ``analysis/data/company_suffixes.txt``): the company's
    home, counted apart as an organisation's (the gazetteer pass's cue inside_names),
    never a qualifier of the name before it (review 12, C2:
    :func:`analysis.countries.lexicon.qualifier_refused`)."""
    if "(" not in text:  # speed: most stories have no bracket
        return []
    found = []
    for match in _BRACKET_BEFORE_FORM.finditer(text):
        if match.group("form").casefold() not in company_suffixes():
            continue
        length = _qualifier_length(match.group("where"))
        if length == len(match.group("where")):
            found.append((match.start("where"), match.start("where") + length))
    return found


#: Readings that make a name a place wherever the document is: "in Ohio".
_ANYWHERE_RULES = frozenset({"name", "territory", "us_state", "us_county"})


def _is_place(surface: str, *, strong: bool, named: set[str]) -> bool:
    """Whether the gazetteer reads ``surface`` as a place (not a demonym or a
    building). After a strong cue any reading counts; after a weak one a country,
    territory, state or county, or a city or town of a country in ``named`` (then
    even one named like a word or person: "in Mobile" beside "Alabama")."""
    if len(surface) <= 3 and not strong and not any(ch.islower() for ch in surface):
        return False  # "SC" in running text is an acronym more often than a state
    readings = _place_readings(surface)
    if strong:
        return bool(readings)
    if _own_city(readings):
        return True
    return any(
        c.iso3 in named or (not c.needs_context and c.rule in _ANYWHERE_RULES) for c in readings
    )


@lru_cache(maxsize=50_000)
def _place_readings(surface: str) -> tuple[Candidate, ...]:
    """The readings of ``surface`` as a place: gazetteer readings but demonyms and
    buildings, and towns unless it is a street ("North Street"). A function of the
    surface alone, cached (speed: the pass asks it of the same names again and again)."""
    readings = tuple(c for c in candidates(surface) if c.rule not in ("demonym", "metonym"))
    return readings + (town_candidates(surface) if not _STREET.search(surface) else ())


def _trim_sentence_dot(surface: str) -> str:
    """``surface`` without a dot that ends a sentence ("Texas." -> "Texas", "D-Calif."
    -> "Calif"); an abbreviation with dots inside keeps its last ("U.S.", "N.Y.")."""
    if surface.endswith(".") and "." not in surface[:-1]:
        return surface[:-1]
    return surface


def _own_city(readings: tuple[Candidate, ...]) -> bool:
    """Whether the readings are one country's only, with a city of 15,000 or more
    among them ("Gainesville", "North Charleston"): a name no other country uses."""
    return (
        len({c.iso3 for c in readings}) == 1
        and any(c.rule in ("city", "capital") for c in readings)
        and not any(c.needs_context for c in readings)
    )


@lru_cache(maxsize=50_000)
def _opening_words(name: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """The words of ``name`` (offsets into it) but an opening "The", and the indexes
    (3 down to 1) of those of the second to the fourth that are institution words:
    what :func:`_place_opening_name` reads of a name, a function of the name alone,
    cached (speed: most names have no such word and are answered here)."""
    words = [w.span() for w in _WORD.finditer(name)]
    if words and name[words[0][0] : words[0][1]] in ("The", "the"):
        words = words[1:]
    following = range(min(len(words) - 1, 3), 0, -1)
    return tuple(words), tuple(n for n in following if name[slice(*words[n])] in _INSTITUTION)


def _place_opening_name(
    text: str, start: int, end: int, named: set[str], *, initials_cue: bool = True
) -> tuple[int, int] | None:
    """(start, end) of a known place opening the name text[start:end] when the next
    word is an institution word ("Gainesville Police Department"), else None; with
    ``initials_cue`` (cue "initials") not a name's initials ("BBSR Hospital")."""
    spans, institution = _opening_words(text[start:end])
    words = [(start + s, start + e) for s, e in spans] if institution else []
    for n in institution:  # the words that are institution words, last first
        following = text[words[n][0] : words[n][1]]
        if following in _ADMIN_WORDS:  # "Franklin County Auditor's Office": Franklin County
            county = (words[0][0], words[n][1])
            if _is_place(
                _trim_sentence_dot(text[county[0] : county[1]]), strong=False, named=named
            ):
                return county
        span = (words[0][0], words[n - 1][1])
        surface = text[span[0] : span[1]]
        if (possessive := _POSSESSIVE_END.search(surface)) is not None:  # "Kent's Board"
            surface = surface[: possessive.start()]
            span = (span[0], span[0] + len(surface))
        if initials_cue and initials(surface) and not following.isupper():  # "BBSR Hospital"
            continue
        if following == "Court" and surface in _COURT_LEVELS:  # "Superior Court": a title
            continue
        if _is_place(surface, strong=False, named=named):
            return span
        if following in _LOCAL_GOVERNMENT and _one_country(surface):
            return span
    return None


#: The longest word in capitals :func:`initials` reads as a name's initials.
_INITIALS_MAX = 5


@lru_cache(maxsize=50_000)
def initials(surface: str) -> bool:
    """Whether ``surface``, a word in capitals of two to five letters, would be a place
    only as a city's or town's short or alternative name ("BBSR", "NOLA", "LA"): opening
    a longer name in mixed case ("BBSR Hospital", "LA Fitness") it is that name's
    initials, not the city (cue "initials"; issue 18, error class d). A country's,
    territory's or US state's abbreviation stays a place ("US Embassy", "NY State
    Police")."""
    return (
        2 <= len(surface) <= _INITIALS_MAX
        and surface.isalpha()
        and surface.isupper()
        and not any(c.rule in _INSIDE_RULES for c in candidates(surface))
    )


#: "... of <place>" closing a name: "University of Hartford", "Financial Times of
#: London", "United Way of Metropolitan Atlanta".
_OF_PLACE = re.compile(r"\bof\s+(?:the\s+)?(?:Metropolitan\s+|Greater\s+)?(?P<place>[A-Z][\w'’.-]*"
                       r"(?:\s[A-Z][\w'’.-]*){0,2})$")  # fmt: skip
#: _OF_PLACE opening with its "o" (analysis.countries.fastre.char_first: the same
#: matches), which the regex engine skips to instead of trying every character.
_OF_PLACE_FAST = re.compile(fastre.char_first(_OF_PLACE.pattern))


def _place_closing_name(text: str, end: int, named: set[str]) -> list[tuple[int, int]]:
    """[(start, end)] of a place that closes a name after "of", read as after a weak cue
    (a country, state or county anywhere; a city or town in a country the document
    names, or one no other country has), else []."""
    hit = _OF_PLACE_FAST.search(text, max(0, end - 60), end)
    if hit is None:
        return []
    surface = hit.group("place").rstrip(".'’")
    start = hit.start("place")
    if _is_place(surface, strong=False, named=named):
        return [(start, start + len(surface))]
    return []


_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")


def _one_country(surface: str) -> bool:
    """Whether every reading of ``surface`` as a place is in one country and none needs
    context."""
    readings = _place_readings(surface)
    return (
        bool(readings)
        and len({c.iso3 for c in readings}) == 1
        and not any(c.needs_context for c in readings)
    )


#: Labels of names that may carry a country, state or county anywhere inside them
#: ("Northeast Texas Community College", "Tour de France", "US State Department");
#: not PERSON ("Virginia Woolf") nor NORP.
_NAMED_AFTER_PLACES = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})


#: Labels of names whose place inside is that name's home, counted apart (rule
#: org_homes), unless an institution word makes the name a public body or facility of
#: the place (see places._Pass._public_body): an organisation's ("Bank of England"), a
#: business or building the model tagged FAC ("Fiji Island Auto", "Gulf of Aden"), an
#: event's ("the Vietnam War"), a work's or a product's. Not LAW: a state's statute
#: ("the Texas Penal Code") applies in that state. (Review 15, class 1: ECB+ news.)
_HOME_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"})


#: Readings a place inside a longer name must have: well-known places, never a city or
#: town (a name's "Athens" or "Richmond" could be anywhere; see _place_opening_name).
_INSIDE_RULES = frozenset({"name", "territory", "us_state", "us_county"})


_INSIDE_MAX_WORDS = 4


def _places_inside_name(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of countries, territories, US states and counties named inside the name
    text[start:end], whole words, longest first.

    A window the gazetteer knows by any reading claims its words, so a longer place
    hides the shorter one inside it: "New England Patriots" names no England, "Jersey
    City Council" no Jersey. The whole name itself is never returned (that is a
    relabel, decided by the cues); an ALL-CAPS word of three letters or fewer counts
    only as a country ("US", "UK"), not a state ("IN", "OR").
    """
    return [(start + s, start + e) for s, e in _places_inside(text[start:end])]


@lru_cache(maxsize=50_000)
def _places_inside(name: str) -> tuple[tuple[int, int], ...]:
    """:func:`_places_inside_name` of a whole name, offsets into ``name``: a function of
    the name alone, cached (organisations recur from story to story)."""
    words = [(w.start(), w.end()) for w in _WORD.finditer(name)]
    taken = [False] * len(words)
    spans = []
    for size in range(min(len(words), _INSIDE_MAX_WORDS), 0, -1):
        for i in range(len(words) - size + 1):
            if size == len(words) or any(taken[i : i + size]):
                continue
            s, e = words[i][0], words[i + size - 1][1]
            surface = _trim_sentence_dot(name[s:e].rstrip("'’"))
            e = s + len(surface)
            if surface in ("The", "the") or not surface[:1].isupper():
                continue
            readings = candidates(surface)
            if not readings and not town_candidates(surface):
                continue
            taken[i : i + size] = [True] * size
            short_caps = len(surface.replace(".", "")) <= 3 and surface.isupper()
            if is_state_abbreviation(surface):  # "Miss America", "La Quinta"
                continue
            if _plural_noun(surface):  # "Commonwealth of Independent States": no US
                continue
            allowed = ("name",) if short_caps else _INSIDE_RULES
            if any(c.rule in allowed and not c.needs_context for c in readings):
                spans.append((s, e))
    return tuple(sorted(spans))


@lru_cache(maxsize=10_000)
def _plural_noun(surface: str) -> bool:
    """Whether ``surface`` is one word read only as a country's name, and the plural of
    an English common noun (data/common_nouns.tsv.gz): "States", "Emirates". Inside a
    longer name such a word is the noun ("Commonwealth of Independent States", "Gulf
    States"), not the country a short name reads it as (review 18, class C1). A state's
    or a territory's name stays one ("Kansas": "kansa" is a noun too), and so does a
    plural of a place's or demonym's word ("Philippines")."""
    if " " in surface or not surface.endswith("s"):
        return False
    if any(c.rule != "name" for c in candidates(surface)) or candidates(surface[:-1]):
        return False  # a state's name; a demonym's plural ("Philippines")
    nouns = common_nouns()
    singular = surface[:-1].lower()
    return singular in nouns or (surface.endswith("es") and singular[:-1] in nouns)


#: Readings of the words closing a PERSON span that make them a place the model glued
#: to a person's name: a country, US state or territory, or a metonym ("White House").
_PERSON_TAIL_RULES = frozenset({"name", "us_state", "territory", "metonym"})


def _place_closing_person(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[(start, end)] of a place of two or more words that closes the PERSON span
    text[start:end] after at least one word of a name ("Obama White House", "Bill
    Clinton New York"), else []: the model glued a place or metonym to a person's name
    in a headline (review 15, class 2). One word is never enough ("Virginia Woolf",
    "Paris Hilton")."""
    tail = _person_tail(text[start:end])
    return [(start + tail, end)] if tail else []


@lru_cache(maxsize=50_000)
def _person_tail(name: str) -> int:
    """The offset in ``name`` of the longest place of two or more words closing it after
    at least one other word (:func:`_place_closing_person`), else 0; a function of the
    name alone, cached."""
    words = [w.start() for w in _WORD.finditer(name)]
    for at in words[1:-1]:  # the longest tail first; two words at least
        readings = candidates(name[at:])
        if any(c.rule in _PERSON_TAIL_RULES and not c.needs_context for c in readings):
            return at
    return 0


def _sentence_of(
    start: int, position: list[tuple[int, object]], sentences: list[tuple[int, int, int]] | None
) -> int | None:
    """The sentence holding ``start``: from ``sentences`` ((start, end, sent_id)) when
    given, else that of the nearest mention before it (``position``: sorted (start,
    sent_id)), 0 before any."""
    if sentences:
        for s, e, k in sentences:
            if s <= start < e:
                return int(k)
    before = [k for s, k in position if s <= start]
    return int(before[-1]) if before and pd.notna(before[-1]) else 0


#: Readings that make a name a place more than a seat of government: an ORG "Washington"
#: is a team or a government as often as the capital, left to the model.
_NOT_ONLY_SEAT = frozenset({"name", "territory", "us_state", "capital"})


@lru_cache(maxsize=50_000)
def org_metonym(name: str) -> bool:
    """Whether ``name`` (an ORG of the model) is a seat of government standing for its
    country ("White House", "Kremlin", "Downing Street": the gazetteer's metonyms read
    without context; where the gazetteer reads nothing, WordNet's, "Wall Street": rule
    wordnet_places, branch ctry21) and no country, territory, US state or capital
    ("Washington")."""
    readings = candidates(name) or wordnet_place(name)
    return any(c.rule == "metonym" and not c.needs_context for c in readings) and not any(
        c.rule in _NOT_ONLY_SEAT for c in readings
    )
