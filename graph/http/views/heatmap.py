"""The agreement matrix as a heat map, shown on every state page.

Cell (a, b) is the voting coincidence of states a and b (:mod:`graph.analyze`: identical votes
over the votes where both cast yes or no), states ordered along both axes by their ideal point,
so blocs show as squares on the diagonal. Colours run from red (0: always opposite) through
white (0.5) to blue (1: always the same); grey where the pair never both cast yes or no. The
picture is a PNG (one pixel per cell, scaled without smoothing) written with numpy and zlib.
The analysis is computed once per store generation.
"""

from __future__ import annotations

import base64
import struct
import threading
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyoxigraph as ox

from graph import analyze
from graph.http.views.common import Page

LOW, MID, HIGH, NONE = (178, 24, 43), (247, 247, 247), (33, 102, 172), (200, 200, 200)
PIXELS = 2  # screen pixels per cell


@dataclass
class Analysis:
    """States in heat-map order, their agreement shares and ideal points."""

    states: list[str]
    share: np.ndarray
    votes: np.ndarray
    png: str


_lock = threading.Lock()
_cache: dict[int, tuple[ox.Store, Analysis]] = {}


def colours(share: np.ndarray) -> np.ndarray:
    """RGB (uint8) of each share: LOW at 0, MID at 0.5, HIGH at 1, NONE where NaN."""
    s = np.nan_to_num(share, nan=0.5)[..., None]
    low, mid, high = (np.array(c, dtype=float) for c in (LOW, MID, HIGH))
    rgb = np.where(s < 0.5, low + (mid - low) * (s / 0.5), mid + (high - mid) * ((s - 0.5) / 0.5))
    rgb[np.isnan(share)] = NONE
    return np.rint(rgb).astype(np.uint8)


def png(rgb: np.ndarray) -> bytes:
    """A truecolour PNG of an (height, width, 3) uint8 array."""
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) \
        + chunk(b"IEND", b"")


def analysis(db: ox.Store) -> Analysis | None:
    """The heat map of ``db`` (cached per store object), or None without ballots."""
    with _lock:
        cached = _cache.get(id(db))
        if cached is not None and cached[0] is db:
            return cached[1]
    matrix = analyze.vote_matrix(analyze.ballot_rows(db))
    if not matrix.states:
        return None
    positions, _ = analyze.ideal_points(matrix)
    order = sorted(range(len(matrix.states)),
                   key=lambda i: (np.isnan(positions[i]), np.nan_to_num(positions[i]), matrix.states[i]))
    share = analyze.agreement_share(matrix)[np.ix_(order, order)]
    votes = analyze.agreement_counts(matrix)[0][np.ix_(order, order)]
    image = base64.b64encode(png(colours(share))).decode("ascii")
    result = Analysis([matrix.states[i] for i in order], share, votes, "data:image/png;base64," + image)
    with _lock:
        _cache.clear()
        _cache[id(db)] = (db, result)
    return result


def context(page: Page) -> dict[str, Any] | None:
    """What the state page shows of the heat map: the image, this state's row, closest and farthest."""
    rows = page.rows("SELECT ?iso3 WHERE { ?this unga:iso3 ?iso3 }")
    result = analysis(page.db)
    if not rows or result is None or rows[0]["iso3"].value not in result.states:
        return None
    me = result.states.index(rows[0]["iso3"].value)
    others = [(result.states[j], float(result.share[me, j]), int(result.votes[me, j]))
              for j in range(len(result.states)) if j != me and result.votes[me, j] > 0]
    closest = sorted(others, key=lambda o: (-o[1], -o[2], o[0]))[:8]
    farthest = sorted(others, key=lambda o: (o[1], -o[2], o[0]))[:8]
    n = len(result.states)
    return {"src": result.png, "cells": n, "size": n * PIXELS, "pixels": PIXELS, "index": me,
            "row": me * PIXELS, "closest": closest, "farthest": farthest,
            "low": _css(LOW), "mid": _css(MID), "high": _css(HIGH), "none": _css(NONE),
            "order": result.states}


def _css(rgb: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*rgb)
