"""Per-error-class breakdown of country mapping errors (used by country_eval.py).

A gold toponym that :mod:`analysis.teams` reads as a national team ("England" in a
cricket report) maps to no country by design; the CoNLL testa gold (AIDA links a team to
its nation) counts it as the nation, so it is a class of its own.

Each error is put in the first class whose test it passes, in the order of
:data:`CLASSES` (the classes of issue 18). The tests read only the mapped mentions,
the article text and the gazetteer -- never the gold set beyond the gold country:

* mention errors: a gold toponym detected as a place but mapped to another country
  or none;
* false positives: a country an article is counted for that its gold set lacks (the
  class of the first of its mentions that has one, else "not a gold place");
* false negatives: a gold country the article is not counted for ("not detected" when
  none of its toponyms is found as a place, "too weak" when they map right but below
  the confidence threshold).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

import pandas as pd

from analysis.countries import PLACE_LABELS
from analysis.countries.lexicon import disputed_regions, world_regions

# A title before a name ("Sen. Jackson", "Coach Hamilton"): the one the person_places rule
# reads (role words of analysis/data/role_words.txt and forms of address), so the
# benchmark's person/place class and the app's rule agree on what a title is.
from analysis.countries.pass_words import _TITLE_BEFORE
from analysis.gazetteer import candidates
from analysis.geo_sources import country_name
from analysis.place_spelling import normalise
from analysis.teams import TEAM_RULE

#: (id, title) of each error class, in the order they are tested.
CLASSES: tuple[tuple[str, str], ...] = (
    ("national_team", "national team left unmapped (analysis.teams, by design)"),
    ("home_default", "home default applied to a story about elsewhere"),
    ("org_place", "place inside an organisation name"),
    ("person_place", "person/place confusion"),
    ("region", "continent/region mapped to a country"),
    ("disputed", "disputed region"),
    ("qualifier", "qualifier ignored"),
    ("historic", "historic/alternative name"),
    ("swallowed", "country swallowed by another name"),
    ("unmapped", "place left unmapped"),
    ("other", "other"),
)
EXTRA = (("not_gold", "not a gold place (FP)"), ("undetected", "not detected (FN)"),
         ("weak", "mapped right but too weak (FN)"))  # fmt: skip

_QUALIFIER = re.compile(r",\s*[A-Z]")


def classify(row: Mapping, text: str, others: pd.DataFrame, gold: str | None) -> str | None:
    """The class of one wrongly mapped mention ``row`` (start, end, text, label, rule,
    iso3) of an article ``text`` whose other mentions are ``others``; None when no
    test holds (the caller decides: "other" or "not a gold place")."""
    start, end = int(row["start"]), int(row["end"])
    surface = str(row["text"])
    key = normalise(surface)
    if pd.notna(row["rule"]) and row["rule"] == TEAM_RULE:
        return "national_team"  # a country's side, not its place: mapped to none on purpose
    if pd.notna(row["rule"]) and row["rule"] in ("source", "register"):
        return "home_default"
    around = others[(others["start"] <= start) & (others["end"] >= end)]
    around = around[(around["start"] != start) | (around["end"] != end)]
    if (~around["label"].isin([*PLACE_LABELS, "PERSON"])).any():
        return "org_place"
    near = others[(others["start"] <= end + 1) & (others["end"] >= start - 1)]
    if (near["label"] == "PERSON").any() or _TITLE_BEFORE.search(text, max(0, start - 12), start):
        return "person_place"
    if _in_regions(key):
        return "region"
    if key in disputed_regions():
        return "disputed"
    if gold is not None and _QUALIFIER.match(text, end):
        return "qualifier"
    if any(c.alias for c in candidates(surface)):
        return "historic"
    if gold is not None and pd.notna(row["iso3"]) and _swallowed(str(row["iso3"]), gold):
        return "swallowed"
    if gold is not None and pd.isna(row["iso3"]):
        return "unmapped"
    return None


def _in_regions(key: str) -> bool:
    return key in world_regions() or any(key.endswith(" " + r) for r in ("America", "Asia"))


def _swallowed(predicted: str, gold: str) -> bool:
    """Whether one country's name holds the other's ("Guinea" / "Guinea-Bissau")."""
    a, b = country_name(predicted), country_name(gold)
    return a != b and (a in b or b in a)


def breakdown(
    toponyms: Mapping[str, list],
    texts: Mapping[str, str],
    mapped: pd.DataFrame,
    gold: Mapping[str, set[str]],
    predicted: Mapping[str, set[str]],
) -> dict[str, Counter]:
    """{"mentions": Counter, "false_pos": Counter, "false_neg": Counter} of classes, and
    "list": each error as [kind, class, doc_id, country, what] (``--list-errors``).

    ``toponyms``: doc_id -> gold toponyms (start, end, iso3); ``mapped``: every mention
    of the articles after mapping (places and others); ``gold``/``predicted``: doc_id
    -> country sets as scored.
    """  # fmt: skip
    out = {"mentions": Counter(), "false_pos": Counter(), "false_neg": Counter()}
    listed: list[list[str]] = []
    by_doc = {d: g for d, g in mapped.groupby("doc_id", sort=False)}
    empty = mapped.iloc[0:0]
    for doc_id, gold_set in gold.items():
        doc = by_doc.get(doc_id, empty)
        places = doc[doc["label"].isin(PLACE_LABELS)]
        wrong, right = _mention_errors(toponyms.get(doc_id, []), texts[doc_id], doc, places)
        for top, cls in wrong.items():
            out["mentions"][cls] += 1
            listed.append(["mention", cls, doc_id, top.iso3, _said(places, top)])
        for country in sorted(predicted.get(doc_id, set()) - gold_set):
            cls = _false_positive(country, texts[doc_id], doc, places, wrong)
            out["false_pos"][cls] += 1
            listed.append(["FP", cls, doc_id, country, _mapped_to(places, country)])
        for country in sorted(gold_set - predicted.get(doc_id, set())):
            tops = [t for t in toponyms.get(doc_id, []) if t.iso3 == country]
            classes = [wrong[t] for t in tops if t in wrong]
            cls = classes[0] if classes else ("weak" if any(t in right for t in tops)
                                              else "undetected")  # fmt: skip
            out["false_neg"][cls] += 1
            listed.append(["FN", cls, doc_id, country, "; ".join(t.phrase for t in tops)])
    return {**out, "list": listed}


def _said(places: pd.DataFrame, top) -> str:
    """'phrase -> ISO3 (rule, label)' of the place mention over gold toponym ``top``."""
    row = places[(places["start"] < top.end) & (places["end"] > top.start)].iloc[0]
    return f"{top.phrase} -> {row['iso3']} ({row['rule']}, {row['label']})"


def _mapped_to(places: pd.DataFrame, country: str) -> str:
    """The mentions mapped to ``country``: 'text (rule, label)', joined."""
    rows = places[places["iso3"] == country]
    return "; ".join(f"{t} ({r}, {lab})" for t, r, lab in
                     zip(rows["text"], rows["rule"], rows["label"], strict=True))  # fmt: skip


def _mention_errors(
    toponyms: Iterable, text: str, doc: pd.DataFrame, places: pd.DataFrame
) -> tuple[dict, set]:
    """(gold toponym -> class of its wrong mapping, toponyms mapped right)."""
    wrong, right = {}, set()
    for top in toponyms:
        hits = places[(places["start"] < top.end) & (places["end"] > top.start)]
        if hits.empty:
            continue
        row = hits.iloc[0]
        if pd.notna(row["iso3"]) and row["iso3"] == top.iso3:
            right.add(top)
        else:
            wrong[top] = classify(row, text, doc, top.iso3) or "other"
    return wrong, right


def _false_positive(
    country: str, text: str, doc: pd.DataFrame, places: pd.DataFrame, wrong: dict
) -> str:
    """The class of a country an article is wrongly counted for."""
    for top, cls in wrong.items():
        hits = places[(places["start"] < top.end) & (places["end"] > top.start)]
        if (hits["iso3"] == country).any():
            return cls
    for _, row in places[places["iso3"] == country].iterrows():
        cls = classify(row, text, doc, None)
        if cls is not None:
            return cls
    return "not_gold"


def table(halves: Mapping[str, Mapping[str, Counter]]) -> str:
    """A Markdown table: one row per class, mention errors / FP / FN per half."""
    head = "| error class | " + " | ".join(
        f"{h} mentions | {h} FP | {h} FN" for h in halves) + " |"  # fmt: skip
    lines = [head, "|" + " --- |" * (1 + 3 * len(halves))]
    for cls, title in (*CLASSES, *EXTRA):
        cells = [str(c[k].get(cls, 0)) for c in halves.values()
                 for k in ("mentions", "false_pos", "false_neg")]  # fmt: skip
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
