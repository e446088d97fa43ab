"""The held-out AQUAINT hand-checked country set (benchmarks/data/aquaint_countries_test.csv):
the committed file's shape, every code a country of the project's table, and (when
../shared holds TBAQ-cleaned) one row for each of the 73 AQUAINT files, each existing.
No AQUAINT text is in the repository; nothing here reads a story."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.geo_sources import iso2_to_iso3

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "benchmarks" / "data" / "aquaint_countries_test.csv"
AQUAINT = ROOT.parent / "shared" / "eval" / "timebank" / "TBAQ-cleaned" / "AQUAINT"


def _table() -> pd.DataFrame:
    return pd.read_csv(GOLD, dtype=str, keep_default_na=False)


def _bad_codes(cells: list[str]) -> list[str]:
    valid = set(iso2_to_iso3().values())
    return [code for cell in cells for code in cell.split() if code not in valid]


def test_the_gold_file_parses_with_its_three_columns() -> None:
    table = _table()
    assert list(table.columns) == ["file", "countries", "note"]
    assert len(table) == 73 and table["file"].is_unique
    assert table["file"].str.fullmatch(r"(APW|NYT|XIE)\d{8,9}\.\d{4}\.tml").all()
    assert list(table["file"]) == sorted(table["file"])


def test_every_code_is_a_country_written_sorted_once() -> None:
    cells = list(_table()["countries"])
    assert all(cells)  # every AQUAINT story names at least one country
    assert not _bad_codes(cells)
    for cell in cells:
        assert cell.split() == sorted(set(cell.split()))


@pytest.mark.parametrize("cell", ["UK", "USA XYZ", "usa", "US"])
def test_an_invalid_code_would_be_caught(cell: str) -> None:
    assert _bad_codes([cell])


def test_the_notes_carry_no_long_quotation() -> None:
    """Notes name words a reader could hesitate on, never copy the story."""
    assert _table()["note"].str.len().max() < 500


@pytest.mark.skipif(not AQUAINT.is_dir(), reason="TBAQ-cleaned/AQUAINT is not in ../shared")
def test_the_rows_are_all_73_aquaint_files_and_each_exists() -> None:
    files = list(_table()["file"])
    assert sorted(p.name for p in AQUAINT.glob("*.tml")) == files
    assert all((AQUAINT / name).is_file() for name in files)
