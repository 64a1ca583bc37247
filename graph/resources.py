"""Where the shipped ontology, named queries and input data live.

In a source checkout they are the top-level folders ontology/, queries/ and data/; in an
installed distribution they are the resource package ``unga_kg_resources``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parent.parent


def _folder(name: str) -> Path:
    checkout = _REPO_ROOT / name
    if checkout.is_dir():
        return checkout
    spec = importlib.util.find_spec(f"unga_kg_resources.{name}")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"resource folder {name!r} is neither in the checkout nor installed")
    return Path(next(iter(spec.submodule_search_locations)))


def ontology_dir() -> Path:
    """Folder holding unga.ttl, shapes.ttl and context.jsonld."""
    return _folder("ontology")


def queries_dir() -> Path:
    """Folder holding the named queries (``*.rq``)."""
    return _folder("queries")


def data_dir() -> Path:
    """Folder holding the shipped inputs (members.csv, undl/, articles/, ...)."""
    return _folder("data")
