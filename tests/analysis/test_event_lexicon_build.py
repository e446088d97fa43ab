"""analysis/data/build_event_lexicon.py: the sense rules, on a tiny made-up WordNet.

The real lexicon is generated from Open English WordNet; these tests pin the rules that
decide a lemma's type (no WordNet download, no model): states by sense majority, broad
anchors only through the first active sense, later senses reach anchors one level up
only, and which nouns inherit their verb's type.
"""

from __future__ import annotations

from analysis.data import build_event_lexicon as b

#: id -> synset (lexicographer file, hypernyms), shaped like the WordNet YAML.
SYNSETS = {
    "travel": {"lex": "verb.motion"},
    "go": {"lex": "verb.motion", "hypernym": ["travel"]},
    "give": {"lex": "verb.possession"},
    "suit-poss": {"lex": "verb.possession", "hypernym": ["give"]},
    "suit-stative": {"lex": "verb.stative"},
    "suit-social": {"lex": "verb.social"},
    "think": {"lex": "verb.cognition"},
    "acquire": {"lex": "verb.possession"},
    "accept": {"lex": "verb.possession", "hypernym": ["acquire"]},
    "honor-cheque": {"lex": "verb.possession", "hypernym": ["accept"]},
    "cheque-direct": {"lex": "verb.possession", "hypernym": ["acquire"]},
    "honor-bestow": {"lex": "verb.social"},
}
FILES = {"verb.motion": "movement", "verb.social": "social", "verb.possession": "possession"}
BROAD = {"travel": ("transport", "travel.v.01"), "give": ("transaction", "give.v.03")}


def senses(*ids: str) -> list[dict]:
    return [{"synset": i} for i in ids]


def test_a_verb_is_a_state_only_when_most_of_its_senses_are() -> None:
    assert b._verb_class(senses("think", "think", "suit-social"), SYNSETS, FILES, {}) == (
        "state", "verb.cognition",
    )  # fmt: skip
    # stative first, then social: an action, typed by its first active sense
    kind, via = b._verb_class(senses("suit-stative", "suit-social", "go"), SYNSETS, FILES, {})
    assert (kind, via) == ("social", "verb.social")


def test_broad_anchors_are_read_through_the_first_active_sense_only() -> None:
    assert b._verb_class(senses("go"), SYNSETS, FILES, BROAD) == ("transport", "travel.v.01")
    # "suit": a later sense is a kind of "give", the first active one is social
    kind, _ = b._verb_class(senses("suit-stative", "suit-social", "suit-poss"), SYNSETS, FILES,
                            BROAD)  # fmt: skip
    assert kind == "social"


def test_a_later_sense_reaches_an_anchor_one_level_up_only() -> None:
    anchors = {"acquire": ("transaction", "acquire.v.01")}
    # "honor a cheque" -> accept -> acquire: two levels above the third sense: no anchor
    assert b._anchor_of(senses("honor-bestow", "honor-cheque"), SYNSETS, anchors, "v") is None
    # one level above a later sense is close enough
    found = b._anchor_of(senses("honor-bestow", "cheque-direct"), SYNSETS, anchors, "v")
    assert found == ("transaction", "acquire.v.01")
    # the first sense may walk further
    assert b._anchor_of(senses("honor-cheque"), SYNSETS, anchors, "v") is not None


def test_a_noun_nominalises_its_verb_by_conversion_or_suffix() -> None:
    assert b._nominalises("heist", "heist") and b._nominalises("playoff", "play off")
    assert b._nominalises("abduction", "abduct")
    assert not b._nominalises("crime", "criminate")
