"""Resolve DATE/TIME expressions against each document's publication date.

In:  the surface text of a spaCy DATE/TIME mention and the document's date (ISO).
Out: ``(value, precision)`` with precision ``day`` (``2024-06-13``), ``week``
(``2024-W23``, ISO week), ``month`` (``2024-06``) or ``year`` (``2024``), or
``(None, None)`` when the expression does not name a calendar date.

The grammar of dates in news is small and regular, so the common forms are parsed
by hand here; :mod:`dateparser` is only the fallback for numeric layouts
(``06/13/2024``, ``13.06.2024``). Hand code where dateparser is wrong for news:

* a bare weekday means the most recent such day *on or before* publication
  ("Thursday" in a Thursday article is that very day); dateparser with
  ``PREFER_DATES_FROM="past"`` skips to the week before;
* a month/day without a year takes the year that puts it nearest the publication
  date ("December 28" in an article of 2024-01-03 is 2023-12-28), while dateparser
  always looks one way;
* durations and vague spans ("three years", "the past decade", "recent years")
  are not dates; dateparser turns "three years" into "three years ago".

Anaphoric expressions ("the next day", "that week") depend on a date mentioned
earlier, not on publication, and are left unresolved rather than guessed.
Quarters, seasons and decades have no precision in the schema and are unresolved.
``tense="future"`` (from the clause, see :mod:`analysis.events`) makes a bare
weekday or month look forward ("will meet on Friday").
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

import pandas as pd

Tense = Literal["past", "future"] | None
Resolved = tuple[str | None, str | None]

UNRESOLVED: Resolved = (None, None)

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2,
    "wed": 2, "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "a couple of": 2, "couple of": 2,
}  # fmt: skip
#: How far ahead a month/day without a year may point when the clause gives no tense.
FORWARD_DAYS = 120

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d|21\d\d)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|noon|midday|overnight))?"
_NUM = r"(?P<num>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_WHEN = r"(?P<when>last|this|next|past|previous|coming|current|earlier this|later this)"

# Each pattern is matched against the whole normalised expression.
_ISO = re.compile(r"(?P<year>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?")
_MONTH_DAY_YEAR = re.compile(rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?(?:\s+{_YEAR})?")
_DAY_MONTH_YEAR = re.compile(rf"(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?(?:\s+{_YEAR})?")
_PART = r"(?:early|mid|late|(?:the )?end of|the beginning of|the start of|the middle of)"
_MONTH_YEAR = re.compile(rf"(?:{_PART}\s*-?\s*)?{_MONTH},?\s+(?:of\s+)?{_YEAR}")
_MONTH_ONLY = re.compile(rf"(?:(?P<mod>{_PART}|last|this|next)\s*-?\s*)?{_MONTH}")
_YEAR_ONLY = re.compile(rf"(?:(?:{_PART}|fiscal|fiscal year|the year)\s*-?\s*)?{_YEAR}")
_WEEKDAY_ONLY = re.compile(
    rf"(?:(?P<when>last|this|next|this past|this coming|early|late)\s+)?{_WEEKDAY}{_PART_OF_DAY}"
)
_AGO = re.compile(rf"{_NUM}\s+{_UNIT}\s+(?:ago|earlier|before)")
_RELATIVE_UNIT = re.compile(rf"{_WHEN}\s+(?P<unit>week|weekend|month|year)")
_LOOSE_EDGE = re.compile(r"^(?:early|late|earlier|later)\s+(?=this|next|last)")
_PART_OF_UNIT = re.compile(
    r"(?:the )?(?:end|beginning|start|middle) of (?:the|this) (week|month|year)"
)
_DAY_WORD = re.compile(
    r"(?P<word>today|tonight|yesterday|tomorrow|the day before yesterday|"
    r"the day after tomorrow|this morning|this afternoon|this evening|last night|"
    r"earlier today|later today|yesterday morning|yesterday afternoon|yesterday evening|"
    r"tomorrow morning|tomorrow afternoon|tomorrow evening|tomorrow night)"
)
_MONTH_REL_YEAR = re.compile(
    rf"(?:{_PART}\s*-?\s*)?{_MONTH}(?:\s+{_DAY})?,?\s+(?P<rel>this|last|next) year"
)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}  # fmt: skip
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9}  # fmt: skip
_WORD_YEAR = re.compile(
    r"(?:the year )?(?:(?P<century>nineteen|twenty)\s+(?P<tens>" + "|".join(_TENS) + r")"
    r"(?:[- ](?P<unit>"
    + "|".join(_UNITS)
    + r"))?|two thousand(?:\s+and)?(?:\s+(?P<unit2>"
    + "|".join(_UNITS)
    + r"))?)"
)
# Hedges and fillers around a date that do not change it ("just last month").
_HEDGE = re.compile(
    r"^(?:(?:just|nearly|almost|about|around|roughly|approximately|sometime|some time|only|"
    r"both|as early as|as late as|earlier|later|early|late|the|an)\s+)+(?=\S)"
)
# Spans, durations and anaphora: not a point relative to publication, left unresolved.
_SPAN = re.compile(
    r"^(?:since|for|within|throughout|until|till|up to|more than|less than|at least|"
    r"the past|the last|the next|the coming|past|next few)\b|"
    r"\b(?:\d+|a few|several|some|many|"
    + "|".join(k for k in NUMBERS if " " not in k)
    + r")\s+(?:days|weeks|months|years|decades)\b(?!\s+(?:ago|earlier|before))|"
    r"\b(?:decades?|century|centuries|recent|recently|lately|\d{4}s|\d0s)\b"
)
_ENDED = re.compile(r"\b(?:ended|ending|ends|that ended|which ended)\s+(?P<end>.+)$")
_ANAPHORIC = re.compile(r"\b(?:that|those|following|previous|prior|preceding|same|then)\b")
_CLOCK = re.compile(
    r"\b(?:a\.m|p\.m|am|pm|gmt|utc|local time|hours|hrs|noon|midnight|"
    r"[ecmp][sd]t|bst|cet|cest|jst|ist|hkt|sgt)\b|:"
)
_DAY_WORD_OFFSET = {"yesterday": -1, "last night": -1, "tomorrow": 1,
                    "the day before yesterday": -2, "the day after tomorrow": 2}  # fmt: skip


def normalise(text: str) -> str:
    """Lower-case, drop a leading 'on/in/the ...' and trailing punctuation/possessive.

    In: surface text ("On Thursday's", "mid-June,"). Out: "thursday", "mid-june".
    """
    t = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"\s+", " ", t).strip(" .,;:()\"'")
    t = re.sub(r"'s$", "", t)
    t = re.sub(r"^(?:on|in|at|by|from|as of|of|over|during)\s+", "", t)
    return t.strip()


def parse_base(base: str | None) -> date | None:
    """ISO date or datetime text -> its calendar day; None when missing or unparseable."""
    if base is None or (isinstance(base, float) and pd.isna(base)) or base is pd.NA:
        return None
    try:
        return datetime.fromisoformat(str(base).strip()[:19].replace("Z", "")).date()
    except ValueError:
        m = _ISO.match(str(base).strip())
        try:
            return date(int(m["year"]), int(m["m"]), int(m["d"] or 1)) if m else None
        except ValueError:  # "1986-87" is a season, not year-month
            return None


def format_value(day: date, precision: str) -> str:
    """A calendar day -> ISO value at ``precision`` (day, week, month, year)."""
    if precision == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the first of the month (month maths)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def year_for(month: int, dom: int, base: date, tense: Tense) -> date | None:
    """The year of a month/day given without one, as a full date (None if impossible).

    News mostly reports the past, so by default the date is the latest occurrence on or
    before ``base``, unless the next occurrence is at most ``FORWARD_DAYS`` ahead (tuned on
    TimeBank: 120 days beat 0, 14, 31, 62 and 183)
    ("December 28" in a 2024-01-03 article is 2023-12-28; "June 20" in a 2024-06-13
    one is next week). ``tense`` from the clause overrides: past -> on/before ``base``,
    future -> on/after it.
    """
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(date(year, month, dom))
        except ValueError:
            continue
    before = [c for c in candidates if c <= base]
    after = [c for c in candidates if c >= base]
    if tense == "future" and after:
        return after[0]
    if tense != "past" and after and (after[0] - base).days <= FORWARD_DAYS:
        return after[0]
    return before[-1] if before else (after[0] if after else None)


def weekday_date(weekday: int, base: date, when: str | None, tense: Tense) -> date:
    """Resolve a weekday name against ``base``.

    Bare weekday: the most recent such day on or before ``base`` (news reports the
    past; "Thursday" in a Thursday article is today), or on/after it when the clause
    is future. "last X": strictly before; "next X"/"this coming X": strictly after.
    """
    back = (base.weekday() - weekday) % 7
    ahead = (weekday - base.weekday()) % 7
    if when in {"last", "this past"}:
        return base - timedelta(days=back or 7)
    if when in {"next", "this coming"}:
        return base + timedelta(days=ahead or 7)
    if tense == "future":
        return base + timedelta(days=ahead)
    return base - timedelta(days=back)


def _month_year(month: int, base: date, tense: Tense) -> int:
    """The year of a bare month name: this month or the latest past one, as for days."""
    if month == base.month:
        return base.year
    return year_for(month, 1, base, tense).year


def _weekday_year(month: int, dom: int, weekday: int, base: date) -> date | None:
    """The year near ``base`` in which month/day falls on ``weekday`` ("Saturday, April 25")."""
    fits = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            day = date(year, month, dom)
        except ValueError:
            continue
        if day.weekday() == weekday:
            fits.append(day)
    return min(fits, key=lambda d: abs((d - base).days), default=None)


def _explicit_day(m: re.Match[str], base: date | None, tense: Tense) -> Resolved:
    month, dom = MONTHS[m["month"]], int(m["day"])
    if m["year"]:
        try:
            return format_value(date(int(m["year"]), month, dom), "day"), "day"
        except ValueError:
            return UNRESOLVED
    if base is None:
        return UNRESOLVED
    day = None
    if m["weekday"]:  # the weekday pins the year: trust it over tense and distance
        day = _weekday_year(month, dom, WEEKDAYS[m["weekday"]], base)
    day = day or year_for(month, dom, base, tense)
    return (format_value(day, "day"), "day") if day else UNRESOLVED


def _month_only(m: re.Match[str], base: date | None, tense: Tense) -> Resolved:
    if base is None:
        return UNRESOLVED
    month, mod = MONTHS[m["month"]], m["mod"]
    if mod == "last":
        year = base.year if month < base.month else base.year - 1
    elif mod == "next":
        year = base.year if month > base.month else base.year + 1
    elif mod == "this":
        year = base.year
    else:
        year = _month_year(month, base, tense)
    return f"{year}-{month:02d}", "month"


def _relative_unit(when: str, unit: str, base: date) -> Resolved:
    shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(when, 0)
    if unit in {"week", "weekend"}:
        return format_value(base + timedelta(weeks=shift), "week"), "week"
    if unit == "month":
        return format_value(add_months(base, shift), "month"), "month"
    return str(base.year + shift), "year"


def _ago(num: str, unit: str, base: date) -> Resolved:
    n = int(num) if num.isdigit() else NUMBERS[num]
    if unit == "day":
        return format_value(base - timedelta(days=n), "day"), "day"
    if unit == "week":
        return format_value(base - timedelta(weeks=n), "week"), "week"
    if unit == "month":
        return format_value(add_months(base, -n), "month"), "month"
    return str(base.year - n), "year"


def _day_word(word: str, base: date) -> Resolved:
    offset = next((v for k, v in _DAY_WORD_OFFSET.items() if word.startswith(k)), 0)
    return format_value(base + timedelta(days=offset), "day"), "day"


def _word_year(m: re.Match[str]) -> str:
    """'nineteen ninety-six' -> '1996'; 'the year two thousand' -> '2000'."""
    if m["century"]:
        century = 1900 if m["century"] == "nineteen" else 2000
        return str(century + _TENS[m["tens"]] + _UNITS.get(m["unit"] or "", 0))
    return str(2000 + _UNITS.get(m["unit2"] or "", 0))


def _month_rel_year(m: re.Match[str], base: date) -> Resolved:
    """'June last year' -> 2023-06; 'May 3 next year' -> 2025-05-03."""
    year = base.year + {"last": -1, "this": 0, "next": 1}[m["rel"]]
    month = MONTHS[m["month"]]
    if not m["day"]:
        return f"{year}-{month:02d}", "month"
    try:
        return format_value(date(year, month, int(m["day"])), "day"), "day"
    except ValueError:
        return UNRESOLVED


def _absolute(t: str, base: date | None, tense: Tense) -> Resolved | None:
    """Forms that name a calendar date (possibly without its year); None if no match."""
    if m := _ISO.fullmatch(t):
        precision = "day" if m["d"] else "month"
        return (t, precision) if parse_base(t + ("" if m["d"] else "-01")) else UNRESOLVED
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        if m := pattern.fullmatch(t):
            return _explicit_day(m, base, tense)
    if m := _MONTH_YEAR.fullmatch(t):
        return f"{m['year']}-{MONTHS[m['month']]:02d}", "month"
    if m := _YEAR_ONLY.fullmatch(t):
        return m["year"], "year"
    if m := _MONTH_ONLY.fullmatch(t):
        return _month_only(m, base, tense)
    if m := _WORD_YEAR.fullmatch(t):
        return _word_year(m), "year"
    return None


def _relative(t: str, base: date, tense: Tense) -> Resolved | None:
    """Forms relative to the publication date; None if no match."""
    if m := _DAY_WORD.fullmatch(t):
        return _day_word(m["word"], base)
    if m := _WEEKDAY_ONLY.fullmatch(t):
        return format_value(
            weekday_date(WEEKDAYS[m["weekday"]], base, m["when"], tense), "day"
        ), "day"
    if m := _AGO.fullmatch(t):
        return _ago(m["num"], m["unit"], base)
    if m := _MONTH_REL_YEAR.fullmatch(t):
        return _month_rel_year(m, base)
    if m := _RELATIVE_UNIT.fullmatch(_LOOSE_EDGE.sub("", t)):
        if m["when"] in {"past", "coming"} and m["unit"] != "weekend":
            return UNRESOLVED  # "the past week" is a span ending now, not a week
        return _relative_unit(m["when"].split()[-1], m["unit"], base)
    if t == "the weekend":  # the latest one, or the coming one in a future clause
        saturday = weekday_date(5, base, None, tense)
        return format_value(saturday, "week"), "week"
    if _PART_OF_UNIT.fullmatch(t):
        unit = t.rsplit(" ", 1)[-1]
        return format_value(base, unit), unit
    return None


def _dateparser(text: str, base: date | None) -> Resolved:
    """Fallback for numeric layouts ("06/13/2024"); only fully dated strings are accepted."""
    if base is None and not re.search(r"\d{4}", text):
        return UNRESOLVED
    from dateparser.date import DateDataParser  # slow import, rarely needed

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None:
        return UNRESOLVED
    return format_value(data.date_obj.date(), "day"), "day"


def _structured(t: str, base: date | None, tense: Tense) -> Resolved | None:
    """Whole-expression match against the hand grammar; None when no form matches."""
    if (found := _absolute(t, base, tense)) is not None:
        return found
    return _relative(t, base, tense) if base is not None else None


def _variants(t: str) -> list[str]:
    """The expression, then without hedges/fillers ('just last month' -> 'last month')."""
    stripped = _HEDGE.sub("", re.sub(r"\s+or so\b", "", t))
    return [t] if stripped == t else [t, stripped]


def _inner(t: str, base: date | None, tense: Tense) -> Resolved:
    """The longest (then leftmost) run of words that is itself a date.

    spaCy DATE spans often wrap a date: "the quarter ended Sept. 30", "d'etat last
    year", "Aug. 26 to Oct. 20" (a range: its start), "10 a.m. Thursday".
    """
    words = t.split()
    clock = bool(_CLOCK.search(t))
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start : start + size]).strip(" ,.;:-")
            if part in {"", "may", "march"}:  # alone inside a span, more likely verbs
                continue
            found = _structured(part, base, tense)
            if found is None or found[0] is None or (clock and found[1] == "year"):
                continue
            return found
    return UNRESOLVED


@lru_cache(maxsize=65536)
def resolve_date(text: str, base: str | None, *, tense: Tense = None) -> Resolved:
    """Resolve a DATE/TIME expression against the publication date ``base``.

    In: ``text`` as it appears ("Thursday", "13 June 2024", "last week"); ``base`` an
    ISO date/datetime or None; ``tense`` "past"/"future" when the clause says which
    way a bare weekday, month or month/day points (None: weekdays look back, months
    and days take the latest past occurrence unless the next is within a month).
    Out: ``(value, precision)`` e.g. ``("2024-06-13", "day")``, ``("2024-W23",
    "week")``, ``("2024-06", "month")``, ``("2024", "year")``; ``(None, None)`` when
    unresolvable (durations, vague or anaphoric spans), or relative with no ``base``.
    """
    if not isinstance(text, str) or not text.strip():
        return UNRESOLVED
    try:
        value, precision = _resolve(normalise(text), base, tense)
    except (OverflowError, ValueError):  # a base near year 1 or 9999 has no neighbour day
        return UNRESOLVED
    if value is not None and value_span(value) is None:  # "10000": past the calendar
        return UNRESOLVED
    return value, precision


def _resolve(t: str, base: str | None, tense: Tense) -> Resolved:
    """:func:`resolve_date` on normalised text (may raise OverflowError at 1-01-01/9999)."""
    base_day = parse_base(base)
    if m := _ENDED.search(t):  # "the six months ended Oct. 1": the period's end date
        ended = "past" if m[0].startswith(("ended", "that", "which")) else tense
        return resolve_date(m["end"], base, tense=ended)
    if _SPAN.search(t) or _ANAPHORIC.search(t):
        return UNRESOLVED
    for candidate in _variants(t):
        if (found := _structured(candidate, base_day, tense)) is not None:
            return found
    if re.fullmatch(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}", t):
        return _dateparser(t, base_day)
    return _inner(t, base_day, tense)


def resolve_mentions(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Fill ``resolved``/``precision`` on DATE and TIME mention rows.

    In: a MENTIONS frame and a DOCUMENTS frame (at least ``doc_id``, ``date``).
    Out: a copy of ``mentions`` with ``resolved``/``precision`` set on DATE/TIME rows
    (other rows untouched). Resolution is cached per (text, publication date).
    """
    out = mentions.copy()
    for col in ("resolved", "precision"):
        if col not in out.columns:
            out[col] = pd.Series([pd.NA] * len(out), dtype="string", index=out.index)
    if out.empty:
        return out
    dates = documents.drop_duplicates("doc_id").set_index("doc_id")["date"]
    is_date = out["label"].isin(["DATE", "TIME"]).fillna(False).astype(bool)
    rows = out.loc[is_date, ["text", "doc_id"]]
    bases = rows["doc_id"].map(dates).astype(object).where(lambda s: s.notna(), None)
    results = [resolve_date(str(t), b) for t, b in zip(rows["text"], bases, strict=True)]
    out.loc[is_date, "resolved"] = pd.array([r[0] for r in results], dtype="string")
    out.loc[is_date, "precision"] = pd.array([r[1] for r in results], dtype="string")
    out["resolved"] = out["resolved"].astype("string")
    out["precision"] = out["precision"].astype("string")
    return out


@lru_cache(maxsize=1 << 16)  # a corpus has few distinct values and charts ask per row
def value_span(value: str | None) -> tuple[date, date] | None:
    """An ISO value at any precision -> (first day, last day) it covers; None if invalid.

    "2024-06-13" -> (13 Jun, 13 Jun); "2024-W23" -> (Mon 3 Jun, Sun 9 Jun);
    "2024-06" -> (1 Jun, 30 Jun); "2024" -> (1 Jan, 31 Dec).
    """
    text = value.strip() if isinstance(value, str) else ""
    try:
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", text):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + timedelta(days=6)
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 1, 1), date(int(text), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            start = date.fromisoformat(text + "-01")
            return start, add_months(start, 1) - timedelta(days=1)
        day = date.fromisoformat(text[:10])
        return day, day
    except ValueError:
        return None


# ---------------------------------------------------------------- publication dates
#
# The date a document was published, read from its metadata (front matter, a CSV/JSON
# field, a manifest, HTML meta tags). In: whatever a feed wrote. Out: an ISO date
# ("2016-12-07") or datetime ("2016-12-07T16:58:00", the publisher's wall-clock time:
# a zone or offset is read and dropped, because the day of publication is the local
# day), or None when the text names no full calendar date.
#
# Supported (each has a unit test in tests/analysis/test_pubdates.py):
#   ISO 8601, with or without zone ("2016-12-07", "2016-12-07T16:58:00-05:00", "...Z",
#   "20161207T165800Z"); RFC 2822 ("Wed, 07 Dec 2016 16:58:00 -0500", "... GMT");
#   "Wed Nov 23, 2016 | 4:58pm EST"; "7 December 2016 GMT" and "D Month YYYY TZ";
#   "June 13, 2024"; "26-FEB-1987 15:01:01.79" (Reuters); numeric "03/04/2016",
#   "03.04.2016", "03-04-2016" read day-first or month-first as decided for the whole
#   corpus by :func:`corpus_dayfirst`.
# Time-zone names are dropped before parsing (not converted, see above); the list is
# the abbreviations English-language wires and papers print in datelines.

#: Time-zone abbreviations removed before parsing (US, UK/Europe, Asia-Pacific, military Z).
ZONE_NAMES: frozenset[str] = frozenset({
    "UT", "UTC", "GMT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT",
    "AKST", "AKDT", "HST", "ET", "CT", "MT", "PT", "BST", "IST", "WET", "WEST", "CET",
    "CEST", "EET", "EEST", "MSK", "JST", "KST", "HKT", "SGT", "PHT", "ICT", "WIB",
    "AEST", "AEDT", "ACST", "ACDT", "AWST", "NZST", "NZDT",
})  # fmt: skip
_ZONE = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(sorted(ZONE_NAMES, key=len, reverse=True)) + r")"
    r"(?:\s*[+-]\d{1,2}(?::?\d{2})?)?(?![A-Za-z])"
)
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?!\d)")
_SEPARATORS = re.compile(r"\s*[|•·]\s*|\s+-{1,2}\s+")


def corpus_dayfirst(values: list[object]) -> bool:
    """Whether the corpus's numeric dates ("03/04/2016") are day-first, from its own data.

    In: every raw publication-date value of one corpus. A numeric date whose first
    number is above 12 ("13/04/2016") can only be day-first, one whose second number is
    above 12 ("04/13/2016") only month-first; the side with more such unambiguous dates
    wins and then applies to the ambiguous ones ("03/04/2016") of every document.
    Out: True for day-first; False (month-first, the US wires' order) on a tie or when
    the corpus has no unambiguous numeric date.
    """
    day_first = month_first = 0
    for value in values:
        if not isinstance(value, str):
            continue
        m = _NUMERIC_DATE.match(value)
        if m is None:
            continue
        first, second = int(m[1]), int(m[2])
        day_first += first > 12 and second <= 12
        month_first += second > 12 and first <= 12
    return day_first > month_first


def parse_publication_date(value: object, *, dayfirst: bool = False) -> str | None:
    """An ISO date or datetime for a publication-date ``value``, or None (see above).

    ``value`` may be a string, a date or a datetime; ``dayfirst`` (from
    :func:`corpus_dayfirst`) orders the two numbers of an ambiguous numeric date.
    Any calendar year 1-9999 is kept: plausibility is judged by :func:`date_flag`.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return _iso_text(value, has_time=bool(value.hour or value.minute or value.second))
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    if not text or len(text) > 80:
        return None
    try:
        return _iso_text(datetime.fromisoformat(text), has_time=len(text) > 10)
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:  # RFC 2822 ("Wed, 07 Dec 2016 16:58:00 -0500"), as in RSS <pubDate>
        return _iso_text(parsedate_to_datetime(text), has_time=True)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return _free_text_date(text, dayfirst=dayfirst)


def _free_text_date(text: str, *, dayfirst: bool) -> str | None:
    """dateutil on ``text`` without zone names and separators; None unless the text gives
    a year, a month and a day."""
    from dateutil import parser as dateutil_parser

    cleaned = _ZONE.sub(" ", _SEPARATORS.sub(" ", text))
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,;")
    if not cleaned:
        return None
    try:  # dateutil fills what the text lacks from ``default``: two defaults that differ
        # in year, month and day show whether the text gave all three
        parsed = dateutil_parser.parse(cleaned, default=datetime(1, 1, 1), dayfirst=dayfirst)
        again = dateutil_parser.parse(cleaned, default=datetime(2, 2, 2), dayfirst=dayfirst)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.date() != again.date():
        return None  # no year, month or day in the text ("June 2016"): undated, not invented
    return _iso_text(parsed, has_time=":" in cleaned)


def _iso_text(value: datetime, *, has_time: bool) -> str:
    if not has_time:
        return value.date().isoformat()
    return value.replace(tzinfo=None, microsecond=0).isoformat()


# ---------------------------------------------------------------- plausible window

#: Environment variables that move the plausible publication window (ISO dates).
PLAUSIBLE_FROM_ENV = "NEWSLENS_DATES_FROM"
PLAUSIBLE_TO_ENV = "NEWSLENS_DATES_TO"
#: Default first plausible publication day: no corpus of digitised news NewsLens targets
#: predates 1900; an earlier date is far more often a typo or a placeholder (0001-01-01).
PLAUSIBLE_FROM = date(1900, 1, 1)
#: Default last plausible publication day: one year after today (scheduled embargoes and
#: clock skew, not 9999-12-31 placeholders).
PLAUSIBLE_AHEAD_DAYS = 366

#: Values of the documents table's ``date_flag`` column (analysis.schema.DOCUMENTS).
DATE_FLAGS: dict[str, str] = {
    "missing": "the input gave no publication date",
    "unreadable": "a publication date was given but could not be read; left undated",
    "implausible": "the date was read but lies outside the plausible window; kept, "
    "but never used to set a chart's range",
}


def plausible_window(
    today: date | None = None, environ: dict[str, str] | None = None
) -> tuple[date, date]:
    """(first, last) plausible publication day: $NEWSLENS_DATES_FROM / _TO when set
    (ISO dates), else 1900-01-01 and one year after ``today``."""
    env = os.environ if environ is None else environ
    today = today or date.today()
    first, last = PLAUSIBLE_FROM, today + timedelta(days=PLAUSIBLE_AHEAD_DAYS)
    for name in (PLAUSIBLE_FROM_ENV, PLAUSIBLE_TO_ENV):
        raw = env.get(name, "").strip()
        if not raw:
            continue
        try:
            given = date.fromisoformat(raw)
        except ValueError:
            continue  # a malformed setting keeps the default rather than stopping builds
        first, last = (given, last) if name == PLAUSIBLE_FROM_ENV else (first, given)
    return first, last


def date_flag(raw: object, iso: str | None, window: tuple[date, date]) -> str | None:
    """The ``date_flag`` of a document (a key of :data:`DATE_FLAGS`) or None when fine.

    In: the raw date value as given, the ISO text :func:`parse_publication_date` made of
    it, and the plausible window.
    """
    if iso is None:
        given = raw is not None and raw is not pd.NA and str(raw).strip() not in ("", "nan")
        return "unreadable" if given else "missing"
    day = parse_base(iso)
    if day is None or not window[0] <= day <= window[1]:
        return "implausible"
    return None


def date_problems(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents whose publication date is flagged, for the Corpus page's list.

    In: a DOCUMENTS table. Out: one row per flagged document, in corpus order, with
    columns path, title, date_raw (as given), date (as read, if any), problem (the
    flag) and meaning (its sentence from :data:`DATE_FLAGS`).
    """
    columns = ["path", "title", "date_raw", "date", "problem", "meaning"]
    if "date_flag" not in documents.columns:
        return pd.DataFrame({c: pd.Series([], dtype="string") for c in columns})
    flagged = documents[documents["date_flag"].notna()]
    out = flagged[["path", "title", "date_raw", "date"]].assign(
        problem=flagged["date_flag"], meaning=flagged["date_flag"].map(DATE_FLAGS)
    )
    return out[columns].reset_index(drop=True).astype("string")


def date_problem_counts(documents: pd.DataFrame) -> dict[str, int]:
    """How many documents carry each ``date_flag`` (every key of DATE_FLAGS, zeros too)."""
    counts = dict.fromkeys(DATE_FLAGS, 0)
    if "date_flag" in documents.columns:
        for flag, n in documents["date_flag"].value_counts().items():
            counts[str(flag)] = int(n)
    return counts


def date_banner(documents: pd.DataFrame) -> str | None:
    """One line counting the documents with a date problem, or None when there is none.

    "3 documents have no readable publication date (1 missing, 2 unreadable): relative
    dates in them stay unresolved; 1 document has a publication date outside the
    plausible window (kept, not used for chart ranges)."
    """
    n = date_problem_counts(documents)
    unread = n["missing"] + n["unreadable"]
    parts = []
    if unread:
        parts.append(
            f"{_documents_have(unread)} no readable publication date ({n['missing']:,} "
            f"missing, {n['unreadable']:,} unreadable): relative dates in them stay unresolved"
        )
    if n["implausible"]:
        parts.append(
            f"{_documents_have(n['implausible'])} a publication date outside the plausible "
            "window (kept, not used for chart ranges)"
        )
    return "; ".join(parts) + "." if parts else None


def _documents_have(count: int) -> str:
    return f"{count:,} document has" if count == 1 else f"{count:,} documents have"
