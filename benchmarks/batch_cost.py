"""What a pool batch's CPU follows: rows or characters (issue #20, branch thru4).

Runs a worker's whole task (``analysis.staged.analyze_and_store``: NLP, stages, segment
writes) on the first N Reuters bodies in batches of ``--batch`` rows, in one process,
``--rounds`` times, and fits each batch's CPU seconds two ways: on its rows alone, and on
its rows and characters. The spread of the fits' relative errors says which to split
the pool's batches by (``analysis.build.split_chunks``). CPU seconds only: they hold on a
loaded machine, within a few per cent.

    python -m benchmarks.batch_cost --n 1000 --batch 64 --rounds 2
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.throughput import DEFAULT_DATA, read_bodies


def batch_costs(texts: list[str], batch: int, rounds: int) -> list[tuple[int, int, float]]:
    """(rows, characters, CPU s) of each batch of ``texts``, every round."""
    from analysis import models, staged
    from analysis.nlp import load_model

    name = models.resolve_model_name(None)
    todo = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts,
                         "date": [None] * len(texts)})  # fmt: skip
    todo["doc_key"] = [f"k{i}" for i in range(len(texts))]
    nlp = load_model(name)
    nlp("Warm-up in London on Monday, Reuters said.")  # the lazy tables, as the host does
    out = []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "version"
            root.mkdir()
            where = staged.target(root, Path(tmp), name, rule_based=False)
            for folder in where.folders.values():
                Path(folder).mkdir(parents=True, exist_ok=True)
            for start in range(0, len(todo), batch):
                chunk = todo.iloc[start : start + batch]
                before = time.process_time()
                staged.analyze_and_store(where, nlp, chunk)
                cpu = time.process_time() - before
                out.append((len(chunk), int(chunk["text"].str.len().sum()), cpu))
    return out


def fit(costs: list[tuple[int, int, float]]) -> dict[str, float]:
    """Least squares of CPU on rows, and on rows and characters: coefficients and the
    standard deviation of each fit's relative error."""
    data = np.array(costs, dtype=float)
    y = data[:, 2]
    result = {}
    for label, x in (("rows", data[:, :1]), ("rows_chars", data[:, :2])):
        coef = np.linalg.lstsq(x, y, rcond=None)[0]
        pred = x @ coef
        result[f"{label}_relative_error_sd"] = float(((y - pred) / pred).std())
        result[f"{label}_coefficients"] = [float(c) for c in coef]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--n", type=int, default=1000, help="bodies (default 1000)")
    parser.add_argument("--batch", type=int, default=64, help="rows per batch (default 64)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds (default 2)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found (the Reuters-21578 JSONL)", file=sys.stderr)
        return 0
    texts = [r["body"] for r in read_bodies(args.data, args.n)]
    costs = batch_costs(texts, args.batch, args.rounds)
    result = fit(costs)
    print(f"{len(costs)} batches of {args.batch} rows, {args.rounds} rounds")
    rows_s, chars_s = result["rows_chars_coefficients"]
    print(f"fit on rows and characters: {rows_s * 1000:.2f} ms a row + "
          f"{chars_s * 1e6:.1f} ms per 1,000 characters")  # fmt: skip
    for label in ("rows", "rows_chars"):
        print(f"  {label}: relative error sd {result[label + '_relative_error_sd']:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
