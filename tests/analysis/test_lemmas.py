"""Deferred lemmas (analysis.lemmas): each word form is lemmatised once per process, with
the lemma the pipeline's own lemmatizer gives; equality with the eager pipeline on real
text is tests/analysis/test_nlp.py::test_trained_pipeline_annotates_exactly_as_spacy_does."""

from __future__ import annotations

import pytest

from analysis import lemmas
from analysis.nlp import RULE_BASED, load_model, resolve_model_name


class _Counting:
    """A lemmatizer stand-in: the real one, counting the tokens it is asked about."""

    def __init__(self, component) -> None:
        self.component, self.calls = component, 0

    def lemmatize(self, token):
        self.calls += 1
        return self.component.lemmatize(token)


@pytest.fixture
def deferred(monkeypatch):
    """The trained pipeline with its deferred lemmatizer wrapped in :class:`_Counting`,
    and a fresh memo (the process's one is left as it was)."""
    import spacy

    name = resolve_model_name()
    if name == RULE_BASED:
        pytest.skip("no trained pipeline installed")
    nlp = load_model(name)
    vocab, component, _ = lemmas._DEFERRED[id(nlp.vocab)]
    counting = _Counting(component)
    monkeypatch.setitem(lemmas._DEFERRED, id(nlp.vocab), (vocab, counting, {}))
    return nlp, counting, spacy.load(name)


@pytest.mark.model
def test_a_word_form_seen_before_is_not_lemmatised_again(deferred):
    nlp, counting, plain = deferred
    text = "The ministers met in Paris. The ministers met again and talks were held."
    doc, eager = nlp(text), plain(text)
    # forms left without a lemma by the pipeline (the attribute ruler sets a few)
    forms = {(t.orth, t.pos, t.morph.key) for t in doc if t.lemma == 0}
    unset = sum(t.lemma == 0 for t in doc)
    assert [lemmas.lemma_of(t) for t in doc] == [t.lemma_ for t in eager]
    assert counting.calls == len(forms) < unset  # "The", "ministers", "met" twice
    again = nlp(text)
    assert [lemmas.lemma_of(t) for t in again] == [t.lemma_ for t in eager]
    assert counting.calls == len(forms)  # a new Doc of known forms: no lemmatizer call


@pytest.mark.model
def test_a_lemmatizer_outside_the_memo_classes_is_asked_every_time(monkeypatch):
    import spacy

    name = resolve_model_name()
    if name == RULE_BASED:
        pytest.skip("no trained pipeline installed")
    monkeypatch.setattr(lemmas, "MEMO_CLASSES", frozenset())
    nlp = spacy.load(name)
    assert lemmas.defer_lemmatizer(nlp)
    vocab, component, memo = lemmas._DEFERRED[id(nlp.vocab)]
    assert memo is None
    counting = _Counting(component)
    monkeypatch.setitem(lemmas._DEFERRED, id(nlp.vocab), (vocab, counting, None))
    doc = nlp("Ministers met. Ministers met.")
    assert [lemmas.lemma_of(t) for t in doc][:2] == ["minister", "meet"]
    assert counting.calls == len(doc)


class _Lower:
    """A lemmatizer stand-in needing no model: the lemma is the lower-cased text."""

    def __init__(self) -> None:
        self.calls = 0

    def lemmatize(self, token):
        self.calls += 1
        return [token.text.lower()]


def test_the_memo_never_holds_more_than_its_cap(monkeypatch):
    import spacy

    nlp = spacy.blank("en")
    memo: dict = {}
    component = _Lower()
    monkeypatch.setitem(lemmas._DEFERRED, id(nlp.vocab), (nlp.vocab, component, memo))
    monkeypatch.setattr(lemmas, "MEMO_MAX", 5)
    words = [f"Word{i}" for i in range(23)]
    sizes = []
    for text in (" ".join(words), " ".join(reversed(words))):
        for token in nlp(text):
            assert lemmas.lemma_of(token) == token.text.lower()
            sizes.append(len(memo))
    assert max(sizes) == 5  # filled up to the cap, never past it
    assert component.calls > len(words)  # cleared: the second pass asks again


@pytest.mark.model
def test_the_deferred_rule_index_holds_the_same_words_as_sets(deferred):
    """The deferred rule lemmatizer tests candidate forms against sets (no list scan),
    holding exactly the words of the model's own ``lemma_index`` lists."""
    _, counting, eager = deferred
    mine = counting.component.lookups.get_table("lemma_index")
    theirs = eager.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert sorted(mine) == sorted(theirs) and len(theirs) > 0
    for key, words in theirs.items():
        assert isinstance(words, list)  # the eager pipeline's table is left as spaCy made it
        assert isinstance(mine[key], frozenset) and mine[key] == set(words)
