"""The README tells the truth about the CLI and the named queries."""

from __future__ import annotations

from graph.cli import build_parser
from graph.queries import named_queries
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_command() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    missing = [name for name in commands if f"unga-kg {name}" not in README]
    assert not missing, f"README lacks: {missing}"


def test_readme_lists_every_named_query() -> None:
    missing = [name for name in named_queries() if f"{name}.rq" not in README]
    assert not missing, f"README lacks: {missing}"


def test_every_named_query_has_title_description_and_columns() -> None:
    for query in named_queries().values():
        assert query.title and query.description and query.columns, query.name
