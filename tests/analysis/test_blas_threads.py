"""Importing analysis caps the BLAS/OpenMP thread pools at one thread, unless the user
chose a size (analysis/__init__.py: one spaCy process per CPU, no spinning BLAS threads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, os, analysis; "
    "print(json.dumps({v: os.environ[v] for v in analysis.BLAS_THREAD_VARS}))"
)


def _env_after_import(**preset: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")} | preset
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)  # fmt: skip
    return json.loads(out.stdout)


def test_import_sets_one_thread_per_pool_and_keeps_a_users_choice():
    assert _env_after_import() == dict.fromkeys(
        ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"), "1"
    )
    chosen = _env_after_import(OPENBLAS_NUM_THREADS="3", OMP_NUM_THREADS="")
    assert chosen["OPENBLAS_NUM_THREADS"] == "3"  # the user's size wins
    assert chosen["OMP_NUM_THREADS"] == "1"  # an empty value is no choice


def test_numpy_imported_after_analysis_runs_one_thread():
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    probe = "import os, analysis, numpy; print(len(os.listdir('/proc/self/task')))"
    if not Path("/proc/self/task").is_dir():
        return  # not Linux: the environment test above covers it
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)  # fmt: skip
    assert out.stdout.strip() == "1"  # OpenBLAS starts no pool thread


def test_the_caps_set_here_are_named_so_a_baseline_can_drop_them():
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    env["OPENBLAS_NUM_THREADS"] = "3"
    probe = "import json, analysis; print(json.dumps(analysis.BLAS_SET_HERE))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)  # fmt: skip
    assert json.loads(out.stdout) == ["OMP_NUM_THREADS", "MKL_NUM_THREADS"]


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
