"""check_services: the SERVICE allow-list and aliases, on the query text."""

from __future__ import annotations

import pytest

from graph.service_policy import check_services, parse_aliases
from graph.sparql_lexer import query_form

WD = "https://query.wikidata.org/sparql"


def test_allowed_and_aliased() -> None:
    q = f"SELECT * WHERE {{ SERVICE <{WD}> {{ ?s ?p ?o }} }}"
    assert check_services(q, [WD], {}) == q
    assert check_services(q, [], {WD: "http://127.0.0.1:7878/query"}) == (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }")


def test_prefixed_silent_and_lowercase() -> None:
    q = "PREFIX w: <https://query.wikidata.org/> select * { service silent w:sparql { ?s ?p ?o } }"
    assert check_services(q, [WD], {}) == q
    with pytest.raises(ValueError, match="not allowed"):
        check_services(q, ["https://other.example/sparql"], {})


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }",
    "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * { SERVICE $endpoint { ?s ?p ?o } }",
    "SELECT * { SERVICE nope:x { ?s ?p ?o } }",
])
def test_refused(query: str) -> None:
    with pytest.raises(ValueError):
        check_services(query, [WD], {})


def test_strings_comments_and_iris_are_not_syntax() -> None:
    q = ('SELECT * { ?s ?p "SERVICE <http://evil.example/>" . '
         "# SERVICE <http://evil.example/>\n ?s <http://x/#SERVICE> ?o }")
    assert check_services(q, [], {}) == q


def test_parse_aliases_and_query_form() -> None:
    assert parse_aliases([f"{WD}=http://x/q"]) == {WD: "http://x/q"}
    with pytest.raises(ValueError):
        parse_aliases(["nothing"])
    assert query_form("PREFIX a: <x:> # SELECT\n construct { } where {}") == "CONSTRUCT"
    assert query_form("INSERT DATA {}") is None


def test_nesting_limit_with_and_without_service() -> None:
    """The quick path (no SERVICE/LOAD anywhere) keeps the nesting limit exactly."""
    from graph.service_policy import MAX_NESTING

    def nested(depth: int, inner: str = "?s ?p ?o") -> str:
        return "SELECT * WHERE " + "{ " * depth + inner + " }" * depth

    assert check_services(nested(MAX_NESTING), [], {}) == nested(MAX_NESTING)
    with pytest.raises(ValueError, match="nested deeper"):
        check_services(nested(MAX_NESTING + 1), [], {})
    # brackets inside strings count towards the quick test but not towards the limit
    shallow = 'SELECT * { ?s ?p "' + "{" * (MAX_NESTING + 5) + '" }'
    assert check_services(shallow, [], {}) == shallow
    with pytest.raises(ValueError, match="not allowed"):
        check_services(nested(3, f"SERVICE <http://evil.example/> {{ {'?s ?p ?o'} }}"), [WD], {})
