"""A build worker's CPU after spaCy, this tree against another commit, on the same Docs.

Whole builds on a shared 2-CPU machine swing by 3-6% of their CPU from run to run, more
than a change to NewsLens's own per-document code can save (a few tenths of a CPU second
on 1,000 bodies). This benchmark takes spaCy out: the texts are parsed once (this tree's
``analysis.nlp.load_model``), the Docs stored as bytes, and each tree then runs only
what a worker runs after ``nlp.pipe`` (``analysis.pipeline.analyze_stages`` with
``parsed=``: the parse stage's rows and stored parse, stages 2-3) over the same Docs
read back, in batches of ``--batch`` documents, in its own process, alternating which
tree goes first. Printed per round: each tree's CPU seconds (best of ``--repeat``), the
ratio, whether every table is identical (the stored parses compared decompressed), and
the load. The Docs read back are those a re-derivation reads
(tests/analysis/test_parse_roundtrip.py: the same tables as the Docs in memory).

    python -m benchmarks.after_spacy --base main --n 1000 --rounds 2
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._harness import extract_revision
from benchmarks.throughput import DEFAULT_DATA, ROOT, read_bodies

#: Runs inside the tree being measured (cwd): argv[1] the parsed Docs, argv[2] its output.
_RUN = r"""
import pickle, sys, time, zlib
import pandas as pd
from analysis import parse, pipeline, runtime
from analysis.nlp import load_model
given = pickle.load(open(sys.argv[1], "rb"))
docs, batch, repeat = given["docs"], given["batch"], given["repeat"]
nlp = load_model(given["model"])
parsed = [parse.from_bytes(b, nlp.vocab) for b in given["blobs"]]
pipeline.analyze(nlp, docs.head(20))  # warm-up: gazetteers and lazy tables
best, steps = float("inf"), {}
for _ in range(repeat):
    runtime.STEP_CPU.clear()
    started = time.process_time()
    out = [pipeline.analyze_stages(nlp, docs.iloc[lo : lo + batch], parsed=parsed[lo : lo + batch])
           for lo in range(0, len(docs), batch)]
    spent = time.process_time() - started
    if spent < best:
        best, steps = spent, dict(runtime.STEP_CPU)
tables = {f"{stage}.{name}": pd.concat([o[stage][name] for o in out], ignore_index=True)
          for stage in out[0] for name in out[0][stage]}
blobs = tables["parse.parses"]["parse"]
tables["parse.parses"] = tables["parse.parses"].assign(parse=[zlib.decompress(b) for b in blobs])
pickle.dump({"cpu": best, "steps": steps, "tables": tables}, open(sys.argv[2], "wb"))
"""


def parse_once(n: int, data: Path, out: Path, batch: int, repeat: int) -> None:
    """Parse the first ``n`` bodies with this tree's pipeline; store Docs and frame."""
    import pandas as pd

    from analysis import parse
    from analysis.corpus import content_hash
    from analysis.models import resolve_model_name
    from analysis.nlp import load_model

    records = read_bodies(data, n)
    docs = pd.DataFrame({
        "doc_id": [content_hash(r["body"]) for r in records],
        "text": [r["body"] for r in records],
        "date": [(r.get("date") or "")[:10] or None for r in records],
    }).drop_duplicates("doc_id").reset_index(drop=True)  # fmt: skip
    docs["doc_key"] = docs["doc_id"]
    model = resolve_model_name(None)
    nlp = load_model(model)
    blobs = [parse.to_bytes(d) for d in parse.parse_texts(nlp, docs["text"].tolist())]
    given = {"docs": docs, "model": model, "blobs": blobs, "batch": batch, "repeat": repeat}
    out.write_bytes(pickle.dumps(given))


def run_tree(tree: Path, given: Path, out: Path) -> dict:
    """The tree's worker steps over the stored Docs, in its own process."""
    subprocess.run([sys.executable, "-c", _RUN, str(given), str(out)], cwd=tree, check=True)
    return pickle.loads(out.read_bytes())


def differences(base: dict, this: dict) -> list[str]:
    """Names of the tables that differ (or exist on one side only)."""
    import pandas as pd

    out = sorted(set(base) ^ set(this))
    for name in sorted(set(base) & set(this)):
        try:
            pd.testing.assert_frame_equal(base[name], this[name])
        except AssertionError:
            out.append(name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="commit to compare with (e.g. main)")
    parser.add_argument("--n", type=int, default=1000, help="Reuters bodies (default 1000)")
    parser.add_argument("--rounds", type=int, default=2, help="alternated rounds (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="best of, per process (3)")
    parser.add_argument("--batch", type=int, default=128, help="documents a batch (128)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newslens-after-spacy-") as tmp:
        work = Path(tmp)
        base = extract_revision(args.base, work / "base")
        given = work / "parsed.pkl"
        parse_once(args.n, args.data, given, args.batch, args.repeat)
        identical = True
        for i in range(args.rounds):
            trees = [("base", base), ("this", ROOT)]
            runs = {name: run_tree(tree, given, work / f"{name}{i}.pkl")
                    for name, tree in (trees if i % 2 == 0 else trees[::-1])}  # fmt: skip
            diff = differences(runs["base"]["tables"], runs["this"]["tables"])
            identical = identical and not diff
            cpu_base, cpu_this = runs["base"]["cpu"], runs["this"]["cpu"]
            print(f"round {i + 1}: CPU s after spaCy, {args.base} {cpu_base:.3f}, this tree "
                  f"{cpu_this:.3f} ({cpu_this - cpu_base:+.3f}, {cpu_this / cpu_base - 1:+.1%}); "
                  f"tables {'identical' if not diff else 'DIFFER: ' + ', '.join(diff)}; "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
            for name in ("base", "this"):
                steps = ", ".join(f"{k} {v:.3f}" for k, v in runs[name]["steps"].items())
                print(f"  {name}: {steps}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
