"""What the user hands the ``unga-kg`` commands, checked: the store folder, output files and
query text. A problem is raised as UsageError: exit 2 with one line on stderr.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from graph.settings import get_settings
from graph.store import GraphStore
from loaders.base import InputError


class UsageError(Exception):
    """Wrong arguments or unusable input: exit code 2."""


# ----- the store folder ------------------------------------------------------------------------

def open_store(given: str | None, *, create: bool, rebuild: bool = False) -> GraphStore:
    """The store in ``given`` (``--store``; else ``UNGA_KG_STORE``, else ./var/store).

    UsageError when the folder is a file, when it holds no store yet (unless ``create``: build
    and load make one) and when it is damaged (unless ``rebuild``: a full build replaces it).
    """
    store = GraphStore(given or get_settings().store)
    root = store.root
    if root.exists() and not root.is_dir():
        raise UsageError(f"{_origin(given)} {root} is not a folder")
    if not create and store.is_empty():
        raise UsageError(f"no store at {root} (run unga-kg build)")
    problem = damage(store)
    if problem and not rebuild:
        raise UsageError(problem)
    return store


def damage(store: GraphStore) -> str | None:
    """What is missing from the live generation of ``store`` (None when it is whole or absent).

    ``current`` names the live generation: a database folder ``gen-N`` and its manifest
    ``gen-N.json``. Without either the store cannot be read or loaded into; a full build
    publishes a new generation without reading the old one.
    """
    live = store.current_path()
    if live is None:
        return None
    if not live.is_dir():
        missing = f"its live generation {live.name} (the folder {live})"
    elif not Path(f"{live}.json").is_file():
        missing = f"the manifest of its live generation ({live}.json)"
    else:
        return None
    return (f"the store {store.root} is damaged: {missing} is missing; rebuild it with "
            f"`unga-kg build --store {store.root}` (then load again what `unga-kg load` added)")


def _origin(given: str | None) -> str:
    if given:
        return "--store"
    return "UNGA_KG_STORE" if os.environ.get("UNGA_KG_STORE") else "the store folder"


def no_graph(graph: str, graphs: list[str], shown: int = 12) -> str:
    """The message for a ``--graph`` the store does not have, listing (some of) its graphs."""
    names = ", ".join(f"<{g}>" for g in sorted(graphs)[:shown]) or "none"
    more = f", … ({len(graphs)} in all; see unga-kg stats)" if len(graphs) > shown else ""
    return f"--graph: no graph <{graph}> in the store; graphs: {names}{more}"


# ----- output files ----------------------------------------------------------------------------

@contextmanager
def output_file(path: str, mode: str = "wb", **options: Any) -> Iterator[IO[Any]]:
    """``path`` (an ``-o`` option) opened for writing, complete or not at all.

    The data goes to a temporary file beside it, renamed over ``path`` once the block ends
    without an exception and removed otherwise, so a failed or interrupted command leaves no
    partial file (and an existing one as it was). Something that is not a regular file
    (``/dev/stdout``, a named pipe) is written in place. UsageError, naming the path, when it
    cannot be written.
    """
    if not path:
        raise UsageError("-o: no file name (leave -o out to write to standard output)")
    given = Path(path)
    if given.is_dir():
        raise UsageError(f"-o {path}: is a folder, not a file")
    if given.exists() and not given.is_file():
        with _open(path, given, mode, options) as handle:
            yield handle
        return
    target = Path(os.path.realpath(path))  # through a symbolic link to the file it names
    if not target.parent.is_dir():
        raise UsageError(f"-o {path}: no folder {target.parent}")
    temp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    handle = _open(path, temp, mode.replace("w", "x"), options)
    try:
        with handle:
            yield handle
        if target.exists():  # the file replaced keeps its permissions (a private 0600 stays so)
            os.chmod(temp, target.stat().st_mode & 0o7777)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _open(given: str, path: Path, mode: str, options: dict[str, Any]) -> IO[Any]:
    try:
        return open(path, mode, **options)  # noqa: SIM115 - closed by output_file
    except OSError as exc:
        raise UsageError(f"-o {given}: {exc.strerror or exc}") from None


# ----- query text ------------------------------------------------------------------------------

def read_query_file(path: Path) -> str:
    """The text of a .rq file: InputError (FILE:LINE: problem) when it is not UTF-8 text."""
    if path.is_dir():
        raise InputError(path, None, "is a folder, not a query file")
    if not path.is_file():
        raise InputError(path, None, "no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, exc.strerror or str(exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at column "
                                     f"{column}); save the query as UTF-8") from None


def check_query_text(text: str) -> str:
    """``text`` if it is a query: UsageError when it is empty or a SPARQL update."""
    from graph.sparql_lexer import is_update, tokens

    if next(tokens(text), None) is None:
        raise UsageError("the query is empty")
    if is_update(text):
        raise UsageError("this is a SPARQL update; unga-kg query runs queries (SELECT, ASK, "
                         "CONSTRUCT, DESCRIBE), not updates: send updates to unga-kg serve "
                         "--update-token, or replace a graph with unga-kg load")
    return text
