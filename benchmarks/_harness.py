"""What the speed benchmarks share: servers, the browser, alternating runs, paired figures.

* Servers: :class:`Server` starts one command on a free port and waits for Streamlit's
  health check; :func:`newslens_command` (the user's ``newslens serve``),
  :func:`streamlit_command` (a bare ``streamlit run``) and :func:`tree_serve_command`
  (``newslens serve`` from another checkout, e.g. main, with that checkout's Python) give
  it a command; :data:`STREAMLIT_ENV` is what every server gets from the environment;
  :func:`stop_process` stops it, or any child process (SIGTERM, then SIGKILL).
* The browser: :func:`launch_browser` (Debian Chromium through Playwright, the same flags
  as the load test), :func:`new_context`, :func:`local_only` (every request but this
  machine's aborted), :func:`wait_idle` (the app connected, not running, nothing loading,
  no first-paint gate pending), :func:`browser_cpu` (CPU seconds per Chromium process,
  CDP) and :func:`cpu_at` (a sampled CPU series read at one instant).
* Runs: :func:`alternate` runs several subjects in turn (A, B, A, B, ...) so a change of
  the machine's load hits all alike; :func:`paired` and :func:`medians` summarise them;
  :func:`extract_revision` unpacks a git revision to run its own code; :func:`build_corpus`
  runs ``python -m analysis build`` in a tree.

Nothing here starts a browser or a server on import (playwright is imported by the
callers); tests/analysis/test_benchmark_harness.py covers what needs neither.
"""

from __future__ import annotations

import itertools
import math
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import psutil

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 1000}
#: The app connected and no script running.
IDLE = (
    "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
    "[data-test-script-state='notRunning']"
)
#: Something still running or loading: the status icon, a spinner, an element whose code
#: is loading (a skeleton), or a page waiting for its first chart to paint (ui.first_paint;
#: the page's rest comes in the next run).
BUSY = (
    "[data-testid='stStatusWidgetRunningIcon'], [data-testid='stSpinner'], "
    "[data-testid='stSkeleton'], .st-key-nl-first-paint"
)
#: Streamlit options every server gets from the environment (so ``newslens serve`` needs
#: no extra flags): loopback only, no file watcher.
STREAMLIT_ENV = {"STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
                 "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}  # fmt: skip
#: URL beginnings a benchmark page may load; anything else is aborted.
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "ws://", "data:", "blob:")

T = TypeVar("T")


# ---------------------------------------------------------------- servers


def stop_process(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Stop ``proc``: SIGTERM, then SIGKILL if it is still running after ``timeout``
    seconds; returns once it is reaped. Does nothing to a process that has exited."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    """True when ``url``'s Streamlit health check answers 200 "ok"."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def newslens_command(corpus: Path, port: int) -> list[str]:
    """``newslens serve CORPUS --port N``: the user's command (the ui.launch launcher),
    as analysis.__main__.serve_command builds it in this checkout."""
    from analysis.__main__ import cli_parser, serve_command

    return serve_command(cli_parser().parse_args(["serve", str(corpus), "--port", str(port)]))


def tree_python(tree: Path) -> str:
    """The Python of checkout ``tree``: its ``.venv`` if it has one, else this one."""
    own = tree / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def tree_serve_command(tree: Path, corpus: Path, port: int) -> list[str]:
    """``python -m analysis serve CORPUS --port N`` with ``tree``'s Python; run with
    ``cwd=tree`` it serves that checkout's code (``-m`` puts the folder first on the path)."""
    return [tree_python(tree), "-m", "analysis", "serve", str(corpus), "--port", str(port)]


#: Streamlit options of a server only this machine reaches and no file edit restarts (the
#: browser tests' and the load test's dashboard): bound to the loopback interface, no file
#: watcher.
LOCAL_SERVER = ("--server.address", "127.0.0.1", "--server.fileWatcherType", "none")


def streamlit_command(
    script: Path,
    port: int,
    args: Sequence[str] = (),
    python: str = sys.executable,
    options: Sequence[str] = (),
) -> list[str]:
    """A bare ``streamlit run SCRIPT`` with the Streamlit options ``newslens serve`` passes
    and ``options`` (e.g. :data:`LOCAL_SERVER`), then ``-- ARGS`` for the script."""
    return [python, "-m", "streamlit", "run", str(script), "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false", *options,
            "--", *args]  # fmt: skip


class Server:
    """One server process, ``command(port)`` started in ``cwd`` with ``env``, its output
    appended to ``log``. ``start_ms``/``start_cpu_s``: spawn to healthy, and the CPU
    seconds that took (set by :meth:`wait`)."""

    def __init__(
        self,
        command: Callable[[int], list[str]],
        env: Mapping[str, str],
        log: Path,
        *,
        cwd: Path = REPO,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("ab")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(command(self.port), cwd=cwd, env=dict(env),
                                     stdout=self._log, stderr=subprocess.STDOUT)  # fmt: skip
        self.start_ms = float("nan")
        self.start_cpu_s = float("nan")

    def wait(self, timeout: float = 120.0) -> None:
        """Block until healthy; raises RuntimeError if the process exits or times out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}")
            if healthy(self.url):
                self.start_ms = (time.monotonic() - self.started) * 1000
                self.start_cpu_s = self.cpu()
                return
            time.sleep(0.05)
        raise RuntimeError("the server did not become healthy")

    def cpu(self) -> float:
        """CPU seconds of the server process so far (``newslens serve`` execs Streamlit
        in place, so the pid is the server's)."""
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        """Terminate (then kill) this process; idempotent."""
        stop_process(self.proc)
        if not self._log.closed:
            self._log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def build_corpus(
    corpus: Path,
    cache: Path,
    env: Mapping[str, str],
    *,
    tree: Path = REPO,
    quiet: bool = True,
) -> None:
    """``python -m analysis build CORPUS --cache CACHE --workers 1`` in checkout ``tree``
    (with its Python); raises CalledProcessError when it fails. ``quiet``: no output."""
    cmd = [tree_python(tree), "-m", "analysis", "build", str(corpus), "--cache", str(cache),
           "--workers", "1"]  # fmt: skip
    out = subprocess.DEVNULL if quiet else None
    subprocess.run(cmd, cwd=tree, env=dict(env), check=True, stdout=out, stderr=out)


class RevisionError(ValueError):
    """A revision ``git archive`` cannot export; the message is git's own."""


def extract_revision(revision: str, folder: Path, *, repo: Path = REPO) -> Path:
    """``git archive REVISION`` of ``repo`` unpacked into ``folder`` (created); returns it,
    to run that revision's ``python -m analysis`` there (the current directory comes first
    on the module path, so that tree's code runs). Raises RevisionError with git's own
    message when ``revision`` is not a commit of ``repo`` (``folder`` then not created)."""
    archive = subprocess.run(["git", "archive", revision], cwd=repo, capture_output=True)
    if archive.returncode:
        message = archive.stderr.decode(errors="replace").strip()
        raise RevisionError(f"{revision}: git archive failed: {message}")
    folder.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


# ---------------------------------------------------------------- the browser


def launch_browser(playwright: Any) -> Any:
    """Headless Debian Chromium through a started ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_context(browser: Any) -> Any:
    """A new browser context (a new session: no cache, no cookies), 1400 x 1000."""
    return browser.new_context(viewport=VIEWPORT)


def is_local(url: str) -> bool:
    """True for the URLs a benchmark page may load (:data:`LOCAL_PREFIXES`)."""
    return url.startswith(LOCAL_PREFIXES)


def local_only(page: Any) -> None:
    """Abort every request of ``page`` that would leave this machine."""
    page.route("**/*", lambda route, req: route.continue_() if is_local(req.url)
               else route.abort())  # fmt: skip


def wait_idle(page: Any, timeout_ms: float, *, settle_ms: int = 250) -> None:
    """Wait until the app is connected, not running, and nothing is loading or pending
    (:data:`BUSY`), for ``settle_ms`` in a row (a click reaches the server a moment after)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        remaining = max(1000.0, (deadline - time.monotonic()) * 1000)
        page.wait_for_selector(IDLE, timeout=remaining, state="attached")
        page.wait_for_timeout(settle_ms)
        if page.locator(IDLE).count() == 1 and page.locator(BUSY).count() == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not finish running and drawing")


def browser_cpu(cdp: Any) -> dict[int, float]:
    """CPU seconds so far of each Chromium process (browser, renderers, GPU, network),
    from a browser CDP session (``browser.new_browser_cdp_session()``)."""
    return {p["id"]: p["cpuTime"] for p in cdp.send("SystemInfo.getProcessInfo")["processInfo"]}


def cpu_since(before: Mapping[int, float], after: Mapping[int, float]) -> float:
    """CPU seconds spent between two :func:`browser_cpu` readings, over all processes
    (one started in between counts from zero)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def cpu_at(samples: Sequence[tuple[float, float]], instant: float) -> float:
    """The CPU total at ``instant``, linearly interpolated between the samples around it.

    ``samples``: (time, cumulative CPU seconds) pairs in time order, on one clock with
    ``instant``. Before the first sample: the first value; after the last: the last.
    """
    if not samples:
        raise ValueError("no samples")
    if instant <= samples[0][0]:
        return samples[0][1]
    for (t0, c0), (t1, c1) in itertools.pairwise(samples):
        if t0 <= instant <= t1:
            return c0 if t1 == t0 else c0 + (c1 - c0) * (instant - t0) / (t1 - t0)
    return samples[-1][1]


# ---------------------------------------------------------------- runs and figures


def alternate(rounds: int, subjects: Mapping[str, Callable[[], T]]) -> dict[str, list[T]]:
    """Call each subject once per round, in the given order (A, B, A, B, ...), so a change
    of the machine's load hits all alike; returns each subject's results in round order."""
    results: dict[str, list[T]] = {name: [] for name in subjects}
    for _ in range(rounds):
        for name, run in subjects.items():
            results[name].append(run())
    return results


def concurrently(rounds: int, subjects: Mapping[str, Callable[[], T]]) -> dict[str, list[T]]:
    """Call every subject at the same time (one thread each, waiting on its own process),
    once per round; returns each subject's results in round order.

    For a machine whose speed drifts by more than the difference measured (the 2-core
    machines here: the same code's mapping of the Reuters corpus took 23.6 to 31.2 CPU s
    in one idle hour, alternated), the subjects of one round share the same stretch of
    the machine's time, and their ratio round by round (:func:`paired`) drifts less. One
    subject per core: more share the cores and measure the sharing."""
    from concurrent.futures import ThreadPoolExecutor

    results: dict[str, list[T]] = {name: [] for name in subjects}
    with ThreadPoolExecutor(max_workers=len(subjects)) as pool:
        for _ in range(rounds):
            running = {name: pool.submit(run) for name, run in subjects.items()}
            for name, future in running.items():
                results[name].append(future.result())
    return results


def medians(runs: Sequence[Mapping[str, float]], keys: Sequence[str]) -> dict[str, float]:
    """The median of each of ``keys`` over ``runs``: NaN when a run lacks it or gives NaN
    (``statistics.median`` orders NaN arbitrarily, so it is never handed one)."""
    out: dict[str, float] = {}
    for k in keys:
        values = [float(run.get(k, float("nan"))) for run in runs]
        out[k] = float("nan") if any(math.isnan(v) for v in values) else statistics.median(values)
    return out


def paired(ours: Sequence[float], floor: Sequence[float]) -> dict[str, float]:
    """Load-robust views of two alternated series: the median of the run-by-run
    differences and ratios, and the difference of the fastest runs (the least disturbed
    by other processes). The series must have the same length."""
    pairs = list(zip(ours, floor, strict=True))
    return {
        "paired_over_floor_ms": statistics.median(x - y for x, y in pairs),
        "paired_ratio": statistics.median(x / y for x, y in pairs),
        "best_over_floor_ms": min(ours) - min(floor),
    }


def loadavg() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages (printed with every figure)."""
    return os.getloadavg()
