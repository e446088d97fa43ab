"""The ECB+ hand-checked country sets: dev (benchmarks/data/ecbplus_countries_dev.csv)
and held-out test (benchmarks/data/ecbplus_countries_test.csv).

ECB+ (../shared/eval/ecbplus, topics 1-35: 2000s-era English web news) was never used to
tune the country rules before the dev set. Each sample is chosen by position only
(:func:`select`: every 10th XML file in the order topic number, then file name, from
offset 0 for dev and offset 5 for test, so the two are disjoint), its gold read by hand
(benchmarks/data/README.md). The test set is held out: never tune on it, report it only.

The text of a file is rebuilt from its tokens as
benchmarks.event_eval builds it (tokens joined by spaces, one line per sentence),
without the web address that is sentence 0 of an ``*ecbplus.xml`` file; that address's
host is the article's source, as a corpus's source column would give it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from benchmarks.country_eval import Article
from benchmarks.event_eval import read_file

#: Every STEP-th file of the sorted list, from the first: 78 of the 772 files (dev).
STEP = 10
#: The held-out test sample starts at this position of the same order: 77 files, none
#: of them in the dev sample (0 < TEST_OFFSET < STEP).
TEST_OFFSET = 5


def all_files(root: Path) -> list[Path]:
    """Every ECB+ XML file, by topic number (numerically), then by file name."""
    folders = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: int(p.name))
    return [p for folder in folders for p in sorted(folder.glob("*.xml"), key=lambda p: p.name)]


def select(root: Path, step: int = STEP, offset: int = 0) -> list[Path]:
    """The sample: ``all_files(root)[offset::step]`` (dev: offset 0; test: TEST_OFFSET)."""
    return all_files(root)[offset::step]


def read_article(path: Path) -> Article:
    """One ECB+ file as an Article (no gold yet): its text without the web address line
    of an ``*ecbplus.xml`` file, whose host becomes the source."""
    lines = read_file(path, set()).text.split("\n")
    source = None
    if path.stem.endswith("ecbplus"):
        address = lines.pop(0).replace(" ", "")
        source = urlsplit(address).hostname or None
    return Article(path.name, "\n".join(lines), source=source)


def load_ecbplus(gold: Path, root: Path) -> list[Article]:
    """The hand-checked files of ``gold`` (file,countries,note), read from ``root``."""
    table = pd.read_csv(gold, dtype=str, keep_default_na=False)
    folders = {name: root / name.split("_", 1)[0] / name for name in table["file"]}
    articles = []
    for name, countries in zip(table["file"], table["countries"], strict=True):
        article = read_article(folders[name])
        article.countries = set(countries.split())
        articles.append(article)
    return articles
