"""No CoNLL-2003 text is copied into the repository (its licence: research use, never in
the project; /work/shared/eval/README.md). Examples in comments, docs and tests are
invented in the same shape (a headline slug, a dateline, a results line).

The check reads the CoNLL-2003 dev and test sets (and CoNLL++) from the evaluation
folder (skipped when it is absent) and looks, in every tracked text file, for what
is story-specific, not common English:

* a headline fragment: 4+ consecutive tokens of a CoNLL sentence, 3+ of them words in
  capitals (a sports headline such as "SOCCER - JAPAN EDGE PAST OMAN", invented);
* a results line or table row: 5+ consecutive tokens with 3+ numbers and a capitalised
  name ("Stoke 5 3 1 1 8 4 10", invented);
* a dateline: a capitalised place and the 1996/1997 date CoNLL stamps it with.

A run of common words ("at the end of the", "General Agreement on Tariffs and Trade") is
not flagged.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"  # as benchmarks/country_eval.py EVAL_DIR
CONLL = ("conll2003/eng.testa", "conll2003/eng.testb", "conllpp/conllpp_test.txt")
N = 4
TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*|[^\sA-Za-z0-9]")
BINARY = {".gz", ".png", ".parquet", ".geojson", ".ico", ".woff2"}


def _sentences() -> list[list[str]]:
    """CoNLL's sentences as token lists (its own tokenisation)."""
    out, sentence = [], []
    for name in CONLL:
        for line in (EVAL / name).read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split()
            if not parts or parts[0] == "-DOCSTART-":
                if sentence:
                    out.append(sentence)
                sentence = []
            else:
                sentence.append(parts[0])
    return out


def _caps(token: str) -> bool:
    return len(token) > 1 and token.isupper()


def _story_specific(run: list[str]) -> bool:
    numbers = sum(t.replace(".", "").replace("-", "").isdigit() for t in run)
    names = sum(t[:1].isupper() and not t.isupper() for t in run)
    return (sum(map(_caps, run)) >= 3) or (len(run) >= 5 and numbers >= 3 and names >= 1)


def copied_runs(text: str, grams: set[tuple[str, ...]], datelines: set[str]) -> list[str]:
    """The story-specific runs of ``text`` that CoNLL holds (see the module docstring)."""
    found = [m.group() for m in re.finditer(r"[A-Z][A-Z'.-]+(?:, [A-Z][a-z]+)? 199[67]-\d\d-\d\d",
                                            text) if m.group() in datelines]  # fmt: skip
    tokens = TOKEN.findall(text)
    words = [t.lower() for t in tokens]
    i = 0
    while i <= len(words) - N:
        if tuple(words[i : i + N]) not in grams:
            i += 1
            continue
        j = i + N
        while j < len(words) and tuple(words[j - N + 1 : j + 1]) in grams:
            j += 1
        if _story_specific(tokens[i:j]):
            found.append(" ".join(tokens[i:j]))
        i = j
    return found


@pytest.fixture(scope="module")
def conll() -> tuple[set[tuple[str, ...]], set[str]]:
    """(every lower-case 4-gram of CoNLL's sentences, its datelines as written)."""
    if not all((EVAL / name).is_file() for name in CONLL):
        pytest.skip(f"CoNLL-2003 not found under {EVAL}")
    grams, datelines = set(), set()
    for sentence in _sentences():
        lower = [t.lower() for t in sentence]
        grams.update(zip(*(lower[k:] for k in range(N)), strict=False))
        if re.fullmatch(r"199[67]-\d\d-\d\d", sentence[-1]) and len(sentence) <= 6:
            datelines.add(" ".join(sentence).replace(" ,", ","))
    return grams, datelines


def test_the_check_finds_copied_headlines_rows_and_datelines(conll) -> None:
    # Copies are taken from the data at run time: this file must hold no CoNLL text.
    grams, datelines = conll
    sentences = [" ".join(s) for s in _sentences()]
    headline = next(s for s in sentences if sum(map(_caps, s.split())) >= 5)
    row = next(s for s in sentences if re.fullmatch(r"[A-Z][a-z]+( \d+){7}", s))
    dateline = next(d for d in sorted(datelines) if d[0].isalpha())
    text = f"e.g. '{headline}', then\n{row}\nand '{dateline}' in a comment"
    assert copied_runs(text, grams, datelines) == [dateline, headline, row]
    invented = "'SOCCER - JAPAN EDGE PAST OMAN', 'Stoke 5 3 1 1 8 4 10', 'DUBLIN 2024-06-15'"
    assert copied_runs(invented + " at the end of the day", grams, datelines) == []


def test_no_tracked_file_holds_conll_text(conll) -> None:
    grams, datelines = conll
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    found = {}
    for name in listed.stdout.split():
        path = ROOT / name
        if path.suffix in BINARY or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        runs = copied_runs(text, grams, datelines)
        if runs:
            found[name] = runs
    assert found == {}
