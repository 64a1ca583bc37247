"""The ``unga-kg`` argument parser: every subcommand, its options and their checked values.

Values argparse can check alone are checked here (a bad one exits 2 with argparse's usage
line and ``unga-kg CMD: error: argument OPTION: problem``): IRIs, URLs, ports, counts,
timeouts and dates. The commands themselves live in graph/cli.py.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from urllib.parse import urlsplit

from graph.settings import WIKIDATA_SPARQL

Command = Callable[[argparse.Namespace], int]
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iri(value: str) -> str:
    """An absolute IRI, as pyoxigraph accepts it for a named graph."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a valid IRI: {value!r} ({exc})") from None
    return value


def http_url(value: str) -> str:
    """An http(s) URL with a host (and, if given, a valid port)."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a valid URL: {value!r} ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {value!r}")
    return value


def service_alias(value: str) -> str:
    """``FROM=TO``: an endpoint IRI as queries name it, routed to an http(s) URL."""
    source, sep, target = value.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected FROM=TO, got {value!r}")
    http_url(source)
    http_url(target)
    return value


def port(value: str) -> int:
    """A TCP port, 1-65535; 0 lets the system pick a free one (uvicorn logs which)."""
    number = _int(value)
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1-65535 (0: any free port), not {number}")
    return number


def at_least_one(value: str) -> int:
    """A whole number of at least 1."""
    number = _int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def seconds(value: str) -> float:
    """A finite number of seconds greater than 0."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {value!r}") from None
    if not (number > 0 and math.isfinite(number)):
        raise argparse.ArgumentTypeError(f"must be a number of seconds greater than 0, not {value}")
    return number


def day(value: str) -> date:
    """A calendar date written exactly YYYY-MM-DD."""
    try:
        if _DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}")


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None


def _add_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", help="store folder (default ./var/store, env UNGA_KG_STORE)"
    )


def _add_service_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-service", action="append", default=[], metavar="URL", type=http_url,
        help=f"endpoint SERVICE may call (repeatable; default {WIKIDATA_SPARQL})",
    )
    parser.add_argument(
        "--service-alias", action="append", default=[], metavar="FROM=TO", type=service_alias,
        help="route SERVICE <FROM> to URL TO (a local mirror); counts as allowed",
    )


def build_parser(commands: Mapping[str, Command]) -> argparse.ArgumentParser:
    """The argument parser with every subcommand; ``commands`` maps each name to its function."""
    parser = argparse.ArgumentParser(
        prog="unga-kg", description="UN General Assembly knowledge graph: build, query, serve."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        func = commands[name]
        p = sub.add_parser(name, help=help_text, description=func.__doc__)
        p.set_defaults(func=func)
        return p

    p = command("build", "build every graph from data/")
    _add_store(p)

    p = command("load", "load one source into its named graph (atomic)")
    p.add_argument("kind", choices=["undl", "articles", "members", "wikidata", "rdf"])
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--graph", type=iri, metavar="IRI",
                   help="named graph to replace (default per kind; one article at a time)")
    _add_store(p)

    p = command("extract", "print what an article reports, as JSON")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--published", type=day, metavar="YYYY-MM-DD", help="publication date of the article")

    p = command("query", "run a SPARQL query")
    p.add_argument("source", nargs="?", metavar="FILE.rq|NAME")
    p.add_argument("-e", dest="expression", metavar="TEXT", help="the query text itself")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="pre-bind ?NAME (a literal; IRIs in <...>)")
    p.add_argument("--format", choices=["csv", "tsv", "json", "xml", "ttl", "nt", "jsonld"],
                   help="output format (default csv, or ttl for CONSTRUCT/DESCRIBE)")
    p.add_argument("--service-timeout", type=seconds, default=60.0, metavar="SECONDS",
                   help="give up on a query with SERVICE after this long (default 60)")
    _add_service_options(p)
    _add_store(p)

    p = command("export", "write the graph as RDF")
    p.add_argument("--format", default="ttl", choices=["ttl", "trig", "nq", "nt", "jsonld"])
    p.add_argument("--graph", type=iri, metavar="IRI", help="only this named graph")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default stdout)")
    _add_store(p)

    p = command("push", "upload every named graph to an external SPARQL store")
    p.add_argument("--endpoint", required=True, type=http_url, metavar="URL",
                   help="the store's SPARQL query endpoint (used to verify the counts)")
    p.add_argument("--graph-store", type=http_url, metavar="URL",
                   help="its Graph Store Protocol URL (default: the endpoint URL)")
    p.add_argument("--user", help="user name for HTTP basic authentication")
    p.add_argument("--password", help="password for HTTP basic authentication")
    _add_store(p)

    _add_store(command("validate", "SHACL-validate the graph"))
    _add_store(command("stats", "counts per graph and kind"))

    p = command("analyze", "agreement matrix or ideal points as CSV")
    p.add_argument("what", choices=["agreement", "ideal-points"])
    p.add_argument("--resolutions", metavar="SYMBOL,...", help="only these resolutions (default all)")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default stdout)")
    _add_store(p)

    p = command("serve", "serve the SPARQL endpoint")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=port, default=8000, help="1-65535 (default 8000; 0: any free port)")
    p.add_argument("--timeout", type=seconds, default=30.0, metavar="SECONDS",
                   help="query timeout (default 30)")
    p.add_argument("--update-token", metavar="TOKEN", help="allow SPARQL updates carrying it")
    p.add_argument("--update-timeout", type=seconds, default=600.0, metavar="SECONDS",
                   help="an update still running after this is stopped, nothing written (default 600)")
    p.add_argument("--workers", type=at_least_one, default=3, metavar="N",
                   help="query worker processes (default 3)")
    p.add_argument("--query-memory", type=int, metavar="MIB",
                   help="memory each query worker (and update process) may use; more gets 503 "
                        "(default: the machine's RAM / (workers + 1); 0: no limit)")
    p.add_argument("--access-log", action="store_true",
                   help="log every request to stderr (off by default: ~0.3 ms per request)")
    _add_service_options(p)
    _add_store(p)
    return parser
