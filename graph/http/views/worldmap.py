"""World map outlines for the resolution pages, drawn on the server as SVG paths.

Shapes: Natural Earth 1:50m admin-0 countries (public domain) as TopoJSON from the npm package
``world-atlas`` (ISC), installed by ``make ui`` into graph/web/static/vendor — read from disk, so
no network at run time. Features are keyed by ISO 3166-1 numeric (UN M49) code, which every
state in the graph carries as ``unga:m49``. The projection is Equal Earth (Šavrič, Patterson and
Jenny 2018); Antarctica is left out. Rings crossing the antimeridian (Russia, Fiji, …) are
unwrapped, drawn twice 360 degrees apart and clipped to the sphere's outline. Rings are simplified
for the drawing size by dropping points closer than ``MIN_STEP`` pixels (Manhattan) to the
previous kept one; islands smaller than ``MIN_RING`` pixels are dropped; states too small to see
get a dot.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from graph.http.templating import STATIC

ATLAS = STATIC / "vendor" / "node_modules" / "world-atlas" / "countries-50m.json"
SOURCE = ("Natural Earth 1:50m countries (public domain), via the npm package world-atlas 2.0.2; "
          "Equal Earth projection")
WIDTH = 960.0
MIN_STEP = 1.0
MIN_RING = 1.5  # rings (islands) smaller than this many pixels are left out, unless all are
DOT_BELOW = 3.0  # a shape whose bounding box is smaller than this (pixels) also gets a dot
ANTARCTICA = "010"
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_X_MAX = math.pi / (_M * _A1)  # x at lon 180, lat 0


@dataclass(frozen=True)
class Shape:
    """One country: its M49 code, Natural Earth name, SVG path and, if tiny, a dot centre."""

    m49: str
    name: str
    d: str
    dot: tuple[float, float] | None


@dataclass(frozen=True)
class WorldMap:
    """The projected outlines and the drawing size."""

    shapes: tuple[Shape, ...]
    width: float
    height: float
    outline: str  # the edge of the sphere, for the sea and the clip path


def equal_earth(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equal Earth projection of degrees to unit coordinates (y up)."""
    lam, phi = np.radians(lon), np.radians(lat)
    theta = np.arcsin(_M * np.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * np.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def _decode_arcs(topology: dict) -> list[np.ndarray]:
    """Absolute lon/lat arrays of every arc (TopoJSON delta encoding with a transform)."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        points = np.cumsum(np.asarray(arc, dtype=float), axis=0)
        arcs.append(points * scale + translate)
    return arcs


def _simplify(points: np.ndarray) -> np.ndarray:
    """Drop points closer than MIN_STEP to the last kept one (first and last always kept)."""
    keep = [0]
    last = points[0]
    for i in range(1, len(points) - 1):
        if abs(points[i, 0] - last[0]) + abs(points[i, 1] - last[1]) >= MIN_STEP:
            keep.append(i)
            last = points[i]
    if len(points) > 1:
        keep.append(len(points) - 1)
    return points[keep]


def _rings(geometry: dict) -> list[list[int]]:
    if geometry["type"] == "Polygon":
        return geometry["arcs"]
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def _ring_lonlat(ring: list[int], arcs: list[np.ndarray]) -> list[np.ndarray]:
    """A ring's lon/lat points; a ring across the antimeridian is unwrapped to continuous
    longitudes and returned twice, the copy shifted by 360 degrees (the sphere clip cuts both)."""
    chunks = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in ring]
    points = np.concatenate([chunks[0]] + [c[1:] for c in chunks[1:]])
    if len(points) < 2 or np.abs(np.diff(points[:, 0])).max() <= 180:
        return [points]
    points = points.copy()
    points[:, 0] = np.unwrap(points[:, 0], period=360)
    shift = -360.0 if points[:, 0].max() > 180 else 360.0
    return [points, points + [shift, 0.0]]


def _path(rings: list[list[np.ndarray]]) -> tuple[str, np.ndarray]:
    """SVG path data of projected rings (each a list of copies), and the points of the first copies."""
    sizes = [float(np.ptp(copies[0], axis=0).max()) for copies in rings]
    big = max(sizes, default=0.0) >= MIN_RING
    parts, corners = [], []
    for copies, size in zip(rings, sizes, strict=True):
        if len(copies[0]) < 2 or (big and size < MIN_RING):
            continue
        corners.append(copies[0])
        for points in copies:
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in _simplify(points))
            parts.append(f"M{coords}Z")
    stacked = np.concatenate(corners) if corners else np.zeros((0, 2))
    return "".join(parts), stacked


@lru_cache(maxsize=2)
def load_map(path: Path = ATLAS) -> WorldMap | None:
    """The projected world map, or None when the shapes are not installed."""
    if not path.is_file():
        return None
    topology = json.loads(path.read_text(encoding="utf-8"))
    scale = WIDTH / (2 * _X_MAX)
    arcs = _decode_arcs(topology)
    geometries = [g for g in topology["objects"]["countries"]["geometries"]
                  if g.get("id") and g["id"] != ANTARCTICA]

    def project(points: np.ndarray) -> np.ndarray:
        x, y = equal_earth(points[:, 0], np.clip(points[:, 1], -90, 90))
        return np.column_stack([x * scale + WIDTH / 2, -y * scale])

    projected = [(g, [[project(c) for c in _ring_lonlat(ring, arcs)] for ring in _rings(g)])
                 for g in geometries]
    ys = np.concatenate([copies[0][:, 1] for _, rings in projected for copies in rings])
    top, bottom = float(ys.min()), float(ys.max())
    shapes = []
    for geometry, rings in projected:
        moved = [[points - [0.0, top] for points in copies] for copies in rings]
        d, points = _path(moved)
        if not len(points):
            continue
        low, high = points.min(axis=0), points.max(axis=0)
        dot = None
        if max(high - low) < DOT_BELOW:
            centre = (low + high) / 2
            dot = (round(float(centre[0]), 1), round(float(centre[1]), 1))
        shapes.append(Shape(str(geometry["id"]), geometry.get("properties", {}).get("name", ""), d, dot))
    lat = np.linspace(-90, 90, 61)
    edge = np.concatenate([project(np.column_stack([np.full_like(lat, -180.0), lat])),
                           project(np.column_stack([np.full_like(lat, 180.0), lat[::-1]]))])
    outline = "M" + " ".join(f"{x:.1f},{y - top:.1f}" for x, y in edge) + "Z"
    return WorldMap(tuple(shapes), WIDTH, round(bottom - top, 1), outline)
