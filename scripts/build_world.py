"""Build the world map's country shapes: src/geostance/data/world/countries.json.

Source: Natural Earth 1:110m admin-0 countries (public domain), as shipped in the
geopandas 0.14.4 wheel (geopandas/datasets/naturalearth_lowres; BSD-3 package). The wheel is
fetched once with ``pip download`` into a cache folder; the shapefile is read straight out of
the zip with pyshp (``pip install -c constraints.txt -e '.[build]'``). Dev time only: the
package ships the JSON, never this script's inputs.

Steps: fix ids (Kosovo's "-99" -> XKX), fold Northern Cyprus into Cyprus and Somaliland into
Somalia (the UN's members), drop Antarctica, project (Equal Earth, written below), simplify
(Douglas-Peucker in pixels), round to 0.1 px and write SVG path data with relative moves.

    python scripts/build_world.py [--cache DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import shapefile  # pyshp

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "geostance" / "data" / "world" / "countries.json"
CACHE = Path.home() / ".cache" / "geostance" / "build"
WHEEL = "geopandas==0.14.4"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
SOURCE = "Natural Earth 1:110m, public domain, via geopandas 0.14.4"

#: Names whose iso_a3 is "-99" in naturalearth_lowres (ADM0 codes are not in that file).
ID_BY_NAME = {"Kosovo": "XKX", "France": "FRA", "Norway": "NOR"}
#: Natural Earth's de facto units drawn as part of the UN member they belong to.
FOLD = {"CYN": "CYP", "SOL": "SOM"}
DROP = {"ATA"}  # Antarctica: a fifth of the map's area and no stance
#: Equal Earth polynomial coefficients (Šavrič, Patterson & Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
WIDTH = 1000.0
SOUTH = -58.0  # crop below Tierra del Fuego (Antarctica is dropped)


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection of a point in degrees, on the unit sphere."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta)
    x /= 3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1)
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def douglas_peucker(pts: Sequence[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Points of a line kept by Douglas-Peucker at tolerance ``tol`` (iterative)."""
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        (x1, y1), (x2, y2) = pts[i], pts[j]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, at = -1.0, -1
        for k in range(i + 1, j):
            px, py = pts[k]
            d = (
                abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
                if norm
                else math.hypot(px - x1, py - y1)
            )
            if d > best:
                best, at = d, k
        if best > tol:
            keep[at] = True
            stack += [(i, at), (at, j)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def ring_path(ring: Sequence[tuple[float, float]], tol: float) -> str | None:
    """One closed ring as SVG path data (absolute move, then relative steps in 0.1 px)."""
    pts = douglas_peucker(ring, tol)
    ints = [(round(x * 10), round(y * 10)) for x, y in pts]
    steps: list[tuple[int, int]] = []
    for a, b in zip(ints, ints[1:], strict=False):
        if a != b:
            steps.append((b[0] - a[0], b[1] - a[1]))
    if steps and ints[-1] == ints[0]:
        steps.pop()  # Z closes the ring
    if len(steps) < 2:
        return None
    out = [f"M{_num(ints[0][0])} {_num(ints[0][1])}l"]
    out += [_pair(dx, dy) for dx, dy in steps]
    return "".join(out) + "Z"


def _num(v: int) -> str:
    """A tenth-of-a-pixel integer as a short decimal ("12.3", "-.5", "4")."""
    s = f"{v / 10:.1f}".rstrip("0").rstrip(".")
    return s.replace("0.", ".", 1) if s.startswith(("0.", "-0.")) else s


def _pair(dx: int, dy: int) -> str:
    a, b = _num(dx), _num(dy)
    sep = "" if b.startswith("-") else " "
    lead = "" if a.startswith("-") else " "
    return f"{lead}{a}{sep}{b}"


def fetch_wheel(cache: Path) -> Path:
    """The geopandas wheel, downloaded once into ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    found = sorted(cache.glob("geopandas-0.14.4-*.whl"))
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-d", str(cache)],
            check=True,
        )
        found = sorted(cache.glob("geopandas-0.14.4-*.whl"))
    if not found:
        raise SystemExit(f"pip download {WHEEL} left no wheel in {cache}")
    return found[0]


def read_countries(wheel: Path) -> list[tuple[str, str, list[list[tuple[float, float]]]]]:
    """(iso3, name, rings in lon/lat) for every record of the shapefile inside the wheel."""
    with zipfile.ZipFile(wheel) as z:
        files = {ext: io.BytesIO(z.read(f"{MEMBER}.{ext}")) for ext in ("shp", "shx", "dbf")}
        encoding = z.read(f"{MEMBER}.cpg").decode().strip() or "latin-1"
    reader = shapefile.Reader(**files, encoding=encoding)
    out = []
    for rec in reader.iterShapeRecords():
        iso = str(rec.record["iso_a3"])
        name = str(rec.record["name"])
        if iso == "-99":
            if name not in ID_BY_NAME:
                raise SystemExit(f"no id for {name!r} (iso_a3 -99): add it to ID_BY_NAME")
            iso = ID_BY_NAME[name]
        pts = [(float(x), float(y)) for x, y in rec.shape.points]
        bounds = [*rec.shape.parts, len(pts)]
        out.append((iso, name, [pts[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]))
    return out


def build(wheel: Path, *, tol: float = 0.2) -> dict[str, object]:
    x_max, _ = equal_earth(180, 0)
    _, y_south = equal_earth(0, SOUTH)
    scale = WIDTH / (2 * x_max)
    _, y_north = equal_earth(0, 84)
    height = round((y_north - y_south) * scale, 1)

    def to_px(lon: float, lat: float) -> tuple[float, float]:
        x, y = equal_earth(lon, lat)
        return (x + x_max) * scale, (y_north - y) * scale

    countries: dict[str, dict[str, str]] = {}
    for iso, name, rings in read_countries(wheel):
        if iso in DROP:
            continue
        paths = [ring_path([to_px(lon, lat) for lon, lat in r], tol) for r in rings]
        kept = [p for p in paths if p]
        if not kept:  # never lose a country to simplification
            biggest = max(rings, key=len)
            kept = [ring_path([to_px(lon, lat) for lon, lat in biggest], 0.0) or ""]
        key = FOLD.get(iso, iso)
        entry = countries.setdefault(key, {"name": name, "path": ""})
        entry["path"] += "".join(kept)
        if key == iso:
            entry["name"] = name
    return {
        "projection": "Equal Earth",
        "viewBox": f"0 0 {WIDTH:g} {height:g}",
        "fill_rule": "evenodd",
        "source": SOURCE,
        "notes": "Antarctica left out; Northern Cyprus drawn with Cyprus and Somaliland with "
        "Somalia; Kosovo as XKX; Crimea with Ukraine (as geopandas ships it).",
        "countries": dict(sorted(countries.items())),
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--cache", type=Path, default=CACHE, help="where the wheel is kept")
    p.add_argument("--out", type=Path, default=OUT, help="the JSON file to write")
    p.add_argument("--tolerance", type=float, default=0.2, help="simplification, pixels")
    args = p.parse_args(argv)
    data = build(fetch_wheel(args.cache), tol=args.tolerance)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    n = len(data["countries"])  # type: ignore[arg-type]
    print(f"wrote {args.out} ({n} countries, {len(text.encode()) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
