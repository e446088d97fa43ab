"""Command line: ``newslens build|summary|export CORPUS``, ``newslens serve [CORPUS]`` and
``newslens cache [--prune [--dry-run]]``.

``newslens`` is the installed console command; ``python -m analysis`` is the same CLI.
Parses arguments and calls the same core functions the dashboard calls; nothing more.
Exit codes: 0 on success (also when some items were skipped), 2 for bad arguments or an
unreadable corpus, with a one-line error on stderr; 1 when ``cache --prune`` kept
folders because a running build held their lock past ``--wait``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from analysis import cache_admin, countries, schema, store, workspace
from analysis.aliases import Aliases, apply_user_aliases, load_aliases
from analysis.build import ENGINES, build_corpus
from analysis.corpus import Columns, CorpusError, Limits
from analysis.filters import Filters, apply_filters
from analysis.pool import BuildProcessError
from analysis.present import exports
from analysis.present.summary import summarize, to_markdown
from analysis.runtime import BuildProgress, mark, write_marks
from analysis.tables import Corpus

EXPORT_TABLES = ("documents", "sentences", "mentions", "countries", "events", "skipped",
                 "entities", "cooccurrences", "merged_events", "places")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = cli_parser()
    ending = argv is None  # the command itself (not a caller's test): the process ends after
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(_signed_values(argv, _option_strings(parser)))
    if args.command == "serve":
        return _run_serve(args)
    if args.command == "cache":
        return _run_cache(args)
    if args.rules == "list":
        print(countries.rule_specs.cli_listing(), end="")
        return 0
    mark("parse arguments")
    try:
        countries.parse_switches(args.rules or "")  # an unknown rule: refused before a build
        corpus = _build(args)
    except (CorpusError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BuildProcessError as exc:  # a host or worker killed (out of memory, a signal)
        print(f"error: {exc}; the finished chunks are kept: run it again with --workers 1 "
              "(one process holds the pipeline) or with more memory", file=sys.stderr)  # fmt: skip
        return 2
    if corpus.warning:
        print(f"warning: {corpus.warning}", file=sys.stderr)
    for warning in corpus.documents["warning"].dropna():
        print(f"warning: {warning}", file=sys.stderr)
    mark("output")
    code = args.run(args, corpus)
    write_marks()  # only with $NEWSLENS_STAGES (benchmarks/throughput.py)
    if ending:  # the process ends now, so its final collections skip the tables, pipeline
        gc.freeze()  # and gazetteers (0.5 CPU s for 1,000 Reuters bodies; branch thru4)
    return code


# Options whose value may start with "-" or "+" (a rule spec: "-demonyms,-strays"). argparse
# reads any token starting with "-" as an option, so "--rules -x" would stop with "expected
# one argument"; _signed_values passes such a value in the "--rules=-x" form instead.
SIGNED_VALUE_OPTIONS = ("--rules",)


def _signed_values(argv: list[str], options: frozenset[str] = frozenset()) -> list[str]:
    """``argv`` with each ``OPTION VALUE`` pair of a ``SIGNED_VALUE_OPTIONS`` option (or an
    unambiguous abbreviation of one, :func:`_signed_option`) whose value starts with ``-``
    or ``+`` (and is no ``--long`` option, nor one of the parser's ``options`` such as
    ``-h``) joined as ``OPTION=VALUE``; every other token, and everything after a bare
    ``--``, unchanged.

    argparse has no per-option switch for values that look like options (it recognises
    only negative numbers), hence this one pre-parse step.
    """
    out: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            out += [token, *tokens]
            break
        value = next(tokens, None) if _signed_option(token, options) else None
        signed = value is not None and value[:1] in ("-", "+") and not value.startswith("--")
        if signed and value not in options:
            out.append(f"{token}={value}")
        else:
            out += [token] if value is None else [token, value]
    return out


def _signed_option(token: str, options: frozenset[str]) -> bool:
    """Whether ``token`` is a ``SIGNED_VALUE_OPTIONS`` option, or an abbreviation of one
    that argparse would take (``--rul``: a prefix of no other of the parser's options)."""
    if token in SIGNED_VALUE_OPTIONS:
        return True
    if not token.startswith("--") or len(token) < 3 or "=" in token:
        return False
    matches = [o for o in options if o.startswith(token)]
    return len(matches) == 1 and matches[0] in SIGNED_VALUE_OPTIONS


def _option_strings(parser: argparse.ArgumentParser) -> frozenset[str]:
    """Every option string of ``parser`` and its subcommands ("-h", "-q", "--top", ...).
    argparse keeps them only in its private ``_actions`` (no public listing)."""
    found: set[str] = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                found |= _option_strings(sub)
    return frozenset(found)


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (no usage block) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see: {self.prog} --help)\n")


def cli_parser() -> argparse.ArgumentParser:
    """The CLI's parser: one subparser a subcommand, each added by its own function."""
    parser = _Parser(prog=_prog(), description="NewsLens: analyse a news corpus with spaCy.")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_corpus_commands(sub, _corpus_options())
    _add_serve(sub)
    _add_cache(sub)
    return parser


def _corpus_options() -> argparse.ArgumentParser:
    """The options build, summary and export share (a parent parser): the corpus, where
    and how it is analysed, and how its tables are read."""
    common = _Parser(add_help=False)
    common.add_argument("corpus", help="a folder (read recursively) or a file (.txt .md "
                        ".html .csv .jsonl .json .zip)")  # fmt: skip
    common.add_argument("--cache", metavar="DIR", help="cache folder (default .newslens-cache "
                        "or $NEWSLENS_CACHE)")  # fmt: skip
    common.add_argument("--model", metavar="NAME", help="spaCy pipeline (default: "
                        "$NEWSLENS_MODEL or the best installed English pipeline)")  # fmt: skip
    common.add_argument("--workers", type=_positive, metavar="N",
                        help="worker processes (default: usable CPUs)")  # fmt: skip
    common.add_argument("--engine", choices=ENGINES, default="local",
                        help="where the NLP runs (default local)")  # fmt: skip
    common.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler address for --engine dask")  # fmt: skip
    common.add_argument("--max-doc-mb", type=float, default=20.0, metavar="MB",
                        help="skip documents larger than this (default 20)")  # fmt: skip
    common.add_argument("--aliases", metavar="FILE",
                        help="user aliases (aliases.csv or .yaml: alias,canonical,label "
                        "plus exclusions) applied to every table")  # fmt: skip
    common.add_argument("--workspace", metavar="NAME",
                        help="apply the alias edits of this corpus's dashboard workspace "
                        "(the ?ws= of its URL; 'default' when absent there), kept under "
                        "--cache; combined with --aliases, the file's edits come last")  # fmt: skip
    common.add_argument("--quiet", action="store_true", help="no progress bar")
    common.add_argument("--rules", metavar="SPEC", help=countries.rule_specs.cli_help())
    common.add_argument("--count-stories-once", action="store_true",
                        help="count each group of near-duplicate documents (wire copies, "
                        "light rewrites) once in every table")  # fmt: skip
    for fld in ("text", "id", "title", "date", "source", "url"):
        common.add_argument(f"--{fld}-column", metavar="NAME",
                            help=f"CSV/JSON column holding the {fld}")  # fmt: skip
    return common


def _add_corpus_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """``build``, ``summary`` and ``export``: each takes the ``common`` options."""
    build = sub.add_parser("build", parents=[common], help="build or update the cache")
    build.set_defaults(run=_run_build)
    summary = sub.add_parser("summary", parents=[common], help="print a corpus summary")
    summary.add_argument("--format", choices=("json", "markdown"), default="json")
    summary.add_argument("--top", type=_positive, default=20, metavar="N")
    summary.set_defaults(run=_run_summary)
    export = sub.add_parser("export", parents=[common], help="write one table")
    export.add_argument("--table", choices=EXPORT_TABLES, required=True)
    export.add_argument("--format", choices=exports.TABLE_FORMATS, default="csv",
                        help="default csv; a CSV text cell that would start a spreadsheet "
                        "formula (= + - @ tab CR) gets a leading '")  # fmt: skip
    export.add_argument("--out", metavar="PATH", help="output file (default stdout)")
    export.set_defaults(run=_run_export)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    """``serve [CORPUS]``: start the dashboard."""
    serve = sub.add_parser("serve", help="start the dashboard (Streamlit)")
    serve.add_argument("corpus", nargs="?", help="the corpus it opens (default: the "
                       "dashboard's, $NEWSLENS_CORPUS or seeds/)")  # fmt: skip
    serve.add_argument("--port", type=_positive, default=8501, metavar="N")
    serve.add_argument("--model", metavar="NAME", help="spaCy pipeline")
    serve.add_argument("--cache", metavar="DIR", help="cache folder")


def _add_cache(sub: argparse._SubParsersAction) -> None:
    """``cache [--prune [--dry-run]]``: list or prune the cache's folders."""
    cache = sub.add_parser("cache", help="list the cache's folders; --prune removes those "
                           "this version never reads")  # fmt: skip
    cache.add_argument("--cache", metavar="DIR", help="cache folder (default .newslens-cache "
                       "or $NEWSLENS_CACHE)")  # fmt: skip
    cache.add_argument("--prune", action="store_true", help="remove the folders marked old "
                       "(waits for a running build of the same folder)")  # fmt: skip
    cache.add_argument("--dry-run", action="store_true", help="with --prune: only print "
                       "what would be removed")  # fmt: skip
    cache.add_argument("--wait", type=float, metavar="SECONDS", help="how long --prune waits "
                       "for a running build (default $NEWSLENS_LOCK_TIMEOUT or 600)")  # fmt: skip


def _prog() -> str:
    """``newslens`` when run as the console command, else ``python -m analysis``."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "newslens" if name.startswith("newslens") else "python -m analysis"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _build(args: argparse.Namespace) -> Corpus:
    if args.max_doc_mb <= 0:
        raise ValueError("--max-doc-mb must be positive")
    columns = Columns.from_overrides(
        **{
            f: getattr(args, f"{f}_column")
            for f in ("text", "id", "title", "date", "source", "url")
        }
    )
    limits = Limits(max_document_bytes=int(args.max_doc_mb * 1024 * 1024))
    aliases = _aliases(args)
    bar = None if args.quiet else _ProgressBar()
    try:
        corpus = build_corpus(
            args.corpus,
            cache_dir=args.cache,
            model=args.model,
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
            limits=limits,
            columns=columns,
            progress=bar,
            model_early=args.command == "build",  # summary/export: usually a warm cache
            rules=args.rules or "",
        )
    finally:
        if bar is not None:
            bar.close()
    corpus = apply_user_aliases(corpus, aliases) if aliases is not None else corpus
    if args.count_stories_once:
        corpus = apply_filters(corpus, Filters(stories_once=True))
    return corpus


def _aliases(args: argparse.Namespace) -> Aliases | None:
    """The alias edits asked for: a workspace's, then a file's on top (None: neither)."""
    found = None
    if args.workspace:
        cache = args.cache or store.default_cache_dir()
        found = workspace.load(cache, args.corpus, workspace.check_name(args.workspace)).aliases
    if args.aliases:
        extra = load_aliases(args.aliases)
        base = found or Aliases()
        found = Aliases({**base.mapping, **extra.mapping}, base.exclude | extra.exclude)
    return found


class _ProgressBar:
    """tqdm on stderr: documents done, docs/s and ETA."""

    def __init__(self) -> None:
        self._bar = None

    def __call__(self, p: BuildProgress) -> None:
        from tqdm import tqdm

        if self._bar is None:
            self._bar = tqdm(total=p.total, unit="doc", desc="NLP", file=sys.stderr)
        self._bar.n = p.done
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _run_build(args: argparse.Namespace, corpus: Corpus) -> int:
    print(
        f"{len(corpus.documents):,} documents ({corpus.processed:,} analysed now, the rest "
        f"from the cache), {len(corpus.skipped):,} skipped; model {corpus.model}",
        file=sys.stderr,
    )
    for row in corpus.skipped.itertuples(index=False):
        print(f"skipped: {row.path}: {row.reason}", file=sys.stderr)
    return 0


def _run_cache(args: argparse.Namespace) -> int:
    if args.dry_run and not args.prune:
        print("error: --dry-run goes with --prune", file=sys.stderr)
        return 2
    cache = Path(args.cache or store.default_cache_dir())
    if not args.prune:
        print(cache_admin.format_listing(cache_admin.scan(cache)), end="")
        return 0
    pruned = cache_admin.prune(cache, dry_run=args.dry_run, timeout=args.wait,
                               on_wait=lambda m: print(m, file=sys.stderr))  # fmt: skip
    print(cache_admin.format_pruned(pruned, cache), end="")
    for reason in pruned.reasons:
        print(f"error: {reason}", file=sys.stderr)
    return 1 if pruned.busy else 0


def _run_summary(args: argparse.Namespace, corpus: Corpus) -> int:
    once = {"once": "1"} if args.count_stories_once else None
    summary = summarize(corpus, top=args.top, filters=once)
    if args.format == "json":
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(to_markdown(summary), end="")
    return 0


def _run_export(args: argparse.Namespace, corpus: Corpus) -> int:
    frame = corpus.table(args.table)
    assert set(frame.columns) == set(schema.TABLES[args.table])
    data = exports.table_bytes(frame, args.format, root=corpus.path)
    if corpus.rules:  # the file cannot say it (a bare table): the terminal does
        lines = [line.rstrip(".") for line in countries.rule_specs.describe_spec(corpus.rules)]
        print(f"note: country rules {corpus.rules} ({'; '.join(lines)})", file=sys.stderr)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"wrote {len(frame):,} rows to {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


#: The dashboard's router: installed next to the analysis package (a top-level module), or
#: in the repository root for a checkout; Streamlit runs it as a file.
DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"


#: The launcher ``newslens serve`` and ``make run`` start: ``streamlit run``'s own command line
#: (same arguments), with the first page's imports and the startup corpus loaded in the
#: server process as it starts (ui/launch.py; the core only names it, never imports it).
LAUNCHER = "ui.launch"


def serve_command(args: argparse.Namespace) -> list[str]:
    """The command line ``newslens serve`` starts (the same as ``make run``): ``streamlit
    run`` through the launcher (:data:`LAUNCHER`)."""
    cmd = [sys.executable, "-m", LAUNCHER, "run", str(DASHBOARD),
           "--server.port", str(args.port), "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--"]  # fmt: skip
    for flag, value in (("--corpus", args.corpus), ("--model", args.model),
                        ("--cache", args.cache)):  # fmt: skip
        if value:
            cmd += [flag, str(Path(value).resolve()) if flag != "--model" else value]
    return cmd


def _run_serve(args: argparse.Namespace) -> int:
    """Replace this process with Streamlit (POSIX), so signals and Ctrl-C reach it directly."""
    cmd = serve_command(args)
    if os.name == "posix":
        sys.stdout.flush()
        os.execv(cmd[0], cmd)
    import subprocess

    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
