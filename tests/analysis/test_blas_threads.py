"""Importing analysis caps the BLAS/OpenMP thread pools at one thread, unless the user
chose a size (analysis/__init__.py: one spaCy process per CPU, no spinning BLAS threads),
and a build's workers run numpy's BLAS (the layers' products, analysis.gemm) on one
thread."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, os, analysis; "
    "print(json.dumps({v: os.environ[v] for v in analysis.BLAS_THREAD_VARS}))"
)


def _run(probe: str, *args: str, **preset: str) -> str:
    """The output of ``python -c probe *args`` in an environment with no thread-pool size
    chosen, except ``preset``."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")} | preset
    return subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout  # fmt: skip


def _env_after_import(**preset: str) -> dict[str, str]:
    return json.loads(_run(PROBE, **preset))


def test_import_sets_one_thread_per_pool_and_keeps_a_users_choice():
    assert _env_after_import() == dict.fromkeys(
        ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"), "1"
    )
    chosen = _env_after_import(OPENBLAS_NUM_THREADS="3", OMP_NUM_THREADS="")
    assert chosen["OPENBLAS_NUM_THREADS"] == "3"  # the user's size wins
    assert chosen["OMP_NUM_THREADS"] == "1"  # an empty value is no choice


def test_numpy_imported_after_analysis_runs_one_thread():
    probe = "import os, analysis, numpy; print(len(os.listdir('/proc/self/task')))"
    if not Path("/proc/self/task").is_dir():
        return  # not Linux: the environment test above covers it
    assert _run(probe).strip() == "1"  # OpenBLAS starts no pool thread


def test_the_caps_set_here_are_named_so_a_baseline_can_drop_them():
    probe = "import json, analysis; print(json.dumps(analysis.BLAS_SET_HERE))"
    out = _run(probe, OPENBLAS_NUM_THREADS="3")
    assert json.loads(out) == ["OMP_NUM_THREADS", "MKL_NUM_THREADS"]


def test_numpy_imported_after_analysis_advises_no_huge_pages_unless_the_user_asks():
    """numpy reads NUMPY_MADVISE_HUGEPAGE when imported; analysis sets it to 0 first."""
    probe = (
        "import json, analysis, numpy; print(json.dumps([analysis.SET_HERE, "
        "bool(numpy._core.multiarray._get_madvise_hugepage())]))"
    )
    base = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    for preset, advised in (({}, False), ({"NUMPY_MADVISE_HUGEPAGE": "1"}, True)):
        out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=base | preset,
                             check=True, capture_output=True, text=True)  # fmt: skip
        set_here, huge = json.loads(out.stdout)
        assert huge is advised
        assert ("NUMPY_MADVISE_HUGEPAGE" in set_here) is not preset  # a baseline drops it


#: Run as a build runs (analysis imported before numpy): the BLAS threads of this process
#: and of each worker of a fork pool and of a spawn pool, as OpenBLAS reports them.
WORKER_PROBE = """
import json, multiprocessing, sys
from analysis import gemm, pool
model = sys.argv[1]
seen = {"parent": gemm.blas_threads()}
for how in ("fork", "spawn"):
    context = multiprocessing.get_context(how)
    if how == "fork":
        pool.warm_model(model)
    with pool.forked_pool(model, context, 2) as workers:
        seen[how] = [f.result() for f in [workers.submit(gemm.blas_threads) for _ in range(4)]]
print(json.dumps(seen))
"""


def test_a_workers_blas_runs_one_thread(model):
    """numpy's BLAS (the build's matrix products, analysis.gemm) runs one thread in the
    build's process and in every worker of a fork and of a spawn pool."""
    seen = json.loads(_run(WORKER_PROBE, model).strip().splitlines()[-1])
    if seen["parent"] is None:
        pytest.skip("numpy's BLAS is not an OpenBLAS found in /proc/self/maps")
    assert seen == {"parent": 1, "fork": [1] * 4, "spawn": [1] * 4}


def test_without_the_cap_openblas_would_run_more_threads():
    """The probe can fail: with the user choosing two threads, OpenBLAS reports two."""
    probe = "from analysis import gemm; print(gemm.blas_threads())"
    assert _run(probe, OPENBLAS_NUM_THREADS="2").strip() in {"2", "None"}
