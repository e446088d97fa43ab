"""Issue 16 speed: the whole build command, before the events work and now, same run.

    python -m benchmarks.event_speed --n 300 --repeat 3 [--baseline REV] [--profile 100]

Times ``python -m analysis build CORPUS --cache FRESH --workers W --quiet`` as a whole
process (start-up, model load, NLP, every table, exit) on the first N Reuters-21578
bodies (the reader of benchmarks/throughput.py), for

* the baseline: by default the last commit before the events package was introduced
  (the parent of the first commit touching analysis/events/, found with ``git log``),
  checked out with ``git worktree add --detach`` into a temporary folder under /tmp and
  run from there (``python -m`` puts that folder first on the path, so it runs its own
  code), and
* this checkout,

alternating the two (A, B, A, B, ...) so a change of load hits both alike, each run on a
fresh cache. Prints the medians, the ratio now/baseline against the issue's limit (no
more than 15% slower: ratio <= 1.15), and the load average before and after. Only the
ratio is meaningful on a shared machine. The baseline also carries everything else
merged since (other issues' work), so the ratio bounds the events stage's cost from
above.

``--stage N`` times the events stage alone, same run: N bodies are parsed and their
mentions found once (this checkout), saved as a DocBin, and each tree's own
``extract_events`` runs over them in its own process (alternated, ``--repeat`` times).

``--profile N`` adds, in this process, cProfile of :func:`analysis.events.extract_events`
on N parsed bodies (the real mentions from ``pipeline.analyze``): its share of the
pipeline's CPU (the ``events.extract_events`` step) and its top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._harness import alternate
from benchmarks.throughput import DEFAULT_DATA, read_bodies, write_corpus

ROOT = Path(__file__).resolve().parents[1]

#: The issue's limit: the build no more than 15% slower than before the events work.
MAX_RATIO = 1.15
EVENTS_PACKAGE = "analysis/events/"


def baseline_revision() -> str:
    """The parent of the first commit that touched the events package."""
    log = subprocess.run(
        ["git", "log", "--format=%H", "--", EVENTS_PACKAGE], cwd=ROOT, check=True,
        capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    if not log:
        raise SystemExit(f"no commit touches {EVENTS_PACKAGE}: pass --baseline")
    return subprocess.run(["git", "rev-parse", "--short", f"{log[-1]}^"], cwd=ROOT,
                          check=True, capture_output=True, text=True).stdout.strip()  # fmt: skip


def build_seconds(tree: Path, corpus: Path, cache: Path, model: str | None, workers: int) -> float:
    """Wall seconds of one whole ``python -m analysis build`` run in ``tree``."""
    shutil.rmtree(cache, ignore_errors=True)
    cmd = [sys.executable, "-m", "analysis", "build", str(corpus), "--cache", str(cache),
           "--workers", str(workers), "--quiet"]  # fmt: skip
    if model:
        cmd += ["--model", model]
    env = {k: v for k, v in os.environ.items() if k != "NEWSLENS_CACHE"}
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"build in {tree} failed: {done.stderr[-2000:]}")
    return seconds


def profile_events(records: list[dict], model: str | None, top: int = 15) -> dict:
    """cProfile of extract_events over ``records`` (parsed once), and its CPU share of
    the pipeline's steps on the same texts."""
    import pandas as pd

    from analysis import events, pipeline, runtime
    from analysis.nlp import load_model, resolve_model_name

    nlp = load_model(resolve_model_name(model))
    docs = pd.DataFrame(
        {
            "doc_id": [str(r["newid"]) for r in records],
            "text": [r["body"] for r in records],
            "date": [(r.get("date") or "")[:10] or None for r in records],
        }
    )
    parsed = list(nlp.pipe(docs["text"].tolist(), batch_size=32))
    runtime.STEP_CPU.clear()
    tables = pipeline.analyze(nlp, docs, parsed=parsed)
    steps = dict(runtime.STEP_CPU)
    by_doc = {k: v.to_dict("records") for k, v in tables["mentions"].groupby("doc_id")}
    profiler = cProfile.Profile()
    profiler.enable()
    for doc_id, day, doc in zip(docs["doc_id"], docs["date"], parsed, strict=True):
        events.extract_events(doc, doc_id=doc_id, doc_date=day, mentions=by_doc.get(doc_id, []))
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(top)
    total = sum(v for k, v in steps.items() if k != "spacy nlp.pipe")
    return {
        "documents": len(docs),
        "events_cpu_s": round(steps.get("events.extract_events", 0.0), 2),
        "post_nlp_steps_cpu_s": round(total, 2),
        "top": text.getvalue(),
    }


#: Runs inside the tree being measured: its own extract_events over the saved Docs.
_STAGE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import pandas as pd, spacy
from spacy.tokens import DocBin
from analysis import events
docs = list(DocBin().from_disk(sys.argv[2]).get_docs(spacy.blank("en").vocab))
meta = json.loads(open(sys.argv[3]).read())
mentions = pd.read_parquet(sys.argv[4])
by_doc = {k: v.to_dict("records") for k, v in mentions.groupby("doc_id")}
started = time.process_time()
n = 0
for (doc_id, day), doc in zip(meta, docs):
    n += len(events.extract_events(doc, doc_id=doc_id, doc_date=day,
                                   mentions=by_doc.get(doc_id, [])))
print(json.dumps({"cpu_s": time.process_time() - started, "events": n}))
"""


def stage_seconds(records: list[dict], model: str | None, trees: dict[str, Path],
                  repeat: int, tmp: Path) -> dict:  # fmt: skip
    """CPU seconds of each tree's extract_events over the same parsed ``records``."""
    import pandas as pd
    from spacy.tokens import DocBin

    from analysis import pipeline
    from analysis.lemmas import fill_lemmas
    from analysis.nlp import load_model, resolve_model_name

    nlp = load_model(resolve_model_name(model))
    docs = pd.DataFrame(
        {
            "doc_id": [str(r["newid"]) for r in records],
            "text": [r["body"] for r in records],
            "date": [(r.get("date") or "")[:10] or None for r in records],
        }
    )
    parsed = list(pipeline.parse_texts(nlp, docs["text"].tolist()))
    mentions = pipeline.analyze(nlp, docs, parsed=parsed)["mentions"]
    # Every lemma filled (the pipeline defers them, analysis.lemmas): the trees compared
    # read the saved Docs without the lemmatizer, and an older tree reads token.lemma_.
    parsed = [fill_lemmas(doc) for doc in parsed]
    DocBin(docs=parsed, store_user_data=True).to_disk(tmp / "docs.spacy")
    (tmp / "meta.json").write_text(json.dumps(docs[["doc_id", "date"]].values.tolist()))
    mentions.to_parquet(tmp / "mentions.parquet")

    def stage(tree: Path):
        def run() -> dict:
            out = subprocess.run(
                [sys.executable, "-c", _STAGE, str(tree), str(tmp / "docs.spacy"),
                 str(tmp / "meta.json"), str(tmp / "mentions.parquet")],
                cwd=tree, check=True, capture_output=True, text=True,
            )  # fmt: skip
            return json.loads(out.stdout.strip().splitlines()[-1])

        return run

    got = alternate(repeat, {name: stage(tree) for name, tree in trees.items()})
    medians = {k: statistics.median(r["cpu_s"] for r in v) for k, v in got.items()}
    return {
        "documents": len(docs),
        "cpu_s": {k: round(v, 2) for k, v in medians.items()},
        "events": {k: v[-1]["events"] for k, v in got.items()},
        "ratio_now_over_baseline": round(medians["now"] / medians["baseline"], 3),
    }


def run(args: argparse.Namespace) -> dict:
    records = read_bodies(args.data, args.n)
    baseline = args.baseline or baseline_revision()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="event_speed_", dir="/tmp") as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(base), baseline],
                       cwd=ROOT, check=True)  # fmt: skip
        try:
            corpus = write_corpus(records, Path(tmp) / "reuters.jsonl")
            stage = None
            if args.stage:
                stage = stage_seconds(records[: args.stage], args.model,
                                      {"baseline": base, "now": ROOT}, args.repeat,
                                      Path(tmp))  # fmt: skip
            if args.keep:  # the corpus and this checkout's cache outlive the run
                args.keep.mkdir(parents=True, exist_ok=True)
                corpus = Path(shutil.copy(corpus, args.keep / "reuters.jsonl"))

            def build(name: str, tree: Path):
                keep = args.keep and name == "now"
                cache = (args.keep if keep else Path(tmp)) / f"cache-{name}"
                return lambda: build_seconds(tree, corpus, cache, args.model, args.workers)

            builds = {"baseline": build("baseline", base), "now": build("now", ROOT)}
            runs = alternate(args.repeat if args.builds else 0, builds)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                           check=False)  # fmt: skip
    if not args.builds:
        return {"documents": len(records), "baseline": baseline, "events_stage": stage,
                "load_before": [round(x, 2) for x in load_before],
                "load_after": [round(x, 2) for x in os.getloadavg()]}  # fmt: skip
    medians = {k: statistics.median(v) for k, v in runs.items()}
    ratio = medians["now"] / medians["baseline"]
    result = {
        "events_stage": stage,
        "documents": len(records),
        "baseline": baseline,
        "workers": args.workers,
        "repeat": args.repeat,
        "runs_s": {k: [round(x, 2) for x in v] for k, v in runs.items()},
        "median_s": {k: round(v, 2) for k, v in medians.items()},
        "ratio_now_over_baseline": round(ratio, 3),
        "limit": MAX_RATIO,
        "within_limit": ratio <= MAX_RATIO,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    if args.profile:
        result["profile"] = profile_events(records[: args.profile], args.model)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Reuters JSONL")
    parser.add_argument("--n", type=int, default=300, help="first N Reuters bodies")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--model", help="spaCy pipeline (default: the build's choice)")
    parser.add_argument("--baseline", help="git revision (default: before analysis/events/)")
    parser.add_argument("--profile", type=int, default=0, help="cProfile events on N bodies")
    parser.add_argument(
        "--stage",
        type=int,
        default=0,
        help="also time the events stage alone on N bodies, both trees",
    )
    parser.add_argument("--no-builds", dest="builds", action="store_false",
                        help="skip the whole-build timing (with --stage)")  # fmt: skip
    parser.add_argument("--out", type=Path, help="write the JSON result here too")
    parser.add_argument("--keep", type=Path, help="keep the corpus (reuters.jsonl) and this "
                        "checkout's last cache (cache-now) in this folder, e.g. for "
                        "benchmarks.timeline_switch --corpus/--cache")  # fmt: skip
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"Reuters data not found at {args.data}; nothing measured", file=sys.stderr)
        return 0
    result = run(args)
    top = result.get("profile", {}).pop("top", None)
    text = json.dumps(result, indent=2)
    print(text)
    if top:
        print(top)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    if not args.builds:
        return 0
    m = result["median_s"]
    print(f"{result['documents']:,} Reuters bodies, {args.workers} worker(s): baseline "
          f"{result['baseline']} {m['baseline']:.1f} s, now {m['now']:.1f} s (medians of "
          f"{args.repeat}, alternated); ratio {result['ratio_now_over_baseline']:.2f} "
          f"(limit {MAX_RATIO}); load {result['load_before']} -> "
          f"{result['load_after']}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
