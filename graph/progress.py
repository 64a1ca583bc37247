"""Progress bars for long work (rich), silent when stderr is not a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

console = Console(stderr=True)


@contextmanager
def triples_progress(description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A running count of triples written, with a bar and the time left when ``total`` is
    known; yields ``advance(n)``."""
    if not console.is_terminal:
        yield lambda n: None
        return
    columns = [
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        TextColumn("{task.completed:,.0f} triples"),
        TimeElapsedColumn(),
    ]
    if total:
        columns[3:3] = [BarColumn(), TaskProgressColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(description, total=total or None)
        yield lambda n: progress.advance(task, n)


@contextmanager
def working(description: str) -> Iterator[None]:
    """A spinner with the time elapsed, for long work whose progress cannot be counted."""
    if not console.is_terminal:
        yield
        return
    with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        progress.add_task(description, total=None)
        yield
