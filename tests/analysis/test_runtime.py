"""Where a build's time goes: stage marks (whole command) and step timers (pipeline)."""

from __future__ import annotations

import json

from analysis import runtime
from benchmarks.throughput import stage_cpu_table, stage_table


def test_marks_are_kept_only_when_asked_for(tmp_path, monkeypatch):
    monkeypatch.setattr(runtime, "_MARKS", [])
    monkeypatch.delenv(runtime.STAGES_ENV, raising=False)
    runtime.mark("load corpus")
    runtime.write_marks()
    assert runtime._MARKS == []  # a long-running dashboard accumulates nothing
    out = tmp_path / "stages.json"
    monkeypatch.setenv(runtime.STAGES_ENV, str(out))
    runtime.mark("load corpus")
    runtime.mark("NLP")
    runtime.write_marks()
    recorded = json.loads(out.read_text())
    assert [name for name, *_ in recorded["marks"]] == ["load corpus", "NLP"]
    assert recorded["marks"][0][1] <= recorded["marks"][1][1] <= recorded["end"]
    # CPU seconds of the process so far: from its start, never decreasing
    assert 0 < recorded["marks"][0][2] <= recorded["marks"][1][2] <= recorded["end_cpu"]


def test_stage_table_accounts_for_the_whole_process():
    recorded = {
        "marks": [["load corpus", 101.0, 0.5], ["NLP", 103.0, 0.75], ["NLP", 104.0, 1.0]],
        "end": 110.0,
        "end_cpu": 9.0,
    }
    stages = stage_table(recorded, started=100.0, seconds=11.5)
    assert stages == {
        "start-up (interpreter, imports)": 1.0,
        "load corpus": 2.0,
        "NLP": 7.0,  # a stage marked twice adds up
        "exit": 1.5,
    }
    assert sum(stages.values()) == 11.5
    cpu = stage_cpu_table(recorded, total_cpu=9.5)
    assert cpu == {
        "start-up (interpreter, imports)": 0.5,  # CPU counts from the process's start
        "load corpus": 0.25,
        "NLP": 8.25,
        "exit": 0.5,  # what the whole process used after the last mark
    }
    assert sum(cpu.values()) == 9.5


def test_step_adds_cpu_seconds_per_name(monkeypatch):
    monkeypatch.setattr(runtime, "STEP_CPU", runtime.Counter())
    for _ in range(2):
        with runtime.step("spin"):
            sum(i * i for i in range(20_000))
    assert set(runtime.STEP_CPU) == {"spin"} and runtime.STEP_CPU["spin"] > 0


def test_a_bad_base_revision_shows_gits_error_and_leaves_no_work_folder(
    tmp_path, monkeypatch, capsys
):
    """``throughput --base REV`` with a REV git does not know: exit 2 with git's message,
    and the temporary work folder (it holds a copy of the corpus) is removed."""
    import tempfile

    from benchmarks import throughput

    data = tmp_path / "reuters.jsonl"
    data.write_text(json.dumps({"newid": 1, "body": "Oil prices rose.", "date": None}) + "\n")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    argv = [str(data), "--n", "1", "--repeat", "1", "--mode", "process", "--model",
            "rule-based", "--base", "no-such-revision-xyz",
            "--out", str(tmp_path / "o.json")]  # fmt: skip
    assert throughput.main(argv) == 2
    err = capsys.readouterr().err
    assert "no-such-revision-xyz" in err and "fatal:" in err  # git's own words
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "o.json").exists()


def test_a_base_without_stage_marks_is_timed_without_a_stage_table(tmp_path):
    """A ``--base`` tree older than the $NEWSLENS_STAGES marks writes no marks file: its
    build is timed, with empty stage tables, and the report says so instead of crashing."""
    from benchmarks import throughput

    tree = tmp_path / "old"
    (tree / "analysis").mkdir(parents=True)
    (tree / "analysis" / "__init__.py").write_text("")
    (tree / "analysis" / "__main__.py").write_text("import sys\nsys.exit(0)\n")  # no marks
    side = throughput.build_process(tmp_path / "c.jsonl", tmp_path / "cache", "rule-based",
                                    None, tree)  # fmt: skip
    assert side["seconds"] > 0 and (side["stages"], side["stages_cpu"], side["host"]) == (
        {}, {}, {},
    )  # fmt: skip
    this = {"seconds": 2.0, "cpu_seconds": 2.0, "stages": {"NLP": 1.0}, "stages_cpu": {}}
    runs = [{"naive_process": {"seconds": 1.0}, "build_process": this, "base_process": side}]
    medians = throughput.base_medians(runs, "old")
    assert medians["process_base_stages"] == {} and medians["process_base_stages_cpu"] == {}


def test_the_throughput_benchmark_compiles_a_tree_before_timing_it(tmp_path, monkeypatch):
    """The whole-process builds run compiled modules, as a user's installed package does,
    even where PYTHONDONTWRITEBYTECODE is set (this workplace): compile_tree writes them."""
    from benchmarks.throughput import compile_tree

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    (tmp_path / "analysis").mkdir()
    (tmp_path / "analysis" / "mod.py").write_text("VALUE = 1\n")
    compile_tree(tmp_path)
    assert [p.name.split(".")[0] for p in (tmp_path / "analysis" / "__pycache__").iterdir()] == [
        "mod"
    ]
    compile_tree(None)  # no base tree: nothing to do


def test_the_naive_program_runs_on_the_kernel_it_is_given(tmp_path):
    """``--naive-gemm numpy``: naive spaCy's layers on numpy's BLAS (the build's kernel);
    ``blis`` (the default baseline) leaves spaCy as installed: the program's ops lines
    run only for "numpy". Run as the benchmark runs it, with a probe appended."""
    import subprocess
    import sys

    from benchmarks.throughput import NAIVE_PROGRAM
    from tests.conftest import TRAINED_MODEL

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": "Rain fell on Paris."}) + "\n")
    probe = (
        "\nops = {type(l.ops).__name__ + str(getattr(l.ops, 'use_blis', None))"
        " for _, c in nlp.pipeline if hasattr(getattr(c, 'model', None), 'walk')"
        " for l in c.model.walk()}\nprint(sorted(ops))"
    )
    done = subprocess.run(
        [sys.executable, "-c", NAIVE_PROGRAM + probe, TRAINED_MODEL, str(corpus), "numpy"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "['NumpyOpsFalse']"
    assert 'if sys.argv[3] == "numpy":' in NAIVE_PROGRAM
