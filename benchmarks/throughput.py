"""Throughput: a cold build against naive spaCy, and a warm rebuild against cold.

    python -m benchmarks.throughput [REUTERS_JSONL] --n 1000 --repeat 3 [--mode both]

Takes the first N Reuters-21578 bodies, writes them as a JSONL corpus, and in each
repeat measures, on the same texts, as a user runs them (``--mode process``, whole
processes, start-up included):

- naive process: ``python -c`` that imports spaCy, loads the model and calls
  ``nlp(text)`` for each text in one process;
- build process: the ``python -m analysis build CORPUS`` command on a fresh cache, with
  a stage table from its own marks (analysis.runtime.mark): start-up (interpreter and
  imports), corpus load, model load + worker start, NLP, post-NLP passes (segments
  read, corpus-level passes, snapshot written), output and exit; and the account of each
  of its processes (parent, model host, workers, events merge: CPU seconds user and
  system, minor and major page faults), read from /proc from outside while it runs
  (benchmarks.process_account: no instrumentation; each process's last 20 ms unread,
  the polled sum checked against the kernel's total for the tree). The poller's own CPU
  is reported: about 2% of one CPU, so on an idle 2-CPU machine the build's wall time
  grows by about 1%; ``--no-account`` runs the build without it (wall figures comparable
  with runs before the account, and with the naive program, which runs unwatched);

and in this process (``--mode inprocess``; ``both`` is the default):

- naive: ``spacy.load(model)`` then ``nlp(text)`` for each text (full pipeline, one
  process, no batching): what a user would write first;
- cold: ``build_corpus`` on a fresh cache folder, producing every table (sentences,
  mentions, events, entities, countries, co-occurrences, merged events, per-day
  aggregates) with the default local engine (a worker pool over the usable CPUs);
- warm: ``build_corpus`` again on the unchanged corpus (served from the cache).

With ``--base REV`` (whole processes), each repeat also runs the build command of commit
REV (extracted with ``git archive``: :func:`benchmarks._harness.extract_revision`) on the
same corpus, the two builds alternating in order from one repeat to the next, and
reports this tree's wall and CPU seconds against REV's in the same run (the ratio that
still means something when other jobs share the machine), with REV's stage table.

Reports medians over the repeats, words/s (whitespace words, as documents.words),
cold/naive and cold/warm ratios against the targets (>= 2.0x and >= 50x), the load
average of each repeat, and writes them to benchmarks/results/throughput.json. Exits 0
and says so when the data file is absent. ``--stages N`` adds the CPU seconds of each
step of analysis.pipeline.analyze (its own timers, analysis.runtime.STEP_CPU) and of the
corpus-level passes (analysis.tables.assemble) on the first N texts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._harness import RevisionError, extract_revision
from benchmarks.process_account import ROLE_FIGURES, run_accounted

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "reuters21578" / "reuters21578.jsonl"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "throughput.json"
TARGET_COLD_VS_NAIVE = 2.0
TARGET_WARM_SPEEDUP = 50.0


def read_bodies(path: Path, n: int | None) -> list[dict]:
    """The first ``n`` Reuters records with a non-empty body seen for the first time.

    Reuters-21578 repeats some bodies word for word; the corpus loader keeps one copy,
    so repeats are dropped here too and both sides of a comparison see the same texts.
    """
    out = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            body = (record.get("body") or "").replace("\r\n", "\n").replace("\x00", "")
            if body.strip() and body not in seen:
                seen.add(body)
                out.append({**record, "body": body})
                if n is not None and len(out) >= n:
                    break
    return out


def write_corpus(records: list[dict], path: Path) -> Path:
    """Records -> a JSONL corpus (id, title, date, text) that analysis.corpus loads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            row = {"id": str(r["newid"]), "title": r.get("title"), "date": r.get("date"),
                   "text": r["body"]}  # fmt: skip
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def machine() -> dict:
    """What the figures depend on: CPUs, load, versions, commit."""
    import spacy

    from analysis.runtime import usable_cpus

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = None
    return {
        "usable_cpus": usable_cpus(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "platform": platform.platform(),
        "commit": commit,
    }


def naive(model: str, texts: list[str], kernel: str = "blis") -> dict:
    """spacy.load + nlp(text) per text; seconds with and without the load. ``kernel``
    "numpy": the layers' matrix products on numpy's BLAS, as the build's (analysis.gemm)."""
    import spacy

    cpu = cpu_seconds()
    started = time.perf_counter()
    nlp = spacy.load(model)
    if kernel == "numpy":
        from analysis.gemm import use_gemm

        use_gemm(nlp, "numpy")
    loaded = time.perf_counter()
    for text in texts:
        nlp(text)
    done = time.perf_counter()
    return {
        "seconds": done - started,
        "load_seconds": loaded - started,
        "cpu_seconds": cpu_seconds() - cpu,
    }


def cpu_seconds() -> float:
    """User + system CPU of this process and its waited-for children (worker pools).

    Unlike wall time it does not grow when other jobs share the machine, so it shows
    the work done even on a busy machine.
    """
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def build(corpus: Path, cache: Path, model: str, workers: int | None, engine: str) -> dict:
    from analysis.build import build_corpus

    cpu = cpu_seconds()
    started = time.perf_counter()
    result = build_corpus(corpus, cache_dir=cache, model=model, workers=workers, engine=engine)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds() - cpu,
        "processed": result.processed,
        "rows": {name: len(frame) for name, frame in result.tables.items()},
    }


def stage_profile(model: str, records: list[dict]) -> dict:
    """CPU seconds of each step of a worker's work on ``records``, in one process, and of
    naive spaCy's components on the same texts.

    The worker's steps are the pipeline's own timers (analysis.runtime.step) while
    analysis.staged.analyze_and_store runs over the texts in chunks of
    analysis.build.CHUNK_SIZE into a temporary cache (parse, stages 2-3, segment writes,
    as a build's worker does), so the profile follows the code as it changes;
    ``corpus-level passes`` is analysis.tables.assemble on the result; ``worker_total``
    is the CPU of all the chunks, as a check that the steps add up. ``naive`` times each
    component of ``spacy.load(model)`` around its own call, one document at a time, as
    the naive program runs them (in this process: with the BLAS thread caps that
    importing analysis sets).
    """
    import pandas as pd

    from analysis import pipeline, runtime, staged, store, tables
    from analysis.build import CHUNK_SIZE
    from analysis.corpus import content_hash
    from analysis.nlp import load_model

    docs = pd.DataFrame(
        {
            "doc_id": [content_hash(r["body"]) for r in records],
            "text": [r["body"] for r in records],
            "date": [(r.get("date") or "")[:10] or None for r in records],
        }
    ).drop_duplicates("doc_id")
    docs["doc_key"] = docs["doc_id"]
    nlp = load_model(model)
    pipeline.analyze(nlp, docs.head(20))  # warm-up: gazetteers and lazy tables
    runtime.STEP_CPU.clear()
    work = Path(tempfile.mkdtemp(prefix="newslens-stages-"))
    try:
        where = staged.target(work / "version", work, "profile", rule_based=False)
        started = time.process_time()
        for lo in range(0, len(docs), CHUNK_SIZE):
            staged.analyze_and_store(where, nlp, docs.iloc[lo : lo + CHUNK_SIZE])
        total = time.process_time() - started
        out = dict(runtime.STEP_CPU)
        root = Path(where.root)  # the snapshot's per-document tables, as a build reads them
        per_doc = store.read_segments(root, store.segment_index(root))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    documents = docs.drop(columns="doc_key").assign(words=docs["text"].str.split().str.len())
    started = time.process_time()
    tables.assemble(documents, per_doc)
    out["corpus-level passes (tables.assemble)"] = time.process_time() - started
    out["worker_total"] = total
    words = int(documents["words"].sum())
    return {
        "documents": len(docs),
        "words": words,
        "chunk_size": CHUNK_SIZE,
        "cpu_seconds": out,
        "naive_cpu_seconds": naive_components(model, docs["text"].tolist()),
    }


def naive_components(model: str, texts: list[str]) -> dict[str, float]:
    """CPU seconds of each component of ``spacy.load(model)`` (tokenizer first), each
    timed around its own call, one document at a time as ``nlp(text)`` runs them."""
    import spacy

    nlp = spacy.load(model)
    nlp(texts[0])  # warm-up
    cpu = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
    for text in texts:
        started = time.process_time()
        doc = nlp.make_doc(text)
        cpu["tokenizer"] += time.process_time() - started
        for name, component in nlp.pipeline:
            started = time.process_time()
            doc = component(doc)
            cpu[name] += time.process_time() - started
    cpu["total"] = sum(cpu.values())
    return cpu


# ---------------------------------------------------------------- whole processes

#: The naive user's program, run as its own process: import, load, nlp(text) per text.
#: With a third argument "numpy" (``--naive-gemm numpy``) its layers do their matrix
#: products with numpy's BLAS, thinc's own option that the build uses (analysis.gemm), so
#: that the ratio shows what the build adds beyond the kernel.
NAIVE_PROGRAM = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
if sys.argv[3] == "numpy":
    from thinc.api import NumpyOps
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        if hasattr(getattr(component, "model", None), "walk"):
            for layer in component.model.walk():
                layer.ops = ops
with open(sys.argv[2], encoding="utf-8") as fh:
    for line in fh:
        nlp(json.loads(line)["text"])
"""


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's exited, waited-for descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_process(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, float]:
    """Run ``cmd`` in ``cwd`` to its end: (wall seconds, CPU seconds of it and its
    children).

    A process's CPU seconds do not grow when other jobs share the machine (wall seconds
    do), so on a busy machine the CPU figures still compare two programs' work.
    """
    cpu = children_cpu()
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[1:3]} failed: {done.stderr[-2000:]}")
    return seconds, children_cpu() - cpu


def naive_process(model: str, corpus: Path, kernel: str = "blis") -> dict:
    """Wall and CPU seconds of the naive program as a whole process on ``corpus``
    (``kernel``: see :data:`NAIVE_PROGRAM`)."""
    import analysis

    # The user's program runs with the user's environment: without the BLAS thread caps
    # and numpy's huge-page switch that importing analysis (here, for the model name)
    # added to this process's.
    env = {k: v for k, v in os.environ.items() if k not in analysis.SET_HERE}
    program = [sys.executable, "-c", NAIVE_PROGRAM, model, str(corpus), kernel]
    seconds, cpu = timed_process(program, env)
    return {"seconds": seconds, "cpu_seconds": cpu}


def build_process(
    corpus: Path,
    cache: Path,
    model: str,
    workers: int | None,
    tree: Path = ROOT,
    account: bool = False,
) -> dict:
    """Wall and CPU seconds of ``python -m analysis build`` (the code of ``tree``) on a
    fresh ``cache``, and its stages (wall and CPU seconds of each). ``account``: also
    each process's CPU seconds and page faults, read from /proc while it runs
    (benchmarks.process_account), under ``"processes"``.

    Stages come from the command's own marks ($NEWSLENS_STAGES): start-up is process
    start to the first mark (interpreter, imports, argument parsing); the last stage,
    output and exit, ends when the process has exited. A tree older than these marks
    (a ``--base`` before 2ea59f4) writes none: its stage tables are then empty.
    """
    marks_file = cache.with_suffix(".stages.json")
    cmd = [sys.executable, "-m", "analysis", "build", str(corpus), "--cache", str(cache),
           "--model", model, "--quiet"]  # fmt: skip
    if workers:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "NEWSLENS_STAGES": str(marks_file)}
    started_wall = time.time()
    processes = {}
    if account:
        accounted = run_accounted(cmd, env, cwd=tree)
        if accounted.returncode != 0:
            raise RuntimeError(f"{cmd[1:3]} failed: {accounted.stderr[-2000:]}")
        seconds, cpu, processes = accounted.seconds, accounted.cpu_seconds, accounted.as_dict()
    else:
        seconds, cpu = timed_process(cmd, env, cwd=tree)
    if not marks_file.is_file():
        return {"seconds": seconds, "cpu_seconds": cpu, "stages": {}, "stages_cpu": {},
                "host": {}, "processes": processes}  # fmt: skip
    recorded = json.loads(marks_file.read_text())
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "processes": processes,
        "stages": stage_table(recorded, started_wall, seconds),
        "stages_cpu": stage_cpu_table(recorded, cpu),
        "host": host_figures(recorded, started_wall),
    }


def host_figures(recorded: dict, started: float) -> dict[str, float]:
    """The model host's figures (analysis.pool.ModelHost, noted by the build): when it
    had loaded the pipeline, in seconds since the command started, and the wall and CPU
    seconds it took; {} when the build ran no host (one worker, or every document
    cached)."""
    ready = recorded.get("notes", {}).get("model host ready")
    if not ready:
        return {}
    return {"ready_at": ready["at"] - started, "load_wall": ready["wall"],
            "load_cpu": ready["cpu"]}  # fmt: skip


def stage_table(recorded: dict, started: float, seconds: float) -> dict[str, float]:
    """Marks -> {stage: wall seconds}; start-up before the first, exit after the last."""
    marks = recorded["marks"]
    stages = {"start-up (interpreter, imports)": marks[0][1] - started}
    for (name, at, *_), (_, until, *_) in zip(
        marks, [*marks[1:], ("end", recorded["end"])], strict=True
    ):
        stages[name] = stages.get(name, 0.0) + until - at
    stages["exit"] = started + seconds - recorded["end"]
    return stages


def stage_cpu_table(recorded: dict, total_cpu: float) -> dict[str, float]:
    """Marks -> {stage: CPU seconds of the process and its workers}, same stages as
    :func:`stage_table`. A mark's CPU counts from the process's start, so start-up is the
    first mark's; exit is what the whole process used (``total_cpu``) after the last."""
    marks = recorded["marks"]
    stages = {"start-up (interpreter, imports)": marks[0][2]}
    for (name, _, at), (_, _, until) in zip(
        marks, [*marks[1:], ("end", 0.0, recorded["end_cpu"])], strict=True
    ):
        stages[name] = stages.get(name, 0.0) + until - at
    stages["exit"] = total_cpu - recorded["end_cpu"]
    return stages


def builds(
    corpus: Path,
    work: Path,
    i: int,
    model: str,
    workers: int | None,
    base: Path | None,
    account: bool = False,
) -> dict:
    """Repeat ``i``'s build command(s): {"build_process": this tree's} and, with a
    ``base`` tree, {"base_process": its}, run one after the other, base first in even
    repeats and last in odd ones (so neither side always runs first after naive)."""
    sides = [("build_process", ROOT)] + ([("base_process", base)] if base else [])
    if i % 2 == 0:
        sides.reverse()
    return {
        key: build_process(corpus, work / f"{key}-cache-{i}", model, workers, tree, account)
        for key, tree in sides
    }


def compile_tree(tree: Path | None) -> None:
    """Compile ``tree``'s modules (analysis/, ui/) to bytecode before the build commands
    are timed, as ``pip install`` does for an installed package and as Python does on a
    checkout's first run. Without it an environment that sets PYTHONDONTWRITEBYTECODE
    (this workplace does) compiles every imported module in every build command (about
    0.1 s of the parent's start-up, docs/benchmarks.md part 9), which a user's second run
    never pays; naive spaCy's modules are compiled already (site-packages)."""
    if tree is None:
        return
    folders = [name for name in ("analysis", "ui") if (tree / name).is_dir()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], cwd=tree, check=True,
                   capture_output=True)  # fmt: skip


def against_base(run: dict, rev: str) -> str:
    """One run's line tail: this tree's build against ``rev``'s (wall and CPU)."""
    this, base = run["build_process"], run["base_process"]
    wall = this["seconds"] / base["seconds"]
    cpu = this["cpu_seconds"] / base["cpu_seconds"]
    return (
        f"; {rev}: {base['seconds']:.1f} s, {base['cpu_seconds']:.1f} CPU s "
        f"(this/{rev}: wall {wall:.3f}, CPU {cpu:.3f})"
    )


def run(args: argparse.Namespace) -> dict:
    from analysis.nlp import model_label, resolve_model_name

    model = resolve_model_name(args.model)
    records = read_bodies(args.data, args.n)
    texts = [r["body"] for r in records]
    words = sum(len(t.split()) for t in texts)
    work = Path(tempfile.mkdtemp(prefix="newslens-throughput-"))
    runs = []
    try:  # the work folder (corpus, caches, base tree) is removed on every path
        corpus = write_corpus(records, work / "reuters.jsonl")
        base = extract_revision(args.base, work / "base") if args.base else None
        for tree in (ROOT, base) if args.mode in ("both", "process") else ():
            compile_tree(tree)
        for i in range(args.repeat):
            run: dict = {}
            if args.mode in ("both", "process"):
                run["naive_process"] = naive_process(model, corpus, args.naive_gemm)
                run |= builds(corpus, work, i, model, args.workers, base, args.account)
                print(
                    f"run {i + 1} (whole processes): naive "
                    f"{words / run['naive_process']['seconds']:,.0f} words/s, build command "
                    f"{words / run['build_process']['seconds']:,.0f} words/s "
                    f"({run['naive_process']['seconds'] / run['build_process']['seconds']:.2f}x);"
                    f" CPU s: naive {run['naive_process']['cpu_seconds']:.1f}, build "
                    f"{run['build_process']['cpu_seconds']:.1f}"
                    + (against_base(run, args.base) if base else ""),
                    flush=True,
                )
            if args.mode in ("both", "inprocess"):
                cache = work / f"cache-{i}"
                run["naive"] = naive(model, texts, args.naive_gemm)
                run["cold"] = build(corpus, cache, model, args.workers, args.engine)
                run["warm"] = build(corpus, cache, model, args.workers, args.engine)
                n, cold, warm = run["naive"], run["cold"], run["warm"]
                assert cold["processed"] == len(texts) and warm["processed"] == 0
                print(
                    f"run {i + 1} (in process): naive {words / n['seconds']:,.0f} words/s, "
                    f"cold {words / cold['seconds']:,.0f} words/s "
                    f"({n['seconds'] / cold['seconds']:.2f}x), warm {warm['seconds']:.3f} s "
                    f"({cold['seconds'] / warm['seconds']:.0f}x faster than cold)",
                    flush=True,
                )
                shutil.rmtree(cache, ignore_errors=True)
            run["loadavg"] = os.getloadavg()
            runs.append(run)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(kind: str, key: str = "seconds") -> float:
        return statistics.median(r[kind][key] for r in runs)

    result = {
        "command": "python -m benchmarks.throughput " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "model": model_label(model),
        "engine": args.engine,
        "workers": args.workers,
        "naive_gemm": args.naive_gemm,
        "documents": len(texts),
        "words": words,
        "repeat": args.repeat,
        "mode": args.mode,
        "base": args.base,
        "median": {},
        "targets": {
            "cold_vs_naive": TARGET_COLD_VS_NAIVE,
            "warm_speedup_vs_cold": TARGET_WARM_SPEEDUP,
        },
        "runs": runs,
    }
    m, targets = result["median"], result["targets"]
    if args.mode in ("both", "process"):
        naive_s, build_s = med("naive_process"), med("build_process")
        ratio = statistics.median(
            r["naive_process"]["seconds"] / r["build_process"]["seconds"] for r in runs
        )
        m |= {
            "process_naive_seconds": naive_s,
            "process_naive_words_per_second": words / naive_s,
            "process_build_seconds": build_s,
            "process_build_words_per_second": words / build_s,
            "process_build_vs_naive": ratio,
            "process_build_stages": {
                stage: statistics.median(r["build_process"]["stages"].get(stage, 0.0) for r in runs)
                for stage in runs[0]["build_process"]["stages"]
            },
            "process_naive_cpu_seconds": med("naive_process", "cpu_seconds"),
            "process_build_cpu_seconds": med("build_process", "cpu_seconds"),
            # naive CPU / build CPU, same run: the build can reach k x naive in wall time on
            # k free CPUs only if this is at least about 1 (times the parallel efficiency)
            "process_cpu_naive_vs_build": statistics.median(
                r["naive_process"]["cpu_seconds"] / r["build_process"]["cpu_seconds"] for r in runs
            ),
            "process_build_stages_cpu": {
                stage: statistics.median(
                    r["build_process"]["stages_cpu"].get(stage, 0.0) for r in runs
                )
                for stage in runs[0]["build_process"]["stages_cpu"]
            },
            "process_build_host": {
                k: statistics.median(r["build_process"]["host"][k] for r in runs)
                for k in runs[0]["build_process"]["host"]
                if all(r["build_process"]["host"] for r in runs)
            },
            "process_build_accounts": account_medians([r["build_process"] for r in runs]),
        }
        targets["process_build_vs_naive_met"] = ratio >= TARGET_COLD_VS_NAIVE
        if args.base:
            m |= base_medians(runs, args.base)
    if args.mode in ("both", "inprocess"):
        naive_s, cold_s, warm_s = med("naive"), med("cold"), med("warm")
        cold_vs_naive = statistics.median(
            r["naive"]["seconds"] / r["cold"]["seconds"] for r in runs
        )
        warm_speedup = statistics.median(r["cold"]["seconds"] / r["warm"]["seconds"] for r in runs)
        m |= {
            "naive_seconds": naive_s,
            "naive_load_seconds": med("naive", "load_seconds"),
            "naive_words_per_second": words / naive_s,
            "cold_seconds": cold_s,
            "cold_words_per_second": words / cold_s,
            "warm_seconds": warm_s,
            "cold_vs_naive": cold_vs_naive,
            "warm_speedup_vs_cold": warm_speedup,
            "naive_cpu_seconds": med("naive", "cpu_seconds"),
            "cold_cpu_seconds": med("cold", "cpu_seconds"),
        }
        targets["cold_vs_naive_met"] = cold_vs_naive >= TARGET_COLD_VS_NAIVE
        targets["warm_speedup_met"] = warm_speedup >= TARGET_WARM_SPEEDUP
    return result


#: The totals of a process account (benchmarks.process_account.Account.as_dict) kept.
ACCOUNT_TOTALS = ("cpu_seconds", "polled_cpu_seconds", "unaccounted", "minflt",
                  "poller_cpu_seconds")  # fmt: skip


def account_medians(sides: list[dict]) -> dict:
    """Medians over runs of each role's figures in the build commands' process accounts
    (benchmarks.process_account; roles found in every run), of the kernel's total and
    the polled sum; {} when the runs were not accounted."""
    accounts = [side["processes"] for side in sides if side.get("processes")]
    if not accounts or len(accounts) != len(sides):
        return {}
    roles = [r for r in accounts[0]["by_role"] if all(r in a["by_role"] for a in accounts)]
    keys = ROLE_FIGURES
    return {
        "by_role": {
            role: {k: statistics.median(a["by_role"][role][k] for a in accounts) for k in keys}
            for role in roles
        },
        **{k: statistics.median(a[k] for a in accounts) for k in ACCOUNT_TOTALS},
    }


def account_lines(medians: dict) -> list[str]:
    """Report lines of :func:`account_medians`: one per role, then the check."""
    lines = [
        "      process            n   CPU s   user    sys   minor faults  major  waited s  idle s"
    ]
    for role, r in medians["by_role"].items():
        lines.append(
            f"      {role:<16} {r['processes']:>3.0f} {r['cpu']:>7.2f} {r['user']:>6.2f} "
            f"{r['system']:>6.2f} {r['minflt']:>14,.0f} {r['majflt']:>6,.0f} "
            f"{r.get('wait', 0.0):>9.2f} {r.get('idle', 0.0):>7.2f}"
        )
    lines.append(
        f"      polled {medians['polled_cpu_seconds']:.2f} of the kernel's "
        f"{medians['cpu_seconds']:.2f} CPU s for the tree ({medians['unaccounted']:+.2f} "
        f"unread); the poller itself {medians['poller_cpu_seconds']:.2f} CPU s; waited s: "
        "runnable but waiting for a CPU (other jobs, or the build's own processes); idle s: "
        "alive, neither on a CPU nor waiting for one (blocked: on its workers, a pipe, a lock)"
    )
    return lines


def base_medians(runs: list[dict], rev: str) -> dict:
    """Medians of the ``--base`` builds: their seconds, CPU seconds and stage table, and
    this tree's wall and CPU seconds as a share of the base's, run by run."""

    def med(f) -> float:
        return statistics.median(f(r) for r in runs)

    base = [r["base_process"] for r in runs]
    return {
        "base": rev,
        "process_base_seconds": statistics.median(b["seconds"] for b in base),
        "process_base_cpu_seconds": statistics.median(b["cpu_seconds"] for b in base),
        "process_base_vs_naive": med(
            lambda r: r["naive_process"]["seconds"] / r["base_process"]["seconds"]
        ),
        "process_this_vs_base_wall": med(
            lambda r: r["build_process"]["seconds"] / r["base_process"]["seconds"]
        ),
        "process_this_vs_base_cpu": med(
            lambda r: r["build_process"]["cpu_seconds"] / r["base_process"]["cpu_seconds"]
        ),
        "process_base_stages": {
            stage: statistics.median(b["stages"].get(stage, 0.0) for b in base)
            for stage in base[0]["stages"]
        },
        "process_base_stages_cpu": {
            stage: statistics.median(b["stages_cpu"].get(stage, 0.0) for b in base)
            for stage in base[0]["stages_cpu"]
        },
        "process_base_accounts": account_medians(base),
    }


def report(result: dict) -> str:
    """The medians as a few readable lines, with the stage table of the build command."""
    m = result["median"]
    loads = ", ".join(f"{r['loadavg'][0]:.1f}" for r in result["runs"])
    lines = [
        f"\n{result['documents']:,} documents, {result['words']:,} words, {result['model']}, "
        f"median of {result['repeat']}:"
    ]
    if "process_build_seconds" in m:
        lines += [
            "  whole processes (as a user runs them):",
            f"    naive spaCy    {m['process_naive_words_per_second']:>9,.0f} words/s"
            f"  ({m['process_naive_seconds']:.1f} s; kernel {result.get('naive_gemm', 'blis')})",
            f"    build command  {m['process_build_words_per_second']:>9,.0f} words/s"
            f"  ({m['process_build_seconds']:.1f} s) = {m['process_build_vs_naive']:.2f}x naive"
            f" (target {TARGET_COLD_VS_NAIVE}x)",
            f"    CPU seconds    naive {m['process_naive_cpu_seconds']:.1f}, build command "
            f"{m['process_build_cpu_seconds']:.1f} (with its workers): naive/build = "
            f"{m['process_cpu_naive_vs_build']:.2f}",
            "    stages of the build command   wall s  share    CPU s  share",
        ]
        wall, cpu = m["process_build_stages"], m["process_build_stages_cpu"]
        total, total_cpu = sum(wall.values()) or 1.0, sum(cpu.values()) or 1.0
        lines += [
            f"      {stage:<30} {secs:>7.2f}  {secs / total:>4.0%}  {cpu.get(stage, 0.0):>7.2f}"
            f"  {cpu.get(stage, 0.0) / total_cpu:>4.0%}"
            for stage, secs in wall.items()
        ]
        if "base" in m:
            rev = m["base"]
            lines.append(
                f"    base {rev:<9} {m['process_base_seconds']:>6.1f} s, "
                f"{m['process_base_cpu_seconds']:.1f} CPU s = {m['process_base_vs_naive']:.2f}x "
                f"naive; this tree / {rev}, same runs: wall {m['process_this_vs_base_wall']:.3f}, "
                f"CPU {m['process_this_vs_base_cpu']:.3f}"
            )
            base_stages = ", ".join(
                f"{stage} {secs:.2f} / {m['process_base_stages_cpu'].get(stage, 0.0):.2f}"
                for stage, secs in m["process_base_stages"].items()
            )
            lines.append(
                f"      stages of {rev}: {base_stages} (wall / CPU s)"
                if base_stages
                else f"      stages of {rev}: none (it writes no $NEWSLENS_STAGES marks)"
            )
            if m.get("process_base_accounts"):
                lines.append(f"      each process of {rev}'s build command (medians):")
                lines += account_lines(m["process_base_accounts"])
        if m.get("process_build_host"):
            host = m["process_build_host"]
            lines.append(
                f"    model host (loads the pipeline beside the stages above): ready at "
                f"{host['ready_at']:.2f} s, after {host['load_wall']:.2f} s wall, "
                f"{host['load_cpu']:.2f} CPU s (counted in the NLP stage's CPU)"
            )
        if m.get("process_build_accounts"):
            lines.append("    each process of the build command (read from /proc, medians):")
            lines += account_lines(m["process_build_accounts"])
    if "cold_seconds" in m:
        lines += [
            "  in this process (build_corpus):",
            f"    naive spaCy   {m['naive_words_per_second']:>9,.0f} words/s"
            f"  ({m['naive_seconds']:.1f} s)",
            f"    cold build    {m['cold_words_per_second']:>9,.0f} words/s"
            f"  ({m['cold_seconds']:.1f} s) = {m['cold_vs_naive']:.2f}x naive"
            f" (target {TARGET_COLD_VS_NAIVE}x)",
            f"    warm rebuild  {m['warm_seconds']:>9.3f} s        = "
            f"{m['warm_speedup_vs_cold']:.0f}x faster than cold (target "
            f"{TARGET_WARM_SPEEDUP:.0f}x)",
            f"    CPU seconds: naive {m['naive_cpu_seconds']:.1f}, cold build "
            f"{m['cold_cpu_seconds']:.1f} (all processes)",
        ]
    lines.append(
        f"  load average during the runs {loads} (on {result['machine']['usable_cpus']} CPUs)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA,
                        help="reuters21578.jsonl (default ../shared/eval/...)")  # fmt: skip
    parser.add_argument("--n", type=int, default=1000, help="documents (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats (default 3)")
    parser.add_argument("--model", help="spaCy pipeline (default: the best installed)")
    parser.add_argument("--workers", type=int, help="build workers (default: usable CPUs)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="engine of the in-process build")  # fmt: skip
    parser.add_argument("--mode", choices=("both", "process", "inprocess"), default="both",
                        help="whole processes, in this process, or both (default)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results JSON")
    parser.add_argument(
        "--stages", type=int, metavar="N", default=0,
        help="also time each analysis step on the first N texts (CPU s); --repeat 0: only that",
    )  # fmt: skip
    parser.add_argument(
        "--base", metavar="REV",
        help="also run commit REV's build command in each repeat (whole processes), "
             "alternating with this tree's, and compare the two",
    )  # fmt: skip
    parser.add_argument(
        "--no-account", dest="account", action="store_false",
        help="do not read each build process's CPU seconds and page faults from /proc "
             "while it runs (benchmarks.process_account)",
    )  # fmt: skip
    parser.add_argument(
        "--naive-gemm", choices=("blis", "numpy"), default="blis",
        help="naive spaCy's matrix-product kernel: blis (spaCy as installed, the target's "
             "baseline) or numpy (the build's, analysis.gemm: the ratio without the kernel)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.base and args.mode == "inprocess":
        parser.error("--base compares whole processes: use --mode process or both")
    if not args.data.is_file():
        print(f"skipped: {args.data} not found (the Reuters-21578 JSONL)", file=sys.stderr)
        return 0
    if args.stages:
        from analysis.nlp import resolve_model_name

        stages = stage_profile(resolve_model_name(args.model), read_bodies(args.data, args.stages))
        print(json.dumps(stages, indent=2))
        if args.stages and not args.repeat:
            return 0
    try:
        result = run(args)
    except RevisionError as exc:  # git's message, the work folder already removed
        print(f"error: --base {exc}", file=sys.stderr)
        return 2
    if args.stages:
        result["stages"] = stages
    print(report(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
