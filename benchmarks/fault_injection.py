"""Fault injection: does any damage to the cache, or any crash, change a number silently?

Runs fault families N times each with a seed on a small generated corpus and compares
every table of the build that follows the fault with a clean build in a fresh cache::

    python -m benchmarks.fault_injection --trials 10 --seed 1

Families:

- ``byte-flip``   one random byte of one random cache file XOR-ed (segments, snapshots,
                  meta.json, the lock file)
- ``truncate``    one random cache file cut at a random length
- ``delete``      one random cache file deleted
- ``kill-9``      a build in a subprocess SIGKILLed at a random moment, then a build
- ``frozen-lock`` the lock held by a SIGSTOPped process; a build with a 1 s lock timeout
                  must fail loudly, and succeed once the frozen owner is gone
- ``concurrent``  three builds of two corpora started at once on one cache

Half of the in-place faults are followed by a build of a corpus with two more documents,
so the damaged segments are read (a cached snapshot would otherwise hide them).

Outcome of a trial (the table's columns): ``identical`` (same tables, nothing to report),
``repaired`` (same tables, a damaged part was reported and rebuilt), ``loud error`` (the
build raised a clear error; for frozen-lock that is the expected outcome), ``silently
different`` (the build returned tables that differ from the clean build: must be 0).

The pipeline is a small saved spaCy pipeline (blank English + entity ruler), the same code
path as any pipeline, so each trial takes about a second; the cache logic does not
depend on which pipeline produced the rows.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import spacy

from analysis.build import SNAPSHOT_TABLES, build_corpus

REPO = Path(__file__).resolve().parents[1]

FAMILIES = ("byte-flip", "truncate", "delete", "kill-9", "frozen-lock", "concurrent")
OUTCOMES = ("identical", "repaired", "loud error", "silently different")
PLACES = ["Paris", "France", "Berlin", "Germany", "Cairo", "Egypt", "Lima", "Peru"]


def story(i: int) -> str:
    a, b = PLACES[i % len(PLACES)], PLACES[(i * 3 + 1) % len(PLACES)]
    return (f"{a} (story {i}) - officials of {b} met Maria Lopez in {a} on Monday. "
            f"Talks with {b} continue next week; {i + 2} delegations came.")  # fmt: skip


def write_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,date"]
    for i in range(n):
        (folder / f"s{i:03d}.txt").write_text(story(i), encoding="utf-8")
        rows.append(f"s{i:03d}.txt,2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def save_model(folder: Path) -> str:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": p} for p in PLACES])
    ruler.add_patterns([{"label": "PERSON", "pattern": "Maria Lopez"}])
    nlp.meta["name"], nlp.meta["version"] = "fault_injection", "1.0.0"
    nlp.to_disk(folder)
    return str(folder)


class Bench:
    """The corpora, the model, clean tables, and a warm cache to copy for each trial."""

    def __init__(self, work: Path, docs: int, rng: random.Random) -> None:
        self.work, self.rng = work, rng
        self.last_error = ""
        self.build_seconds = 5.0
        self.model = save_model(work / "model")
        self.small = write_corpus(work / "small", docs)
        self.large = write_corpus(work / "large", docs + 2)  # same stories plus two
        self.clean = {c: self.tables(self.build(c, work / f"clean-{c.name}"))
                      for c in (self.small, self.large)}  # fmt: skip
        self.warm = work / "warm"
        self.build(self.small, self.warm)

    def build(self, corpus: Path, cache: Path, **kw):
        return build_corpus(corpus, cache_dir=cache, model=self.model, workers=1,
                            chunk_size=4, **kw)  # fmt: skip

    @staticmethod
    def tables(result) -> dict[str, pd.DataFrame]:
        return {n: result.table(n) for n in ("documents", "skipped", *SNAPSHOT_TABLES)}

    def outcome(self, corpus: Path, cache: Path, **kw) -> str:
        """Build ``corpus`` into ``cache`` and classify the result against the clean one."""
        try:
            result = self.build(corpus, cache, **kw)
        except Exception as exc:  # noqa: BLE001 - classifying every failure is the point
            self.last_error = f"{type(exc).__name__}: {exc}"
            return "loud error"
        for name, want in self.clean[corpus].items():
            try:
                pd.testing.assert_frame_equal(result.table(name), want)
            except AssertionError:
                return "silently different"
        return "repaired" if result.repairs else "identical"

    def trial_cache(self, i: int) -> Path:
        cache = self.work / f"trial-{i}"
        shutil.copytree(self.warm, cache)
        return cache

    def cache_files(self, cache: Path) -> list[Path]:
        return sorted(p for p in cache.rglob("*") if p.is_file())

    def python(self, code: str) -> subprocess.Popen[str]:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO,
                                env=env, text=True, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)  # fmt: skip

    def build_script(self, corpus: Path, cache: Path) -> str:
        return f"""
            print("ready", flush=True)
            from analysis.build import build_corpus
            build_corpus({str(corpus)!r}, cache_dir={str(cache)!r}, model={self.model!r},
                         workers=1, chunk_size=4)
        """


# ---------------------------------------------------------------- the families


def in_place(bench: Bench, i: int, damage) -> str:
    cache = bench.trial_cache(i)
    target = bench.rng.choice(bench.cache_files(cache))
    damage(target, bench.rng)
    corpus = bench.rng.choice([bench.small, bench.large])
    return bench.outcome(corpus, cache)


def flip(path: Path, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    if data:
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))


def truncate(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(len(data))] if data else b"")


def delete(path: Path, rng: random.Random) -> None:
    path.unlink()


def kill9(bench: Bench, i: int) -> str:
    cache = bench.work / f"trial-{i}"
    corpus = bench.rng.choice([bench.small, bench.large])
    proc = bench.python(bench.build_script(corpus, cache))
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(bench.rng.uniform(0, bench.build_seconds))
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    return bench.outcome(corpus, cache)


def frozen_lock(bench: Bench, i: int) -> str:
    from analysis.nlp import model_label
    from analysis.store import model_dir

    cache = bench.trial_cache(i)
    lock = model_dir(cache, model_label(bench.model)) / "build.lock"
    holder = bench.python(f"""
        import time
        from analysis.store_lock import BuildLock
        BuildLock({str(lock)!r}, timeout=5).acquire()
        print("held", flush=True)
        time.sleep(120)
    """)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGSTOP)
    try:
        first = bench.outcome(bench.large, cache, lock_timeout=1.0)
        assert first != "loud error" or "stopped" in bench.last_error, bench.last_error
    finally:
        holder.send_signal(signal.SIGCONT)
        holder.kill()
        holder.communicate()
    after = bench.outcome(bench.large, cache)
    return "silently different" if "silently different" in (first, after) else first


def concurrent(bench: Bench, i: int) -> str:
    cache = bench.work / f"trial-{i}"
    corpora = [bench.small, bench.large, bench.small]
    procs = [bench.python(bench.build_script(c, cache)) for c in corpora]
    results = [(p.communicate(timeout=600)[1], p.returncode) for p in procs]
    codes = [code for _, code in results]
    outcomes = [bench.outcome(c, cache) for c in (bench.small, bench.large)]
    if "silently different" in outcomes:
        return "silently different"
    if any(codes):
        bench.last_error = "; ".join(err.strip()[-600:] for err, code in results if code)
        return "loud error"
    return "repaired" if "repaired" in outcomes else "identical"


def run(bench: Bench, family: str, i: int) -> str:
    damages = {"byte-flip": flip, "truncate": truncate, "delete": delete}
    if family in damages:
        return in_place(bench, i, damages[family])
    return {"kill-9": kill9, "frozen-lock": frozen_lock, "concurrent": concurrent}[family](bench, i)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=10, help="trials per family")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--docs", type=int, default=24, help="documents in the corpus")
    parser.add_argument("--families", nargs="+", choices=FAMILIES, default=list(FAMILIES))
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="newslens-faults-") as tmp:
        bench = Bench(Path(tmp), args.docs, rng)
        started = time.monotonic()
        bench.build(bench.small, Path(tmp) / "timing")
        bench.build_seconds = time.monotonic() - started + 2.0  # + interpreter start
        counts: dict[str, Counter] = {}
        trial = 0
        errors: list[str] = []
        for family in args.families:
            counts[family] = Counter()
            for _ in range(args.trials):
                trial += 1
                outcome = run(bench, family, trial)
                counts[family][outcome] += 1
                if outcome == "loud error":
                    errors.append(f"{family} trial {trial}: {bench.last_error}")
                shutil.rmtree(Path(tmp) / f"trial-{trial}", ignore_errors=True)
    print(f"fault injection: {args.trials} trials per family, seed {args.seed}, "
          f"{args.docs}-document corpus\n")  # fmt: skip
    print("| family | trials | " + " | ".join(OUTCOMES) + " |")
    print("|---|---:|" + "---:|" * len(OUTCOMES))
    for family, counter in counts.items():
        cells = " | ".join(str(counter[o]) for o in OUTCOMES)
        print(f"| {family} | {sum(counter.values())} | {cells} |")
    if errors:
        print("\nloud errors:")
        for line in errors:
            print(f"- {line.splitlines()[-1] if line.strip() else line}")
    wrong = sum(c["silently different"] for c in counts.values())
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
