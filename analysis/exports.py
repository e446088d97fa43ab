"""Tables -> bytes in the export formats (CSV, JSON Lines, JSON, Parquet)."""

from __future__ import annotations

import io

import pandas as pd

TABLE_FORMATS = ("csv", "jsonl", "json", "parquet")
MIME_TYPES = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
}


def table_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """``frame`` serialised as ``fmt`` (one of TABLE_FORMATS); nulls stay null."""
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8")
    if fmt == "jsonl":
        text = frame.to_json(orient="records", lines=True, force_ascii=False)
        return (text or "").encode("utf-8")
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=1).encode("utf-8")
    if fmt == "parquet":
        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        return buf.getvalue()
    raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(TABLE_FORMATS)})")
