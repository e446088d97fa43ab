"""The dashboard's table downloads hand out CSV made by analysis.present.exports.csv_text only."""

from __future__ import annotations

import csv
import io
import sys
from types import SimpleNamespace
from typing import Any

import pandas as pd

from analysis.present import exports
from ui import widgets


class _Row:
    """Stands in for the st.container the buttons are drawn in; records each button."""

    def __init__(self, buttons: list[dict[str, Any]]) -> None:
        self.buttons = buttons

    def download_button(self, label: str, **kwargs: Any) -> None:
        self.buttons.append({"label": label, **kwargs})


def _called_from_csv_text() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__")
        if name == "analysis.present.exports" and frame.f_code.co_name == "csv_text":
            return True
        frame = frame.f_back
    return False


def test_download_table_csv_is_neutralised_by_the_one_writer(monkeypatch) -> None:
    buttons: list[dict[str, Any]] = []
    fake_st = SimpleNamespace(container=lambda **_: _Row(buttons))
    monkeypatch.setattr(widgets, "st", fake_st)
    original = pd.DataFrame.to_csv

    def guarded(self, *args, **kwargs):
        if not _called_from_csv_text():
            raise AssertionError("the download wrote CSV outside analysis.present.exports.csv_text")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", guarded)
    frame = pd.DataFrame({"name": ['=HYPERLINK("http://evil.example","x")', "@SUM(1)", "Iran"],
                          "mentions": [-1, 2, 3]})  # fmt: skip
    widgets.download_table(frame, "entities ![x](http://evil.example/b.png)", root="/srv/news")
    csv_button = next(b for b in buttons if b["label"] == "CSV")
    assert "![x]" not in csv_button["help"] and "\\!\\[x\\]" in csv_button["help"]
    rows = list(csv.reader(io.StringIO(csv_button["data"]().decode("utf-8"), newline="")))
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://evil.example","x")',
        "'@SUM(1)",
        "Iran",
    ]
    assert [r[1] for r in rows[1:]] == ["-1", "2", "3"]


def test_the_guard_tells_the_one_writer_from_a_raw_call(monkeypatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(
        pd.DataFrame, "to_csv", lambda *a, **k: seen.append(_called_from_csv_text())
    )
    pd.DataFrame({"a": [1]}).to_csv()
    exports.csv_text(pd.DataFrame({"a": [1]}))
    assert seen == [False, True]
