"""Faster forms of the lexicon's phrase patterns that find exactly what the plain forms
find (speed only; tests/analysis/test_country_fastre.py checks each against its plain form).

Python's regex engine skips straight to the characters a pattern can open with (a
literal, or a set of literals) and tries the rest only there; a pattern that opens
with ``\\b`` or a look-behind, or an alternation that mixes such openings, is tried at
every character of the text. The register's patterns (analysis/data/country_lexicon.json)
are searched once per story, so that was about a seventh of mapping countries on the
Reuters corpus. Two rewrites keep the matches and let the engine skip:

* ``\\bX`` -> ``X(?<!\\wX)`` and ``(?<!L)X`` -> ``X(?<!LX)`` for a first character ``X``
  (a literal word character or a set of them): the look-behind reads the same
  characters, placed after the one it guards. A set ``[Cc]`` becomes one branch per
  character, so that every branch opens with a literal. A ``\\b`` before a group
  ``(?:A|B)`` moves into each of its branches, recursively.
* A top-level alternation ``A|B|C`` is searched as three patterns: a text has a match of
  the whole iff it has one of a branch (the callers ask only whether there is one).

Written by hand because no library rewrites patterns for Python's ``re``; a pattern
this does not understand is kept as it is (still exact, only not faster).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_QUANTIFIERS = ("?", "*", "+", "{")


def _atom_end(pattern: str, i: int) -> int:
    """Index just past the atom opening at ``pattern[i]``: an escape, a set ``[...]``, a
    group ``(...)`` or one character."""
    if pattern[i] == "\\":
        return i + 2
    if pattern[i] == "[":
        j = i + 1
        if j < len(pattern) and pattern[j] == "^":
            j += 1
        if j < len(pattern) and pattern[j] == "]":
            j += 1  # a "]" first in a set is a literal
        while pattern[j] != "]":
            j += 2 if pattern[j] == "\\" else 1
        return j + 1
    if pattern[i] == "(":
        depth, j = 0, i
        while True:
            if pattern[j] in "\\[":
                j = _atom_end(pattern, j)
                continue
            depth += {"(": 1, ")": -1}.get(pattern[j], 0)
            j += 1
            if depth == 0:
                return j
    return i + 1


def branches(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (``"a|(b|c)"`` -> ``["a", "(b|c)"]``)."""
    out, start, i = [], 0, 0
    while i < len(pattern):
        if pattern[i] == "|":
            out.append(pattern[start:i])
            start = i + 1
            i += 1
        else:
            i = _atom_end(pattern, i)
    return [*out, pattern[start:]]


_WORD_SET = re.compile(r"\[(?:[A-Za-z0-9](?:-[A-Za-z0-9])?)+\]|\\d")
#: A counted repeat after the first character: ``+``, ``{m}``, ``{m,}``, ``{m,n}``, lazy or not.
_REPEAT = re.compile(r"(?:\+|\{(?P<low>\d+)(?P<high>,\d*)?\})(?P<lazy>\??)")


def _openings(atom: str) -> list[str] | None:
    """The forms ``atom`` opens a branch with: one per character of a literal word
    character or a set of at most three (``"S"``, ``"[Ss]"`` -> ``["S", "s"]``), the
    atom itself for a set of word characters with ranges or ``\\d`` (``"[A-Z]"``); None
    for any other atom."""
    chars = atom[1:-1] if atom.startswith("[") and atom.endswith("]") else atom
    if chars and len(chars) <= 3 and all(ch.isalnum() and ch.isascii() for ch in chars):
        return list(chars)
    return [atom] if _WORD_SET.fullmatch(atom) else None


def _after_first(atom: str, rest: str) -> str | None:
    """What follows the first character of ``atom`` + ``rest``: ``rest`` itself, or
    the repeat that is left when ``rest`` opens with one (``{1,2}`` -> ``atom{0,1}``);
    None when ``atom`` may be absent (``?``, ``*``, ``{0,...}``)."""
    if not rest.startswith(_QUANTIFIERS):
        return rest
    repeat = _REPEAT.match(rest)
    if repeat is None or repeat.group("low") == "0":
        return None
    tail, lazy = rest[repeat.end() :], repeat.group("lazy")
    if repeat.group("low") is None:  # "+"
        return f"{atom}*{lazy}{tail}"
    low, high = int(repeat.group("low")) - 1, repeat.group("high")
    if high is None:
        count = f"{{{low}}}"
    else:
        count = f"{{{low},}}" if high == "," else f"{{{low},{int(high[1:]) - 1}}}"
    return f"{atom}{count}{lazy}{tail}"


def _guarded(guard: str, pattern: str) -> list[str] | None:
    """Alternatives that together match what ``pattern`` with ``guard`` before it
    matches (``\\b``, or a negative look-behind's body for ``(?<!...)``), each opening
    with its first character; None if ``pattern`` cannot be rewritten so. A group
    ``(?:A|B)C`` becomes ``AC``, ``BC``: an alternative that opens with a group would
    hide its first characters from the engine."""
    if not pattern or pattern[0] in "|)":
        return None
    end = _atom_end(pattern, 0)
    atom, rest = pattern[:end], pattern[end:]
    if atom.startswith("(?:") and not rest.startswith(_QUANTIFIERS):
        forms: list[str] = []
        for alt in branches(atom[3:-1]):
            if (inner := _guarded(guard, alt + rest)) is None:
                return None
            forms.extend(inner)
        return forms
    openings, after = _openings(atom), _after_first(atom, rest)
    if openings is None or after is None:
        return None
    behind = r"\w" if guard == r"\b" else guard
    return [f"{first}(?<!{behind}{first}){after}" for first in openings]


_LOOK_BEHIND = re.compile(r"\(\?<!(\[[^\]\\]*(?:\\.[^\]\\]*)*\])\)")


def char_first(pattern: str) -> str:
    """``pattern`` rewritten to open with literal characters when it opens with ``\\b``
    or with a negative look-behind of one character set (``(?<![\\d-])``); the same
    pattern otherwise. The rewrite matches the same text at the same places."""
    forms = None
    if pattern.startswith(r"\b"):
        forms = _guarded(r"\b", pattern[2:])
    elif (behind := _LOOK_BEHIND.match(pattern)) is not None:
        forms = _guarded(behind.group(1), pattern[behind.end() :])
    return pattern if forms is None else "|".join(forms)


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
"""A pattern opening with global inline flags, which :func:`searchers` keeps whole."""


def searchers(pattern: str) -> tuple[re.Pattern[str], ...]:
    """One compiled :func:`char_first` pattern per top-level branch of ``pattern``: a
    text holds a match of ``pattern`` iff :func:`found` says so."""
    if _GLOBAL_FLAGS.match(pattern):
        # A leading (?i)/(?x)... applies to the whole pattern: split into branches it
        # would govern the first one only, so such a pattern is searched as written.
        return (re.compile(pattern),)
    return tuple(re.compile(char_first(branch)) for branch in branches(pattern))


def found(parts: Sequence[re.Pattern[str]], text: str) -> bool:
    """Whether any of ``parts`` (see :func:`searchers`) matches somewhere in ``text``."""
    return any(part.search(text) is not None for part in parts)


#: A pattern's opening that is one literal character: not a set, group, escape, anchor
#: or repeat (the engine then skips to it, alone or as one branch of an alternation).
_LITERAL_OPENING = re.compile(r"[^\\\[\](){}.^$|?*+]")
#: What :func:`alternation` does not join: named groups, back references and inline flags
#: would clash or change meaning in one pattern.
_UNJOINABLE = re.compile(r"\(\?P|\(\?[aiLmsux]|\\[1-9]")


def opens_with_literal(pattern: str) -> bool:
    """Whether every top-level branch of ``pattern`` opens with a literal character
    (:func:`char_first` forms do) and :func:`alternation` may join it."""
    return _UNJOINABLE.search(pattern) is None and all(
        _LITERAL_OPENING.match(branch) for branch in branches(pattern)
    )


def alternation(parts: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that has a match in a text iff one of ``parts`` has (their branches
    joined by "|"; each part :func:`opens_with_literal`), None for no parts."""
    return re.compile("|".join(p.pattern for p in parts)) if parts else None
