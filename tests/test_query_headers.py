"""The ``# param:`` header lines of the named queries: optional marker and example value."""

from __future__ import annotations

from graph.queries import Param, named_queries, parse_param


def test_param_with_example() -> None:
    assert parse_param("symbol The resolution symbol, e.g. A/RES/ES-11/1") == Param(
        "symbol", "The resolution symbol, e.g. A/RES/ES-11/1", False, "A/RES/ES-11/1")


def test_optional_marker_is_a_flag_not_part_of_the_description() -> None:
    param = parse_param("iso3 (optional) ISO3 code of the state spoken for, e.g. UKR")
    assert param == Param("iso3", "ISO3 code of the state spoken for, e.g. UKR", True, "UKR")


def test_the_last_example_counts_and_none_is_empty() -> None:
    assert parse_param("states codes (e.g. DEU), e.g. DEU FRA POL").example == "DEU FRA POL"
    assert parse_param("org an IRI in <...>") == Param("org", "an IRI in <...>", False, "")


def test_every_shipped_parameter_has_an_example() -> None:
    """The /queries forms and links are filled in with these examples."""
    missing = [f"{q.name}:{p.name}" for q in named_queries().values() for p in q.params if not p.example]
    assert not missing
