"""The ``unga-kg`` command line (contract in ../shared/design.md).

Exit codes: 0 ok; 1 query or validation failure; 2 usage or input error (message on stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from graph.settings import WIKIDATA_SPARQL, get_settings
from graph.store import GraphStore
from loaders.base import InputError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left


class UsageError(Exception):
    """Wrong arguments or unusable input: exit code 2."""


def _store(args: argparse.Namespace) -> GraphStore:
    return GraphStore(args.store or get_settings().store)


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

    store = _store(args)
    loaders = with_description(shipped_loaders(_iris()), _iris())  # + graph …/graph/void
    written = _replace(store, loaders, keep_others=False, label="building")
    _summary(store, sorted(written))
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    """Load one source kind, replacing its named graph(s) atomically."""
    from graph.build import loaders_for
    from graph.describe import newest_date, with_description

    store = _store(args)
    loaders = loaders_for(args.kind, [Path(f) for f in args.files], _iris(), args.graph, store)
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
    published = _parse_date(args.published) if args.published else None
    text = read_article_file(path)  # InputError (exit 2, FILE: problem) for unreadable input
    print(json.dumps(extract_article(text, path.name, published), ensure_ascii=False, indent=2))
    return EXIT_OK


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--published: expected YYYY-MM-DD, got {value!r}") from None


def _query_text(args: argparse.Namespace) -> str:
    from graph.queries import named_queries

    if args.expression is not None:
        if args.source:
            raise UsageError("give either a query (file or name) or -e TEXT, not both")
        return args.expression
    if not args.source:
        raise UsageError("give a query: FILE.rq, the name of a named query, or -e TEXT")
    path = Path(args.source)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        return path.read_text(encoding="utf-8")
    queries = named_queries()
    if args.source not in queries:
        raise UsageError(
            f"no named query {args.source!r}; known: {', '.join(queries)}"
        )
    return queries[args.source].text


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param: expected NAME=VALUE, got {pair!r}")
        params[name.lstrip("?$")] = value
    return params


def cmd_query(args: argparse.Namespace) -> int:
    """Run a SPARQL query (file, named query or -e) and print the results."""
    from graph.queries import bind_params
    from graph.service_policy import DEFAULT_ALLOW, check_services, parse_aliases
    from graph.sparql import run_query, write_result

    try:
        aliases = parse_aliases(args.service_alias)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    db = _store(args).open()
    try:
        text, subs = bind_params(_query_text(args), _params(args.param))
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
    except (OSError, ValueError) as exc:
        print(f"unga-kg query: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    sys.stdout.flush()
    return EXIT_OK


def _is_graph_result(result: object) -> bool:
    import pyoxigraph as ox

    return isinstance(result, ox.QueryTriples)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the store (or one graph) as RDF."""
    from graph.export import export
    from graph.progress import triples_progress

    db, sizes = _store(args).snapshot()
    total = sizes.get(args.graph, 0) if args.graph else sum(sizes.values())  # ttl: at most this
    with triples_progress("exporting", total) as advance:
        if args.output:
            with open(args.output, "wb") as handle:
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
        sizes = push(_store(args).open(), args.endpoint, args.graph_store, auth, progress_bar)
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
        conforms, report = validate_store(_store(args).open())
    print(report)
    return EXIT_OK if conforms else EXIT_FAILURE


def cmd_stats(args: argparse.Namespace) -> int:
    """Quads per named graph and counts of the main kinds of resource."""
    from graph.stats import stats

    for label, value in stats(_store(args).open()):
        print(f"{value:>10,}  {label}")
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """Voting analytics as CSV: the agreement matrix or one-dimensional ideal points."""
    from graph import analyze

    symbols = [s.strip() for s in (args.resolutions or "").split(",") if s.strip()]
    try:
        matrix = analyze.vote_matrix(analyze.ballot_rows(_store(args).open()), symbols or None)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.what == "agreement":
        header, rows = analyze.AGREEMENT_COLUMNS, analyze.agreement_rows(matrix)
    else:
        header, rows = analyze.IDEAL_POINT_COLUMNS, analyze.ideal_point_rows(matrix)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            analyze.write_csv(header, rows, handle)
    else:
        analyze.write_csv(header, rows, sys.stdout)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the store over HTTP (builds it first when empty)."""
    from graph.server import config_from_args, serve

    store = _store(args)
    try:
        config = config_from_args(args)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if store.is_empty():
        cmd_build(args)
    serve(store, config, args.host, args.port, access_log=args.access_log)
    return EXIT_OK


def _add_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", help="store folder (default ./var/store, env UNGA_KG_STORE)"
    )


def _add_service_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-service", action="append", default=[], metavar="URL",
        help=f"endpoint SERVICE may call (repeatable; default {WIKIDATA_SPARQL})",
    )
    parser.add_argument(
        "--service-alias", action="append", default=[], metavar="FROM=TO",
        help="route SERVICE <FROM> to URL TO (a local mirror); counts as allowed",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="unga-kg", description="UN General Assembly knowledge graph: build, query, serve."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build every graph from data/", description=cmd_build.__doc__)
    _add_store(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("load", help="load one source into its named graph (atomic)",
                       description=cmd_load.__doc__)
    p.add_argument("kind", choices=["undl", "articles", "members", "wikidata", "rdf"])
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--graph", metavar="IRI", help="named graph to replace (default per kind)")
    _add_store(p)
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("extract", help="print what an article reports, as JSON",
                       description=cmd_extract.__doc__)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date of the article")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("query", help="run a SPARQL query", description=cmd_query.__doc__)
    p.add_argument("source", nargs="?", metavar="FILE.rq|NAME")
    p.add_argument("-e", dest="expression", metavar="TEXT", help="the query text itself")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="pre-bind ?NAME (a literal; IRIs in <...>)")
    p.add_argument("--format", choices=["csv", "tsv", "json", "xml", "ttl", "nt"],
                   help="output format (default csv, or ttl for CONSTRUCT/DESCRIBE)")
    p.add_argument("--service-timeout", type=float, default=60.0, metavar="SECONDS",
                   help="give up on a query with SERVICE after this long (default 60)")
    _add_service_options(p)
    _add_store(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="write the graph as RDF", description=cmd_export.__doc__)
    p.add_argument("--format", default="ttl", choices=["ttl", "trig", "nq", "nt", "jsonld"])
    p.add_argument("--graph", metavar="IRI", help="only this named graph")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default stdout)")
    _add_store(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("push", help="upload every named graph to an external SPARQL store",
                       description=cmd_push.__doc__)
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the store's SPARQL query endpoint (used to verify the counts)")
    p.add_argument("--graph-store", metavar="URL",
                   help="its Graph Store Protocol URL (default: the endpoint URL)")
    p.add_argument("--user", help="user name for HTTP basic authentication")
    p.add_argument("--password", help="password for HTTP basic authentication")
    _add_store(p)
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("validate", help="SHACL-validate the graph", description=cmd_validate.__doc__)
    _add_store(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="counts per graph and kind", description=cmd_stats.__doc__)
    _add_store(p)
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("analyze", help="agreement matrix or ideal points as CSV",
                       description=cmd_analyze.__doc__)
    p.add_argument("what", choices=["agreement", "ideal-points"])
    p.add_argument("--resolutions", metavar="SYMBOL,...", help="only these resolutions (default all)")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default stdout)")
    _add_store(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("serve", help="serve the SPARQL endpoint", description=cmd_serve.__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="query timeout (default 30)")
    p.add_argument("--update-token", metavar="TOKEN", help="allow SPARQL updates carrying it")
    p.add_argument("--update-timeout", type=float, default=600.0, metavar="SECONDS",
                   help="an update still running after this is stopped, nothing written (default 600)")
    p.add_argument("--workers", type=int, default=3, metavar="N",
                   help="query worker processes (default 3)")
    p.add_argument("--query-memory", type=int, metavar="MIB",
                   help="memory each query worker (and update process) may use; more gets 503 "
                        "(default: the machine's RAM / (workers + 1); 0: no limit)")
    p.add_argument("--access-log", action="store_true",
                   help="log every request to stderr (off by default: ~0.3 ms per request)")
    _add_service_options(p)
    _add_store(p)
    p.set_defaults(func=cmd_serve)
    return parser


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


if __name__ == "__main__":
    sys.exit(main())
