"""Load test: N concurrent browser sessions on the dashboard serving a large corpus.

    python -m benchmarks.load_test [--corpus PATH] [--sessions 10] [--cache DIR]

Steps: (1) convert Reuters-21578 to a corpus when --corpus is not given
(benchmarks/reuters_to_corpus.py); (2) warm the cache with the CLI
(``python -m analysis build``; timed); (3) start ``streamlit run dashboard.py`` on a free
port with that cache and open it once (the server loads the snapshot; timed);
(4) run --sessions headless Chromium sessions at once, each opening the app, visiting
every page through the sidebar, then setting filters (search text, a country, an entity
label), visiting pages under them and clearing them. Every action is timed until the
app has finished running and drawing.

Reports per action and overall: median, p95 and max seconds, errors (Streamlit
exceptions, page errors, timeouts, requests that tried to leave localhost) and the peak
RSS of the server process tree (sampled with psutil every 0.25 s). Prints a table and
writes benchmarks/results/load_test.json. Not part of ``make test`` (minutes long).
Needs /usr/bin/chromium (apt-get install chromium).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil

from analysis.store import STAGES_SUFFIX
from benchmarks._harness import (
    BUSY,
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE,
    LOCAL_SERVER,
    free_port,
    healthy,
    stop_process,
    streamlit_command,
)

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "load_test.json"
PAGES = ["Overview", "Entities", "Countries", "Timeline", "Documents", "Downloads", "Corpus"]
FILTERED_PAGES = ["Entities", "Countries", "Timeline", "Documents"]
SEARCH_WORDS = ["oil", "bank", "trade", "coffee", "dollar", "wheat", "shares", "gold"]


# ---------------------------------------------------------------- server


def freeze_code(dest: Path) -> Path:
    """Copy the app (analysis/, ui/, pages/, dashboard.py, ...) to ``dest``; returns it.

    The cache key hashes analysis/*.py, so an edit to the working tree between the CLI
    build and the server start would make the server rebuild everything; the benchmark
    runs one frozen copy instead.
    """
    if dest.exists():
        shutil.rmtree(dest)
    skip = shutil.ignore_patterns(".*", "__pycache__", "tests", "benchmarks", "docs", "*.md")
    shutil.copytree(REPO, dest, ignore=skip)
    if (REPO / ".streamlit").is_dir():
        shutil.copytree(REPO / ".streamlit", dest / ".streamlit")
    (dest / "FROZEN_FROM").write_text(code_version() + "\n")
    return dest


def code_version() -> str:
    """The git commit of the working tree, with '+dirty' when it has uncommitted edits."""

    def git(*a: str) -> str:
        run = subprocess.run(["git", *a], cwd=REPO, capture_output=True, text=True)
        return run.stdout.strip()

    dirty = git("status", "--porcelain", "--", "analysis", "ui", "pages", "dashboard.py")
    return git("rev-parse", "--short", "HEAD") + ("+dirty" if dirty else "")


class RssSampler(threading.Thread):
    """Peak resident memory of a process and its children, sampled in the background."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self._halt = threading.Event()

    def rss(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a child that just exited
                total += p.memory_info().rss
        return total

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self.peak = max(self.peak, self.rss())
            except psutil.Error:
                return
            self._halt.wait(self.every)

    def stop(self) -> int:
        self._halt.set()
        self.join(timeout=2)
        return self.peak


# ---------------------------------------------------------------- one session


@dataclass
class Session:
    index: int
    timings: list[tuple[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


async def wait_for_app(page, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        remaining = max(1.0, deadline - time.monotonic())
        await page.wait_for_selector(IDLE, timeout=remaining * 1000, state="attached")
        await page.wait_for_timeout(250)
        if await page.locator(IDLE).count() == 1 and await page.locator(BUSY).count() == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError("app still running")


async def timed(
    session: Session, page, name: str, action, timeout: float, *, expect: str | None = None
) -> None:
    """Run ``action`` and wait for the app; record the time or the error.

    ``expect``: a query parameter the URL must gain ("!name": lose) before the run
    counts as started, so a filter that silently did not apply is an error (a timeout).
    """

    def done(url: str) -> bool:
        query = urlsplit(url).query
        present = any(part.split("=")[0] == expect.lstrip("!") for part in query.split("&"))
        return present != expect.startswith("!")

    start = time.monotonic()
    try:
        await action()
        if expect is not None:  # under load the old view looks idle for a while
            await page.wait_for_url(done, timeout=timeout * 1000)
        await wait_for_app(page, timeout)
    except Exception as exc:  # noqa: BLE001 - a benchmark records every failure and goes on
        first = (str(exc).splitlines() or [""])[0][:160]
        session.errors.append(f"{name}: {type(exc).__name__}: {first} (URL {page.url})")
        return
    session.timings.append((name, time.monotonic() - start))
    shown = await page.locator("[data-testid='stException']").all_inner_texts()
    session.errors += [f"{name}: exception shown: {t.splitlines()[0][:160]}" for t in shown]


async def run_session(browser, base_url: str, session: Session, timeout: float) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(timeout * 1000)  # clicks wait as long as runs may take
    page = await context.new_page()

    async def route(route, request) -> None:
        host = urlsplit(request.url).hostname
        if urlsplit(request.url).scheme in {"data", "blob", "about"} or host in {
            "localhost",
            "127.0.0.1",
        }:
            await route.continue_()
        else:
            session.blocked.append(request.url)
            await route.abort("blockedbyclient")

    await page.route("**/*", route)
    page.on("pageerror", lambda exc: session.errors.append(f"page error: {exc}"))
    nav = page.locator("[data-testid='stSidebarNav'] a")

    async def path_of(title: str) -> str:
        return urlsplit(await nav.filter(has_text=title).first.get_attribute("href")).path

    def go(title: str):
        async def action() -> None:
            path = await path_of(title)
            await nav.filter(has_text=title).first.click()
            await page.wait_for_url(lambda u: urlsplit(u).path == path, timeout=timeout * 1000)

        return action

    await timed(session, page, "open app", lambda: page.goto(base_url), timeout)
    if not await nav.count():
        session.errors.append("open app: no sidebar navigation")
        await context.close()
        return
    for title in PAGES:
        await timed(session, page, title, go(title), timeout)
    await timed(session, page, "Overview", go("Overview"), timeout)

    word = SEARCH_WORDS[session.index % len(SEARCH_WORDS)]

    async def search() -> None:
        box = page.get_by_label("Search text")
        await box.fill(word)
        await box.press("Enter")

    await timed(session, page, "filter: search text", search, timeout, expect="q")

    def pick(label: str, nth: int):
        async def action() -> None:
            box = page.locator("[data-testid='stMultiSelect']").filter(has_text=label).first
            # A dropdown opened at the viewport's edge renders none of its (virtualised)
            # options: scroll the box into view first, as a person would.
            await box.scroll_into_view_if_needed()
            await box.click()
            options = page.get_by_role("option").filter(has_not_text="Select all")
            await options.first.wait_for(timeout=timeout * 1000)
            count = await options.count()
            await options.nth(nth % max(count, 1)).click()
            await page.keyboard.press("Escape")

        return action

    country = pick("Countries", session.index)
    await timed(session, page, "filter: country", country, timeout, expect="country")
    label = pick("Entity labels", 0)
    await timed(session, page, "filter: entity label", label, timeout, expect="label")
    for title in FILTERED_PAGES:
        await timed(session, page, f"{title} (filtered)", go(title), timeout, expect="country")

    async def clear() -> None:
        await page.get_by_role("button", name="Clear").first.click()

    await timed(session, page, "filter: clear", clear, timeout, expect="!country")
    await context.close()


async def run_sessions(base_url: str, n: int, timeout: float, stagger: float) -> list[Session]:
    from playwright.async_api import async_playwright

    sessions = [Session(i) for i in range(n)]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        async def one(s: Session) -> None:
            await asyncio.sleep(s.index * stagger)
            await run_session(browser, base_url, s, timeout)

        await asyncio.gather(*(one(s) for s in sessions))
        await browser.close()
    return sessions


# ---------------------------------------------------------------- report


def stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "n": len(ordered),
        "median_s": round(statistics.median(ordered), 2),
        "p95_s": round(p95, 2),
        "max_s": round(ordered[-1], 2),
    }


def table(rows: dict[str, dict[str, float]]) -> str:
    lines = [
        f"| {'action':<28} | {'n':>3} | {'median s':>8} | {'p95 s':>7} | {'max s':>7} |",
        f"|{'-' * 30}|{'-' * 5}|{'-' * 10}|{'-' * 9}|{'-' * 9}|",
    ]
    for name, s in rows.items():
        lines.append(
            f"| {name:<28} | {s['n']:>3} | {s['median_s']:>8.2f} | {s['p95_s']:>7.2f} "
            f"| {s['max_s']:>7.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="corpus path (default: Reuters-21578)")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newslens-bench/cache"))
    parser.add_argument("--model", help="spaCy pipeline (default: the dashboard's default)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per action")
    parser.add_argument("--stagger", type=float, default=0.5, help="seconds between starts")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--keep-code",
        action="store_true",
        help="reuse the frozen copy from the last run (and so its cache) instead of a new one",
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} not found (apt-get install chromium)", file=sys.stderr)
        return 2
    py = sys.executable
    code = args.cache.parent / "code"
    if not (args.keep_code and (code / "dashboard.py").exists()):
        code = freeze_code(code)
    print(f"running a frozen copy of the app from {code}", flush=True)
    corpus = args.corpus
    if corpus is None:
        corpus = Path("/tmp/newslens-bench/reuters/reuters.jsonl")
        subprocess.run(
            [py, str(REPO / "benchmarks" / "reuters_to_corpus.py"), "--out", str(corpus)],
            check=True,
        )
    model = ["--model", args.model] if args.model else []

    print("warming the cache with the CLI build ...", flush=True)
    started = time.monotonic()
    build = subprocess.run(
        [py, "-m", "analysis", "build", str(corpus), "--cache", str(args.cache), "--quiet", *model],
        cwd=code,
        capture_output=True,
        text=True,
    )
    build_s = time.monotonic() - started
    if build.returncode != 0:
        print(build.stderr[-3000:], file=sys.stderr)
        return 1
    summary_line = next(
        (ln for ln in build.stderr.splitlines() if "analysed now" in ln), build.stderr[-200:]
    )
    print(f"  {summary_line} ({build_s:.0f} s)")

    port = free_port()
    base_url = f"http://localhost:{port}"
    env = {**os.environ, "NEWSLENS_CACHE": str(args.cache)}
    log = args.cache.parent / "load_test_server.log"
    server_cmd = streamlit_command(Path("dashboard.py"), port, ["--corpus", str(corpus), *model],
                                   py, options=LOCAL_SERVER)  # fmt: skip
    with open(log, "wb") as log_fh:
        server = subprocess.Popen(
            server_cmd, cwd=code, env=env, stdout=log_fh, stderr=subprocess.STDOUT
        )
        sampler = None
        try:
            deadline = time.monotonic() + 120
            while not healthy(base_url):
                if server.poll() is not None or time.monotonic() > deadline:
                    print(f"error: server did not start; see {log}", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            sampler = RssSampler(server.pid)
            sampler.start()
            print("first open (server loads the snapshot) ...", flush=True)
            warm = asyncio.run(run_sessions_first(base_url, args.timeout))
            print(f"  {warm:.1f} s; RSS {sampler.rss() / 2**20:,.0f} MiB")
            model_dirs = sorted(
                p.name
                for p in args.cache.iterdir()  # version folders
                if p.is_dir() and not p.name.endswith(STAGES_SUFFIX)
            )
            if len(model_dirs) != 1:  # the server did not reuse the CLI's build
                print(f"warning: cache holds {model_dirs}: the server rebuilt", file=sys.stderr)
            print(f"{args.sessions} concurrent sessions ...", flush=True)
            load_before = os.getloadavg()[0]
            started = time.monotonic()
            sessions = asyncio.run(
                run_sessions(base_url, args.sessions, args.timeout, args.stagger)
            )
            wall = time.monotonic() - started
            load_after = os.getloadavg()[0]
            peak = sampler.stop()
        finally:
            if sampler is not None and sampler.is_alive():
                sampler.stop()
            stop_process(server, timeout=15)

    by_action: dict[str, list[float]] = {}
    for s in sessions:
        for name, secs in s.timings:
            by_action.setdefault(name, []).append(secs)
    rows = {name: stats(v) for name, v in by_action.items()}
    page_times = [t for s in sessions for name, t in s.timings if name != "open app"]
    rows["ALL page actions"] = stats(page_times) if page_times else {}
    errors = [f"session {s.index}: {e}" for s in sessions for e in s.errors]
    blocked = sorted({u for s in sessions for u in s.blocked})
    command = shlex.join([Path(py).name, *sys.argv]) if argv is None else shlex.join(argv)
    docs = None
    if corpus.is_file():
        with corpus.open(encoding="utf-8") as fh:
            docs = sum(1 for _ in fh)

    print()
    print(table(rows))
    print()
    print(f"sessions: {args.sessions}; wall time {wall:.0f} s; actions timed: {len(page_times)}")
    print(f"errors: {len(errors)}; requests that tried to leave localhost: {len(blocked)}")
    for e in errors[:20]:
        print(f"  {e}")
    print(f"peak server RSS: {peak / 2**20:,.0f} MiB")
    print(f"machine load average (1 min) before/after: {load_before:.1f} / {load_after:.1f}")
    print(f"cache build (CLI): {build_s:.0f} s; first open: {warm:.1f} s")
    print(f"command: {command}")

    result = {
        "command": command,
        "code": (code / "FROZEN_FROM").read_text().strip()
        if (code / "FROZEN_FROM").exists()
        else None,
        "corpus": str(corpus),
        "corpus_lines": docs,
        "sessions": args.sessions,
        "machine": {
            "cpus": psutil.cpu_count(),
            "python": platform.python_version(),
            # 1-minute load average before/after the sessions: other work on the machine
            "loadavg_1min": [round(load_before, 1), round(load_after, 1)],
        },
        "cli_build": {"seconds": round(build_s, 1), "summary": summary_line},
        "first_open_s": round(warm, 2),
        "cache_model_dirs": model_dirs,
        "concurrent_wall_s": round(wall, 1),
        "actions": rows,
        "errors": errors,
        "blocked_requests": blocked,
        "peak_server_rss_mib": round(peak / 2**20),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 1 if errors or blocked else 0


async def run_sessions_first(base_url: str, timeout: float) -> float:
    """Open the app once, alone, and return how long its first run took."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = await browser.new_page()
        started = time.monotonic()
        await page.goto(base_url)
        await wait_for_app(page, timeout)
        elapsed = time.monotonic() - started
        await browser.close()
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
