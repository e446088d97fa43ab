"""Lemmas on demand: the pipeline's lemmatizer runs only on the tokens whose lemma is read.

spaCy's rule lemmatizer (English pipelines) lemmatises every token of every document, a
ninth of the pipeline's CPU on news, but the only reader of lemmas is the event extractor
(analysis.events), which reads them for a few tokens per sentence: candidate triggers,
their objects, subjects and auxiliaries. :func:`defer_lemmatizer` takes the lemmatizer
out of a loaded pipeline and keeps it for :func:`lemma_of`, which lemmatises one token when
it is first read, with the very same component (its tables, rules and cache), and stores
the result on the token as the pipeline would have. The component reads only the token's
text, POS and morphology, which the components before it (tagger, attribute ruler) set
and the ones after it (NER) never change, so a deferred lemma equals the eager one
(tests/analysis/test_lemmas.py compares both on real text; the build's tables are
identical, docs/benchmarks.md, branch build-speed).

Each lemma is also kept per (text, POS, morphology) for the process (see :func:`lemma_of`):
spaCy's own cache covers only the rule path, so base forms and proper nouns, most of the
tokens read, were lemmatised anew each time (about 7 µs a token). Only for lemmatizer
classes whose result depends on those three alone (:data:`MEMO_CLASSES`: spaCy's
Lemmatizer and the English one, whose ``is_base_form`` reads POS and morphology, the
same key spaCy's rule cache uses); any other keeps calling its component. The memo is
cleared when it would pass :data:`MEMO_MAX` keys.

The rule lemmatizer tests each candidate form with ``form in index``, where spaCy's
``lemma_index`` table holds a list per POS (57,528 nouns): a linear scan, about 140 µs a
memo miss and a sixth of the events stage. :func:`index_as_sets` gives the deferred
component the same words as sets: the only read of that table is that membership test
(spacy.pipeline.lemmatizer.Lemmatizer.rule_lemmatize), so every lemma is the same
(tests/analysis/test_lemmas.py).

In: a spaCy ``Language`` (defer) or ``Token`` (lemma). Out: the token's lemma string,
"" when its Doc comes from a vocabulary with no deferred lemmatizer and no lemma was set
(as ``token.lemma_`` would say).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token

#: id(vocab) -> (the vocab, kept alive so the id stays its own; its deferred lemmatizer;
#: its memo {(orth, POS, morphology key): lemma}, or None when its lemmas may depend on
#: more than the key).
_DEFERRED: dict[int, tuple[Any, Any, dict | None]] = {}

#: Lemmatizer classes (module, name) whose lemma is a function of the memo's key in every mode
#: spaCy has (lookup: text; pos_lookup: text, POS; rule: text, POS, morphology).
MEMO_CLASSES = frozenset({
    ("spacy.pipeline.lemmatizer", "Lemmatizer"),
    ("spacy.lang.en.lemmatizer", "EnglishLemmatizer"),
})  # fmt: skip
MEMO_MODES = frozenset({"lookup", "pos_lookup", "rule"})
#: Most keys one vocabulary's memo holds: it is cleared when a new key would pass this, so
#: a long-lived process (Dask workers, multi-corpus builds) keeps at most about 10^6 word
#: forms (a few hundred MB at most) and then re-learns the frequent ones in a few documents.
MEMO_MAX = 1_000_000


def defer_lemmatizer(nlp: Language) -> bool:
    """Take ``nlp``'s "lemmatizer" out of its pipeline and register it for :func:`lemma_of`.

    Only a lemmatizer that fills missing lemmas (``overwrite`` off, the spaCy default)
    is deferred: one that overwrites other components' lemmas stays in the pipeline.
    Returns True when the lemmatizer was deferred.
    """
    if not nlp.has_pipe("lemmatizer"):
        return False
    component = nlp.get_pipe("lemmatizer")
    if getattr(component, "overwrite", True) or not hasattr(component, "lemmatize"):
        return False
    nlp.remove_pipe("lemmatizer")
    kind = (type(component).__module__, type(component).__name__)
    if kind in MEMO_CLASSES and getattr(component, "mode", None) == "rule":
        index_as_sets(component)
    memo = {} if kind in MEMO_CLASSES and getattr(component, "mode", None) in MEMO_MODES else None
    _DEFERRED[id(nlp.vocab)] = (nlp.vocab, component, memo)
    return True


def index_as_sets(component: Any) -> None:
    """Give a deferred rule lemmatizer ``component`` its own ``lemma_index`` table with
    each POS's word list as a frozenset (same words; membership in O(1) instead of a scan).
    The component is out of the pipeline, so nothing serialises the changed table."""
    if not component.lookups.has_table("lemma_index"):
        return
    table = component.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


def lemma_of(token: Token) -> str:
    """``token``'s lemma: the one a component set, else the deferred lemmatizer's (stored
    on the token so the next read is a lookup, and in the memo for the same word)."""
    if token.lemma == 0:
        entry = _DEFERRED.get(id(token.vocab))
        if entry is not None and entry[0] is token.vocab:
            _, component, memo = entry
            if memo is None:
                token.lemma_ = component.lemmatize(token)[0]
            else:
                # the token's text (orth id), POS id and morphology key: the key spaCy's
                # rule lemmatizer caches its rule results by
                key = (token.orth, token.pos, token.morph.key)
                lemma = memo.get(key)
                if lemma is None:
                    if len(memo) >= MEMO_MAX:
                        memo.clear()
                    lemma = memo[key] = component.lemmatize(token)[0]
                token.lemma_ = lemma
    return token.lemma_


def fill_lemmas(doc: Any) -> Any:
    """Every token of ``doc`` with its lemma (what the eager lemmatizer would have left),
    for a Doc saved to be read where the lemmatizer is not at hand. Returns ``doc``."""
    for token in doc:
        lemma_of(token)
    return doc
