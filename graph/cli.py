"""The ``unga-kg`` command line (contract in ../shared/design.md).

Exit codes: 0 ok; 1 query or validation failure; 2 usage or input error (message on stderr).
The options are defined in graph/cli_parser.py; the checks of the store folder, output files
and query text are in graph/cli_inputs.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from graph.cli_inputs import UsageError, open_store
from graph.settings import get_settings
from graph.store import GraphStore
from loaders.base import InputError

if TYPE_CHECKING:
    from graph.queries import NamedQuery

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left

__all__ = ["UsageError", "build_parser", "main"]


def _reading(args: argparse.Namespace) -> GraphStore:
    """The store a read command uses: UsageError when there is none (read commands make none)."""
    return open_store(args.store, create=False)


def _iris():  # noqa: ANN202 - small factory
    from graph.vocab import Iris

    return Iris(get_settings().base)


def _replace(store: GraphStore, loaders: list, keep_others: bool, label: str) -> dict[str, int]:
    from graph.progress import triples_progress

    with triples_progress(label) as advance:
        return store.replace(
            {loader.graph: loader.ntriples() for loader in loaders},
            keep_others=keep_others,
            progress=advance,
        )


def _summary(store: GraphStore, graphs: Sequence[str]) -> None:
    """Quads per graph from the generation's manifest (loaders write no duplicate triples;
    tests/test_store.py checks the manifest against COUNT queries)."""
    counts = store.manifest()
    for graph in graphs:
        print(f"{counts.get(graph, 0):>10,}  {graph}")
    print(f"{sum(counts.values()):>10,}  quads in all graphs")


def cmd_build(args: argparse.Namespace) -> int:
    """Build every graph from data/ into a new store generation."""
    from graph.build import shipped_loaders
    from graph.describe import with_description

    store = open_store(args.store, create=True, rebuild=True)
    loaders = with_description(shipped_loaders(_iris()), _iris())  # + graph …/graph/void
    written = _replace(store, loaders, keep_others=False, label="building")
    _summary(store, sorted(written))
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    """Load one source kind, replacing its named graph(s) atomically."""
    from graph.build import check_load, loaders_for
    from graph.describe import newest_date, with_description

    paths = [Path(f) for f in args.files]
    try:
        check_load(args.kind, paths, args.graph, _iris())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    store = open_store(args.store, create=True)
    loaders = loaders_for(args.kind, paths, _iris(), args.graph, store)
    kept = {g: n for g, n in store.manifest().items() if g not in {x.graph for x in loaders}}
    newest = newest_date(store.open(), kept) if kept else None
    loaders = with_description(loaders, _iris(), kept, newest)  # refresh graph …/graph/void
    written = _replace(store, loaders, keep_others=True, label=f"loading {args.kind}")
    _summary(store, sorted(written))
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the extract JSON of one article."""
    from loaders.articles.extract import extract_article
    from loaders.articles.text import read_article_file

    path = Path(args.file)
    text = read_article_file(path)  # InputError (exit 2, FILE: problem) for unreadable input
    print(json.dumps(extract_article(text, path.name, args.published), ensure_ascii=False, indent=2))
    return EXIT_OK


def _query_text(args: argparse.Namespace) -> tuple[str, NamedQuery | None]:
    """The query text, and the named query it is (None for -e TEXT or a file)."""
    from graph.cli_inputs import read_query_file
    from graph.queries import named_queries

    if args.expression is not None:
        if args.source:
            raise UsageError("give either a query (file or name) or -e TEXT, not both")
        return args.expression, None
    if not args.source:
        raise UsageError("give a query: FILE.rq, the name of a named query, or -e TEXT")
    path = Path(args.source)
    if path.suffix == ".rq" or path.exists():
        return read_query_file(path), None
    queries = named_queries()
    if args.source not in queries:
        raise UsageError(
            f"no named query {args.source!r}; known: {', '.join(queries)}"
        )
    return queries[args.source].text, queries[args.source]


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param: expected NAME=VALUE, got {pair!r}")
        name = name.lstrip("?$")
        if name in params:  # as /queries/{name} answers: never silently the last one
            raise UsageError(f"--param {name} given more than once")
        params[name] = value
    return params


def _bound_query(args: argparse.Namespace) -> tuple[str, dict]:
    """(query text, substitutions) with the ``--param`` values bound; a named query's
    parameters are checked against its header, those of -e TEXT or a file pre-bind any variable."""
    from graph.cli_inputs import check_query_text
    from graph.queries import ParamError, bind_params, check_params, check_variables

    text, named = _query_text(args)
    check_query_text(text)
    params = _params(args.param)
    try:
        if named is None:
            check_variables(text, params)
        return bind_params(text, check_params(named, params) if named else params)
    except ParamError as exc:
        raise UsageError(f"--param {exc}" if exc.param else str(exc)) from None


_TABLE_FORMATS, _GRAPH_FORMATS = ("csv", "tsv", "json", "xml"), ("ttl", "nt", "jsonld")


def _check_format(text: str, fmt: str | None) -> None:
    """UsageError when ``--format`` cannot hold what the query's form returns."""
    from graph.sparql_lexer import query_form

    form = query_form(text)
    if fmt in _GRAPH_FORMATS and form in ("SELECT", "ASK"):
        raise UsageError(f"--format {fmt}: a {form} query gives a table; use {', '.join(_TABLE_FORMATS)}")
    if fmt in _TABLE_FORMATS and form in ("CONSTRUCT", "DESCRIBE"):
        raise UsageError(f"--format {fmt}: a {form} query gives a graph; use {', '.join(_GRAPH_FORMATS)}")


def cmd_query(args: argparse.Namespace) -> int:
    """Run a SPARQL query (file, named query or -e) and print the results."""
    from graph.service_policy import DEFAULT_ALLOW, check_services, parse_aliases
    from graph.sparql import run_query, write_result

    try:
        aliases = parse_aliases(args.service_alias)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    text, subs = _bound_query(args)
    _check_format(text, args.format)
    db = _reading(args).open()
    try:
        text = check_services(text, args.allow_service or DEFAULT_ALLOW, aliases)

        def work(output: BinaryIO) -> None:
            result = run_query(db, text, subs)
            write_result(result, args.format or ("ttl" if _is_graph_result(result) else "csv"), output)

        if "SERVICE" in text.upper():  # fail fast and clearly when an endpoint is down
            from graph.federation import run_federated

            run_federated(work, sys.stdout.buffer, text, deadline=args.service_timeout)
        else:
            work(sys.stdout.buffer)
    except SyntaxError as exc:
        print(f"unga-kg query: malformed query: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        raise  # the reader went away (e.g. `| head`): main() ends quietly
    except (OSError, ValueError, RuntimeError) as exc:  # RuntimeError: a substitution refused
        print(f"unga-kg query: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    sys.stdout.flush()
    return EXIT_OK


def _is_graph_result(result: object) -> bool:
    import pyoxigraph as ox

    return isinstance(result, ox.QueryTriples)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the store (or one graph) as RDF."""
    from graph.cli_inputs import no_graph, output_file
    from graph.export import export
    from graph.progress import triples_progress

    db, sizes = _reading(args).snapshot()
    if args.graph is not None and args.graph not in sizes:
        raise UsageError(no_graph(args.graph, list(sizes)))
    total = sizes.get(args.graph, 0) if args.graph else sum(sizes.values())  # ttl: at most this
    with triples_progress("exporting", total) as advance:
        if args.output is not None:
            with output_file(args.output) as handle:
                n = export(db, handle, args.format, args.graph, advance, sizes)
        else:
            n = export(db, sys.stdout.buffer, args.format, args.graph, advance, sizes)
    print(f"{n:,} statements written", file=sys.stderr)
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    """Upload every named graph to an external store (SPARQL 1.1 Graph Store HTTP Protocol)."""
    from graph.push import PushError, progress_bar, push

    if (args.user is None) != (args.password is None):
        raise UsageError("give both --user and --password, or neither")
    auth = (args.user, args.password) if args.user is not None else None
    try:
        sizes = push(_reading(args).open(), args.endpoint, args.graph_store, auth, progress_bar)
    except PushError as exc:
        print(f"unga-kg push: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    for graph, n in sizes.items():
        print(f"{n:>10,}  {graph}")
    print(f"{sum(sizes.values()):>10,}  triples in {len(sizes)} graphs pushed and verified")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the built graph against ontology/shapes.ttl (SHACL)."""
    from graph.progress import working
    from graph.validate import validate_store

    with working("SHACL validation (minutes for the full UNDL history)"):
        conforms, report = validate_store(_reading(args).open())
    print(report)
    return EXIT_OK if conforms else EXIT_FAILURE


def cmd_stats(args: argparse.Namespace) -> int:
    """Quads per named graph and counts of the main kinds of resource."""
    from graph.stats import stats

    for label, value in stats(_reading(args).open()):
        print(f"{value:>10,}  {label}")
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """Voting analytics as CSV: the agreement matrix or one-dimensional ideal points."""
    from graph import analyze
    from graph.cli_inputs import output_file

    symbols = [s.strip() for s in (args.resolutions or "").split(",") if s.strip()]
    if args.resolutions is not None and not symbols:
        raise UsageError("--resolutions: no symbol given (leave the option out for all resolutions)")
    try:
        matrix = analyze.vote_matrix(analyze.ballot_rows(_reading(args).open()), symbols or None)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.what == "agreement":
        header, rows = analyze.AGREEMENT_COLUMNS, analyze.agreement_rows(matrix)
    else:
        header, rows = analyze.IDEAL_POINT_COLUMNS, analyze.ideal_point_rows(matrix)
    if args.output is not None:
        with output_file(args.output, "w", encoding="utf-8", newline="") as handle:
            analyze.write_csv(header, rows, handle)
    else:
        analyze.write_csv(header, rows, sys.stdout)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the store over HTTP (builds it first when empty)."""
    from graph.server import config_from_args, serve

    try:
        config = config_from_args(args)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    store = open_store(args.store, create=True)
    if store.is_empty() or not store.manifest():  # no generation, or one without graphs
        cmd_build(args)
    serve(store, config, args.host, args.port, access_log=args.access_log)
    return EXIT_OK


COMMANDS = {"build": cmd_build, "load": cmd_load, "extract": cmd_extract, "query": cmd_query,
            "export": cmd_export, "push": cmd_push, "validate": cmd_validate, "stats": cmd_stats,
            "analyze": cmd_analyze, "serve": cmd_serve}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand (graph/cli_parser.py)."""
    from graph.cli_parser import build_parser as parser_for

    return parser_for(COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``unga-kg`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (InputError, UsageError) as exc:
        print(f"unga-kg {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"unga-kg {args.command}: interrupted; the store is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader closed the pipe (`unga-kg export | head`): stop quietly, like cat does.
        # Python would report the pipe again when it flushes stdout at exit; point it at null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # e.g. a disk that filled up while writing: a message, no traceback
        print(f"unga-kg {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
