"""Every shipped data file is listed with its source and licence, and ships with the package.

``analysis/data/README.md`` is where the README sends a reader for the provenance of the
shipped data; a word list added without a row there has no visible source. The
package-data globs of pyproject.toml decide what ``pip install .`` copies.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from itertools import takewhile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "analysis" / "data"


def shipped() -> set[str]:
    """Names of the files in analysis/data (its README and caches aside)."""
    return {
        p.name
        for p in DATA.iterdir()
        if p.is_file() and p.name != "README.md" and not p.name.endswith(".pyc")
    }


def listed(readme: str) -> dict[str, list[str]]:
    """File name -> the other cells of its row, for each row of the README's tables."""
    rows = {}
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = re.fullmatch(r"`([^`/]+)`", cells[0]) if line.startswith("|") else None
        if name:
            rows[name[1]] = cells[1:]
    return rows


def test_every_data_file_has_a_row_with_what_it_is() -> None:
    rows = listed((DATA / "README.md").read_text(encoding="utf-8"))
    assert len(rows) > 10  # the table was read
    assert sorted(shipped() - set(rows)) == []
    assert sorted(set(rows) - shipped()) == []  # no row for a file that is gone
    data_rows = {name: cells for name, cells in rows.items() if not name.endswith(".py")}
    # what / source / licence: all three said for every data file
    assert [name for name, cells in data_rows.items() if len(cells) < 3 or not all(cells[:3])] == []


def test_every_data_file_is_in_the_installed_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["analysis.data"]
    data_files = {n for n in shipped() if not n.endswith(".py")}
    assert data_files
    assert sorted(n for n in data_files if not any(fnmatch.fnmatch(n, g) for g in globs)) == []


def test_every_hand_written_list_says_its_source_and_licence_beside_its_rows() -> None:
    # The word lists (.txt, .tsv) are read by people editing them, who may never open the
    # README: each one's comment header says where its words come from and its licence.
    lists = sorted(p for p in DATA.iterdir() if p.suffix in (".txt", ".tsv"))
    assert len(lists) >= 5
    missing = {}
    for path in lists:
        lines = path.read_text(encoding="utf-8").splitlines()
        header = " ".join(takewhile(lambda line: line.startswith("#"), lines))
        lacks = [word for word in ("Source:", "Licence:") if word not in header]
        if lacks:
            missing[path.name] = lacks
    assert missing == {}
