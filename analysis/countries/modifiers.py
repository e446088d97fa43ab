"""Text context around a mention: a demonym modifying a food or culture word ("French
fries") names no country; a country name written as a hometown ("a Lebanon woman") is
its namesake town.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.countries.lexicon import _CULTURE_NOUNS
from analysis.countries.rules import REGISTER_RULE
from analysis.gazetteer import (
    candidates,
    town_candidates,
)

#: "<demonym> [adjective] <culture noun>" right after the mention.
_MODIFIES = re.compile(rf"^(?:-style\b|[-\s]+(?:[a-z]+\s+)?(?:{_CULTURE_NOUNS})\b)", re.IGNORECASE)


#: A language read by its demonym: "taught in Spanish", "speaks French".
_LANGUAGE_BEFORE = re.compile(
    r"\b(?:in|speaks?|spoke|speaking|learn|learning|learned|teach|teaches|taught|fluent\s+in|"
    r"translated\s+(?:in)?to|subtitled\s+in)\s+$",
    re.IGNORECASE,
)


def _offsets(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``rows``' start and end offsets as int arrays (0 where unknown) and the mask of
    rows that have both: a mention without offsets (a user alias, a hand-made row) has no
    text around it to read, so the readers below skip it instead of failing."""
    start = pd.to_numeric(rows["start"], errors="coerce")
    end = pd.to_numeric(rows["end"], errors="coerce")
    placed = (start.notna() & end.notna()).to_numpy()
    return (start.fillna(0).to_numpy(dtype="int64"), end.fillna(0).to_numpy(dtype="int64"),
            placed)  # fmt: skip


def _demonym_modifiers(
    rows: pd.DataFrame, rule: np.ndarray, texts: Mapping[str, str]
) -> np.ndarray:
    """Boolean mask of demonym rows that modify a culture word or name a language, and
    of any place row that names a style ("a Jordan Valley-style clinic", "Texas-style")."""
    mask = np.zeros(len(rows), dtype=bool)
    doc_ids = rows["doc_id"].to_numpy(dtype=object)
    styled = {d for d in pd.unique(doc_ids) if "-style" in texts.get(d, "")}
    demonym = rule == "demonym"
    starts, ends, placed = _offsets(rows)
    picked = demonym | (pd.notna(rule) & np.isin(doc_ids, list(styled)))
    for i in np.flatnonzero(picked & placed):
        text = texts.get(doc_ids[i])
        if text is None:
            continue
        start, end = starts[i], ends[i]
        after = text[end : end + 30]
        if rule[i] != "demonym":
            mask[i] = after.startswith("-style")
            continue
        before = text[max(0, start - 25) : start]
        mask[i] = bool(_MODIFIES.match(after) or _LANGUAGE_BEFORE.search(before))
    return mask


#: A country or city name used as a hometown: "a Lebanon woman", "the Jordan boys",
#: "Paris High School".
_HOMETOWN_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:residents?|man|woman|men|women|boys?|girls?|teens?|couple|family|"
    r"High\s+School|City\s+Council|Township|Borough|Village\s+Board)\b"
)


def _hometown_names(
    rows: pd.DataFrame,
    iso3: np.ndarray,
    rule: np.ndarray,
    texts: Mapping[str, str],
    *,
    lone_towns: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """A country or city name written as a hometown ("a Lebanon woman", "Paris High
    School") is the namesake town or city in another country the document names; failing
    that a country name is its namesake town where all of them are in one country
    ("Lebanon": only US towns), else nothing (people are "Lebanese"); a city stays
    itself."""
    iso3, rule = iso3.copy(), rule.copy()
    docs = rows["doc_id"].to_numpy(dtype=object)
    forms = rows["text"].to_numpy(dtype=object)
    _, ends, placed = _offsets(rows)
    hometowns = {
        (docs[i], forms[i], rule[i])
        for i in np.flatnonzero(np.isin(rule, ["name", "city", "capital", REGISTER_RULE]) & placed)
        if docs[i] in texts and _HOMETOWN_AFTER.match(texts[docs[i]][ends[i] : ends[i] + 25])
    }
    for doc, surface, reading in hometowns:
        # One sense per document: every mention of that name is the town.
        same = (docs == doc) & (forms == surface)
        named = set(iso3[(docs == doc) & ~same]) - set(iso3[same])
        namesakes = [
            c
            for c in (*candidates(surface), *town_candidates(surface))
            if c.rule in ("city", "capital", "town") and c.iso3 in named
        ]
        best = max(namesakes, key=lambda c: c.population, default=None)
        towns = town_candidates(surface) if reading == "name" and lone_towns else ()
        if best is None and len({c.iso3 for c in towns}) == 1 and not towns[0].needs_context:
            best = towns[0]  # every town of that name is in one country ("Lebanon": US)
        if best is not None:
            iso3[same], rule[same] = best.iso3, best.rule
        elif reading == "name":  # "a Lebanon woman" is not the country; a city may be
            iso3[same], rule[same] = None, None
    return iso3, rule
