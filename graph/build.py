"""Which loader reads which source: the shipped data/ folder and `unga-kg load KIND FILE...`.

This is the one place that knows the loaders; the store and the server do not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.resources import data_dir, ontology_dir
from graph.vocab import Iris
from loaders.base import InputError, Loader
from loaders.members import MembersLoader, known_state_codes
from loaders.rdf import RdfFileLoader
from loaders.wikidata import WikidataLoader

KINDS = ("undl", "members", "articles", "wikidata", "rdf")


def undl_loader(paths: list[Path], iris: Iris) -> Loader:
    """The UNDL voting record: bulk CSV files or MARCXML files (one kind per call)."""
    from loaders.marcxml import UndlMarcLoader
    from loaders.undl import UndlCsvLoader

    known = {code: code for code in known_state_codes(data_dir() / "members.csv")}
    suffixes = {p.suffix.lower() for p in paths}
    if suffixes <= {".csv"}:
        return UndlCsvLoader(paths, iris, known_states=known)
    if suffixes <= {".xml", ".marcxml"}:
        return UndlMarcLoader(paths, iris, known_states=known)
    raise InputError(paths[0], None, "undl files must be all .csv (bulk CSV) or all .xml (MARCXML)")


def article_loaders(paths: list[Path], iris: Iris) -> list[Loader]:
    """One loader (one named graph) per news article."""
    from loaders.articles.loader import ArticleLoader

    return [ArticleLoader(path, iris) for path in paths]


def loaders_for(kind: str, paths: list[Path], iris: Iris, graph: str | None = None) -> list[Loader]:
    """Loaders for ``unga-kg load KIND FILE... [--graph IRI]``."""
    for path in paths:
        if not path.is_file():
            raise InputError(path, None, "no such file")
    factories: dict[str, Callable[[], list[Loader]]] = {
        "undl": lambda: [undl_loader(paths, iris)],
        "members": lambda: [MembersLoader(paths[0], iris)],
        "articles": lambda: article_loaders(paths, iris),
        "wikidata": lambda: [WikidataLoader(paths[0], iris)],
        "rdf": lambda: [RdfFileLoader(paths, graph or iris.graph("rdf/" + paths[0].stem))],
    }
    if kind not in factories:
        raise ValueError(f"unknown source kind {kind!r}; expected one of {', '.join(KINDS)}")
    loaders = factories[kind]()
    if graph and kind != "rdf":
        for loader in loaders:
            loader.graph = graph
    return loaders


def shipped_loaders(iris: Iris, data: Path | None = None) -> list[Loader]:
    """Every source shipped in data/ (and the ontology), one loader per named graph."""
    data = data or data_dir()
    loaders: list[Loader] = [
        RdfFileLoader([ontology_dir() / "unga.ttl"], iris.graph("ontology")),
        MembersLoader(data / "members.csv", iris),
        undl_loader(sorted((data / "undl").glob("*.csv")), iris),
        WikidataLoader(data / "wikidata" / "alignment.csv", iris),
    ]
    articles = sorted((data / "articles").glob("*.txt"))
    if articles and _articles_available():
        loaders += article_loaders(articles, iris)
    return loaders


def _articles_available() -> bool:
    try:
        import loaders.articles.loader  # noqa: F401
    except ImportError:
        return False
    return True
