"""The gazetteer pass: places in a document's text that the model missed or mislabelled
(:func:`extra_place_mentions`, :func:`add_place_mentions`), found by the cues of
:mod:`analysis.countries.cues` and the gazetteer.
"""

from __future__ import annotations

import pandas as pd

from analysis import schema
from analysis.countries.cues import (
    _CAPITALISED,
    _METRO,
    _NAMED_AFTER_PLACES,
    _OVERRIDABLE,
    _PARTY_HOME,
    _SAME_NAME_LABELS,
    _cued_spans,
    _datelines,
    _inside_new_place,
    _is_party_home_of,
    _is_place,
    _party_homes,
    _person_words,
    _place_closing_name,
    _place_opening_name,
    _places_inside_name,
    _sentence_of,
    _standalone_country,
)
from analysis.countries.readings import _reading
from analysis.countries.register import local_register
from analysis.countries.rules import (
    DEFAULT_CUES,
    GAZETTEER_RULE,
    PLACE_LABELS,
    CountryRules,
    PlaceCues,
)
from analysis.entities import sentence_spans


def extra_place_mentions(
    text: str,
    mentions: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    cues: PlaceCues = DEFAULT_CUES,
) -> pd.DataFrame:
    """Places in one document's text that the model missed or mislabelled.

    In: the document text and its MENTIONS rows (after analysis.entities.clean_mentions);
    optionally its SENTENCES rows to number the sentence of a new span. A capitalised
    name is taken when the gazetteer knows it as a country, state, county, territory,
    city or town AND the text around it says it is a place: a dateline ("ROSWELL -"),
    a state after it ("Chapin, S.C."), a word before it ("in Chiefland", "of Roswell")
    or after it ("Gainesville residents"); or it opens an organisation named after it
    ("Gainesville Police Department" -> "Gainesville"). Spans of existing GPE/LOC/NORP/
    FAC mentions are never touched.

    Out: MENTIONS rows (label "GPE", rule "gazetteer", iso3 null until
    :func:`map_countries`), ordered by offset; none when ``mentions`` is empty (no
    row gives the document id). A row whose span equals an existing
    PERSON/ORG/... mention is a relabel of it (see :func:`add_place_mentions`); the
    others are new spans, possibly inside a longer organisation name.
    :func:`extra_place_records` is the same on row dicts.
    """
    rows = extra_place_records(
        text, mentions.to_dict("records"), sentences=sentence_spans(sentences), cues=cues
    )
    if not rows:
        return schema.empty("mentions")
    return pd.DataFrame(
        {
            col: pd.Series([r.get(col) for r in rows], dtype=dtype)
            for col, dtype in schema.MENTIONS.items()
        }
    )


def extra_place_records(
    text: str,
    mentions: list[dict],
    *,
    sentences: list[tuple[int, int, int]] | None = None,
    cues: PlaceCues = DEFAULT_CUES,
    home: str | None = None,
) -> list[dict]:
    """:func:`extra_place_mentions` on one document's mention dicts; ``sentences`` as
    (start, end, sent_id) tuples; ``home`` the home country of its source, counted as
    a country it names (see :func:`apply_source_homes`). New rows carry doc_id,
    sent_id, start, end, text, label and rule."""
    if not mentions:  # no row to take the document id from
        return []
    starts = [int(m["start"]) for m in mentions]
    ends = [int(m["end"]) for m in mentions]
    labels = [m["label"] for m in mentions]
    sent_ids = [m["sent_id"] for m in mentions]
    places = [(s, e) for s, e, lab in zip(starts, ends, labels, strict=True) if lab in PLACE_LABELS]
    names = {(s, e): lab for s, e, lab in zip(starts, ends, labels, strict=True)}
    found: set[tuple[int, int]] = set()

    def free(start: int, end: int) -> bool:
        if any(s < end and start < e for s, e in (*places, *found)):
            return False
        # Inside or across another name only when that name is exactly this span.
        label = names.get((start, end))
        if label is not None:
            return label in _OVERRIDABLE
        return not any(s < end and start < e for s, e in names)

    # Countries the document already names: a weak cue ("of Nelson") takes a city or
    # town only in one of them, or a country, state or county anywhere.
    named = _named_countries([m["text"] for m in mentions if m["label"] in PLACE_LABELS])
    # A document in a country's local register is local to it: "the Athens Police
    # Department" is a place in the US even when no other mention says "US".
    if (register := local_register(text)) is not None:
        named.add(register)
    elif home is not None:
        named.add(home)
    for start, end, strong in _cued_spans(text, cues):
        if free(start, end) and _is_place(text[start:end], strong=strong, named=named):
            found.add((start, end))
    for start, end in _datelines(text) if cues.datelines else ():
        # A dateline is a place even where the model took a word of it for a name
        # ("ISLE OF PALMS -" with an ORG "PALMS"): that name gives way to it.
        inside = [(s, e) for s, e in names if start <= s and e <= end]
        if (
            inside
            and all(names[span] in _OVERRIDABLE for span in inside)
            and not any(s < end and start < e for s, e in (*places, *found))
            and not any(s < end and start < e for s, e in names if (s, e) not in inside)
            and _is_place(text[start:end], strong=True, named=named)
        ):
            found.add((start, end))
    for run in _CAPITALISED.finditer(text) if cues.standalone else ():
        # Untagged only: a model's PERSON "Georgia" may well be a person.
        start, end = run.span()
        if _standalone_country(run.group()) and not any(
            s < end and start < e for s, e in (*names, *found)
        ):
            found.add((start, end))
    for start, end in _party_homes(text) if cues.party_homes else ():
        # The model often takes "D-Charleston" for one name; the home inside it wins.
        inside = [(s, e) for s, e in names if s <= start and end <= e]
        whole = all(_PARTY_HOME.fullmatch(text[s:e]) for s, e in inside)
        clear = not any(s < end and start < e for s, e in (*places, *found))
        if whole and clear and _is_place(text[start:end], strong=True, named=named):
            found.add((start, end))
    if cues.inside_names:
        for start, end, label in zip(starts, ends, labels, strict=True):
            if not (label in _OVERRIDABLE or label in _NAMED_AFTER_PLACES):
                continue
            # A metropolitan area is a place whatever the model called it: "according
            # to Metro Vancouver", "Greater Manchester".
            metro = _METRO.fullmatch(text, start, end)
            if metro and free(start, end) and _is_place(metro["place"], strong=True, named=named):
                found.add((start, end))
                continue
            # The name itself (a FAC is a place label) does not block a place inside it.
            others = [(s, e) for s, e in (*places, *found) if (s, e) != (start, end)]
            inside = (
                [*_places_inside_name(text, start, end), *_place_closing_name(text, end, named)]
                if label in _NAMED_AFTER_PLACES
                else []
            )
            opening = _place_opening_name(text, start, end, named)
            for span in (*([opening] if opening else []), *inside):
                if not any(s < span[1] and span[0] < e for s, e in others):
                    found.add(span)
                    others.append(span)
    if cues.same_name:
        # One sense per discourse: a name the document uses as a place is that place
        # again where the model called it an organisation ("Whitestown invited ...").
        placed = {text[s:e] for s, e in (*places, *found)}
        # A person keeps a name the document gives a person in full ("George
        # Washington ... Washington said"); otherwise "Lexington" is the place again.
        people = _person_words(text, starts, ends, labels)
        for start, end, label in zip(starts, ends, labels, strict=True):
            name = text[start:end]
            if name not in placed or not free(start, end):
                continue
            if label in _SAME_NAME_LABELS or (label == "PERSON" and name not in people):
                found.add((start, end))
    doc_id = mentions[0]["doc_id"]
    position = sorted(zip(starts, sent_ids, strict=True))
    return [
        {"doc_id": doc_id, "sent_id": _sentence_of(s, position, sentences), "start": s,
         "end": e, "text": text[s:e], "label": "GPE", "rule": GAZETTEER_RULE}
        for s, e in sorted(found)
    ]  # fmt: skip


def _named_countries(texts: list[str]) -> set[str]:
    """Countries that the place mentions ``texts`` name, each read on its own."""
    named = set()
    for text in texts:
        reading = _reading(text, CountryRules())
        best = reading.fixed or reading.default
        if best is not None:
            named.add(best.iso3)
    return named


def add_place_mentions(
    mentions: pd.DataFrame,
    text: str,
    *,
    sentences: pd.DataFrame | None = None,
    cues: PlaceCues = DEFAULT_CUES,
) -> pd.DataFrame:
    """One document's mentions plus :func:`extra_place_mentions`, relabels replacing
    the mention they relabel; ordered by offset, same columns as ``mentions``."""
    if len(mentions) == 0:
        return mentions
    records = mentions.to_dict("records")
    out = add_place_records(records, text, sentences=sentence_spans(sentences), cues=cues)
    if out is records:
        return mentions
    frame = pd.DataFrame(out, columns=mentions.columns)
    return frame.astype(mentions.dtypes.to_dict())


def add_place_records(
    mentions: list[dict],
    text: str,
    *,
    sentences: list[tuple[int, int, int]] | None = None,
    cues: PlaceCues = DEFAULT_CUES,
    home: str | None = None,
) -> list[dict]:
    """:func:`add_place_mentions` on row dicts (``mentions`` itself when nothing is added);
    ``home`` as for :func:`extra_place_records`."""
    extra = extra_place_records(text, mentions, sentences=sentences, cues=cues, home=home)
    if not extra:
        return mentions
    spans = {(r["start"], r["end"]) for r in extra}
    keys = dict.fromkeys(mentions[0])
    kept = [
        m
        for m in mentions
        if (int(m["start"]), int(m["end"])) not in spans
        and not _is_party_home_of(m, spans)
        and not _inside_new_place(m, spans)
    ]
    added = [{**keys, **{k: v for k, v in r.items() if k in keys}} for r in extra]
    return sorted([*kept, *added], key=lambda m: (int(m["start"]), int(m["end"])))
