"""Draw benchmarks/results/scale.json as benchmarks/results/scale.png (matplotlib).

    python -m benchmarks.plot_scale [SCALE_JSON] [--out PNG]

Three panels against corpus size: build time (with the 8-minute target; also the build's
CPU seconds divided by the CPUs, what it takes on an otherwise idle machine when the
work spreads over all CPUs), build throughput (words/s) and peak RSS (build and
serving, with the 2 GB target).
Matplotlib rather than plotly: plotly's static export needs kaleido and a Chrome build,
which cannot be downloaded here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def plot(data: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = data["sizes"]
    docs = [s["documents"] for s in sizes]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4), constrained_layout=True)

    ax = axes[0]
    ax.plot(docs, [s["build_seconds"] for s in sizes], "o-", label="cold build")
    cpus = data["machine"]["usable_cpus"]
    if all("build_cpu_seconds" in s for s in sizes):
        # what the build would take with the CPUs to itself (the shared machine was busy)
        ax.plot(docs, [s["build_cpu_seconds"] / cpus for s in sizes], "^-.",
                label=f"build CPU s / {cpus}")  # fmt: skip
    ax.plot(docs, [s["warm_rebuild_seconds"] for s in sizes], "s--", label="warm rebuild")
    ax.axhline(data["targets"]["full_build_seconds"], color="red", lw=1, ls=":",
               label="target (full set)")  # fmt: skip
    ax.set(xlabel="documents", ylabel="seconds", title="Build time")
    ax.legend()

    ax = axes[1]
    ax.plot(docs, [s["build_words_per_second"] for s in sizes], "o-")
    ax.set(xlabel="documents", ylabel="words / s", title="Cold build throughput")
    ax.set_ylim(bottom=0)

    ax = axes[2]
    ax.plot(docs, [s["build_peak_rss_mb"] for s in sizes], "o-", label="build (all processes)")
    serving = [(s["documents"], s["serving"]["serving_peak_rss_mb"]) for s in sizes
               if "serving_peak_rss_mb" in s.get("serving", {})]  # fmt: skip
    if serving:
        ax.plot(*zip(*serving, strict=True), "s--", label="serving (dashboard)")
    ax.axhline(data["targets"]["serving_rss_mb"], color="red", lw=1, ls=":", label="target")
    ax.set(xlabel="documents", ylabel="MB", title="Peak RSS")
    ax.legend()

    for ax in axes:  # the measured sizes as ticks, with thousands separators
        ax.set_xticks(docs, [f"{d:,}" for d in docs])
    fig.suptitle(f"NewsLens scale, Reuters-21578, {data['model']}, "
                 f"{data['machine']['usable_cpus']} CPUs")  # fmt: skip
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=RESULTS / "scale.json")
    parser.add_argument("--out", type=Path, default=RESULTS / "scale.png")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"error: {args.data} not found: run benchmarks/scale.py first", file=sys.stderr)
        return 2
    plot(json.loads(args.data.read_text()), args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
