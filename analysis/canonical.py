"""Canonical names: the name a mention stands for, per document and across case variants.

* :func:`normalize_surface`: a surface form -> its name (whitespace, quotes, edge
  punctuation, a leading determiner, a trailing possessive, dotted acronyms).
* :func:`canonicalize` (build time, one document at a time, so cached per-document
  results stay valid): fills ``canonical`` and merges, within a document, surnames into
  full names, place heads into the one place they open, acronyms into long forms and
  ALL-CAPS variants into their normal form.
* :func:`merge_case_variants` (corpus time): 'TEHRAN' -> 'Tehran' across the corpus.

Split from :mod:`analysis.entities` (the clean-up of model mentions), which uses
:func:`normalize_surface` and :func:`place_label` from here.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis import schema
from analysis.place_names import place_reading as _place_reading

# --------------------------------------------------------------------------- surfaces

#: a leading article ("the Operation True Promise"), dropped from names
DETERMINER = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`\u201e"
_EDGE_PUNCT = _QUOTES + " \t\r\n.,;:!?()[]{}<>-\u2013\u2014*_/|#"
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def normalize_surface(text: str) -> str:
    """A mention's surface form -> the name it stands for.

    Collapses whitespace, drops quotes, surrounding punctuation, a leading
    determiner ("the Operation True Promise" -> "Operation True Promise") and a
    trailing possessive ("Iran's" -> "Iran"); dotted acronyms lose their dots
    ("U.N." -> "UN"). Returns "" when nothing name-like is left.
    """
    name = _SPACES.sub(" ", text).strip()
    for _ in range(3):  # edges can nest: '"the UN\'s"'
        before = name
        name = name.strip(_EDGE_PUNCT)
        name = _POSSESSIVE.sub("", name)
        name = DETERMINER.sub("", name)
        if name == before:
            break
    name = "".join(ch for ch in name if ch not in _QUOTES or ch == "'")
    if _DOTTED_ACRONYM.match(name + "." if not name.endswith(".") else name):
        name = name.replace(".", "")
    return name.strip()


def place_label(text: str) -> str | None:
    """GPE for a known country/city/state, NORP for a demonym, else None."""
    reading = _place_reading(text)
    if reading is None:
        return None
    return "NORP" if reading.rule == "demonym" else "GPE"


# --------------------------------------------------------------------------- canonical names

#: an acronym as written ("UN", "AT&T"), joined to its expansion by its initials
#: an acronym as written ("UN", "AT&T"), joined to its expansion by its initials
ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
#: labels whose names may be written as an acronym (people's initials are not joined)
ACRONYM_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"})
_INITIAL_SKIP = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "on",
        "in",
        "de",
        "du",
        "la",
        "le",
        "des",
        "del",
        "di",
        "da",
        "&",
        "to",
        "at",
    ]
)


def initials(name: str) -> str:
    """'United Nations' -> 'UN', 'Organization of the Petroleum ...' -> 'OP...'."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _INITIAL_SKIP]
    return "".join(w[0] for w in words if w[0].isalpha()).upper() if len(words) > 1 else ""


def _tails(name: str) -> list[str]:
    """Proper word suffixes of a name: 'Abu Mahdi al-Muhandis' -> ['Mahdi al-Muhandis',
    'al-Muhandis']."""
    words = name.split(" ")
    return [" ".join(words[i:]) for i in range(1, len(words))]


def _short_forms(name: str) -> list[str]:
    """What a document may call a person it names in full: a word tail (:func:`_tails`)
    or the given name alone, if a capitalised word of 3+ letters ('Randall')."""
    first = name.split(" ", 1)[0]
    given = [first] if len(first) > 2 and first[0].isupper() and first.isalpha() else []
    return _tails(name) + given


def _surname_map(frame: pd.DataFrame) -> pd.DataFrame:
    """(doc_id, short, full): PERSON short names (surname, name tail or given name)
    naming exactly one full name in a doc."""
    people = frame.loc[frame["label"] == "PERSON", ["doc_id", "canonical"]].drop_duplicates()
    full = people[people["canonical"].str.contains(" ", regex=False)]
    tails = {name: _short_forms(name) for name in pd.unique(full["canonical"])}
    full = full.assign(short=full["canonical"].map(tails)).explode("short")
    full = full.rename(columns={"canonical": "full"}).dropna(subset=["short"])
    found = people.rename(columns={"canonical": "short"}).merge(full, on=["doc_id", "short"])
    unique = found.groupby(["doc_id", "short"])["full"].transform("nunique") == 1
    return found[unique].drop_duplicates()


def _place_head_map(frame: pd.DataFrame) -> pd.DataFrame:
    """(doc_id, short, full): a one-word place name, no place on its own, opening exactly
    one longer place name of the document ('South' for 'South Korea')."""
    places = frame.loc[frame["label"].isin(("GPE", "LOC")), ["doc_id", "canonical"]]
    places = places.drop_duplicates()
    multi = places["canonical"].str.contains(" ", regex=False)
    if not multi.any() or multi.all():
        return pd.DataFrame(columns=["doc_id", "short", "full"])
    full = places[multi].assign(short=places.loc[multi, "canonical"].str.split(" ").str[0])
    short = places[~multi].rename(columns={"canonical": "short"})
    short = short[short["short"].map(lambda w: place_label(w) is None)]
    found = short.merge(full.rename(columns={"canonical": "full"}), on=["doc_id", "short"])
    unique = found.groupby(["doc_id", "short"])["full"].transform("nunique") == 1
    return found[unique].drop_duplicates()


def _acronym_map(frame: pd.DataFrame) -> pd.DataFrame:
    """(doc_id, short, full): acronyms whose long form the same document spells out."""
    named = frame.loc[frame["label"].isin(ACRONYM_LABELS), ["doc_id", "canonical"]]
    named = named.drop_duplicates()
    short = named[named["canonical"].str.fullmatch(ACRONYM.pattern)]
    first_letters = {name: initials(name) for name in pd.unique(named["canonical"])}
    longs = named.assign(short=named["canonical"].map(first_letters))
    longs = longs[longs["short"].str.len() > 1].rename(columns={"canonical": "full"})
    found = short.rename(columns={"canonical": "short"}).merge(longs, on=["doc_id", "short"])
    unique = found.groupby(["doc_id", "short"])["full"].transform("nunique") == 1
    return found[unique].drop_duplicates()


def _caps_map(frame: pd.DataFrame) -> pd.DataFrame:
    """(doc_id, short, full): ALL-CAPS names ('JAPAN') also written normally ('Japan')."""
    names = frame[["doc_id", "canonical"]].assign(key=frame["canonical"].str.casefold())
    caps = names["canonical"].str.isupper() & (names["canonical"].str.len() > 3)
    shouted = names[caps].drop_duplicates()
    normal = names[~caps & names["canonical"].str.contains("[a-z]", regex=True)]
    normal = normal.merge(shouted[["doc_id", "key"]].drop_duplicates(), on=["doc_id", "key"])
    counts = normal.groupby(["doc_id", "key", "canonical"]).size().rename("n").reset_index()
    counts = counts.sort_values(["n", "canonical"], ascending=[False, True])
    best = counts.drop_duplicates(["doc_id", "key"]).rename(columns={"canonical": "full"})
    found = shouted.merge(best[["doc_id", "key", "full"]], on=["doc_id", "key"])
    return found.rename(columns={"canonical": "short"})[["doc_id", "short", "full"]]


def _apply_map(frame: pd.DataFrame, mapping: pd.DataFrame) -> pd.Series:
    """``frame.canonical`` with (doc_id, short) pairs replaced by ``full``."""
    if len(mapping) == 0:
        return frame["canonical"]
    keyed = frame[["doc_id", "canonical"]].merge(
        mapping, how="left", left_on=["doc_id", "canonical"], right_on=["doc_id", "short"]
    )
    return keyed["full"].fillna(keyed["canonical"]).set_axis(frame.index)


def canonicalize(mentions: pd.DataFrame) -> pd.DataFrame:
    """Fill ``canonical`` for every mention.

    In: MENTIONS rows (doc_id, text, label at least), any number of documents.
    Out: a copy with ``canonical`` = :func:`normalize_surface` of the text, then, within
    each document: an ALL-CAPS name written normally elsewhere takes that form
    ('JAPAN' -> 'Japan'); a PERSON surname or tail of exactly one full PERSON name
    becomes that name ('Baqeri' -> 'Ali Baqeri'), so does a given name alone
    ('Randall' -> 'Randall Cunningham') and a one-word place head that is no place on its
    own ('South' -> 'South Korea'); an acronym whose long form is named
    becomes it ('UN', 'U.N.' -> 'United Nations'); a mention the clean-up marked as a
    national team is named as one ('Japan' -> 'Japan national team'). Looks at one
    document at a time, so a document's canonical names do not depend on the rest of
    the corpus.
    """
    out = mentions.copy()
    if len(out) == 0:
        out["canonical"] = pd.Series([], dtype=schema.STR)
        return out
    texts = out["text"].astype(str)
    uniques = pd.unique(texts)
    lookup = dict(zip(uniques, map(normalize_surface, uniques), strict=True))
    out["canonical"] = texts.map(lookup).astype(schema.STR)
    for build in (_caps_map, _surname_map, _place_head_map, _acronym_map):
        out["canonical"] = _apply_map(out, build(out)).astype(schema.STR)
    return _name_teams(out)


def _name_teams(out: pd.DataFrame) -> pd.DataFrame:
    """Mentions the clean-up marked as a national team (:mod:`analysis.teams`) are named
    '<country> national team' ('Japan' -> 'Japan national team'), in place."""
    from analysis.teams import TEAM_RULE, team_name

    if "rule" not in out.columns:
        return out
    teams = (out["rule"] == TEAM_RULE).fillna(False).to_numpy(dtype=bool)
    if teams.any():
        named = out.loc[teams, "canonical"].map(lambda n: team_name(n) or n)
        out.loc[teams, "canonical"] = named.astype(schema.STR)
    return out


def merge_case_variants(mentions: pd.DataFrame) -> pd.DataFrame:
    """Read-time, corpus-wide: an ALL-CAPS canonical name ('TEHRAN', from a dateline)
    written normally anywhere in the corpus takes the most frequent normal form.

    In/out: MENTIONS (canonical filled); a copy, other columns untouched. Kept out of
    :func:`canonicalize` so cached per-document results never depend on the corpus.
    """
    if len(mentions) == 0:
        return mentions
    whole = mentions[["canonical"]].assign(doc_id="")
    mapping = _caps_map(whole.dropna(subset=["canonical"]))
    out = mentions.copy()
    out["canonical"] = _apply_map(whole, mapping).astype(mentions["canonical"].dtype).to_numpy()
    return out
