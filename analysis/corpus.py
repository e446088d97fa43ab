"""Files, folders and archives -> the documents table (plus the skipped table).

Input: a folder (read recursively) or a single file. Formats: .txt and .md (optional YAML
front matter: title, date, source, url, id), .html/.htm (main text and metadata extracted
by trafilatura), .jsonl, .json and .csv (one document per row/object; column names
configurable), and .zip archives of any of these. A folder may carry a manifest
(``metadata.csv`` or ``manifest.csv`` with a ``file`` column plus title, date, source,
url, id) that gives plain files their metadata.

Every input item ends up either as a document or as a skipped entry with a one-line
reason (count conservation); nothing raises for bad input except an unreadable corpus
path, which raises :class:`CorpusError`.

Safety rules, each with its reason in the skipped table: front matter is parsed with
bounded size and no YAML aliases (analysis.readers.frontmatter), and a front matter
block that is not valid YAML is left out of the text with a ``warning`` saying why (the
document is kept; analysis.readers.frontmatter); nothing outside the
corpus folder is read, whether reached by a symlinked file, a symlinked manifest or a
manifest row (``file`` is taken relative to its manifest); every name that enters a
table is valid UTF-8 (analysis.paths.printable_name). Publication dates are read once
the whole corpus is known (day-first or month-first is a per-corpus decision) and
flagged in ``date_flag`` (analysis.dates).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import posixpath
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import dates, schema
from analysis.paths import inside_root, printable_name
from analysis.readers.frontmatter import FrontMatterRefused, split_front_matter

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json"}
ARCHIVE_SUFFIXES = {".zip"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES | ARCHIVE_SUFFIXES
MANIFEST_NAMES = ("metadata.csv", "manifest.csv")
META_FIELDS = ("id", "title", "date", "source", "url")


class CorpusError(Exception):
    """The corpus path itself cannot be read (missing, not a file or folder).

    ``str(exc)`` names the server path (for the CLI and logs); ``exc.public`` is the same
    message without it, for a browser user.
    """

    def __init__(self, message: str, *, public: str | None = None) -> None:
        super().__init__(message)
        self.public = public or message


@dataclass(frozen=True)
class Limits:
    """Size limits applied while loading; every breach skips the item with a reason."""

    max_document_bytes: int = 20 * 1024 * 1024
    #: Longest document text analysed, in characters. spaCy refuses texts over its
    #: ``max_length`` (1,000,000) in one call; analysis.pipeline cuts longer ones into
    #: paragraph-aligned chunks with offsets kept. Above this limit (memory for one
    #: Doc grows with its length) the document is skipped with a reason.
    max_document_chars: int = 5_000_000
    max_file_bytes: int = 512 * 1024 * 1024  # a CSV/JSONL/zip file as a whole
    max_zip_entries: int = 20_000
    max_zip_uncompressed_bytes: int = 2 * 1024 * 1024 * 1024
    max_zip_ratio: int = 200  # uncompressed/compressed above this on a big entry: a bomb
    max_zip_depth: int = 2


@dataclass(frozen=True)
class Columns:
    """Names of the columns/keys read from CSV, JSON and JSONL inputs."""

    text: tuple[str, ...] = ("text", "body", "content")
    id: tuple[str, ...] = ("id",)
    title: tuple[str, ...] = ("title", "headline")
    date: tuple[str, ...] = ("date", "published", "publish_date", "published_at")
    source: tuple[str, ...] = ("source", "publisher", "outlet")
    url: tuple[str, ...] = ("url", "link")

    @classmethod
    def from_overrides(cls, **overrides: str | None) -> Columns:
        """Columns where each given non-empty name replaces the defaults of that field."""
        given = {k: (v,) for k, v in overrides.items() if v}
        return cls(**given)


@dataclass
class LoadResult:
    """What :func:`load_corpus` returns: documents and skipped tables."""

    documents: pd.DataFrame
    skipped: pd.DataFrame


@dataclass
class _Collector:
    limits: Limits
    columns: Columns
    docs: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def skip(self, path: str, reason: str) -> None:
        # every name enters the tables here or in _add_document: both make it valid UTF-8
        self.skipped.append({"path": printable_name(path), "reason": printable_name(reason)})


# ---------------------------------------------------------------- public API


def load_corpus(
    path: str | os.PathLike[str],
    *,
    limits: Limits | None = None,
    columns: Columns | None = None,
) -> LoadResult:
    """Load every document under ``path`` (a folder, read recursively, or one file).

    Returns the documents table (schema.DOCUMENTS, in a stable order) and the skipped
    table (schema.SKIPPED). Raises CorpusError only when ``path`` cannot be read at all.
    """
    root = Path(path)
    if not root.exists():
        raise CorpusError(f"corpus path not found: {root}", public="corpus not found")
    col = _Collector(limits or Limits(), columns or Columns())
    if root.is_dir():
        _load_folder(root, col)
    elif root.is_file():
        try:
            data = _read_file_bytes(root, col)
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            raise CorpusError(
                f"cannot read corpus file {root}: {why}", public=f"cannot read the corpus: {why}"
            ) from exc
        if data is not None:
            _load_item(str(root), root.name, data, {}, col, depth=0)
    else:
        raise CorpusError(
            f"corpus path is neither a file nor a folder: {root}",
            public="the corpus is neither a file nor a folder",
        )
    return LoadResult(_documents_frame(col), schema.conform(col.skipped, "skipped"))


def content_hash(text: str) -> str:
    """Stable 16-hex-digit id of a document text (sha256 of its UTF-8 bytes)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# ---------------------------------------------------------------- folders and files


def _load_folder(root: Path, col: _Collector) -> None:
    real_root = Path(os.path.realpath(root))
    manifests, metadata = _read_manifests(root, real_root, col)
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in Path(rel).parts):
            continue  # hidden files and folders (.git, .DS_Store, our own cache)
        if path.is_dir():
            if path.is_symlink():  # rglob does not descend into it: say so
                col.skip(str(path), "symlinked folder not followed")
            continue
        if path in manifests:
            continue
        # realpath, not Path.resolve(): a symlink loop must be skipped below, not raise.
        # Every file is checked, not only symlinks: a link higher up leads out as well.
        real = Path(os.path.realpath(path))
        if not inside_root(real, real_root):
            col.skip(str(path), "symlink points outside the corpus folder")
            continue
        data = _read_file_bytes(path, col)
        if data is None:
            continue
        _load_item(str(path), path.name, data, metadata.get(real, {}), col, depth=0)


def _read_file_bytes(path: Path, col: _Collector) -> bytes | None:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        col.skip(str(path), f"unsupported file type '{suffix or path.name}'")
        return None
    try:
        info = path.stat()  # follows symlinks: a dangling or looping one fails here
    except OSError as exc:
        col.skip(str(path), f"cannot read file: {exc.strerror or exc}")
        return None
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
        col.skip(str(path), "not a regular file")
        return None
    size = info.st_size
    limit = (
        col.limits.max_document_bytes
        if suffix in TEXT_SUFFIXES | HTML_SUFFIXES
        else col.limits.max_file_bytes
    )
    if size > limit:
        col.skip(str(path), f"file is {size:,} bytes, over the {limit:,}-byte limit")
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        col.skip(str(path), f"cannot read file: {exc.strerror or exc}")
        return None


def _read_manifests(
    root: Path, real_root: Path, col: _Collector
) -> tuple[set[Path], dict[Path, dict[str, str]]]:
    """(the manifest files, real file path -> metadata) from every metadata.csv/manifest.csv.

    A row's ``file`` is taken relative to its manifest's folder. A manifest that is a
    link out of the corpus folder is not read, and a row naming a file outside it is
    skipped, each with a reason: metadata never reaches outside the corpus.
    """
    manifests: set[Path] = set()
    metadata: dict[Path, dict[str, str]] = {}
    for name in MANIFEST_NAMES:
        for path in sorted(root.rglob(name)):
            if any(p.startswith(".") for p in path.relative_to(root).parts):
                continue
            if not inside_root(Path(os.path.realpath(path)), real_root):
                col.skip(
                    str(path), "manifest is a symlink pointing outside the corpus folder; not read"
                )
                manifests.add(path)
                continue
            rows = _manifest_rows(path)
            if rows is None:
                continue
            manifests.add(path)
            for row_no, (file, meta) in enumerate(rows, start=1):
                target = Path(os.path.realpath(path.parent / file))
                if not inside_root(target, real_root):
                    col.skip(
                        f"{path}#row={row_no}",
                        f"manifest row names a file outside the corpus folder: {file[:80]}",
                    )
                    continue
                metadata[target] = meta
    return manifests, metadata


def _manifest_rows(path: Path) -> list[tuple[str, dict[str, str]]] | None:
    """(file as written, metadata) per row of a manifest; None when ``path`` is not one."""
    if not path.is_file():  # a FIFO named metadata.csv would block the read
        return None
    try:
        text = _decode(path.read_bytes())
    except OSError:
        return None
    if text is None:
        return None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in [f.strip().lower() for f in reader.fieldnames]:
        return None  # an ordinary CSV corpus file, not a manifest
    rows: list[tuple[str, dict[str, str]]] = []
    for row in reader:
        norm = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if norm.get("file"):
            meta = {k: v for k, v in norm.items() if k in META_FIELDS and v}
            rows.append((norm["file"], meta))
    return rows


# ---------------------------------------------------------------- one item


def _load_item(
    path: str, name: str, data: bytes, meta: dict[str, str], col: _Collector, *, depth: int
) -> None:
    suffix = Path(name).suffix.lower()
    try:
        if suffix in ARCHIVE_SUFFIXES:
            _load_zip(path, data, col, depth=depth)
        elif suffix in TEXT_SUFFIXES:
            _load_text(path, data, meta, col)
        elif suffix in HTML_SUFFIXES:
            _load_html(path, data, meta, col)
        elif suffix in (".csv", ".tsv"):
            _load_csv(path, data, col, delimiter="\t" if suffix == ".tsv" else ",")
        elif suffix in (".jsonl", ".ndjson"):
            _load_jsonl(path, data, col)
        elif suffix == ".json":
            _load_json(path, data, col)
        else:
            col.skip(path, f"unsupported file type '{suffix or name}'")
    except Exception as exc:  # noqa: BLE001 - a library choking on hostile input
        col.skip(path, f"could not be read: {type(exc).__name__}: {_one_line(str(exc))}")


def _load_text(path: str, data: bytes, meta: dict[str, str], col: _Collector) -> None:
    text = _decode(data)
    if text is None:
        col.skip(path, "binary or undecodable file")
        return
    try:
        front, body, warning = split_front_matter(text)
    except FrontMatterRefused as exc:
        col.skip(path, str(exc))
        return
    fields = {k.lower(): v for k, v in front.items() if isinstance(k, str)}
    fields = {k: str(v) for k, v in fields.items() if k in META_FIELDS and v is not None}
    _add_document(path, body, {**meta, **fields}, col, warning=warning)


def _load_html(path: str, data: bytes, meta: dict[str, str], col: _Collector) -> None:
    html = _decode(data)
    if html is None:
        col.skip(path, "binary or undecodable file")
        return
    import trafilatura

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if result is None or not (result.text or "").strip():
        col.skip(path, "no main text found in HTML")
        return
    found = {
        "title": result.title,
        "date": result.date,
        "source": result.sitename,
        "url": result.url,
    }
    _add_document(path, result.text, {**{k: v for k, v in found.items() if v}, **meta}, col)


def _load_csv(path: str, data: bytes, col: _Collector, *, delimiter: str) -> None:
    text = _decode(data)
    if text is None:
        col.skip(path, "binary or undecodable file")
        return
    csv.field_size_limit(max(col.limits.max_document_bytes * 2, 1 << 20))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        col.skip(path, "empty CSV file")
        return
    except csv.Error as exc:
        col.skip(path, f"malformed CSV header: {exc}")
        return
    header = [h.strip().lower() for h in header]
    text_key = _pick(header, col.columns.text)
    if text_key is None:
        col.skip(path, f"no text column (looked for {', '.join(col.columns.text)})")
        return
    row_no = 0
    while True:
        row_no += 1
        where = f"{path}#row={row_no}"
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            col.skip(where, f"malformed CSV row: {exc}")
            continue
        if not values:
            row_no -= 1  # blank line: not a row
            continue
        if len(values) != len(header):
            col.skip(where, f"malformed CSV row: {len(values)} fields, header has {len(header)}")
            continue
        _add_record(where, dict(zip(header, values, strict=True)), col)


def _load_jsonl(path: str, data: bytes, col: _Collector) -> None:
    text = _decode(data)
    if text is None:
        col.skip(path, "binary or undecodable file")
        return
    # JSON Lines are separated by "\n" only: str.splitlines() would also split inside a
    # record at U+2028, U+0085 and friends, which json.dumps(ensure_ascii=False) leaves raw.
    lines = text.split("\n")
    if not any(ln.strip() for ln in lines):
        col.skip(path, "empty JSONL file")
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}#line={n}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            col.skip(where, f"invalid JSON: {_one_line(str(exc))}")
            continue
        _add_json_record(where, record, col)


def _load_json(path: str, data: bytes, col: _Collector) -> None:
    text = _decode(data)
    if text is None:
        col.skip(path, "binary or undecodable file")
        return
    try:
        payload = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        col.skip(path, f"invalid JSON: {_one_line(str(exc))}")
        return
    if isinstance(payload, dict):
        listed = next(
            (payload[k] for k in ("documents", "articles", "items", "data") if k in payload),
            None,
        )
        if isinstance(listed, list):
            payload = listed
        else:
            _add_json_record(path, payload, col)
            return
    if not isinstance(payload, list):
        col.skip(path, "JSON is neither an object nor a list of objects")
        return
    if not payload:
        col.skip(path, "empty JSON list")
    for n, record in enumerate(payload, start=1):
        _add_json_record(f"{path}#item={n}", record, col)


def _add_json_record(where: str, record: Any, col: _Collector) -> None:
    if not isinstance(record, dict):
        col.skip(where, f"JSON item is a {type(record).__name__}, not an object")
        return
    _add_record(where, {str(k).strip().lower(): v for k, v in record.items()}, col)


def _add_record(where: str, record: dict[str, Any], col: _Collector) -> None:
    cols = col.columns
    text_key = _pick(list(record), cols.text)
    text = record.get(text_key) if text_key else None
    if not isinstance(text, str):
        text = None if text is None else str(text)
    if text is None or not text.strip():
        col.skip(where, "row has no text")
        return
    meta: dict[str, Any] = {}
    for fld in META_FIELDS:
        key = _pick(list(record), getattr(cols, fld))
        if key is not None and record.get(key) not in (None, ""):
            meta[fld] = record[key]
    _add_document(where, text, meta, col)


def _load_zip(path: str, data: bytes, col: _Collector, *, depth: int) -> None:
    lim = col.limits
    if depth >= lim.max_zip_depth:
        col.skip(path, f"zip nested deeper than {lim.max_zip_depth} levels")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        col.skip(path, f"not a readable zip archive: {_one_line(str(exc))}")
        return
    if len(infos) > lim.max_zip_entries:
        col.skip(path, f"zip has {len(infos):,} entries, over the {lim.max_zip_entries:,} limit")
        return
    total = sum(i.file_size for i in infos)
    if total > lim.max_zip_uncompressed_bytes:
        col.skip(
            path,
            f"zip expands to {total:,} bytes, over the {lim.max_zip_uncompressed_bytes:,} limit",
        )
        return
    manifest = _zip_manifest(archive, infos)
    for info in infos:
        _load_zip_entry(path, archive, info, manifest, col, depth=depth)


def _zip_manifest(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> dict[str, dict[str, str]]:
    for info in infos:
        if posixpath.basename(info.filename).lower() in MANIFEST_NAMES:
            try:
                text = _decode(archive.read(info))
            except Exception:  # noqa: BLE001 - a broken manifest is reported as an entry
                continue
            if text is None:
                continue
            reader = csv.DictReader(io.StringIO(text))
            if reader.fieldnames and "file" in [f.strip().lower() for f in reader.fieldnames]:
                rows = {}
                for row in reader:
                    norm = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                    if norm.get("file"):
                        rows[posixpath.basename(norm["file"])] = {
                            k: v for k, v in norm.items() if k in META_FIELDS and v
                        }
                return rows
    return {}


def _load_zip_entry(
    path: str,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    manifest: dict[str, dict[str, str]],
    col: _Collector,
    *,
    depth: int,
) -> None:
    name = info.filename
    where = f"{path}!{name}"
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
        col.skip(where, "zip entry has an absolute or '..' path")
        return
    base = posixpath.basename(name)
    if base.startswith(".") or parts[0] == "__MACOSX":
        col.skip(where, "hidden or system entry in zip")
        return
    if base.lower() in MANIFEST_NAMES and manifest:
        return  # the manifest itself, already applied
    suffix = Path(base).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        col.skip(where, f"unsupported file type '{suffix or base}'")
        return
    limit = (
        col.limits.max_document_bytes
        if suffix in TEXT_SUFFIXES | HTML_SUFFIXES
        else col.limits.max_file_bytes
    )
    if info.file_size > limit:
        col.skip(where, f"entry is {info.file_size:,} bytes, over the {limit:,}-byte limit")
        return
    if (
        info.file_size > 10 * 1024 * 1024
        and info.compress_size
        and info.file_size / info.compress_size > col.limits.max_zip_ratio
    ):
        col.skip(where, "entry compression ratio is suspicious (zip bomb)")
        return
    try:
        with archive.open(info) as fh:
            # at most the declared size: a header that lies (small size, huge deflated
            # stream) must not make zipfile inflate up to the document limit in one go
            data = fh.read(min(limit, info.file_size) + 1)
    except Exception as exc:  # noqa: BLE001 - corrupt entry, bad CRC, encrypted
        col.skip(where, f"cannot read zip entry: {_one_line(str(exc))}")
        return
    if len(data) > limit:
        col.skip(where, f"entry expands beyond the {limit:,}-byte limit")
        return
    _load_item(where, base, data, manifest.get(base, {}), col, depth=depth + 1)


# ---------------------------------------------------------------- helpers


def _add_document(
    path: str, text: str, meta: dict[str, Any], col: _Collector, *, warning: str | None = None
) -> None:
    """Add one document (or skip it with the reason); ``warning``: what its reader could
    not read, kept in the documents table's ``warning`` column."""
    text = text.replace("\r\n", "\n").replace("\x00", "")
    if not text.strip():
        col.skip(path, "empty document (no text)")
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > col.limits.max_document_bytes:
        col.skip(
            path,
            f"document is {size:,} bytes, over the {col.limits.max_document_bytes:,}-byte limit",
        )
        return
    if len(text) > col.limits.max_document_chars:
        col.skip(
            path,
            f"document is {len(text):,} characters, over the "
            f"{col.limits.max_document_chars:,}-character limit for one document",
        )
        return
    raw_date = meta.get("date")
    col.docs.append(
        {
            "doc_id": content_hash(text),
            "path": printable_name(path),
            "id": _clean(meta.get("id")),
            "title": _clean(meta.get("title")),
            "date_raw": raw_date,
            "source": _clean(meta.get("source")),
            "url": _clean(meta.get("url")),
            "text": text,
            "words": len(text.split()),
            "warning": warning,
        }
    )


def _documents_frame(col: _Collector) -> pd.DataFrame:
    """Documents in load order; a text seen twice is kept once, the repeat skipped.

    Publication dates are read here, once the whole corpus is known: whether its numeric
    dates are day-first is decided from all of them (analysis.dates.corpus_dayfirst).
    """
    seen: dict[str, str] = {}
    rows = []
    for doc in col.docs:
        first = seen.get(doc["doc_id"])
        if first is not None:
            col.skip(doc["path"], f"duplicate text of {first}")
            continue
        seen[doc["doc_id"]] = doc["path"]
        if not doc.get("source") and doc.get("url"):
            doc = {**doc, "source": _url_host(doc["url"])}
        rows.append(doc)
    dayfirst = dates.corpus_dayfirst([d["date_raw"] for d in rows])
    window = dates.plausible_window()
    for doc in rows:
        _date_columns(doc, dayfirst, window)
    return schema.conform(rows, "documents")


def _date_columns(doc: dict[str, Any], dayfirst: bool, window: tuple[Any, Any]) -> None:
    """Set date, date_raw, date_flag and warning of one document row (in place); a date
    warning follows the reader's (front matter), joined with "; "."""
    raw = doc["date_raw"]
    iso = dates.parse_publication_date(raw, dayfirst=dayfirst)
    flag = dates.date_flag(raw, iso, window)
    shown = None if raw is None else _one_line(str(raw))[:80] or None
    doc.update(date=iso, date_raw=shown, date_flag=flag)
    warning = None
    if flag == "unreadable":
        warning = f"date '{shown[:40]}' could not be parsed; left undated"
    elif flag == "implausible":
        first, last = window
        warning = (
            f"date {iso[:10]} is outside the plausible window {first} to {last}; "
            "kept, but not used for chart ranges"
        )
    warnings = [w for w in (doc.get("warning"), warning) if w]
    doc["warning"] = "; ".join(warnings) if warnings else None


def _url_host(url: object) -> str | None:
    """The site of a web address ("https://www.example.com/a" -> "example.com"), the
    source of a document that names none: sources are what the Countries rules learn a
    paper's home country from, and the filters list."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(str(url).strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host[4:] if host.startswith("www.") else host


def _decode(data: bytes) -> str | None:
    """Text of ``data``: UTF-8 (with BOM) first, else charset-normalizer's best guess.

    Returns None for binary content (NUL-heavy or no plausible encoding).
    """
    if not data:
        return ""
    head = data[:8192]
    if head.count(b"\x00") > len(head) // 100 and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best)


def _pick(keys: list[str], candidates: tuple[str, ...]) -> str | None:
    lowered = {k.lower(): k for k in keys}
    for cand in candidates:
        if cand.lower() in lowered:
            return lowered[cand.lower()]
    return None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
