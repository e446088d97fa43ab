"""A document's dependency children read once: :func:`children` for the event rules.

spaCy's ``Token.children`` walks the token's subtree span and makes a new ``Token``
object for each child on every access; the event rules ask for the same verbs' and
nouns' children many times per sentence (about a third of the events stage was spaCy
making Token objects). :func:`children` gives the same tokens, in the same order
(ascending index, as ``Token.children`` yields them), from per-document lists built on
the first call for that Doc (one pass over its heads). The lists are kept for the last
Doc read in each thread (Dask workers may run threads), so they never outlive the next
document.

In: a spaCy ``Token`` with a dependency parse. Out: a list of its children (do not
change it; it is shared by the calls for that token).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_LAST = threading.local()  # .entry = (doc, children lists) of the Doc this thread read last


def _children_lists(doc: Doc) -> list[list[Token]]:
    """Each token's children, by token index, in ascending index order."""
    tokens = list(doc)
    kids: list[list[Token]] = [[] for _ in tokens]
    for tok, rel in zip(tokens, doc.to_array("HEAD").astype("int64").tolist(), strict=True):
        if rel:  # a root is its own head (offset 0)
            kids[tok.i + rel].append(tok)
    return kids


def children(token: Token) -> list[Token]:
    """``list(token.children)``, from the per-document lists (see module doc)."""
    doc = token.doc
    entry = getattr(_LAST, "entry", None)
    if entry is None or entry[0] is not doc:
        entry = (doc, _children_lists(doc))
        _LAST.entry = entry
    return entry[1][token.i]
