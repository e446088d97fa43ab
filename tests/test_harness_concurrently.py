"""benchmarks._harness.concurrently: the subjects of a round run at the same time."""

from __future__ import annotations

import threading

import pytest

from benchmarks._harness import alternate, concurrently


def test_the_subjects_of_a_round_run_at_the_same_time() -> None:
    # Each subject waits for the other: run one after the other, the barrier breaks.
    meeting = threading.Barrier(2, timeout=10)
    calls: list[str] = []

    def subject(name: str) -> str:
        meeting.wait()
        calls.append(name)
        return name

    results = concurrently(3, {"a": lambda: subject("a"), "b": lambda: subject("b")})
    assert results == {"a": ["a"] * 3, "b": ["b"] * 3}
    assert sorted(calls) == ["a"] * 3 + ["b"] * 3


def test_one_after_the_other_the_same_subjects_never_meet() -> None:
    # The check above can fail: alternate() runs them in turn, and the barrier breaks.
    meeting = threading.Barrier(2, timeout=0.2)
    with pytest.raises(threading.BrokenBarrierError):
        alternate(1, {"a": meeting.wait, "b": meeting.wait})


def test_a_subject_that_fails_fails_the_call() -> None:
    def broken() -> None:
        raise RuntimeError("measuring process failed")

    with pytest.raises(RuntimeError, match="measuring process failed"):
        concurrently(1, {"a": lambda: 1, "b": broken})
