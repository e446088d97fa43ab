"""The ECB+ hand-checked country sets (benchmarks/data/ecbplus_countries_dev.csv and the
held-out ecbplus_countries_test.csv, benchmarks/ecbplus_countries.py): the committed
files' shape, the selection formulas they follow (when ../shared holds ECB+), the loader
on tiny XML files written here (no ECB+ text in the repository), and --dev-only never
reading the held-out test set."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.geo_sources import iso2_to_iso3
from tests.analysis.test_country_eval import _country_eval

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "benchmarks" / "data" / "ecbplus_countries_dev.csv"
TEST_GOLD = ROOT / "benchmarks" / "data" / "ecbplus_countries_test.csv"
ECBPLUS = ROOT.parent / "shared" / "eval" / "ecbplus"


def _module():
    _country_eval()  # benchmarks.country_eval's dataclasses resolve through sys.modules
    from benchmarks import ecbplus_countries

    return ecbplus_countries


def _table(path: Path = GOLD) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize(("path", "size"), [(GOLD, 78), (TEST_GOLD, 77)])
def test_the_gold_file_parses_and_every_code_is_a_country(path: Path, size: int) -> None:
    table = _table(path)
    assert list(table.columns) == ["file", "countries", "note"]
    assert len(table) == size and table["file"].is_unique
    assert table["file"].str.fullmatch(r"\d+_\d+ecb(plus)?\.xml").all()
    valid = set(iso2_to_iso3().values())
    codes = [code for cell in table["countries"] for code in cell.split()]
    assert codes and not [c for c in codes if c not in valid]
    for cell in table["countries"]:  # written sorted, once each, as the README says
        assert cell.split() == sorted(set(cell.split()))


def test_an_invalid_code_would_be_caught() -> None:
    valid = set(iso2_to_iso3().values())
    assert "USA" in valid and "XYZ" not in valid and "UK" not in valid


@pytest.mark.skipif(not ECBPLUS.is_dir(), reason="ECB+ is not in ../shared")
def test_the_files_are_the_selection_formula_and_exist() -> None:
    module = _module()
    selected = module.select(ECBPLUS)
    assert [p.name for p in selected] == list(_table()["file"])
    assert all(p.exists() for p in selected)
    assert len(module.all_files(ECBPLUS)) == 772
    held_out = module.select(ECBPLUS, offset=module.TEST_OFFSET)
    assert [p.name for p in held_out] == list(_table(TEST_GOLD)["file"])


def test_the_held_out_set_shares_no_file_with_the_dev_set() -> None:
    assert not set(_table(GOLD)["file"]) & set(_table(TEST_GOLD)["file"])


def _xml(tokens: list[tuple[int, str]]) -> str:
    rows = "".join(
        f'<token t_id="{i}" sentence="{s}" number="{i}">{w}</token>\n'
        for i, (s, w) in enumerate(tokens, 1)
    )
    return f'<Document doc_name="x">\n{rows}<Markables/><Relations/></Document>\n'


def test_the_loader_drops_the_web_address_and_keeps_its_host_as_source(tmp_path: Path) -> None:
    module = _module()
    (tmp_path / "7").mkdir()
    address = [(0, w) for w in ("http", ":", "//www.example.org/a/b")]
    body = [(1, "Rain"), (1, "in"), (1, "Lyon"), (1, "."), (2, "Done"), (2, ".")]
    (tmp_path / "7" / "7_1ecbplus.xml").write_text(_xml(address + body), encoding="utf-8")
    (tmp_path / "7" / "7_2ecb.xml").write_text(_xml([(0, "Quiet"), (0, ".")]), encoding="utf-8")
    gold = tmp_path / "gold.csv"
    gold.write_text('file,countries,note\n7_1ecbplus.xml,FRA,\n7_2ecb.xml,,"none"\n', "utf-8")
    plus, plain = module.load_ecbplus(gold, tmp_path)
    assert plus.doc_id == "7_1ecbplus.xml" and plus.text == "Rain in Lyon .\nDone ."
    assert plus.source == "www.example.org" and plus.countries == {"FRA"}
    assert plain.text == "Quiet ." and plain.source is None and plain.countries == set()
    assert [p.name for p in module.select(tmp_path, step=1)] == ["7_1ecbplus.xml", "7_2ecb.xml"]
    assert not re.search(r"http", plus.text)


def _one_scored_file(tmp_path: Path) -> tuple[Path, Path]:
    """ECB+-like folder with one file, its gold (BEL FRA ITA) and cached spaCy output
    (France and Belgium found) under both cache names: (gold file, cache folder)."""
    (tmp_path / "7").mkdir()
    body = [(1, "Rain"), (1, "in"), (1, "France"), (1, "and"), (1, "Belgium"), (1, ".")]
    address = [(0, "http://www.example.org/a")]
    (tmp_path / "7" / "7_1ecbplus.xml").write_text(_xml(address + body), encoding="utf-8")
    gold = tmp_path / "gold.csv"
    gold.write_text("file,countries,note\n7_1ecbplus.xml,BEL FRA ITA,\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    rows = [{"doc_id": "7_1ecbplus.xml", "sent_id": 0, "start": 8, "end": 14, "text": "France",
             "label": "GPE"},
            {"doc_id": "7_1ecbplus.xml", "sent_id": 0, "start": 19, "end": 26, "text": "Belgium",
             "label": "GPE"}]  # fmt: skip
    from analysis import schema

    for name in ("ecbplus_dev", "ecbplus_test"):
        schema.conform(rows, "mentions").to_parquet(cache / f"{name}.mentions.parquet")
        pd.DataFrame([("7_1ecbplus.xml", 0, 0, 28)], columns=["doc_id", "sent_id", "start", "end"]
                     ).to_parquet(cache / f"{name}.sentences.parquet")  # fmt: skip
    return gold, cache


def _args(tmp_path: Path, dev: Path, test: Path, cache: Path) -> list[str]:
    none = str(tmp_path / "none")
    return ["--lgl", none, "--reuters", none, "--conll", none, "--tbaq", none,
            "--ecbplus", str(tmp_path),
            "--ecbplus-dev", str(dev), "--ecbplus-test", str(test), "--cache-dir", str(cache),
            "--stage", "pass", "--no-ablation", "--out", str(tmp_path / "out.json")]  # fmt: skip


def test_the_benchmark_scores_the_set_from_cached_spacy_output(tmp_path: Path, capsys) -> None:
    ce = _country_eval()
    gold, cache = _one_scored_file(tmp_path)
    assert ce.main([*_args(tmp_path, gold, gold, cache), "--dev-only"]) == 0
    printed = capsys.readouterr().out
    # France and Belgium found, Italy (in the gold only) missed: P 2/2, R 2/3.
    assert "| ECB+ hand-checked dev (1), cleaned + gazetteer pass | 1 | 1.000 | 0.667 |" in printed


def test_the_held_out_set_is_scored_alike_in_a_full_run(tmp_path: Path, capsys) -> None:
    ce = _country_eval()
    gold, cache = _one_scored_file(tmp_path)
    assert ce.main(_args(tmp_path, gold, gold, cache)) == 0
    printed = capsys.readouterr().out
    row = "| ECB+ hand-checked test (held out) (1), cleaned + gazetteer pass | 1 | 1.000 | 0.667 |"
    assert row in printed


def test_dev_only_never_reads_the_held_out_set(tmp_path: Path, capsys) -> None:
    ce = _country_eval()
    gold, cache = _one_scored_file(tmp_path)
    # A held-out gold naming a file that is not there: reading it would raise.
    absent = tmp_path / "test.csv"
    absent.write_text("file,countries,note\n9_9ecb.xml,FRA,\n", encoding="utf-8")
    assert ce.main([*_args(tmp_path, gold, absent, cache), "--dev-only"]) == 0
    printed = capsys.readouterr().out
    assert "ECB+ hand-checked dev (1)" in printed and "held out" not in printed
    with pytest.raises((FileNotFoundError, OSError)):
        ce.main(_args(tmp_path, gold, absent, cache))
