"""Scale: build 1,000, 5,000 and all ~19,000 Reuters-21578 bodies; time, memory, cache, pages.

    python -m benchmarks.scale [REUTERS_JSONL] --sizes 1000,5000,all [--no-pages]

For each size, from a fresh cache folder:

- cold build with the real CLI (``python -m analysis build``) in a subprocess: seconds,
  words/s, peak RSS of the process tree (the CLI plus its worker processes, sampled
  every 0.1 s with psutil), cache size on disk; then a warm rebuild (seconds);
- serving: a subprocess opens the dashboard with streamlit.testing.v1.AppTest
  (NEWSLENS_CORPUS / NEWSLENS_CACHE pointing at the built corpus) and times the first
  load and every page (first visit and a repeat visit), then, for four sidebar filters
  picked from the corpus (its top country, its top entity, a date window, a word), the
  filtered first page and every page under that filter; its peak RSS is the serving
  memory;
- filtered aggregations (largest size only, --query-bench): pandas on the in-memory
  tables vs DuckDB over the same frames and over the Parquet snapshot, and the per-day
  aggregates (analysis.daily), each the median of 5 runs.

Targets: the full set built in < 8 minutes, every page < 1.5 s after a warm cache, peak
RSS < 2 GB while serving. Results go to benchmarks/results/scale.json (written after
each size, so a long run can be read while it goes on); plot_scale.py draws them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from benchmarks.throughput import DEFAULT_DATA, machine, read_bodies, write_corpus

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_OUT = ROOT / "benchmarks" / "results" / "scale.json"
TARGETS = {"full_build_seconds": 480.0, "page_seconds": 1.5, "serving_rss_mb": 2048.0}


# ---------------------------------------------------------------- measuring a subprocess


class PeakRSS:
    """Samples the RSS of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.peak = 0
        self._proc = psutil.Process(pid)
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            try:
                procs = [self._proc, *self._proc.children(recursive=True)]
            except psutil.Error:
                return
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(self._interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_measured(cmd: list[str], env: dict[str, str], timeout: float) -> dict:
    """Run ``cmd``; its wall seconds, peak tree RSS (MB), exit code, stdout, stderr tail."""
    before = os.times()
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sampler = PeakRSS(proc.pid)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    after = os.times()
    cpu = (after.children_user + after.children_system) - (
        before.children_user + before.children_system
    )  # the subprocess and the workers it waited for
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mb": peak / 2**20,
        "returncode": proc.returncode,
        "stdout": out,
        "stderr_tail": err.strip().splitlines()[-3:],
        "analysed": _analysed(err.splitlines()),
    }


def _analysed(stderr_lines: list[str]) -> int | None:
    """Documents the CLI says it analysed ('N documents (M analysed now, ...')."""
    import re

    for line in stderr_lines:
        if m := re.search(r"\(([\d,]+) analysed now", line):
            return int(m.group(1).replace(",", ""))
    return None


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


# ---------------------------------------------------------------- pages (child process)


def dashboard_pages() -> list[str]:
    """Page scripts in navigation order, read from dashboard.py."""
    import re

    text = (ROOT / "dashboard.py").read_text()
    return re.findall(r'st\.Page\(\s*"([^"]+)"', text)


def probe_pages(repeat: int = 2) -> dict:
    """In this process: open the dashboard, visit every page; seconds per visit."""
    from streamlit.testing.v1 import AppTest

    os.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=1800)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    exceptions = [str(e.value)[:200] for e in at.exception]
    pages: dict[str, list[float]] = {}
    for _ in range(repeat):
        for page in dashboard_pages():
            started = time.perf_counter()
            at.switch_page(page).run()
            pages.setdefault(page, []).append(time.perf_counter() - started)
            exceptions += [f"{page}: {str(e.value)[:200]}" for e in at.exception]
    filtered: dict[str, dict[str, float]] = {}
    for name, params in probe_filters().items():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=1800)
        for key, value in params.items():
            at.query_params[key] = value
        started = time.perf_counter()
        at.run()  # the first page with the filter: filtering and its aggregates
        times = {"(filter applied)": time.perf_counter() - started}
        for page in dashboard_pages():
            started = time.perf_counter()
            at.switch_page(page).run()
            times[page] = time.perf_counter() - started
            exceptions += [f"{name} {page}: {str(e.value)[:200]}" for e in at.exception]
        filtered[name] = times
    return {"first_load_seconds": first, "pages": pages, "filtered_pages": filtered,
            "exceptions": exceptions}  # fmt: skip


def page_times(serving: dict) -> list[float]:
    """Every page time of a probe_pages() report: plain visits and filtered ones."""
    times = [t for visits in serving.get("pages", {}).values() for t in visits]
    return times + [t for f in serving.get("filtered_pages", {}).values() for t in f.values()]


def probe_filters() -> dict[str, dict[str, str]]:
    """Sidebar filters as URL parameters, picked from the corpus: its most named country,
    its most mentioned entity, a quarter-to-half date window and a common word."""
    from analysis.build import build_corpus

    corpus = build_corpus(os.environ["NEWSLENS_CORPUS"], cache_dir=os.environ["NEWSLENS_CACHE"],
                          model=os.environ.get("NEWSLENS_MODEL"))  # fmt: skip
    out: dict[str, dict[str, str]] = {}
    countries = corpus.table("countries")
    if len(countries):
        iso3 = str(countries.sort_values("mentions", ascending=False)["iso3"].iloc[0])
        out[f"country={iso3}"] = {"country": iso3}
    entities = corpus.table("entities")
    if len(entities):
        name = str(entities.sort_values("mentions", ascending=False)["name"].iloc[0])
        out[f"entity={name}"] = {"entity": name}
    days = sorted(corpus.documents["date"].dropna().astype(str).str.slice(0, 10).unique())
    if days:
        lo, hi = days[len(days) // 4], days[len(days) // 2]
        out[f"dates={lo}..{hi}"] = {"from": lo, "to": hi}
    out["text=oil"] = {"q": "oil"}
    return out


# ---------------------------------------------------------------- query engines


def _median_seconds(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def query_bench(corpus_path: Path, cache: Path, model: str) -> dict:
    """Filtered aggregations three ways on the built corpus (entities/countries by date)."""
    import duckdb

    from analysis import store
    from analysis.build import build_corpus
    from analysis.daily import entities_between
    from analysis.filters import Filters, apply_filters

    corpus = build_corpus(corpus_path, cache_dir=cache, model=model)
    docs = corpus.documents[["doc_id", "date", "source"]]
    mentions = corpus.table("mentions")
    days = sorted(docs["date"].dropna().str.slice(0, 10).unique())
    lo, hi = days[len(days) // 4], days[len(days) // 2]  # a quarter-to-half window
    version = next(p for p in cache.iterdir()
                   if p.is_dir() and not p.name.endswith(store.STAGES_SUFFIX))  # fmt: skip
    snapshot = store.snapshot_path(version, corpus.key)

    def pandas_entities():
        day = docs["date"].str.slice(0, 10)
        ids = docs.loc[((day >= lo) & (day <= hi)).fillna(False).to_numpy(bool), "doc_id"]
        m = mentions[mentions["doc_id"].isin(ids) & mentions["canonical"].notna()]
        return (
            m.groupby("canonical")["doc_id"].agg(["size", "nunique"])
            .sort_values("size", ascending=False).head(50)
        )  # fmt: skip

    con = duckdb.connect()
    con.register("docs", docs)
    con.register("mentions", mentions)
    sql = """
        SELECT m.canonical AS name, count(*) AS mentions, count(DISTINCT m.doc_id) AS documents
        FROM {mentions} m JOIN docs d USING (doc_id)
        WHERE substr(d.date, 1, 10) BETWEEN ? AND ? AND m.canonical IS NOT NULL
        GROUP BY m.canonical ORDER BY mentions DESC LIMIT 50
    """

    def duck_frames():
        return con.execute(sql.format(mentions="mentions"), [lo, hi]).df()

    parquet = f"read_parquet('{snapshot / 'mentions.parquet'}')"

    def duck_parquet():
        return con.execute(sql.format(mentions=parquet), [lo, hi]).df()

    def daily_table():
        return entities_between(corpus.table("entity_days"), lo, hi).head(50)

    def full_filter():
        return apply_filters(corpus, Filters(date_from=lo, date_to=hi)).table("entities")

    a, b, c = pandas_entities(), duck_frames(), duck_parquet()
    same = list(a.index[:20]) == list(b["name"][:20]) == list(c["name"][:20]) or set(
        a.index[:20]
    ) == set(b["name"][:20]) == set(c["name"][:20])
    return {
        "query": f"top 50 entities with mentions and documents, {lo} to {hi}",
        "mentions_rows": len(mentions),
        "same_top_20": bool(same),
        "median_seconds": {
            "pandas_in_memory": _median_seconds(pandas_entities),
            "duckdb_on_frames": _median_seconds(duck_frames),
            "duckdb_on_parquet": _median_seconds(duck_parquet),
            "daily_aggregate_pandas": _median_seconds(daily_table),
            "apply_filters_all_aggregates": _median_seconds(full_filter, runs=3),
        },
    }


# ---------------------------------------------------------------- driver


def one_size(
    records: list[dict], work: Path, model: str, pages: bool, timeout: float
) -> tuple[dict, Path, Path]:
    n = len(records)
    corpus = write_corpus(records, work / f"reuters-{n}.jsonl")
    cache = work / f"cache-{n}"
    words = sum(len(r["body"].split()) for r in records)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-m", "analysis", "build", str(corpus), "--cache", str(cache),
           "--model", model, "--quiet"]  # fmt: skip
    cold = run_measured(cli, env, timeout)
    warm = run_measured(cli, env, timeout)
    result = {
        "documents": n,
        "words": words,
        "build_seconds": cold["seconds"],
        "build_words_per_second": words / cold["seconds"],
        "build_cpu_seconds": cold["cpu_seconds"],
        "build_peak_rss_mb": cold["peak_rss_mb"],
        "analysed": cold["analysed"],
        "warm_analysed": warm["analysed"],
        "build_returncode": cold["returncode"],
        "build_stderr": cold["stderr_tail"],
        "warm_rebuild_seconds": warm["seconds"],
        "warm_peak_rss_mb": warm["peak_rss_mb"],
        "cache_mb": folder_mb(cache),
        "loadavg_after": os.getloadavg(),
    }
    print(
        f"{n:,} docs: build {cold['seconds']:.1f} s ({words / cold['seconds']:,.0f} words/s), "
        f"CPU {cold['cpu_seconds']:.0f} s, peak RSS {cold['peak_rss_mb']:,.0f} MB, "
        f"cache {result['cache_mb']:.1f} MB, "
        f"warm {warm['seconds']:.2f} s",
        flush=True,
    )
    if pages and (ROOT / "dashboard.py").exists():
        serve_env = {**env, "NEWSLENS_CORPUS": str(corpus), "NEWSLENS_CACHE": str(cache),
                     "NEWSLENS_MODEL": model}  # fmt: skip
        probe = run_measured(
            [sys.executable, str(Path(__file__).resolve()), "--probe-pages"], serve_env, timeout
        )
        try:
            report = json.loads(probe["stdout"].strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            report = {"error": probe["stderr_tail"]}
        report["serving_peak_rss_mb"] = probe["peak_rss_mb"]
        result["serving"] = report
        if "pages" in report:
            worst = max(page_times(report))
            print(
                f"  pages: first load {report['first_load_seconds']:.2f} s, slowest page "
                f"{worst:.2f} s, serving peak RSS {probe['peak_rss_mb']:,.0f} MB",
                flush=True,
            )
    return result, corpus, cache


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="1000,5000,all", help="comma-separated; 'all'")
    parser.add_argument("--model", help="spaCy pipeline (default: the best installed)")
    parser.add_argument("--no-pages", action="store_true", help="skip the dashboard timing")
    parser.add_argument("--no-query-bench", action="store_true")
    parser.add_argument("--timeout", type=float, default=3600.0, help="per subprocess, s")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--keep", type=Path, help="keep corpora and caches in this folder")
    parser.add_argument("--probe-pages", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe_pages:
        print(json.dumps(probe_pages()))
        return 0
    if not args.data.is_file():
        print(f"skipped: {args.data} not found (the Reuters-21578 JSONL)", file=sys.stderr)
        return 0
    from analysis.nlp import model_label, resolve_model_name

    model = resolve_model_name(args.model)
    records = read_bodies(args.data, None)
    sizes = [len(records) if s == "all" else min(int(s), len(records))
             for s in args.sizes.split(",")]  # fmt: skip
    work = args.keep or Path(tempfile.mkdtemp(prefix="newslens-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    out = {
        "command": "python -m benchmarks.scale " + " ".join(argv or sys.argv[1:]),
        "machine": machine(),
        "model": model_label(model),
        "targets": TARGETS,
        "sizes": [],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        for n in sizes:
            result, corpus, cache = one_size(
                records[:n], work, model, not args.no_pages, args.timeout
            )
            out["sizes"].append(result)
            args.out.write_text(json.dumps(out, indent=2) + "\n")
        if not args.no_query_bench:
            out["queries"] = query_bench(corpus, cache, model)
            print(json.dumps(out["queries"], indent=2))
        full = out["sizes"][-1]
        times = page_times(full.get("serving", {}))
        out["targets_met"] = {
            "full_build_seconds": full["build_seconds"] < TARGETS["full_build_seconds"],
            "page_seconds": bool(times) and max(times) < TARGETS["page_seconds"],
            "serving_rss_mb": "serving" in full
            and full["serving"]["serving_peak_rss_mb"] < TARGETS["serving_rss_mb"],
        }
        args.out.write_text(json.dumps(out, indent=2) + "\n")
        print(f"wrote {args.out}", file=sys.stderr)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
