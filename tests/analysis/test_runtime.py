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
