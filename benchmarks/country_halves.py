"""Robustness of the country rules on LGL dev: each context rule switched off alone, on
two halves of the LGL dev half (documents by the parity of their LGL id), with and without
source homes.

A rule tuned to a few dev documents helps the half they fall in and does nothing, or
harm, in the other; a rule that generalises helps both (or neither falls). The report
lists, per rule, the change in article precision / recall / mention accuracy that
switching it OFF causes in each half (negative: the rule helps), and flags a rule whose
removal helps one half on some figure while hurting the other ("one half only"). The
LGL test half is never read.

Run from the repository root (about 4 minutes with a cache of the spaCy mentions):

    python -m benchmarks.country_halves --cache-dir /tmp/ce

A threshold or weight is tried the same way: ``--set MODULE:NAME=VALUE`` (repeatable)
rebinds a module constant before anything is mapped, in every analysis module that
imported it by name, and ``--base-only`` prints the absolute figures alone, e.g.

    python -m benchmarks.country_halves --cache-dir /tmp/ce --base-only \
        --set analysis.countries.scoring:WORLD_CITY_POPULATION=500000
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import sys
from pathlib import Path

import pandas as pd

from analysis.countries import ContextRules
from analysis.countries.rules import rules_of
from benchmarks import country_eval as ce

#: Figures compared, as (name, how to read it from country_eval.evaluate's result).
FIGURES = (
    ("P", lambda r: r["precision"]),
    ("R", lambda r: r["recall"]),
    ("mention", lambda r: r["mentions"]["accuracy"]),
)


#: Changes smaller than this (half the last digit shown) count as none.
_NOISE = 0.0005


def halves(dev: list[ce.Article]) -> dict[str, list[ce.Article]]:
    """The LGL dev articles split by the parity of their LGL document id."""
    return {
        "even id": [a for a in dev if int(a.doc_id) % 2 == 0],
        "odd id": [a for a in dev if int(a.doc_id) % 2 == 1],
    }


def figures(
    parts: dict[str, list[ce.Article]], mentions: pd.DataFrame, context: ContextRules
) -> dict[str, tuple[float, ...]]:
    """Per half, with and without source homes: (P, R, mention accuracy)."""
    out = {}
    for name, articles in parts.items():
        mine = mentions[mentions["doc_id"].isin({a.doc_id for a in articles})]
        for homes in (True, False):
            setting = context if homes else dataclasses.replace(context, source_homes=False)
            result = ce.evaluate(articles, mine, context=setting)
            key = name if homes else f"{name}, no homes"
            out[key] = tuple(read(result) for _, read in FIGURES)
    return out


def one_half_only(base: dict, off: dict) -> bool:
    """Whether switching a rule off raises some figure in one half and lowers it in the
    other (under the same source-home setting), each by at least :data:`_NOISE`."""
    for homes in ("", ", no homes"):
        a, b = (base[f"even id{homes}"], off[f"even id{homes}"]), (
            base[f"odd id{homes}"], off[f"odd id{homes}"])  # fmt: skip
        for k in range(len(FIGURES)):
            da, db = a[1][k] - a[0][k], b[1][k] - b[0][k]
            if (da > _NOISE and db < -_NOISE) or (db > _NOISE and da < -_NOISE):
                return True
    return False


def _line(name: str, base: dict, off: dict | None) -> str:
    cells = []
    for key, values in base.items():
        shown = (
            values if off is None else tuple(o - v for o, v in zip(off[key], values, strict=True))
        )
        fmt = "{:.3f}" if off is None else "{:+.3f}"
        cells.append("/".join(fmt.format(v) for v in shown))
    flag = "" if off is None else (" one half only" if one_half_only(base, off) else "")
    return f"| {name} | " + " | ".join(cells) + f" |{flag}"


def set_constant(spec: str) -> None:
    """Rebind the constant ``spec`` names ("analysis.countries.scoring:LOCAL_MIN=3") to
    the value, of the constant's type, in its module and in every loaded ``analysis``
    module that bound the same object under that name (``from ... import``)."""
    where, _, value = spec.partition("=")
    module, _, name = where.partition(":")
    old = getattr(importlib.import_module(module), name)
    new = type(old)(float(value))
    for loaded in list(sys.modules.values()):
        if getattr(loaded, "__name__", "").startswith("analysis") and (
            getattr(loaded, name, None) is old
        ):
            setattr(loaded, name, new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lgl", type=Path, default=ce.DEFAULT_LGL)
    parser.add_argument("--cache-dir", default=None, help="as country_eval's")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--rules", nargs="*", help="only these context rules")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="MODULE:NAME=VALUE",
        help="rebind a module constant first (see the module's doc)",
    )
    parser.add_argument("--base-only", action="store_true", help="no rule switched off")
    args = parser.parse_args(argv)
    for spec in args.set:
        set_constant(spec)
    lgl = ce.load_lgl(args.lgl)
    raw = ce._cached_mentions(lgl, "lgl", args)
    dev, _ = ce.split_halves(lgl)  # the test half is not used
    raw = raw[raw["doc_id"].isin({a.doc_id for a in dev})]
    full = ce.with_extra_places(dev, ce.clean(dev, raw))
    parts = halves(dev)
    base = figures(parts, full, ContextRules())
    print("Switched off alone: change of P/R/mention accuracy per half of LGL dev "
          f"({', '.join(f'{k}: {len(v)} documents' for k, v in parts.items())})\n")  # fmt: skip
    print("| rule | " + " | ".join(base) + " |")
    print("| --- |" + " --- |" * len(base))
    print(_line("all rules (absolute)", base, None))
    for rule in rules_of("context"):
        if args.base_only or (args.rules and rule.id not in args.rules):
            continue
        off = figures(parts, full, ContextRules(**{rule.id: False}))
        print(_line(f"no {rule.id}", base, off), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
