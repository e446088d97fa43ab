"""``--rules -x,-y``: the form the README and ``--help`` give for switching country rules off.

argparse reads a token starting with ``-`` as an option, so before the CLI's pre-parse
(``analysis.__main__._signed_values``) this form exited 2 with "expected one argument";
only ``--rules=-x`` worked. These tests run the CLI on the project's seed with the small
saved ruler pipeline (the ``model`` fixture), so they stay fast.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from analysis.__main__ import SIGNED_VALUE_OPTIONS, _signed_values, cli_parser, main


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_summary_takes_the_rule_spec_as_a_separate_token(
    seeds_dir: Path, model: str, tmp_path: Path
) -> None:
    common = [str(seeds_dir), "--model", model, "--cache", str(tmp_path), "--workers", "1",
              "--quiet"]  # fmt: skip
    code, spaced, err = _run(["summary", "--rules", "-demonyms,-strays", *common])
    assert code == 0, err
    code, joined, err = _run(["summary", "--rules=-demonyms,-strays", *common])
    assert code == 0, err
    assert json.loads(spaced) == json.loads(joined)


def test_build_takes_the_rule_spec_as_a_separate_token(
    seeds_dir: Path, model: str, tmp_path: Path
) -> None:
    code, _, err = _run(["build", str(seeds_dir), "--rules", "-domain_homes", "--model", model,
                         "--cache", str(tmp_path), "--workers", "1", "--quiet"])  # fmt: skip
    assert code == 0, err
    # A misspelt rule still gets the registry's reason, not argparse's.
    code, _, err = _run(["build", str(seeds_dir), "--rules", "-nonsense", "--model", model,
                         "--cache", str(tmp_path), "--workers", "1", "--quiet"])  # fmt: skip
    assert code == 2 and "unknown country rule 'nonsense'" in err


@pytest.mark.parametrize("command", ["build", "summary", "export"])
def test_every_rule_spec_option_parses_signed_values(command: str) -> None:
    extra = ["--table", "countries"] if command == "export" else []
    for option in SIGNED_VALUE_OPTIONS:
        for spec in ("-demonyms,-strays", "+towns", "-strays,+towns", "list"):
            args = cli_parser().parse_args(_signed_values([command, option, spec, "c", *extra]))
            assert args.rules == spec and args.corpus == "c"


def test_other_tokens_are_left_alone() -> None:
    argv = ["summary", "c", "--rules", "--quiet", "--", "--rules", "-x"]
    assert _signed_values(argv) == argv  # a missing value stays an argparse error
    assert _signed_values(["summary", "c", "--rules"]) == ["summary", "c", "--rules"]
    assert _signed_values(["summary", "--top", "-3"]) == ["summary", "--top", "-3"]


def test_a_known_option_after_rules_is_no_rule_value() -> None:
    """Review 11, §8: ``--rules -h`` said "unknown country rule 'h'" (the pre-parse joined a
    known option as the rules' value)."""
    from analysis.__main__ import _option_strings

    options = _option_strings(cli_parser())
    assert {"-h", "--help", "--quiet", "--rules"} <= options
    assert _signed_values(["summary", "--rules", "-h"], options) == ["summary", "--rules", "-h"]
    assert _signed_values(["summary", "--rules", "-strays"], options) == [
        "summary", "--rules=-strays"
    ]  # fmt: skip
    # an abbreviation argparse takes is joined too (review 11, §8); an unknown one is not,
    # nor one checked against no options (ambiguity cannot be told)
    assert _signed_values(["summary", "--rul", "-strays"], options) == ["summary", "--rul=-strays"]
    assert _signed_values(["summary", "--x", "-strays"], options) == ["summary", "--x", "-strays"]
    assert _signed_values(["summary", "--rul", "-strays"]) == ["summary", "--rul", "-strays"]
    assert cli_parser().parse_args(_signed_values(["summary", "c", "--rul", "-strays"], options)
                                ).rules == "-strays"  # fmt: skip
    # argparse then reads -h as the option it is: --rules lacks its value, as for --quiet
    code, _, err = _run_exit(["summary", "c", "--rules", "-h"])
    assert code == 2 and "argument --rules: expected one argument" in err
    assert "unknown country rule" not in err


def _run_exit(argv: list[str]) -> tuple[int, str, str]:
    """main(argv) where argparse exits: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(SystemExit) as done,
    ):
        main(argv)
    return int(done.value.code), out.getvalue(), err.getvalue()
