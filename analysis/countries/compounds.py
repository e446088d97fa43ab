"""Places the model misses where names are joined or split, for the gazetteer pass
(:mod:`analysis.countries.places`):

* hyphen compounds: "Egypt-US relations", "the Lebanon-Syria treaty", "U.S.-led",
  "Gori-based" (cue "hyphen_places"): the model tags no word inside a hyphenated word;
* lists: "Gainesville, Lindsay and Duluth", "Barrow, Jackson and Madison counties"
  (cue "lists"): a name listed beside a place is read as a place of the same kind;
* split names: "ST" "." "LOUIS" tagged as two places (cue "split_names"): the name
  opens with an abbreviated word GeoNames spells out ("Saint Louis").

Pure text functions; the pass decides which spans are free to take.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from analysis.gazetteer import candidates, expanded_name, name_abbreviations, town_candidates

#: A hyphenated word of two or more parts, the first capitalised: "Egypt-US",
#: "U.S.-based", "Israeli-Egyptian".
_HYPHENATED = re.compile(r"(?<![\w.'’-])[A-Z][\w.'’]*(?:-[A-Za-z][\w.'’]*)+")

#: Lower-case tails that make "<place>-<tail>" speak of the place ("U.S.-led",
#: "Gori-based"); not "-style" ("Texas-style" names a style, rule demonym_modifiers).
_PLACE_TAILS = frozenset(
    {"based", "led", "born", "bound", "owned", "controlled", "backed", "made", "sponsored",
     "brokered", "run", "held", "occupied", "allied", "registered", "flagged"}
)  # fmt: skip


def hyphen_places(
    text: str, is_place: Callable[[str], bool]
) -> Iterator[tuple[tuple[int, int], tuple[int, int], bool]]:
    """((start, end) of each place inside a hyphen compound, (start, end) of the
    compound, whether the part is a demonym) for the compounds of ``text`` whose
    capitalised parts are all places (``is_place``; a demonym counts too) and whose
    lower-case parts are :data:`_PLACE_TAILS`, two places or one place and a tail.
    A compound the gazetteer knows whole as a place ("Guinea-Bissau", "Winston-Salem")
    is left to the model and the other cues; one it knows as a demonym only
    ("U.S.-based", which maps when the model tags it NORP) is read in parts too: the
    model often tags no part of it."""
    for hit in _hyphenated_words(text):
        word = hit.group().rstrip(".'’") if hit.group().count(".") == 1 else hit.group()
        if any(c.rule != "demonym" for c in candidates(word)) or town_candidates(word):
            continue
        parts, offset = [], hit.start()
        for part in word.split("-"):
            parts.append((offset, offset + len(part), part))
            offset += len(part) + 1
        tails = [p for p in parts if p[2][:1].islower()]
        names = [p for p in parts if not p[2][:1].islower()]
        if any(p[2] not in _PLACE_TAILS for p in tails) or len(names) + len(tails) < 2:
            continue
        groups = [_is_demonym(p[2]) for p in names]
        if all(g or is_place(p[2]) for p, g in zip(names, groups, strict=True)):
            for (s, e, _), group in zip(names, groups, strict=True):
                yield (s, e), (hit.start(), hit.start() + len(word)), group


#: A hyphen inside a word: a literal first (the look-behind after it reads the character
#: before it), so the scan skips the text between hyphens fast.
_INNER_HYPHEN = re.compile(r"-(?<=[\w.'’]-)(?=[A-Za-z])")


def _hyphenated_words(text: str) -> Iterator[re.Match[str]]:
    """The :data:`_HYPHENATED` words of ``text``, each once, found from its hyphens
    (scanning every capital letter for one costs more: few words have a hyphen)."""
    done = -1
    for hyphen in _INNER_HYPHEN.finditer(text):
        if hyphen.start() < done:
            continue  # a later hyphen of a word already read
        start = hyphen.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.'’"):
            start -= 1
        while start < hyphen.start() and text[start] in ".'’":
            start += 1
        hit = _HYPHENATED.match(text, start)
        if hit is not None:
            done = hit.end()
            yield hit


def _is_demonym(surface: str) -> bool:
    return any(c.rule == "demonym" and not c.needs_context for c in candidates(surface))


#: One listed name: a capitalised word and up to two more.
_ITEM = r"[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2}"
#: A list separator then the next name: ", Lindsay", " and Duluth", ", and Duluth".
_NEXT = re.compile(rf"(?P<sep>,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?P<item>{_ITEM})")
#: The previous name then a separator, read backwards from a place.
_PREVIOUS = re.compile(rf"(?P<item>{_ITEM})(?P<sep>,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
#: The rest of a list after a name, ending in "counties": "Barrow, Jackson and
#: Madison counties" is three counties.
_COUNTIES_AFTER = re.compile(
    rf"(?:(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_ITEM})*\s+(?:counties|parishes)\b"
)

#: The first step of :data:`_COUNTIES_AFTER` (a separator or the word itself), a cheap
#: exact gate: no text that fails it can match the list.
_LIST_OPENS = re.compile(r",|\s+(?:and|or|counties|parishes)\b")


def counties_after(text: str, end: int) -> str | None:
    """The word "counties" or "parishes" when the text after ``end`` lists more names
    ending in that word (", Henderson and Ellis counties") or is that word
    (" counties"), else None: the name before ``end`` is then a county (a parish) too.
    However long the list: no window of characters bounds it."""
    if _LIST_OPENS.match(text, end) is None:
        return None  # most mentions: answer without the list's regex
    hit = _COUNTIES_AFTER.match(text, end)
    return None if hit is None else hit.group().rsplit(None, 1)[-1]


def list_mates(
    text: str, start: int, end: int, is_place: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """(start, end) of the names listed with the place text[start:end] ("Gainesville
    and Lindsay", "Newark, Heath and Pataskala") that ``is_place`` accepts, nearest
    first on each side; a list ends at its "and"/"or" or at a name that is no place.
    Of a listed name of several words, its longest place prefix (after it) or suffix
    (before it) is taken: "Dublin Director" -> "Dublin", "Since Gainesville" ->
    "Gainesville". "<list> counties" reads each name as "<name> County"."""
    out: list[tuple[int, int]] = []
    after = _SEPARATOR_AFTER.match(text, end) is not None
    before = _SEPARATOR_BEFORE.search(text, max(0, start - 6), start) is not None
    if not (after or before):
        return out  # most places are listed with nothing: answer without the regexes below
    counties = counties_after(text, end) is not None
    joined = False  # a list has one "and"/"or": crossed once, it ends there
    pos = end
    while after and not joined and (hit := _NEXT.match(text, pos)) is not None:
        span = _place_in(text, *hit.span("item"), is_place, prefix=True, counties=counties)
        if span is None:
            break
        out.append(span)
        pos, joined = span[1], _CONJUNCTION.search(hit["sep"]) is not None
    pos, crossed = start, False
    while before and (hit := _PREVIOUS.search(text, max(0, pos - 40), pos)) is not None:
        if _CONJUNCTION.search(hit["sep"]) is not None:
            if joined or crossed:
                break
            crossed = True
        span = _place_in(text, *hit.span("item"), is_place, prefix=False, counties=counties)
        if span is None:
            break
        out.append(span)
        pos = span[0]
        if _SEPARATOR_BEFORE.search(text, max(0, pos - 6), pos) is None:
            break
    return out


#: A list separator right after or before a name (a fast test before the lists').
_SEPARATOR_AFTER = re.compile(r",\s|\s+(?:and|or)\s")
_SEPARATOR_BEFORE = re.compile(r"(?:,|\sand|\sor)\s+$")
_CONJUNCTION = re.compile(r"\b(?:and|or)\b")


def _place_in(
    text: str,
    start: int,
    end: int,
    is_place: Callable[[str], bool],
    *,
    prefix: bool,
    counties: bool = False,
) -> tuple[int, int] | None:
    """The longest run of whole words of text[start:end] that is a place (from its
    start when ``prefix``, else ending at its end; "<run> County" in a list of
    ``counties``), or None."""
    words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
    for n in range(len(words), 0, -1):
        s, e = (words[0][0], words[n - 1][1]) if prefix else (words[-n][0], words[-1][1])
        surface = text[start + s : start + e].rstrip(".'’")
        if (not counties or _readable(surface)) and is_place(
            f"{surface} County" if counties else surface
        ):
            return start + s, start + s + len(surface)
    return None


def _readable(surface: str) -> bool:
    """Whether the gazetteer reads ``surface`` by itself: a county listed bare
    ("Navarro" of "Navarro and Ellis counties") must be, to be mapped."""
    return bool(candidates(surface) or town_candidates(surface))


#: An abbreviated first word of a place name just before a place the model found,
#: which it left out ("ST" "." "LOUIS" as two spans, or "St." then "Cloud"): the words
#: of country_aliases.json ``name_abbreviations``, written "St" or "ST".
_ABBREVIATION_BEFORE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for k in name_abbreviations() for w in (k, k.upper()))
    + r")\.?\s*$"
)


def split_name_start(text: str, start: int, end: int) -> int | None:
    """The start of the whole name when the place text[start:end] follows an
    abbreviated word that opens its name ("ST. LOUIS" tagged "ST" and "LOUIS",
    "Mt. Pleasant" tagged "Pleasant") and the whole is known spelt out ("Saint
    Louis"), else None."""
    hit = _ABBREVIATION_BEFORE.search(text, max(0, start - 5), start)
    if hit is None:
        return None
    whole = text[hit.start() : end]
    full = expanded_name(whole)
    if full is None or not (candidates(full) or town_candidates(full)):
        return None
    return hit.start()
