"""Size of the offline HTML report for the seed corpus plus N Reuters-21578 stories.

    python -m benchmarks.report_size [--n 1000] [--work /tmp/newslens-bench/report] [--cache DIR]

Writes the corpus (seeds/ plus the first N Reuters stories with a body, through
benchmarks/reuters_to_corpus.py) outside the repository, builds it (cached), imports
streamlit first as the dashboard does, then makes the report with analysis.present.report and
prints its size in bytes and MB, with plotly.js's share. The target is <= 3 MB for
N=1000.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newslens-bench/report"))
    parser.add_argument("--cache", type=Path, help="analysis cache (default: WORK/cache)")
    args = parser.parse_args(argv)
    sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]
    import streamlit  # noqa: F401 - as inside the dashboard: plotly's default template changes
    from reuters_to_corpus import DEFAULT_SRC, convert

    from analysis.build import build_corpus
    from analysis.filters import Filters
    from analysis.present import html_report

    corpus_dir = args.work / f"seed-plus-{args.n}"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for path in (REPO / "seeds").iterdir():
        shutil.copy(path, corpus_dir / path.name)
    convert(DEFAULT_SRC, corpus_dir / "reuters.jsonl", limit=args.n)
    corpus = build_corpus(corpus_dir, cache_dir=args.cache or args.work / "cache", workers=1)
    html = html_report.html_report(corpus, Filters())
    out = args.work / f"report-seed-plus-{args.n}.html"
    out.write_text(html, encoding="utf-8")
    size = len(html.encode("utf-8"))
    plotly = len(html_report.plotly_js_payload())  # embedded gzip+base64, ASCII
    print(
        f"{len(corpus.documents):,} documents: {out} is {size:,} bytes ({size / 1e6:.2f} MB), "
        f"of which plotly.js {plotly:,} bytes ({plotly / size:.0%})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
