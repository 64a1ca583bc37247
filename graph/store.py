"""The on-disk store: pyoxigraph databases kept as immutable generations.

Layout of the store folder (default ``./var/store``, env ``UNGA_KG_STORE``)::

    current -> gen-000003        symlink to the live generation (switched by atomic rename)
    gen-000003/                  a complete pyoxigraph (RocksDB) database, never written again
    gen-000003.json              manifest: triples written per named graph
    gen-000002/ …                the previous generation, kept for readers still using it
    .lock                        writers serialise on this file (flock)

Replacing named graphs builds a new generation — a cheap hard-link backup of the current one
(or a fresh database when the replaced graphs dominate it), the replaced graphs removed, the new
triples streamed into pyoxigraph's parallel ``bulk_load`` — and only then switches ``current``.
``bulk_load`` is not atomic, but it only ever writes into a generation nobody reads yet: a
failed, refused or killed load leaves ``current`` exactly as it was. ``modify`` (SPARQL updates)
makes the same hard-link copy and lets a function write into it before it is published.

Queries see the union of all named graphs as the default graph (``use_default_graph_as_union``).
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

_GEN = re.compile(r"^gen-(\d{6,})$")
ProgressFn = Callable[[int], None]
GraphChanges = dict[str, tuple[int, int]]
"""Named graph IRI -> (triples before, triples after)."""


@dataclass
class Modified:
    """What ``GraphStore.modify`` published: the generation's name and the graphs that changed size."""

    generation: str
    changes: GraphChanges


class ChunkReader(io.RawIOBase):
    """A binary file object over an iterator of text chunks, for ``bulk_load``.

    An exception raised by the iterator (e.g. a loader's InputError) is kept in ``error``
    so that the caller can re-raise it unchanged after pyoxigraph gives up.
    """

    def __init__(self, chunks: Iterable[str], on_chunk: ProgressFn | None = None) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._buf = b""
        self._pos = 0
        self.lines = 0
        self.error: BaseException | None = None
        self._on_chunk = on_chunk

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while self._pos >= len(self._buf):
            try:
                chunk = next(self._chunks)
            except StopIteration:
                return 0
            except BaseException as exc:  # kept and re-raised by the store
                self.error = exc
                raise
            n = chunk.count("\n")
            self.lines += n
            if self._on_chunk is not None:
                self._on_chunk(n)
            self._buf = chunk.encode("utf-8")
            self._pos = 0
        size = min(len(buffer), len(self._buf) - self._pos)
        buffer[:size] = self._buf[self._pos : self._pos + size]
        self._pos += size
        return size


class GraphStore:
    """A store folder holding generations of a pyoxigraph database (see module docs)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    # ----- reading -----
    def current_path(self) -> Path | None:
        """Folder of the live generation, or None when nothing was ever loaded."""
        link = self.root / "current"
        if not link.is_symlink():
            return None
        return self.root / os.readlink(link)

    def is_empty(self) -> bool:
        """True when no generation has been published yet."""
        return self.current_path() is None

    def open(self) -> ox.Store:
        """The live generation opened read-only (an empty database if none exists yet)."""
        return ox.Store.read_only(str(self._live_path()))

    def manifest(self, generation: Path | None = None) -> dict[str, int]:
        """Triples per named graph in the live generation, or in the generation folder
        ``generation`` (from its manifest; exact, since no loader writes a triple twice)."""
        path = generation or self.current_path()
        if path is None:
            return {}
        return _read_manifest(path)

    def snapshot(self) -> tuple[ox.Store, dict[str, int]]:
        """The live generation opened read-only and its manifest, both of the same generation
        even while another process publishes a new one."""
        path = self._live_path()
        return ox.Store.read_only(str(path)), _read_manifest(path)

    def _live_path(self) -> Path:
        """Folder of the live generation, publishing an empty one first if there is none."""
        path = self.current_path()
        if path is None:
            self.replace({})
            path = self.current_path()
        assert path is not None
        return path

    # ----- writing -----
    def replace(
        self,
        sources: Mapping[str, Iterable[str]],
        *,
        keep_others: bool = True,
        progress: ProgressFn | None = None,
    ) -> dict[str, int]:
        """Atomically replace the named graphs in ``sources`` (IRI -> N-Triples chunks).

        With ``keep_others`` False the new generation holds only ``sources`` (a full build).
        Returns the triples written per replaced graph. Any exception from a source leaves
        the live generation untouched and is re-raised as it was.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with self._lock():
            self._remove_stale()
            old = self.current_path()
            # A full build reads nothing of the old generation: it also replaces a damaged one.
            old_graphs = self.manifest() if old is not None and keep_others else {}
            kept = {g: n for g, n in old_graphs.items() if keep_others and g not in sources}
            staging = self.root / f".staging-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            db: ox.Store | None = None
            try:
                db = self._start_generation(old, staging, old_graphs, kept)
                written = {g: self._bulk_load(db, g, chunks, progress) for g, chunks in sources.items()}
                db.optimize()  # compacted once, before it becomes immutable: queries ~3x faster
                db.flush()
                db = None  # closes the database before it is published
                self._publish(staging, {**kept, **written})
            except BaseException:
                db = None
                shutil.rmtree(staging, ignore_errors=True)
                raise
            return written

    def modify(self, change: Callable[[ox.Store], None]) -> Modified:
        """Publish, as a new generation, a copy of the live one that ``change`` has written to.

        The copy is a hard-link backup, so its cost does not grow with the store, and
        ``change`` writes into it on disk (no copy of the data in memory). ``change`` must
        leave the default graph empty, as every generation has it. The sizes before are the
        live manifest's (exact: no loader writes a triple twice, which the fuzzers check);
        the sizes after are counted. Returns the new generation's name and the (before,
        after) sizes of the graphs whose size changed. Any exception from ``change`` leaves
        the live generation untouched and is re-raised as it was.
        """
        if self.is_empty():
            self.replace({})
        with self._lock():
            self._remove_stale()
            old = self.current_path()
            assert old is not None
            staging = self.root / f".staging-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            db: ox.Store | None = None
            try:
                before = self.manifest(old)
                source = ox.Store.read_only(str(old))
                source.backup(str(staging))
                del source
                db = ox.Store(str(staging))
                change(db)
                if next(iter(db.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
                    raise ValueError("the change left triples in the default graph")
                after = graph_sizes(db)
                db.optimize()
                db.flush()
                db = None
                name = self._publish(staging, after)
            except BaseException:
                db = None
                shutil.rmtree(staging, ignore_errors=True)
                raise
        return Modified(name, {g: (before.get(g, 0), after.get(g, 0))
                               for g in before.keys() | after.keys() if before.get(g) != after.get(g)})

    def _start_generation(
        self, old: Path | None, staging: Path, old_graphs: dict[str, int], kept: dict[str, int]
    ) -> ox.Store:
        """A writable database in ``staging`` that already holds the ``kept`` graphs."""
        dropped = sum(n for g, n in old_graphs.items() if g not in kept)
        if old is None or not kept:
            return ox.Store(str(staging))
        source = ox.Store.read_only(str(old))
        if dropped > sum(kept.values()):
            # Cheaper to copy the small remainder than to delete most of the database.
            db = ox.Store(str(staging))
            for graph in kept:
                db.bulk_extend(source.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
            return db
        source.backup(str(staging))
        del source
        db = ox.Store(str(staging))
        for graph in old_graphs:
            if graph not in kept:
                db.remove_graph(ox.NamedNode(graph))
        return db

    @staticmethod
    def _bulk_load(
        db: ox.Store, graph: str, chunks: Iterable[str], progress: ProgressFn | None
    ) -> int:
        reader = ChunkReader(chunks, progress)
        try:
            db.bulk_load(
                io.BufferedReader(reader, 1 << 20),
                format=ox.RdfFormat.N_TRIPLES,
                to_graph=ox.NamedNode(graph),
            )
        except BaseException:
            error, reader.error = reader.error, None  # no cycle keeping the database open
            if error is not None:
                raise error from None
            raise
        return reader.lines

    def _publish(self, staging: Path, graphs: dict[str, int]) -> str:
        numbers = [int(m.group(1)) for p in self.root.iterdir() if (m := _GEN.match(p.name))]
        name = f"gen-{max(numbers, default=0) + 1:06d}"
        target = self.root / name
        Path(f"{target}.json").write_text(json.dumps({"graphs": graphs}, indent=1, sort_keys=True))
        os.rename(staging, target)
        tmp_link = self.root / ".current.tmp"
        if tmp_link.is_symlink():
            tmp_link.unlink()
        os.symlink(name, tmp_link)
        os.replace(tmp_link, self.root / "current")
        _fsync_dir(self.root)
        self._collect_garbage(keep=2)
        return name

    def _collect_garbage(self, keep: int) -> None:
        """Remove generations older than the ``keep`` newest (readers may hold the previous)."""
        gens = sorted(
            (int(m.group(1)), p) for p in self.root.iterdir() if (m := _GEN.match(p.name))
        )
        for _, path in gens[:-keep]:
            shutil.rmtree(path, ignore_errors=True)
            Path(f"{path}.json").unlink(missing_ok=True)

    def _remove_stale(self) -> None:
        """Staging folders left by killed writers, and unpublished generations.

        A generation newer than ``current`` was renamed into place by a writer killed before
        the switch; left there, it would push the generation readers use out at the next GC.
        """
        for path in self.root.glob(".staging-*"):
            shutil.rmtree(path, ignore_errors=True)
        current = self.current_path()
        live = int(_GEN.match(current.name).group(1)) if current and _GEN.match(current.name) else 0
        for path in self.root.iterdir():
            m = _GEN.match(path.name)
            if m and path != current and (int(m.group(1)) > live or not Path(f"{path}.json").exists()):
                shutil.rmtree(path, ignore_errors=True)
                Path(f"{path}.json").unlink(missing_ok=True)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        with open(self.root / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class LiveStore:
    """A read-only handle that follows ``current``: reopens after a new generation appears."""

    def __init__(self, graph_store: GraphStore) -> None:
        self.graph_store = graph_store
        self._path: Path | None = None
        self._db: ox.Store | None = None

    @property
    def path(self) -> Path | None:
        """The generation folder of the database :meth:`get` returned last."""
        return self._path

    def get(self) -> ox.Store:
        """The read-only database of the live generation."""
        path = self.graph_store.current_path()
        if self._db is None or path != self._path:
            self._db = self.graph_store.open()
            self._path = self.graph_store.current_path()
        return self._db


def _read_manifest(generation: Path) -> dict[str, int]:
    """The ``graphs`` of a generation's manifest (``gen-N.json`` beside its folder)."""
    return json.loads(Path(f"{generation}.json").read_text())["graphs"]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def count_quads(db: ox.Store, graph: str | None = None) -> int:
    """Exact number of quads in one named graph (or in all graphs)."""
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    row = next(iter(db.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")))
    return int(row["n"].value)


def graph_sizes(db: ox.Store) -> dict[str, int]:
    """Triples per named graph (IRIs only), counted by the engine in one pass."""
    rows = db.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows if isinstance(row["g"], ox.NamedNode)}
