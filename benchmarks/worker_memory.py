"""Peak resident memory of a cold build, per process and in total, against naive spaCy.

    python -m benchmarks.worker_memory [REUTERS_JSONL] [--n 200] [--words 4000]
        [--workers 2] [--tree DIR] [--base REV] [--interval 0.1]
    python -m benchmarks.worker_memory --n 40 --write-corpus long.jsonl  # then:
    python -m benchmarks.build_equivalence long.jsonl --base main --n 40

Builds a corpus of N long documents (each about L words: sentences of Reuters-21578
bodies, shuffled with a fixed seed, in paragraphs of five; the text is generated into a
temporary folder and never stored in the repository), then in the same run:

1. runs ``python -m analysis build CORPUS --workers W --cache TMP`` of ``--tree`` (default
   this checkout) as a subprocess, the way a user runs it, sampling every ``--interval``
   seconds the RSS of the build process and of every descendant (the model host and its
   workers: ``psutil.Process.children(recursive=True)``);
   With ``--base REV`` the same build of that git revision (``git archive``) runs first,
   with its own fresh cache: the baseline of a change, in the same run;
2. runs naive spaCy over the same texts in one process (the same pipeline loaded by
   analysis.nlp.load_model, ``nlp(text)`` per document, each Doc dropped at once), sampled
   the same way.

Prints the peak RSS of each process (the largest sample), the peak of the sum of all of a
run's processes at one instant, CPU seconds (user + system, children included) and the
load average. RSS counts pages shared after fork in each process, so the total overstates
what the machine needs by up to the shared part (the loaded model, ~0.1 GB per process).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from benchmarks._harness import extract_revision
from benchmarks.throughput import DEFAULT_DATA, ROOT, read_bodies

_NAIVE = r"""
import sys, json
from analysis.nlp import load_model
nlp = load_model(sys.argv[2])
for line in open(sys.argv[1], encoding="utf-8"):
    doc = nlp(json.loads(line)["text"])
    del doc
"""


def make_texts(bodies: list[str], n: int, words: int, seed: int = 0) -> list[str]:
    """``n`` texts of about ``words`` words each: sentences of ``bodies`` drawn at random
    (fixed ``seed``), five to a paragraph, paragraphs separated by a blank line."""
    sentences = [
        s.strip()
        for b in bodies
        for s in re.split(r"(?<=[.!?])\s+", " ".join(b.split()))
        if len(s.split()) >= 4
    ]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        paras, para, count = [], [], 0
        while count < words:
            s = rng.choice(sentences)
            para.append(s)
            count += len(s.split())
            if len(para) == 5:
                paras.append(" ".join(para))
                para = []
        paras.append(" ".join(para))
        out.append("\n\n".join(p for p in paras if p))
    return out


def write_long_corpus(texts: list[str], path: Path) -> Path:
    """``texts`` -> a JSONL corpus (id, title, date, text) that analysis.corpus loads."""
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            row = {"id": f"long-{i}", "title": f"Long {i}", "date": "1987-03-01", "text": text}
            fh.write(json.dumps(row) + "\n")
    return path


class Sampler:
    """Samples the RSS of process ``pid`` and its descendants every ``interval`` seconds
    in a thread; ``peaks`` maps "pid name" to its largest RSS, ``total`` is the largest
    sum over one sample."""

    def __init__(self, pid: int, interval: float) -> None:
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peaks: dict[str, int] = {}
        self.total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    role = "run" if p.pid == self.root.pid else f"child of {p.ppid()}"
                    label = f"{p.pid} ({role})"
                except psutil.Error:
                    continue
                total += rss
                self.peaks[label] = max(self.peaks.get(label, 0), rss)
            self.total = max(self.total, total)
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(command: list[str], cwd: Path, env: dict, interval: float) -> dict:
    """Run ``command`` sampled; returns peaks (MB), total peak (MB), CPU s, wall s."""
    cpu0, t0 = _children_cpu(), time.monotonic()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    sampler = Sampler(proc.pid, interval)
    _, err = proc.communicate()
    sampler.stop()
    if proc.returncode:
        raise SystemExit(f"{command} failed ({proc.returncode}):\n{err[-2000:]}")
    mb = 1024 * 1024
    return {
        "peaks_mb": {k: round(v / mb) for k, v in sorted(sampler.peaks.items())},
        "peak_process_mb": round(max(sampler.peaks.values()) / mb),
        "peak_total_mb": round(sampler.total / mb),
        "cpu_s": round(_children_cpu() - cpu0, 1),
        "wall_s": round(time.monotonic() - t0, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--n", type=int, default=200, help="documents")
    ap.add_argument("--words", type=int, default=4000, help="words per document")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--tree", type=Path, default=ROOT, help="checkout whose build runs")
    ap.add_argument("--base", default=None,
                    help="also build with this git revision's code first (e.g. main)")  # fmt: skip
    ap.add_argument("--interval", type=float, default=0.1)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: the build's)")
    ap.add_argument("--no-naive", action="store_true", help="skip the naive spaCy run")
    ap.add_argument(
        "--write-corpus",
        type=Path,
        default=None,
        help="only write the generated texts as Reuters-like JSONL (newid, title, date, "
        "body) here, for benchmarks.build_equivalence, and stop",
    )
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data} not found: nothing measured")
        return 0
    from analysis.models import resolve_model_name

    model = resolve_model_name(args.model)
    bodies = [r["body"] for r in read_bodies(args.data, 3000)]
    texts = make_texts(bodies, args.n, args.words)
    if args.write_corpus:
        with args.write_corpus.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(texts):
                row = {"newid": f"long-{i}", "title": f"Long {i}", "date": "1987-03-01",
                       "body": text}  # fmt: skip
                fh.write(json.dumps(row) + "\n")
        return 0
    env = {**os.environ, "PYTHONPATH": str(args.tree)}
    with tempfile.TemporaryDirectory(prefix="newslens-mem-") as tmp:
        corpus = write_long_corpus(texts, Path(tmp) / "corpus.jsonl")
        chars = sum(len(t) for t in texts)
        cache = str(Path(tmp) / "cache")
        build = [sys.executable, "-m", "analysis", "build", str(corpus), "--cache", cache,
                 "--workers", str(args.workers), "--model", model]  # fmt: skip
        report: dict = {
            "documents": args.n,
            "mean_chars": round(chars / args.n),
            "workers": args.workers,
            "tree": str(args.tree),
            "model": model,
        }
        if args.base:
            base = extract_revision(args.base, Path(tmp) / "base")
            base_env = {**os.environ, "PYTHONPATH": str(base)}
            base_build = [*build[:6], str(Path(tmp) / "base-cache"), *build[7:]]
            report[f"build_{args.base}"] = measure(base_build, base, base_env, args.interval)
        report["build"] = measure(build, args.tree, env, args.interval)
        if not args.no_naive:
            naive = [sys.executable, "-c", _NAIVE, str(corpus), model]
            report["naive_spacy"] = measure(naive, args.tree, env, args.interval)
    report["load_average"] = os.getloadavg()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
