"""The agreement matrix as a heat map, shown on every state page.

Cell (a, b) is the voting coincidence of states a and b (:mod:`graph.analyze`: identical votes
over the votes where both cast yes or no), states ordered along both axes by their ideal point,
so blocs show as squares on the diagonal. Colours run from red (0: always opposite) through
white (0.5) to blue (1: always the same); grey where the pair never both cast yes or no. The
picture is a PNG (one pixel per cell, scaled without smoothing) written with numpy and zlib.
The analysis is computed once per store generation, in a child process (:class:`HeatMaps`):
at full-history size it reads all 915,545 ballots (~20 s, ~1.3 GB), which would otherwise block
a page for as long and swell the server process. The server starts it when it starts; a state
page waits up to ``UNGA_KG_HEATMAP_WAIT`` seconds (default 3) for it, then says it is being
computed.
"""

from __future__ import annotations

import asyncio
import base64
import struct
import sys
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyoxigraph as ox

from graph import analyze
from graph.http.child import run_in_child
from graph.http.views.common import Page

LOW, MID, HIGH, NONE = (178, 24, 43), (247, 247, 247), (33, 102, 172), (200, 200, 200)
PIXELS = 2  # screen pixels per cell
COMPUTE_TIMEOUT = 900.0


@dataclass
class Analysis:
    """States in heat-map order, their agreement shares and ideal points."""

    states: list[str]
    share: np.ndarray
    votes: np.ndarray
    png: str


@dataclass
class Pending:
    """The heat map of this generation is still being computed."""


@dataclass
class Failed:
    """Computing the heat map of this generation failed."""

    message: str


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


def compute(generation: str) -> Analysis | None:
    """The heat map of the store generation in folder ``generation``, or None without ballots."""
    db = ox.Store.read_only(generation)
    matrix = analyze.vote_matrix(analyze.ballot_rows(db))
    if not matrix.states:
        return None
    positions, _ = analyze.ideal_points(matrix)
    order = sorted(range(len(matrix.states)),
                   key=lambda i: (np.isnan(positions[i]), np.nan_to_num(positions[i]), matrix.states[i]))
    share = analyze.agreement_share(matrix)[np.ix_(order, order)]
    votes = analyze.agreement_counts(matrix)[0][np.ix_(order, order)]
    image = base64.b64encode(png(colours(share))).decode("ascii")
    return Analysis([matrix.states[i] for i in order], share, votes, "data:image/png;base64," + image)


class HeatMaps:
    """The heat map of the live generation, computed once per generation in a child process.

    ``memory_limit`` (bytes) caps the child, as it caps the query workers.
    """

    def __init__(self, memory_limit: int | None = None) -> None:
        self.memory_limit = memory_limit
        self._tasks: dict[str, asyncio.Task[Analysis | None]] = {}

    def prepare(self, generation: str) -> asyncio.Task[Analysis | None]:
        """Start computing the heat map of ``generation`` unless it is (from the event loop)."""
        task = self._tasks.get(generation)
        if task is None:
            for old in self._tasks.values():  # an older generation's map is never shown again
                old.cancel()
            self._tasks = {generation: asyncio.create_task(run_in_child(
                compute, (generation,), COMPUTE_TIMEOUT, "the heat map", self.memory_limit))}
            task = self._tasks[generation]
            task.add_done_callback(_report_failure)
        return task

    async def wait(self, generation: str, seconds: float) -> None:
        """Start the heat map of ``generation`` if needed and wait for it up to ``seconds``."""
        await asyncio.wait({self.prepare(generation)}, timeout=seconds)

    def result(self, generation: str) -> Analysis | None | Pending | Failed:
        """The heat map of ``generation`` as far as it is known now (from any thread)."""
        task = self._tasks.get(generation)
        if task is None or not task.done():
            return Pending()
        if task.cancelled():
            return Failed("cancelled")
        error = task.exception()
        if error is not None:
            return Failed(f"{type(error).__name__}: {error}")
        return task.result()

    def stop(self) -> None:
        """Cancel any computation (the child process is killed with the server at the latest)."""
        for task in self._tasks.values():
            task.cancel()


def _report_failure(task: asyncio.Task[Analysis | None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        print(f"unga-kg serve: the heat map failed: {task.exception()}", file=sys.stderr)


def context(page: Page, result: Analysis | None | Pending | Failed) -> dict[str, Any] | None:
    """What the state page shows of the heat map: the image, this state's row, closest and farthest.

    ``result`` is the heat map of the page's generation (:meth:`HeatMaps.result`).
    """
    rows = page.rows("SELECT ?iso3 WHERE { ?this unga:iso3 ?iso3 }")
    if not rows or result is None:
        return None
    if isinstance(result, Pending):
        return {"pending": True}
    if isinstance(result, Failed):
        return {"error": result.message}
    if rows[0]["iso3"].value not in result.states:
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
