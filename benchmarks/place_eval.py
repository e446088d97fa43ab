"""Place accuracy on LGL: does a resolved place mention point at the gold GeoNames place?

LGL (../shared/eval/geoparsing/lgl.xml) resolves every toponym to a GeoNames place with
its geonameid, feature class and coordinates. The app's mentions are produced and mapped
to countries exactly as benchmarks/country_eval.py does (spaCy, the clean-up, the
gazetteer pass, map_countries, sources' homes), then located by analysis.places.locate.

For the gold toponyms below country level (the gold place is not a country itself) that
a mapped place mention overlaps:

* located: the share that got a place id;
* exact id: of the located populated places (GeoNames feature class P), the share whose
  id is the gold geonameid (divisions have keys, not geonameids, in analysis.places);
* within 161 km (100 miles, the usual geoparsing threshold) and the median error in km
  between the place's coordinates and the gold ones, over every located toponym.

Baseline in the same run: ``locate(hints=False)``, the gazetteer's first reading of the
name in the mapped country (the most populous namesake), without the division written
after the mention or named in the document; then with those, without and with the
home division of the document's source (the one its documents name most: a paper's region).
Even positions of lgl.xml are the dev half, odd positions the test half (as
country_eval); each half is mapped and located on its own, as country_eval scores it.

It also prints the seconds spent mapping countries and locating places per half (the
first locate of a process includes reading the places data once).

``--dev-only`` maps, locates and scores the dev half alone (split by
benchmarks.country_eval.split_halves, as its own ``--dev-only``; the test half's cached spaCy
output may be read, nothing else touches it) and writes no results file unless ``--out``
is given: for tuning iterations.

Run from the repository root:
    python -m benchmarks.place_eval --cache-dir /tmp/ce --n-process 1
    python -m benchmarks.place_eval --cache-dir /tmp/ce --n-process 1 --dev-only
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

from analysis import places
from analysis.countries import apply_source_homes, map_countries
from benchmarks import country_eval as ce

DEFAULT_OUT = ce.ROOT / "benchmarks" / "results" / "place_eval.json"
KM = 161.0


def gold_places(path: Path) -> dict[tuple[str, int, int], dict]:
    """(doc_id, start, end) -> {geonameid, fclass, lat, lon} of LGL's sub-country
    toponyms (those whose gold place is not a country), doc ids as country_eval's."""
    countries = set(ce._geonameid_to_iso3())
    out = {}
    for i, node in enumerate(ET.parse(path).getroot().iter("article")):
        doc_id = node.get("docid") or str(i)
        for top in node.iter("toponym"):
            tag = top.find("gaztag")
            if tag is None or tag.get("geonameid") in countries or tag.find("lat") is None:
                continue
            key = (doc_id, int(top.findtext("start")), int(top.findtext("end")))
            out[key] = {
                "geonameid": tag.get("geonameid"),
                "fclass": tag.findtext("fclass") or "",
                "lat": float(tag.findtext("lat")),
                "lon": float(tag.findtext("lon")),
            }
    return out


def mapped(articles: list[ce.Article], mentions: pd.DataFrame) -> pd.DataFrame:
    """Countries as benchmarks/country_eval.evaluate maps them (texts, sources' homes)."""
    texts = {a.doc_id: a.text for a in articles}
    out = map_countries(mentions, texts=texts)
    documents = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()),
                              "source": [a.source for a in articles]})  # fmt: skip
    sentences = pd.DataFrame(
        [(a.doc_id, i, s, e) for a in articles for s, e, i in a.sentences or ()],
        columns=["doc_id", "sent_id", "start", "end"],
    )
    return apply_source_homes(out, documents, sentences=sentences)


def score(gold: dict[tuple[str, int, int], dict], located: pd.DataFrame) -> dict:
    """The metrics of the module docstring for ``located`` mentions of these documents."""
    rows = located[located["iso3"].notna()]
    by_doc = {d: g for d, g in rows.groupby("doc_id")}
    n = found = exact = exact_of = near = 0
    errors = []
    for (doc_id, start, end), place in gold.items():
        group = by_doc.get(doc_id)
        if group is None:
            continue
        hit = group[(group["start"] < end) & (group["end"] > start)]
        if hit.empty:
            continue
        n += 1
        ids = hit["place_id"].dropna()
        if ids.empty:
            continue
        found += 1
        got = places.describe(str(ids.iloc[0]))
        if place["fclass"] == "P":
            exact_of += 1
            exact += got.place_id == f"geonames:{place['geonameid']}"
        error = places.km(got.lat, got.lon, place["lat"], place["lon"])
        errors.append(error)
        near += error <= KM
    errors.sort()
    return {
        "gold_detected": n,
        "located": found,
        "located_share": round(found / n, 3) if n else None,
        "exact_id_of_populated": round(exact / exact_of, 3) if exact_of else None,
        "populated_located": exact_of,
        "within_161km": round(near / found, 3) if found else None,
        "median_km": round(errors[len(errors) // 2], 1) if errors else None,
    }


def _parser() -> argparse.ArgumentParser:
    """The command line of main."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lgl", type=Path, default=ce.DEFAULT_LGL)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--cache-dir", default=None, help="reuse spaCy output between runs")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"results file (default {DEFAULT_OUT}; with --dev-only nothing is written unless "
        "--out is given: a tuning run never replaces the full run's file)",
    )
    parser.add_argument(
        "--dev-only",
        action="store_true",
        help="score the LGL dev half only (no mapping, locating or score runs on the test "
        "half; its cached spaCy output may still be read): for tuning iterations",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.lgl.exists():
        print(f"skipped: {args.lgl} not found")
        return 0
    args.stage = "pass"
    lgl = ce.load_lgl(args.lgl)
    raw = ce._cached_mentions(lgl, "lgl", args)
    dev, test = ce.split_halves(lgl)
    parts = [("LGL dev (even)", dev)] + ([] if args.dev_only else [("LGL test (odd)", test)])
    staged = dev if args.dev_only else lgl  # the test half never reaches a stage under --dev-only
    staged_raw = raw[raw["doc_id"].isin({a.doc_id for a in staged})]
    mentions = ce._stages(staged, staged_raw, "pass")[-1][1]
    gold = gold_places(args.lgl)
    results: dict = {"command": "python -m benchmarks.place_eval " + " ".join(argv or sys.argv[1:])}
    print("| half | locating | gold detected | located | exact id (populated) | ≤161 km | "
          "median km |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for half_name, half in parts:
        ids = {a.doc_id for a in half}
        started = time.perf_counter()
        countries = mapped(half, mentions[mentions["doc_id"].isin(ids)])
        timing = {"map_seconds": round(time.perf_counter() - started, 2)}
        sources = {a.doc_id: a.source for a in half if a.source}
        texts = {a.doc_id: a.text for a in half}  # as the build: a division's name must end
        methods = (
            ("baseline: first reading in the country", {"hints": False}),
            ("+ divisions after it and in its document", {"texts": texts}),
            ("+ its source's home division (this branch)", {"sources": sources, "texts": texts}),
        )
        for method, options in methods:
            started = time.perf_counter()
            located = places.locate(countries, **options)
            timing[method] = round(time.perf_counter() - started, 2)
            r = score({k: v for k, v in gold.items() if k[0] in ids}, located)
            results[f"{half_name}, {method}"] = r
            print(f"| {half_name} | {method} | {r['gold_detected']} | {r['located_share']} | "
                  f"{r['exact_id_of_populated']} ({r['populated_located']}) | "
                  f"{r['within_161km']} | {r['median_km']} |")  # fmt: skip
        results[f"{half_name}, seconds"] = timing
    for name, timing in ((k, v) for k, v in results.items() if k.endswith("seconds")):
        print(
            f"{name}: mapping countries {timing['map_seconds']} s; locating "
            + ", ".join(f"{m} {t} s" for m, t in timing.items() if m != "map_seconds")
        )
    print(f"\ncommand: {results['command']}")
    out = args.out if args.out is not None else (None if args.dev_only else DEFAULT_OUT)
    if out is None:
        print("not written: --dev-only without --out keeps the full run's results file")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
