"""A document's tokens and dependency children read once, for the event rules.

spaCy's ``Token.children`` walks the token's subtree span and makes a new ``Token``
object for each child on every access; the event rules ask for the same verbs' and
nouns' children many times per sentence (about a third of the events stage was spaCy
making Token objects). :func:`children` gives the same tokens, in the same order
(ascending index, as ``Token.children`` yields them), from per-document lists built on
the first call for that Doc (one pass over its heads); :func:`tokens_of` gives the same
pass's Token objects, so a sentence or the text is read without making them again. The
lists are kept for the last
Doc read in each thread (Dask workers may run threads), so they never outlive the next
document.

In: a spaCy ``Token`` with a dependency parse (``Doc``). Out: a list of its children
(its Doc's tokens); do not change it, it is shared by the calls for that token (Doc).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: .entry = (doc, its tokens, their children lists) of the Doc this thread read last
_LAST = threading.local()


def _read(doc: Doc) -> tuple[Doc, list[Token], list[list[Token]]]:
    """``doc``'s entry: its tokens and each token's children, in ascending index order."""
    entry = getattr(_LAST, "entry", None)
    if entry is not None and entry[0] is doc:
        return entry
    tokens = list(doc)
    kids: list[list[Token]] = [[] for _ in tokens]
    for tok, rel in zip(tokens, doc.to_array("HEAD").astype("int64").tolist(), strict=True):
        if rel:  # a root is its own head (offset 0)
            kids[tok.i + rel].append(tok)
    _LAST.entry = entry = (doc, tokens, kids)
    return entry


def tokens_of(doc: Doc) -> list[Token]:
    """``list(doc)``, from the per-document entry (see module doc)."""
    return _read(doc)[1]


def children(token: Token) -> list[Token]:
    """``list(token.children)``, from the per-document lists (see module doc)."""
    return _read(token.doc)[2][token.i]
