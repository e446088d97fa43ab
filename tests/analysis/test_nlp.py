"""Model loading: fallback, explicit names, saved pipelines, sentence boundaries."""

from __future__ import annotations

import pytest

from analysis.nlp import RULE_BASED, build_rule_based, load_model, model_warning, resolve_model_name


@pytest.mark.slow  # builds the gazetteer ruler twice (save, load)
def test_saved_rule_based_pipeline_loads_again(tmp_path):
    build_rule_based().to_disk(tmp_path / "pipe")
    nlp = load_model(str(tmp_path / "pipe"))
    assert nlp.pipe_names.count("sentencizer") == 1
    assert nlp.pipe_names.count("newslens_paragraph_breaks") == 1
    doc = nlp("Officials met in Baghdad\n\nIranian officials arrived in Tehran.")
    assert [s.text.strip() for s in doc.sents] == [
        "Officials met in Baghdad",
        "Iranian officials arrived in Tehran.",
    ]
    assert {e.text for e in doc.ents} >= {"Baghdad", "Tehran"}


def test_explicit_name_and_environment_win(monkeypatch):
    monkeypatch.setenv("NEWSLENS_MODEL", "some_model")
    assert resolve_model_name() == "some_model"
    assert resolve_model_name("other") == "other"
    assert model_warning(RULE_BASED) and model_warning("en_core_web_sm") is None


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ValueError, match="not installed"):
        load_model("no_such_pipeline_xyz")


def _ruler_with(patterns: list[dict]):
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    for p in patterns:
        ruler.add(**p)
    return nlp, ruler


def test_fast_attribute_match_finds_what_the_matcher_finds():
    from spacy.tokens import Doc

    from analysis.nlp import FastAttributeMatch

    nlp, ruler = _ruler_with([
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"TAG": {"IN": ["VBD", "VBZ"]}}]], "attrs": {"POS": "VERB"}},
        {"patterns": [[{"LOWER": "is", "TAG": "VBZ"}]], "attrs": {"POS": "AUX", "LEMMA": "be"}},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
        {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not"}},
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"LEMMA": "thing"}},  # later rules win
    ])  # fmt: skip
    words = ["He", "is", "gon", "na", "walk", "n't", "\n", "dog", "ran"]
    tags = ["PRP", "VBZ", "VBG", "TO", "VB", "RB", "_SP", "NN", "VBD"]
    fast = FastAttributeMatch(ruler)
    doc = Doc(nlp.vocab, words=words, tags=tags)
    assert fast(doc) == ruler.match(doc)
    assert len(fast.matcher) == 0  # the two-token and the REGEX pattern: token tests
    assert len(fast.sequences) == 2
    ruler.match = fast
    ruler(doc)
    assert [t.pos_ for t in doc] == ["", "AUX", "", "", "", "", "SPACE", "NOUN", "VERB"]
    assert [doc[1].lemma_, doc[3].lemma_, doc[5].lemma_, doc[7].lemma_] == [
        "be",
        "to",
        "not",
        "thing",
    ]


def test_fast_attribute_match_searches_each_string_once_and_matches_as_the_matcher():
    """A REGEX test searches each distinct string once per process (not once per
    document), and the matches stay the Matcher's: several ids for one token, a
    pattern that two shapes find, documents that repeat each other's words."""
    from spacy.tokens import Doc

    from analysis.nlp import FastAttributeMatch

    nlp, ruler = _ruler_with([
        {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not"}},
        {"patterns": [[{"TAG": "NN"}], [{"TAG": "NN", "LOWER": "dog"}]],
         "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"LEMMA": "thing"}},
        {"patterns": [[{"LOWER": "dog"}, {"LOWER": "ran"}]], "attrs": {"LEMMA": "run"},
         "index": 1},
    ])  # fmt: skip
    fast = FastAttributeMatch(ruler)
    searched: list[str] = []

    class Counting:
        def __init__(self, regex):
            self.regex = regex

        def search(self, text):
            searched.append(text)
            return self.regex.search(text)

    for _, spec in fast.sequences:
        for tests in spec:
            for i, (column, test, arg) in enumerate(tests):
                if test == "regex":
                    tests[i] = (column, test, Counting(arg))
    texts = [(["dog", "ran", "n't", "dog"], ["NN", "VBD", "RB", "NN"]),
             (["The", "dog", "ran", "n't"], ["DT", "NN", "VBD", "RB"]),
             (["n't", "dog", "ran"], ["RB", "NN", "VBD"])]  # fmt: skip
    for words, tags in texts:
        doc = Doc(nlp.vocab, words=words, tags=tags)
        assert fast(doc) == ruler.match(doc)
    assert sorted(searched) == ["dog", "n't", "ran", "the"]


def test_fast_attribute_annotations_set_what_spacy_sets_without_a_span_per_match(monkeypatch):
    """The token at each pattern's index (negative ones too) gets the ruler's
    attributes, later rules winning, with no Span made per match; an index outside its
    match raises spaCy's own error."""
    import spacy.pipeline.attributeruler as spacy_ruler
    from spacy.attrs import LEMMA, MORPH, POS
    from spacy.tokens import Doc

    from analysis.nlp import FastAttributeAnnotations

    def ruler_and_doc(extra=()):
        nlp, ruler = _ruler_with([
            {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
            {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"},
             "index": -1},
            {"patterns": [[{"LOWER": "dog"}, {"LOWER": "ran"}]], "attrs": {"LEMMA": "run"},
             "index": 1},
            {"patterns": [[{"TAG": "NN"}]], "attrs": {"LEMMA": "thing"}},
            *extra,
        ])  # fmt: skip
        words = ["gon", "na", "dog", "ran", "dog"]
        return ruler, Doc(nlp.vocab, words=words, tags=["VBG", "TO", "NN", "VBD", "NN"])

    spacy_ruler_made, plain_doc = ruler_and_doc()
    spacy_ruler_made(plain_doc)
    ruler, doc = ruler_and_doc()
    ruler.set_annotations = FastAttributeAnnotations(ruler)
    spans = []
    real_span = spacy_ruler.Span
    monkeypatch.setattr(spacy_ruler, "Span", lambda *a, **k: spans.append(a) or real_span(*a, **k))
    ruler(doc)
    assert spans == []
    columns = [POS, MORPH, LEMMA]
    assert doc.to_array(columns).tolist() == plain_doc.to_array(columns).tolist()
    assert [t.lemma_ for t in doc] == ["", "to", "thing", "run", "thing"]

    outside = ({"patterns": [[{"LOWER": "dog"}]], "attrs": {"LEMMA": "x"}, "index": 2},)
    messages = []
    for fast in (False, True):
        ruler, doc = ruler_and_doc(outside)
        if fast:
            ruler.set_annotations = FastAttributeAnnotations(ruler)
        with pytest.raises(ValueError) as raised:
            ruler(doc)
        messages.append(str(raised.value))
    assert messages[0] == messages[1] and "E1001" in messages[0]


@pytest.mark.model
def test_trained_pipeline_annotates_exactly_as_spacy_does(seeds_dir):
    import numpy as np
    import spacy
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    from analysis.lemmas import fill_lemmas, lemma_of
    from analysis.nlp import FastAttributeMatch

    name = resolve_model_name()
    if name == RULE_BASED:
        pytest.skip("no trained pipeline installed")
    ours, plain = load_model(name), spacy.load(name)
    assert isinstance(ours.get_pipe("attribute_ruler").match, FastAttributeMatch)
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))] + [
        "Ain't nobody gonna stop us, let's go. We gotta win.  He ain't here.\n\nI'm gon na do it.",
        "U.S. officials said on Tuesday they wouldn't comment; 'Tis the season.",
    ]
    assert not ours.has_pipe("lemmatizer")  # deferred: lemmas only where read
    columns = [TAG, POS, MORPH, LEMMA, DEP]
    for a, b in zip(ours.pipe(texts, disable=["newslens_paragraph_breaks"]), plain.pipe(texts),
                    strict=True):  # fmt: skip
        # read one by one, last token first: each deferred lemma is the eager one
        assert [lemma_of(t) for t in reversed(a)] == [t.lemma_ for t in reversed(b)]
        assert np.array_equal(a.to_array(columns), b.to_array(columns))
    again = next(ours.pipe(texts[-2:-1], disable=["newslens_paragraph_breaks"]))
    assert np.array_equal(fill_lemmas(again).to_array(columns), plain(texts[-2]).to_array(columns))
