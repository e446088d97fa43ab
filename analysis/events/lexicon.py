"""The event taxonomy and lexicon (data files) and the grammar word sets, declared once.

Data (analysis/data, provenance in each file's header and analysis/data/README.md):

* ``event_types.csv``: one row per event_type with its class, CAMEO top-level code,
  ACE 2005 type and meaning;
* ``event_lexicon.csv``: lemma + part of speech -> event_type, derived from Open
  English WordNet by ``analysis/data/build_event_lexicon.py``.

Classes (:data:`CLASS_OF`): ``happening`` (an event on the Timeline), ``statement`` (a
speech act that is itself news), ``reporting`` (attribution: the source of what it
reports, never an event), ``state`` (not an event).

The word sets below are grammar, not types: which auxiliaries mark the future, which
controllers make an infinitive planned, which prepositions introduce a place.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
TYPES_FILE = DATA / "event_types.csv"
LEXICON_FILE = DATA / "event_lexicon.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@cache
def event_types() -> dict[str, dict[str, str]]:
    """event_type -> its row of event_types.csv (class, cameo, ace, anchors, meaning)."""
    return {row["event_type"]: row for row in _rows(TYPES_FILE)}


@cache
def coarse_types() -> frozenset[str]:
    """Types given by a WordNet supersense only (anchors ``@file``), plus "other"."""
    return frozenset(
        {"other"}
        | {t for t, r in event_types().items() if r["anchors"] and r["anchors"].startswith("@")}
    )


@cache
def _lexicon() -> dict[tuple[str, str], str]:
    return {(r["lemma"], r["pos"]): r["event_type"] for r in _rows(LEXICON_FILE)}


def lemma_type(lemma: str, pos: str) -> str | None:
    """The event_type of ``lemma`` as a verb (pos "v") or noun ("n"), None if unlisted."""
    return _lexicon().get((lemma.lower(), pos))


def type_class(event_type: str | None) -> str:
    """The class of an event_type ("happening" for unknown ones, like "other")."""
    row = event_types().get(event_type or "other")
    return row["class"] if row else "happening"


#: Types that are happenings (the Timeline shows them by default; the others are statements).
HAPPENING_TYPES = frozenset(t for t, r in event_types().items() if r["class"] == "happening")
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

#: Light verbs: their event is their object noun ("hold talks", "launch an attack").
LIGHT_VERBS = frozenset({
    "hold", "have", "make", "give", "take", "launch", "carry", "conduct", "stage",
    "express", "offer", "provide", "send", "sign", "issue", "impose", "pay", "lead",
    "host", "seek", "extend", "lodge", "file", "voice", "announce", "begin", "start",
    "strengthen", "attend", "join",
})  # fmt: skip
#: Support verbs: with an event noun as subject they add nothing but its time and place
#: ("the earthquake struck Sumatra", "a fire broke out"); the noun is the event.
SUPPORT_VERBS = frozenset({
    "strike", "hit", "happen", "occur", "break", "rock", "jolt", "shake", "erupt", "start",
    "begin", "continue", "take",
})  # fmt: skip
#: Pledge verbs: typed by what they pledge ("vowed to fight" is a threat).
INTENT_VERBS = frozenset({"seek", "want", "offer", "propose", "pledge", "promise", "vow"})
#: Types a pledge to do is an intent to cooperate (CAMEO 03).
COOPERATIVE = frozenset({"diplomatic_cooperation", "provide_aid", "consult_meet", "visit"})
#: Copulas, possession and auxiliary-like verbs: never events, whatever the lexicon says.
STATIVE = frozenset({
    "be", "have", "seem", "appear", "remain", "become", "include", "mean", "get",
    "consist", "contain", "need", "lie", "belong", "exist", "do",
})  # fmt: skip
WISHES = frozenset({"want", "hope", "wish", "expect", "intend", "need", "plan", "mean"})
#: Controllers whose infinitive is planned ("plans to visit") / transparent ("tries to").
PLAN_LEMMAS = frozenset({
    "plan", "schedule", "expect", "due", "set", "aim", "intend", "hope", "want", "wish",
    "prepare", "seek", "propose", "mean",
})  # fmt: skip
ASPECT_LEMMAS = frozenset({
    "try", "attempt", "continue", "begin", "start", "go", "manage", "keep", "resume", "fail",
})  # fmt: skip
#: Any of these as aux marks the future.
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "going"})
FUTURE_ADJ = frozenset({"payable", "effective", "due", "upcoming", "slated", "scheduled"})
#: Speech verbs whose present tense is not a future ("says" in "the Senate votes Tuesday").
SPEECH_LEMMAS = frozenset({"say", "tell", "state", "add", "report", "announce", "note", "claim"})
EVENT_NOUN_PREPS = frozenset({"during", "upon", "on", "at", "after", "before", "following", "in"})
LOCATIVE_PREPS = frozenset({
    "in", "at", "near", "to", "into", "inside", "outside", "across", "around", "within",
    "toward", "towards", "on", "off",
})  # fmt: skip
#: Types whose direct object, when a place, is where it happened ("struck Gaza").
OBJECT_IS_PLACE = frozenset({"visit", "fight", "assault", "exhibit_force", "protest"})
#: ACE Movement:Transport moves someone or something from an origin to a destination: a
#: verb of that type with no path ("shares fell", "prices rose") is a movement only.
PATH_TYPE, PATHLESS_TYPE = "transport", "movement"
PATH_PREPS = frozenset({
    "to", "into", "from", "toward", "towards", "onto", "across", "through", "out", "back",
    "home", "abroad", "away", "in", "at",
})  # fmt: skip
TARGET_PREPS = frozenset({"with", "to", "against", "toward", "towards", "on", "at"})
CLAUSE_DEPS = frozenset({
    "ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "parataxis", "acl", "pcomp",
    "csubj", "dep",
})  # fmt: skip
#: A date under these prepositions bounds a span; it does not date the event.
SPAN_PREPS = frozenset({
    "since", "until", "till", "through", "throughout", "for", "by", "before", "after",
    "from", "to", "over", "within", "between", "than",
})  # fmt: skip
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod"})
SPLIT_DEPS = frozenset({"conj", "ccomp", "advcl", "relcl", "parataxis", "acl", "csubj"})
