"""The registry of hand-checked country sets (benchmarks/hand_sets.py) and the TimeBank dev
gold (benchmarks/data/timebank_countries_dev.csv): every set is fully declared, held-out
sets are never read under --dev-only, country_eval scores a TimeBank-like set from cached
spaCy output (tiny TimeML written here: no TBAQ text in the repository), and the committed
gold follows its selection formula and the README's shape."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

import pandas as pd
import pytest

from analysis.geo_sources import iso2_to_iso3
from benchmarks import hand_sets
from tests.analysis.test_country_eval import _country_eval
from tests.analysis.test_country_eval_tbaq import NO_TITLE, TML

ROOT = Path(__file__).resolve().parents[2]
TIMEBANK_GOLD = ROOT / "benchmarks" / "data" / "timebank_countries_dev.csv"
TBAQ = ROOT.parent / "shared" / "eval" / "timebank" / "TBAQ-cleaned"


def test_every_set_has_a_name_a_loader_a_gold_path_and_its_own_cache() -> None:
    sets = hand_sets.HAND_SETS
    assert len({s.name for s in sets}) == len(sets) and all(s.name for s in sets)
    assert len({s.cache for s in sets}) == len(sets)  # no two sets share a cache
    assert len({s.gold_option for s in sets}) == len(sets)
    for hand_set in sets:
        module, function = hand_set.loader.split(":")
        assert callable(getattr(importlib.import_module(module), function))
        assert hand_set.gold.parent == ROOT / "benchmarks" / "data"
        assert hand_set.gold.suffix == ".csv"
        assert hand_set.gold_option.startswith("--") and hand_set.root_option.startswith("--")
        assert ("held out" in hand_set.name) == hand_set.held_out
        if not hand_set.held_out:  # a dev set's gold is committed
            assert hand_set.gold.is_file(), hand_set.gold
    names = {s.name for s in sets}
    assert {"TimeBank hand-checked dev", "AQUAINT hand-checked test (held out)"} <= names
    assert hand_sets.get("aquaint_test").gold.name == "aquaint_countries_test.csv"


def _namespace(tmp_path: Path, dev_only: bool, *, gold: bool = True) -> argparse.Namespace:
    """Every set pointed at files under tmp_path (gold files present unless gold=False)."""
    parser = argparse.ArgumentParser()
    hand_sets.add_arguments(parser)
    values = []
    for hand_set in hand_sets.HAND_SETS:
        path = tmp_path / f"{hand_set.cache}.csv"
        if gold:
            path.write_text("file,countries,note\n", encoding="utf-8")
        values += [hand_set.gold_option, str(path), hand_set.root_option, str(tmp_path)]
    args = parser.parse_args(values)
    args.dev_only = dev_only
    return args


def test_held_out_sets_are_left_out_under_dev_only(tmp_path: Path) -> None:
    dev_only = hand_sets.to_score(_namespace(tmp_path, dev_only=True))
    assert dev_only and not [s for s in dev_only if s.held_out]
    full = hand_sets.to_score(_namespace(tmp_path, dev_only=False))
    assert {s.name for s in full} == {s.name for s in hand_sets.HAND_SETS}


def test_a_missing_gold_is_reported_for_a_dev_set_and_silent_for_a_held_out_one(
    tmp_path: Path, capsys
) -> None:
    assert hand_sets.to_score(_namespace(tmp_path, dev_only=False, gold=False)) == []
    printed = capsys.readouterr().out
    assert "skipped TimeBank hand-checked dev" in printed
    assert "held out" not in printed


def _tbaq_with_cache(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A TBAQ-like root (one TimeBank, one AQUAINT file), the TimeBank file's gold (FRA USA)
    and cached spaCy output that finds France only: (root, gold file, cache folder)."""
    for part, name, content in (
        ("TimeBank", "wsj_0001.tml", NO_TITLE.replace("Acme Corp.", "France's Acme Corp.")),
        ("AQUAINT", "APW19990101.0001.tml", TML),
    ):
        (tmp_path / part).mkdir()
        (tmp_path / part / name).write_text(content, encoding="utf-8")
    gold = tmp_path / "timebank.csv"
    gold.write_text("file,countries,note\nwsj_0001.tml,FRA USA,\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    from analysis import schema

    rows = [{"doc_id": "wsj_0001.tml", "sent_id": 0, "start": 0, "end": 6, "text": "France",
             "label": "GPE"}]  # fmt: skip
    schema.conform(rows, "mentions").to_parquet(cache / "timebank_dev.mentions.parquet")
    pd.DataFrame([("wsj_0001.tml", 0, 0, 40)], columns=["doc_id", "sent_id", "start", "end"]
                 ).to_parquet(cache / "timebank_dev.sentences.parquet")  # fmt: skip
    return tmp_path, gold, cache


def _args(root: Path, gold: Path, held_out: Path, cache: Path) -> list[str]:
    none = str(root / "none")
    return ["--lgl", none, "--reuters", none, "--conll", none, "--ecbplus", none,
            "--tbaq", str(root), "--timebank-dev", str(gold), "--aquaint-test", str(held_out),
            "--cache-dir", str(cache), "--stage", "pass", "--no-ablation",
            "--out", str(root / "out.json")]  # fmt: skip


def test_country_eval_scores_the_timebank_set_and_never_reads_aquaint_under_dev_only(
    tmp_path: Path, capsys
) -> None:
    ce = _country_eval()
    root, gold, cache = _tbaq_with_cache(tmp_path)
    # A held-out gold naming a file that is not there: reading it would raise.
    absent = tmp_path / "aquaint.csv"
    absent.write_text("file,countries,note\nNYT20000101.0001.tml,FRA,\n", encoding="utf-8")
    assert ce.main([*_args(root, gold, absent, cache), "--dev-only"]) == 0
    printed = capsys.readouterr().out
    # France found, the US (gold only) missed: P 1/1, R 1/2.
    assert "| TimeBank hand-checked dev (1), cleaned + gazetteer pass | 1 | 1.000 | 0.500 |" in (
        printed
    )
    assert "AQUAINT" not in printed
    with pytest.raises(FileNotFoundError):
        ce.main(_args(root, gold, absent, cache))


def _gold() -> pd.DataFrame:
    return pd.read_csv(TIMEBANK_GOLD, dtype=str, keep_default_na=False)


def test_the_timebank_gold_parses_and_every_code_is_a_country() -> None:
    table = _gold()
    assert list(table.columns) == ["file", "countries", "note"]
    assert len(table) == 92 and table["file"].is_unique
    assert table["file"].str.endswith(".tml").all()
    valid = set(iso2_to_iso3().values())
    codes = [code for cell in table["countries"] for code in cell.split()]
    assert len(codes) == 157 and not [c for c in codes if c not in valid]
    for cell in table["countries"]:  # written sorted, once each, as the README says
        assert cell.split() == sorted(set(cell.split()))
    assert (table["note"] != "").all()  # each row says why


@pytest.mark.skipif(not TBAQ.is_dir(), reason="TBAQ-cleaned is not in ../shared")
def test_the_timebank_files_are_the_selection_formula() -> None:
    _country_eval()
    from benchmarks import tbaq_countries

    assert len(tbaq_countries.all_files(TBAQ, "TimeBank")) == 183
    selected = tbaq_countries.select(TBAQ, "TimeBank", 2, 0)
    assert [p.name for p in selected] == list(_gold()["file"])


def test_every_committed_gold_file_has_its_readme_section() -> None:
    readme = (ROOT / "benchmarks" / "data" / "README.md").read_text(encoding="utf-8")
    for hand_set in hand_sets.HAND_SETS:
        if hand_set.gold.is_file():
            assert f"## {hand_set.gold.name}" in readme, hand_set.gold.name
