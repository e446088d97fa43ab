"""The registry of hand-checked country sets that benchmarks.country_eval scores.

Each set is declared once here: the name its rows carry, the loader that reads its texts
(``loader(gold, root) -> list[Article]``, named as ``"module:function"`` and imported only
when the set is scored, so this module imports no loader and no loader imports it), its
gold file, the folder or file its texts are read from, its spaCy cache name under
``--cache-dir``, and whether it is held out. country_eval's command-line options for the
paths are generated from the registry (:func:`add_arguments`), so the defaults below are
the only place a set's paths are written.

* A **dev** set is scored in every run, ``--dev-only`` included; when its texts or its
  gold are missing the run says so and goes on.
* A **held-out** set is scored only in a full run and only when its gold file exists: it
  is never read under ``--dev-only`` (a tuning run), so no rule is shaped on it.

The conventions of each gold file (selection, what counts as naming a country, who
checked it) are in benchmarks/data/README.md.
"""

from __future__ import annotations

import argparse
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
EVAL_DIR = ROOT.parent / "shared" / "eval"


@dataclass(frozen=True)
class HandSet:
    """One hand-checked country set."""

    #: Row label, before " (<articles>), <stage>" (e.g. "ECB+ hand-checked dev").
    name: str
    #: ``"module:function"``; the function reads ``(gold, root)`` -> list of Articles.
    loader: str
    #: Command-line option of the gold file (``--ecbplus-dev``) and its default.
    gold_option: str
    gold: Path
    #: Command-line option of the texts' folder or file (shared by the sets of one corpus).
    root_option: str
    root: Path
    #: spaCy output cache name under --cache-dir (one per set: never shared).
    cache: str
    #: Held out: never read under --dev-only, scored only when its gold file exists.
    held_out: bool = False
    help: str = ""

    @property
    def gold_dest(self) -> str:
        return self.gold_option.removeprefix("--").replace("-", "_")

    @property
    def root_dest(self) -> str:
        return self.root_option.removeprefix("--").replace("-", "_")

    def paths(self, args: argparse.Namespace) -> tuple[Path, Path]:
        """(gold file, texts' root) as the command line gives them."""
        return Path(getattr(args, self.gold_dest)), Path(getattr(args, self.root_dest))

    def load(self, args: argparse.Namespace) -> list[Any]:
        """The set's Articles with their gold countries (imports the loader now)."""
        module, function = self.loader.split(":")
        return getattr(importlib.import_module(module), function)(*self.paths(args))


_TBAQ = EVAL_DIR / "timebank" / "TBAQ-cleaned"
_ECBPLUS = EVAL_DIR / "ecbplus"
_REUTERS = EVAL_DIR / "reuters21578" / "reuters21578.jsonl"

#: Every hand-checked set, in the order the rows are printed.
HAND_SETS: tuple[HandSet, ...] = (
    HandSet(
        "Reuters hand-checked dev", "benchmarks.country_eval:load_reuters_dev",
        "--reuters-dev", DATA / "reuters_countries_dev.csv", "--reuters", _REUTERS,
        "reuters_dev", help="hand-checked Reuters stories (benchmarks/data)",
    ),
    HandSet(
        "ECB+ hand-checked dev", "benchmarks.ecbplus_countries:load_ecbplus",
        "--ecbplus-dev", DATA / "ecbplus_countries_dev.csv", "--ecbplus", _ECBPLUS,
        "ecbplus_dev", help="hand-checked ECB+ files (benchmarks/data)",
    ),
    HandSet(
        "ECB+ hand-checked test (held out)", "benchmarks.ecbplus_countries:load_ecbplus",
        "--ecbplus-test", DATA / "ecbplus_countries_test.csv", "--ecbplus", _ECBPLUS,
        "ecbplus_test", held_out=True, help="held-out ECB+ files (skipped by --dev-only)",
    ),
    HandSet(
        "TimeBank hand-checked dev", "benchmarks.tbaq_countries:load",
        "--timebank-dev", DATA / "timebank_countries_dev.csv", "--tbaq", _TBAQ,
        "timebank_dev", help="hand-checked TimeBank 1.2 files (benchmarks/data)",
    ),
    HandSet(
        "AQUAINT hand-checked test (held out)", "benchmarks.tbaq_countries:load",
        "--aquaint-test", DATA / "aquaint_countries_test.csv", "--tbaq", _TBAQ,
        "aquaint_test", held_out=True,
        help="held-out AQUAINT files (skipped by --dev-only and when absent)",
    ),
)  # fmt: skip


def get(cache: str) -> HandSet:
    """The registered set of that cache name (each set has its own)."""
    (found,) = (hand_set for hand_set in HAND_SETS if hand_set.cache == cache)
    return found


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One option per gold file and per texts' root of the registry, with its default; a
    root option the parser already has (country_eval's ``--reuters``, read by the silver
    check too) is kept as it is."""
    for hand_set in HAND_SETS:
        if parser.get_default(hand_set.root_dest) is None:
            parser.add_argument(hand_set.root_option, type=Path, default=hand_set.root)
        parser.add_argument(
            hand_set.gold_option, type=Path, default=hand_set.gold, help=hand_set.help
        )


def to_score(args: argparse.Namespace, sets: tuple[HandSet, ...] = HAND_SETS) -> list[HandSet]:
    """The sets this run scores: every dev set whose texts and gold exist (a missing one is
    reported), and, unless --dev-only, every held-out set whose gold file and texts exist.
    A held-out set's paths are not even looked at under --dev-only."""
    chosen = []
    for hand_set in sets:
        if hand_set.held_out and getattr(args, "dev_only", False):
            continue
        gold, root = hand_set.paths(args)
        if gold.is_file() and root.exists():
            chosen.append(hand_set)
        elif not hand_set.held_out:
            print(f"skipped {hand_set.name}: {root} or {gold} not found")
    return chosen
