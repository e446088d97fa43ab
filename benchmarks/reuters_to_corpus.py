"""Reuters-21578 (the shared evaluation copy) -> a NewsLens corpus JSONL.

    python -m benchmarks.reuters_to_corpus [--src PATH] [--out PATH] [--limit N]

Reads the evaluation file (fields newid, date, title, dateline, body, places, topics)
and writes one line per story that has a body: ``id, title, date, source="Reuters",
text`` (the body only: no dateline, places or topics, which are gold labels). The output
stays outside the repository (the data's terms forbid copying it in); the default is
/tmp/newslens-bench/reuters/reuters.jsonl. Prints how many stories were written/skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SRC = REPO.parent / "shared" / "eval" / "reuters21578" / "reuters21578.jsonl"
DEFAULT_OUT = Path("/tmp/newslens-bench/reuters/reuters.jsonl")


def convert_record(record: dict) -> dict | None:
    """The corpus row for one Reuters record, or None when it has no body."""
    body = (record.get("body") or "").strip()
    if not body:
        return None
    return {
        "id": str(record.get("newid", "")),
        "title": (record.get("title") or "").strip() or None,
        "date": record.get("date") or None,
        "source": "Reuters",
        "text": body,
    }


def convert(src: Path, out: Path, *, limit: int | None = None) -> tuple[int, int]:
    """Write the corpus for ``src`` to ``out``; returns (written, skipped without body)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written = skipped = 0
    tmp = out.with_suffix(out.suffix + ".tmp")
    with src.open(encoding="utf-8") as fin, tmp.open("w", encoding="utf-8") as fout:
        for line in fin:
            if limit is not None and written >= limit:
                break
            if not line.strip():
                continue
            row = convert_record(json.loads(line))
            if row is None:
                skipped += 1
                continue
            fout.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    tmp.replace(out)
    return written, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int, help="stop after N stories with a body")
    args = parser.parse_args(argv)
    if not args.src.exists():
        print(f"error: {args.src} not found (the shared evaluation data)", file=sys.stderr)
        return 2
    written, skipped = convert(args.src, args.out, limit=args.limit)
    print(f"wrote {written:,} stories to {args.out} ({skipped:,} without a body skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
