"""The TimeBank / AQUAINT (TBAQ) hand-checked country sets: TimeBank dev
(benchmarks/data/timebank_countries_dev.csv) and AQUAINT held-out test
(benchmarks/data/aquaint_countries_test.csv).

TBAQ-cleaned (../shared/eval/timebank/TBAQ-cleaned, TempEval-3's TimeBank 1.2 and AQUAINT
in TimeML) is news of another mix than the sets the country rules were shaped on: WSJ
(1989-91), CNN, ABC, VOA, PRI, AP, NYT (1998) in TimeBank; AP, NYT and Xinhua (1998-2000)
in AQUAINT. A sample is chosen by position only (:func:`select`: every ``step``-th
``.tml`` file of one part, sorted by file name, from ``offset``), its gold read by hand
(benchmarks/data/README.md). No TBAQ text is kept in this repository.

The text of a file is what a user's corpus would hold: the TITLE (AQUAINT has one,
TimeBank has none), then the TEXT element with every XML tag removed (EVENT, TIMEX3,
SIGNAL...) and its entities unescaped, one paragraph per blank-line-separated block with
its whitespace collapsed, paragraphs joined by a blank line. The EXTRAINFO blocks (wire
headers, slugs, bylines, trailers) are not text a corpus holds and are left out. The date
is the DCT (document creation time) value's day; the source is the outlet prefix of the
file name (``wsj_0006`` -> ``WSJ``, ``APW19980213.1310`` -> ``APW``), as a corpus's
source column would give it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmarks.country_eval import EVAL_DIR, Article

#: TBAQ-cleaned: one folder per part.
DEFAULT_ROOT = EVAL_DIR / "timebank" / "TBAQ-cleaned"
#: The two parts (folder names): TimeBank 1.2 (183 files) and AQUAINT (73 files).
PARTS = ("TimeBank", "AQUAINT")
#: The TimeBank dev sample: every 2nd file by name, from the first (92 of 183).
DEV_PART, DEV_STEP, DEV_OFFSET = "TimeBank", 2, 0
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_OUTLET = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class TmlText:
    """One TimeML file as a corpus would hold it."""

    name: str
    title: str
    text: str
    date: str
    source: str


def _paragraphs(raw: str) -> list[str]:
    """Blank-line-separated blocks, whitespace collapsed, empty blocks dropped."""
    blocks = (" ".join(block.split()) for block in _BLANK_LINE.split(raw))
    return [block for block in blocks if block]


def parse_tml(content: str, name: str) -> TmlText:
    """A TimeML document (its XML as a string) -> TmlText (see the module's docstring)."""
    root = ET.fromstring(content)
    title_node = root.find("TITLE")
    title = " ".join("".join(title_node.itertext()).split()) if title_node is not None else ""
    text_node = root.find("TEXT")
    body = _paragraphs("".join(text_node.itertext())) if text_node is not None else []
    dct = root.find("DCT/TIMEX3")
    date = (dct.get("value", "") if dct is not None else "")[:10]
    outlet = _OUTLET.match(name)
    source = outlet.group().upper() if outlet else ""
    return TmlText(name, title, "\n\n".join([title, *body] if title else body), date, source)


def read_tml(path: Path) -> TmlText:
    """One ``.tml`` file -> TmlText (named by its file name, e.g. ``wsj_0006.tml``)."""
    return parse_tml(path.read_text(encoding="utf-8"), path.name)


def all_files(root: Path, part: str) -> list[Path]:
    """Every ``.tml`` file of ``root/part``, sorted by file name."""
    if part not in PARTS:
        raise ValueError(f"unknown TBAQ part {part!r}: one of {PARTS}")
    return sorted((root / part).glob("*.tml"), key=lambda p: p.name)


def select(
    root: Path = DEFAULT_ROOT, part: str = DEV_PART, step: int = DEV_STEP, offset: int = DEV_OFFSET
) -> list[Path]:
    """The sample: ``all_files(root, part)[offset::step]`` (TimeBank dev: every 2nd file)."""
    return all_files(root, part)[offset::step]


def _path_of(root: Path, name: str) -> Path:
    """The one part of ``root`` that holds ``name``."""
    found = [root / part / name for part in PARTS if (root / part / name).is_file()]
    if len(found) != 1:
        raise FileNotFoundError(f"{name}: {len(found)} files of that name under {root}/{PARTS}")
    return found[0]


def read_article(path: Path) -> Article:
    """One ``.tml`` file as an Article (no gold yet), with its outlet as the source."""
    tml = read_tml(path)
    return Article(tml.name, tml.text, source=tml.source or None)


def load(gold: Path, root: Path = DEFAULT_ROOT) -> list[Article]:
    """The hand-checked files of ``gold`` (file,countries,note), read from ``root``'s
    TimeBank or AQUAINT folder (whichever holds the file)."""
    table = pd.read_csv(gold, dtype=str, keep_default_na=False)
    articles = []
    for name, countries in zip(table["file"], table["countries"], strict=True):
        article = read_article(_path_of(root, name))
        article.countries = set(countries.split())
        articles.append(article)
    return articles
