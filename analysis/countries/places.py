"""The gazetteer pass: places in a document's text that the model missed or mislabelled
(:func:`extra_place_mentions`, :func:`add_place_mentions`), found by the cues of
:mod:`analysis.countries.cues` and the gazetteer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from analysis import schema
from analysis.countries.compounds import hyphen_places, list_mates, split_name_start
from analysis.countries.cues import (
    _HOME_LABELS,
    _METRO,
    _NAMED_AFTER_PLACES,
    _OVERRIDABLE,
    _PARTY_HOME,
    _SAME_NAME_LABELS,
    _WORD,
    _capitalised_runs,
    _cued_spans,
    _fragment_of_new_place,
    _inside_new_place,
    _is_party_home_of,
    _is_place,
    _party_homes,
    _person_words,
    _place_closing_name,
    _place_closing_person,
    _place_opening_name,
    _places_inside_name,
    _sentence_of,
    _standalone_country,
    company_bracket_homes,
    country_acronym,
    initials,
    org_metonym,
)
from analysis.countries.demonyms import lone_plural_demonym
from analysis.countries.lexicon import _INSTITUTION, ORGANISATION_HEADS
from analysis.countries.pass_words import (
    _CAPITAL,
    _PERSON_PLACE,
    _SPEECH_AFTER,
    _TITLE_BEFORE,
    _demonym_compound,
    _money_demonym,
    _named_countries,
    _settlement_spans,
    _unread_group,
    currency_spans,
)
from analysis.countries.register import local_register
from analysis.countries.rules import (
    CURRENCY_RULE,
    DEFAULT_CUES,
    GAZETTEER_RULE,
    ORG_HOME_RULE,
    PLACE_LABELS,
    PlaceCues,
)
from analysis.countries.title_case import title_cased_nouns
from analysis.datelines import dateline_places
from analysis.entities import sentence_spans
from analysis.gazetteer import candidates


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


#: The cues the pass runs after the cued windows, in order: each is a field of PlaceCues
#: (its switch) and the _Pass method of the same name (what it adds).
_PASS_CUES = (
    "datelines",
    "standalone",
    "party_homes",
    "inside_names",
    "same_name",
    "settlements",
    "compound_demonyms",
    "split_names",
    "hyphen_places",
    "lists",
    "person_places",
    "money_demonyms",
    "money_currencies",
    "plural_demonyms",
    "org_metonyms",
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
    found = _Pass.of(text, mentions, home, unread=cues.unread_groups)
    found.org_heads, found.initials = cues.org_heads, cues.initials
    for start, end, strong in _cued_spans(text, cues, found.runs, found.openings):
        if (
            found.free(start, end)
            and not (not strong and found.kept_person(start, end))
            and _is_place(text[start:end], strong=strong, named=found.named)
            and not (not strong and cues.initials and found.opens_name(start, end))
        ):
            found.spans.add((start, end))
            if not strong and cues.org_heads and found.in_named_org(start, end):
                found.homes.add((start, end))  # "of Cairo Pictures": the studio's home
    if cues.inside_names:  # "Chevron Petroleum (U.K.) Ltd": the company's home
        for span in company_bracket_homes(text):
            if found.free(*span):
                found.spans.add(span)
                found.homes.add(span)
    for cue in _PASS_CUES:  # each switched-on cue adds its spans, in this order
        if getattr(cues, cue):
            getattr(found, cue)()
    doc_id = mentions[0]["doc_id"]
    position = sorted(zip(found.starts, [m["sent_id"] for m in mentions], strict=True))
    return [
        {"doc_id": doc_id, "sent_id": _sentence_of(s, position, sentences), "start": s,
         "end": e, "text": text[s:e], "label": _label(found, (s, e)), "rule": _rule(found, (s, e))}
        for s, e in sorted(found.spans)
    ]  # fmt: skip


def _label(found: _Pass, span: tuple[int, int]) -> str:
    """The label of a span the pass found: a group (NORP) for a demonym of a compound or
    a currency word, else a place (GPE)."""
    return "NORP" if span in found.groups or span in found.currencies else "GPE"


def _rule(found: _Pass, span: tuple[int, int]) -> str:
    """The rule of a span the pass found: an organisation's home, a currency, or found by
    the pass (:data:`GAZETTEER_RULE`)."""
    if span in found.homes:
        return ORG_HOME_RULE
    return CURRENCY_RULE if span in found.currencies else GAZETTEER_RULE


def in_named_org(text: str, runs: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """Whether text[start:end] lies inside one of the capitalised ``runs`` (start, end,
    surface) of ``text``, before its end, whose last word ends an organisation's name
    (:data:`ORGANISATION_HEADS`): see :meth:`_Pass.in_named_org`."""
    for s, e, run in runs:
        if s <= start and end <= e:
            if not text[end:e].strip(".'’ "):  # the place closes the run
                return False
            return run.split()[-1].strip(".,'’").casefold() in ORGANISATION_HEADS
    return False


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether (start, end) overlaps any of ``spans``."""
    # A plain loop, not any() over a generator: the pass asks this some 20 times per
    # story of each of its spans, and the generator's frame cost more than the tests.
    for s, e in spans:  # noqa: SIM110 - speed, see above
        if s < end and start < e:
            return True
    return False


@dataclass
class _Pass:
    """The gazetteer pass over one document: its text, the model's mentions
    (``starts``, ``ends``, ``labels``; ``places`` the place-labelled spans, ``names``
    span -> label), the countries it names (``named``) and the spans found so far."""

    text: str
    starts: list[int]
    ends: list[int]
    labels: list[str]
    places: list[tuple[int, int]]
    names: dict[tuple[int, int], str]
    named: set[str]
    spans: set[tuple[int, int]] = field(default_factory=set)
    #: Of ``spans``, those inside an organisation's name: its home (ORG_HOME_RULE).
    homes: set[tuple[int, int]] = field(default_factory=set)
    #: Whether a NORP no demonym reads is open to the cues (cue "unread_groups").
    unread: bool = True
    #: Whether a name ending in an organisation's head is an organisation's (cue "org_heads").
    org_heads: bool = True
    #: Whether a short word in capitals opening a longer name is its initials (cue "initials").
    initials: bool = True
    #: Of ``spans``, the demonyms of a compound ("Russian" of "Russian-American"): NORP.
    groups: set[tuple[int, int]] = field(default_factory=set)
    #: Of ``spans``, the currency words of sums ("yen" of "15 billion yen"): rule currency.
    currencies: set[tuple[int, int]] = field(default_factory=set)

    @classmethod
    def of(cls, text: str, mentions: list[dict], home: str | None, *, unread: bool = True) -> _Pass:
        """The pass over ``text`` with its mention dicts; ``home`` as in
        :func:`extra_place_records`; ``unread`` (cue "unread_groups"): a NORP that no
        demonym reads is open to the cues like a PERSON or ORG."""
        starts = [int(m["start"]) for m in mentions]
        ends = [int(m["end"]) for m in mentions]
        labels = [m["label"] for m in mentions]
        spans = list(zip(starts, ends, labels, strict=True))
        # Countries the document already names: a weak cue ("of Nelson") takes a city or
        # town only in one of them, or a country, state or county anywhere.
        named = _named_countries([m["text"] for m in mentions if m["label"] in PLACE_LABELS])
        # A document in a country's local register is local to it: "the Athens Police
        # Department" is a place in the US even when no other mention says "US".
        if (register := local_register(text)) is not None:
            named.add(register)
        elif home is not None:
            named.add(home)
        places = [
            (s, e)
            for s, e, lab in spans
            if lab in PLACE_LABELS and not (unread and lab == "NORP" and _unread_group(text[s:e]))
        ]
        names = {(s, e): a for s, e, a in spans}
        return cls(text, starts, ends, labels, places, names, named, unread=unread)

    @cached_property
    def runs(self) -> list[tuple[int, int, str]]:
        """(start, end, surface) of the text's capitalised runs of words."""
        return _capitalised_runs(self.text)

    @cached_property
    def openings(self) -> list[tuple[int, int]]:
        """(start, end) of the places of the text's opening datelines, filed ("OAK BROOK,
        Ill., March 4 -") or stamped with a date ("LA CORUNA, Spain 1996-08-31")."""
        return dateline_places(self.text)

    @cached_property
    def people(self) -> set[str]:
        """Words and word tails of the document's multi-word PERSON names."""
        return _person_words(self.text, self.starts, self.ends, self.labels)

    def kept_person(self, start: int, end: int) -> bool:
        """Whether text[start:end] is a name the model tagged PERSON there that the
        document gives a person in full ("George Bush ... at the Bush administration"):
        a weak cue ("at the") does not make it a place, as the cues "lists",
        "same_name" and "person_places" keep such a name (review 15, class 2)."""
        return self.names.get((start, end)) == "PERSON" and self.text[start:end] in self.people

    def in_named_org(self, start: int, end: int) -> bool:
        """Whether text[start:end] lies inside a longer capitalised run, before its end,
        whose last word ends an organisation's name (:data:`ORGANISATION_HEADS`): "of
        Cairo Pictures", "the Tulsa Valley Conference", "Cavendish International
        Holdings Ltd" name a studio, a league, a company the model did not tag ORG; the
        place is its home, counted apart as an ORG's is (cue "org_heads")."""
        return in_named_org(self.text, self.runs, start, end)

    def opens_name(self, start: int, end: int) -> bool:
        """Whether text[start:end] is a name's initials (:func:`initials`: "at BBSR
        Hospital") before a word in mixed case of the same capitalised run (cue
        "initials")."""
        if not initials(self.text[start:end]):
            return False
        for s, e, _ in self.runs:
            if s <= start and end <= e:
                rest = self.text[end:e].split()
                return bool(rest) and not rest[0].isupper()
        return False

    def free(self, start: int, end: int) -> bool:
        """Whether a place may be added at (start, end): no place there yet, and inside
        or across another name only when that name is exactly this span (or this span
        less its abbreviation's dot: the model's ORG "WIS" of "MADISON, WIS., May 4 -",
        or its place "MO" of "KANSAS CITY, MO., April 13 -" that reads as nothing
        without the dot, dropped then as a fragment of the new place)."""
        bare = (start, end - 1) if self.text[end - 1 : end] == "." else None
        places = self.places
        unread = bare in places and not candidates(self.text[bare[0] : bare[1]])
        if unread:
            places = [p for p in places if p != bare]
        if _overlaps(start, end, places) or _overlaps(start, end, self.spans):
            return False
        label = self.names.get((start, end))
        if label is None and bare is not None:
            label = self.names.get(bare)
        if label is not None:
            return unread or label in _OVERRIDABLE
        return not _overlaps(start, end, self.names)

    def datelines(self) -> None:
        """A dateline is a place even where the model took a word of it for a name
        ("ISLE OF PALMS -" with an ORG "PALMS") or a shorter place ("COLORADO" of
        "COLORADO SPRINGS, Colo."): that name gives way to it (a place inside it as a
        fragment, :func:`~analysis.countries.cues._fragment_of_new_place`)."""
        for start, end in self.openings:
            inside = [(s, e) for s, e in self.names if start <= s and e <= end]
            if (
                inside
                and (start, end) not in self.places
                and all(self.names[s] in _OVERRIDABLE or s in self.places for s in inside)
                and not _overlaps(start, end, (p for p in self.places if p not in inside))
                and not _overlaps(start, end, self.spans)
                and not _overlaps(start, end, (n for n in self.names if n not in inside))
                and _is_place(self.text[start:end], strong=True, named=self.named)
            ):
                self.spans.add((start, end))

    def standalone(self) -> None:
        """An untagged country, territory or state written out alone, or a country's
        abbreviation in capitals after "the" ("the UAE"); untagged only: a model's
        PERSON "Georgia" may well be a person."""
        text = self.text
        for start, end, run in self.runs:
            if not _standalone_country(run):  # "the UAE", or none (end == start)
                # speed: country_acronym reads only a run after "the " (most runs are not)
                after_the = start >= 4 and text.startswith("the ", start - 4)
                end = start + country_acronym(text, start, run) if after_the else start
            if end > start and not _overlaps(start, end, (*self.names, *self.spans)):
                self.spans.add((start, end))

    def party_homes(self) -> None:
        """The model often takes "D-Charleston" for one name; the home inside it wins."""
        for start, end in _party_homes(self.text):
            inside = [(s, e) for s, e in self.names if s <= start and end <= e]
            whole = all(_PARTY_HOME.fullmatch(self.text[s:e]) for s, e in inside)
            clear = not _overlaps(start, end, (*self.places, *self.spans))
            if whole and clear and _is_place(self.text[start:end], strong=True, named=self.named):
                self.spans.add((start, end))

    def inside_names(self) -> None:
        """Places named inside the model's other names: a metropolitan area ("Metro
        Vancouver"), a place opening an institution's name ("Gainesville Police
        Department") or inside or closing an organisation's ("University of Hartford")."""
        for start, end, label in zip(self.starts, self.ends, self.labels, strict=True):
            if not (label in _OVERRIDABLE or label in _NAMED_AFTER_PLACES):
                continue
            # A metropolitan area is a place whatever the model called it.
            metro = _METRO.fullmatch(self.text, start, end)
            if (
                metro
                and self.free(start, end)
                and _is_place(metro["place"], strong=True, named=self.named)
            ):
                self.spans.add((start, end))
                continue
            inside = self._inside(start, end, label)
            if not inside:  # most names: no place inside, nothing to weigh it against
                continue
            # The name itself (a FAC is a place label) does not block a place inside it.
            others = [(s, e) for s, e in (*self.places, *self.spans) if (s, e) != (start, end)]
            # "the U.S. Dollar" in a wire's title case is the US's dollar, no organisation.
            home = label in _HOME_LABELS and not self._public_body(start, end)
            home = home and not title_cased_nouns(self.text, start, end, inside)
            for span in inside:
                if not _overlaps(*span, others):
                    self.spans.add(span)
                    others.append(span)
                    if home:
                        self.homes.add(span)

    def _public_body(self, start: int, end: int) -> bool:
        """Whether the organisation text[start:end] is a public body or facility of its
        place ("Madison County Health Department", "Virginia State Board of Elections",
        "Northeast Georgia Medical Center"): a story naming it is about that place. Any
        other organisation named after a place ("Bank of England", "Partizan Belgrade")
        has its home there, which the article need not be about. A name ending in an
        organisation's head (:data:`ORGANISATION_HEADS`: "Cavendish International
        Holdings Ltd", "Texas Instruments Group") is a company or the like whatever
        words it has inside (cue "org_heads")."""
        words = [w.group().rstrip(".'’") for w in _WORD.finditer(self.text, start, end)]
        if self.org_heads and words and words[-1].casefold() in ORGANISATION_HEADS:
            return False
        return any(w in _INSTITUTION for w in words)

    def _inside(self, start: int, end: int, label: str) -> list[tuple[int, int]]:
        """Candidate place spans inside the name text[start:end] of label ``label``."""
        opening = _place_opening_name(self.text, start, end, self.named, initials_cue=self.initials)
        inside = (
            [*_places_inside_name(self.text, start, end),
             *_place_closing_name(self.text, end, self.named)]
            if label in _NAMED_AFTER_PLACES
            else _place_closing_person(self.text, start, end) if label == "PERSON"
            else []
        )  # fmt: skip
        return [*([opening] if opening else []), *inside]

    def settlements(self) -> None:
        """A name after "the town of", "the village of" ... is a place even when no
        gazetteer knows it ("the town of Akuressa"); its country comes from the story's
        other places (rule "co_mentioned")."""
        for start, end in _settlement_spans(self.text):
            if self.free(start, end):
                self.spans.add((start, end))

    def compound_demonyms(self) -> None:
        """A group named by two demonyms joined by a hyphen ("Russian-American") names
        both countries: each demonym becomes a group of its own (the compound is
        dropped, see :func:`add_place_records`)."""
        if "NORP" not in self.labels:  # speed: a story without groups has no compound
            return
        for start, end, label in zip(self.starts, self.ends, self.labels, strict=True):
            parts = _demonym_compound(self.text[start:end]) if label == "NORP" else None
            for s, e in parts or ():
                self.spans.add((start + s, start + e))
                self.groups.add((start + s, start + e))

    def split_names(self) -> None:
        """A place the model cut after an abbreviated first word ("ST" and "LOUIS" for
        "ST. LOUIS", "Pleasant" of "Mt. Pleasant") is the whole name: the fragments
        give way to it (see :func:`add_place_records`)."""
        for start, end in list(self.places):
            whole = split_name_start(self.text, start, end)
            if whole is None or _overlaps(whole, start, self.spans):
                continue
            before = [(s, e) for s, e in self.names if whole <= s < start]
            if all(self.names[n] in (*PLACE_LABELS, *_OVERRIDABLE) for n in before):
                self.spans.add((whole, end))

    def hyphen_places(self) -> None:
        """Places joined by a hyphen ("Egypt-US relations", "Israeli-Egyptian peace")
        or before a tail that speaks of a place ("U.S.-led", "Gori-based"): the model
        tags no word inside a hyphenated word. A demonym becomes a group (NORP)."""
        for span, compound, group in hyphen_places(self.text, self._hyphen_part):
            inside = [n for n in self.names if _overlaps(*n, [span])]
            if _overlaps(*span, (*self.places, *self.spans)) or not all(
                self.names[n] in (*_OVERRIDABLE, "CARDINAL")
                and compound[0] <= n[0]
                and n[1] <= compound[1]
                for n in inside
            ):
                continue
            self.spans.add(span)
            if group:
                self.groups.add(span)

    def _hyphen_part(self, surface: str) -> bool:
        """Whether one part of a hyphen compound is a place: as after a weak cue, or a
        country's short name ("US" of "Egypt-US")."""
        return _is_place(surface, strong=False, named=self.named) or any(
            c.rule == "name" and not c.needs_context for c in candidates(surface)
        )

    def lists(self) -> None:
        """A name listed with a place ("Gainesville and Lindsay", "Newark, Heath and
        Pataskala", "Barrow, Jackson and Madison counties") is a place when the
        gazetteer reads it as one after a weak cue and the document names no person
        so; where the model tagged it PERSON or ORG, the place wins."""
        people = self.people

        def listed(surface: str) -> bool:
            return surface not in people and _is_place(surface, strong=False, named=self.named)

        anchors = [
            (s, e)
            for s, e in sorted((*self.places, *self.spans))
            if self.names.get((s, e), "GPE") in ("GPE", "LOC") and (s, e) not in self.groups
        ]
        for start, end in anchors:
            for span in list_mates(self.text, start, end, listed):
                if self.free(*span):
                    self.spans.add(span)

    def person_places(self) -> None:
        """A name the model tagged PERSON that the gazetteer reads as a place in a
        country the document names otherwise is that place, unless the document gives a person that
        name ("Tyler Koch ... Tyler"), a title precedes it ("Sen. Jackson") or a
        verb of speech follows it ("Hamilton said"): "Winchester ousted from state
        tournament", "a Lovejoy senior", "Bicester and Kidlington" (see
        :meth:`_named_place`)."""
        people = self.people
        for start, end, label in zip(self.starts, self.ends, self.labels, strict=True):
            name = self.text[start:end]
            if (
                label == "PERSON"
                and name not in people
                and _TITLE_BEFORE.search(self.text, max(0, start - 12), start) is None
                and _SPEECH_AFTER.match(self.text, end) is None
                and self.free(start, end)
                and self._named_place(name)
            ):
                self.spans.add((start, end))

    def money_demonyms(self) -> None:
        """A country's demonym inside a sum the model tagged MONEY ("150 million Canadian
        dollars", "12 Canadian cents") names the country of the currency: a group
        (NORP) of its own, as a demonym the model tagged (review 18, class B)."""
        if "MONEY" not in self.labels:  # speed: most stories name no sum
            return
        for start, end, label in zip(self.starts, self.ends, self.labels, strict=True):
            if label != "MONEY" or not _CAPITAL.search(self.text, start, end):  # "$15,000"
                continue
            for word in _WORD.finditer(self.text, start, end):
                span = word.span()
                taken = (*self.places, *self.spans)
                if _money_demonym(word.group()) and not _overlaps(*span, taken):
                    self.spans.add(span)
                    self.groups.add(span)

    def plural_demonyms(self) -> None:
        """A country's demonym in the plural the model left untagged, written alone
        ("... a high number of Americans and Britons": :func:`plural_demonym`) is a
        group (NORP) of its country, as a demonym the model tagged (review 18, class E)."""
        for start, _, run in self.runs:
            size = lone_plural_demonym(run)
            if size and not _overlaps(start, start + size, (*self.names, *self.spans)):
                self.spans.add((start, start + size))
                self.groups.add((start, start + size))

    def org_metonyms(self) -> None:
        """A seat of government the model tagged ORG ("White House Chief of Staff",
        "the Kremlin said": :func:`org_metonym`) is the place standing for its country,
        as when the model tags it FAC or GPE (review 18, class D)."""
        for start, end, label in zip(self.starts, self.ends, self.labels, strict=True):
            if label == "ORG" and org_metonym(self.text[start:end]) and self.free(start, end):
                self.spans.add((start, end))

    def money_currencies(self) -> None:
        """A currency word of one country inside a sum the model tagged MONEY ("15
        billion yen", "1.8300 marks", "US$127.5 million": :func:`currency_spans`) names
        that country (rule ``currency``, its country read from the currency list)."""
        if "MONEY" not in self.labels:  # speed: most stories name no sum
            return
        for start, end, label in zip(self.starts, self.ends, self.labels, strict=True):
            if label != "MONEY":
                continue
            for span in currency_spans(self.text, start, end):
                if not _overlaps(*span, (*self.places, *self.spans)):
                    self.spans.add(span)
                    self.currencies.add(span)

    def _named_place(self, surface: str) -> bool:
        """Whether ``surface`` is a place in a country the document names otherwise:
        a name tagged as a person needs more than a weak cue's evidence. A lone
        "Jordan" the story met is a person unless it is about Jordan, and a city no
        other country has does not count by itself ("Nancy" is a first name before it
        is Nancy, France), nor does a town (:data:`_PERSON_PLACE`: "met Jordan in
        Ohio" is no visit to Jordan, Minnesota, pop. 6,000)."""
        return any(c.iso3 in self.named for c in candidates(surface) if c.rule in _PERSON_PLACE)

    def same_name(self) -> None:
        """One sense per discourse: a name the document uses as a place is that place
        again, in any case, where the model called it an organisation ("Whitestown
        invited ..."; a headline's "Elmhurst" after the dateline "ELMHURST, Ill."). A
        person keeps a name the document gives a person in full ("George Washington ...
        Washington said"); otherwise "Lexington" is the place again. An organisation's
        home read inside its name is no use as a place ("a member of the Liberal party"
        reads Liberal, Kansas as the party's home; "the Liberal vote" stays the party's:
        branch ctry19, unseen Reuters news)."""
        placed = {
            self.text[s:e].casefold()
            for s, e in (*self.places, *self.spans)
            if (s, e) not in self.homes
        }
        people = self.people
        for start, end, label in zip(self.starts, self.ends, self.labels, strict=True):
            name = self.text[start:end]
            if name.casefold() not in placed or not self.free(start, end):
                continue
            if (
                label in _SAME_NAME_LABELS
                or (label == "PERSON" and name not in people)
                or (label == "NORP" and self.unread and _unread_group(name))
            ):
                self.spans.add((start, end))


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
    extra = _off_team_sides(
        extra_place_records(text, mentions, sentences=sentences, cues=cues, home=home), text
    )
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
        and not _fragment_of_new_place(m, spans)
        and not (m["label"] == "NORP" and _demonym_compound(str(m["text"])) and
                 any(int(m["start"]) <= s and e <= int(m["end"]) for s, e in spans))
    ]  # fmt: skip
    added = [{**keys, **{k: v for k, v in r.items() if k in keys}} for r in extra]
    return sorted([*kept, *added], key=lambda m: (int(m["start"]), int(m["end"])))


def _off_team_sides(extra: list[dict], text: str) -> list[dict]:
    """``extra`` with the names on a club's side of a results line or table row of a
    team sport's report (:func:`analysis.teams.result_names`: 'Hamilton 4 2 1 1 6 4 7',
    'Montrose 0 Ross County 2') read as the team, ORG with no place rule, as
    :func:`analysis.teams.relabel_results` reads a side: a side is not a place the
    report names. A country's side stays a place, for
    :func:`analysis.teams.mark_team_records` to read as its national team."""
    from analysis.teams import result_names, team_reading  # teams reads place names

    sides = result_names(text) if extra else []
    clubs = [(s, e) for s, e in sides if team_reading(text[s:e]) is None]
    if not clubs:
        return extra
    return [
        {**r, "label": "ORG", "rule": None}
        if any(s <= int(r["start"]) and int(r["end"]) <= e for s, e in clubs) else r
        for r in extra
    ]  # fmt: skip
