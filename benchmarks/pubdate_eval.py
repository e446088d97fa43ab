"""How many publication dates of a real feed are read, against the previous reader.

Run from the repository root:

    python -m benchmarks.pubdate_eval [FILE.jsonl ...] [--field date]

Default input: ``../shared/eval/reuters21578/reuters21578.jsonl`` (its ``date`` field).
For each file: values given, read by the baseline (the reader before issue 19.3:
``datetime.fromisoformat``, then ``dateutil`` with month-first and no zone handling),
read by ``analysis.dates.parse_publication_date`` with the corpus's own day-first
decision, values where both read the same date, and the ``date_flag`` counts. The
data stays outside the repository; only figures are printed.
"""

from __future__ import annotations

import argparse
import json
import warnings
from collections import Counter
from datetime import datetime
from pathlib import Path

from analysis import dates

ROOT = Path(__file__).resolve().parents[1]

DEFAULT = ROOT.parent / "shared" / "eval" / "reuters21578" / "reuters21578.jsonl"


def baseline(value: object) -> str | None:
    """The publication-date reader NewsLens had before (kept here as the baseline)."""
    from dateutil import parser as dateutil_parser

    text = str(value).strip()
    if not text or len(text) > 64:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        has_time = len(text) > 10
    except ValueError:
        try:
            parsed = dateutil_parser.parse(text, default=datetime(1, 1, 1))
        except (ValueError, OverflowError):
            return None
        if parsed.year < 1000:
            return None
        has_time = ":" in text
    if not has_time:
        return parsed.date().isoformat()
    return parsed.replace(tzinfo=None, microsecond=0).isoformat()


def evaluate(path: Path, field: str) -> dict[str, object]:
    """Figures for the ``field`` values of one JSONL file."""
    with path.open(encoding="utf-8") as fh:
        raw = [json.loads(line).get(field) for line in fh if line.strip()]
    given = [r for r in raw if r not in (None, "")]
    dayfirst = dates.corpus_dayfirst(given)
    window = dates.plausible_window()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read = {i: dates.parse_publication_date(r, dayfirst=dayfirst) for i, r in enumerate(raw)}
        old = {i: baseline(r) for i, r in enumerate(raw) if r not in (None, "")}
    new = {i: read[i] for i in old}
    flags = Counter(dates.date_flag(r, read[i], window) or "ok" for i, r in enumerate(raw))
    return {
        "file": path.name,
        "documents": len(raw),
        "dates_given": len(given),
        "read_baseline": sum(v is not None for v in old.values()),
        "read_now": sum(v is not None for v in new.values()),
        "same_value": sum(old[i] == new[i] for i in old if old[i] is not None),
        "dayfirst": dayfirst,
        "flags": dict(flags),
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, print one JSON object per file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--field", default="date")
    args = parser.parse_args(argv)
    for path in args.files:
        if not path.exists():
            print(f"skipped: {path} not found")
            continue
        print(json.dumps(evaluate(path, args.field)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
