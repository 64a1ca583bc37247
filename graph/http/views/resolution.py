"""A resolution's page: tally, roll call by option, speeches, sponsors and reporting sources."""

from __future__ import annotations

from typing import Any

from graph.http.views import pictures
from graph.http.views.common import Link, Page

OPTION_ORDER = {"Y": (0, "Yes"), "N": (1, "No"), "A": (2, "Abstention"), "X": (3, "Non-voting")}


def _notation(row: dict[str, Any], key: str = "notation") -> str:
    term = row.get(key)
    return term.value if term is not None else "?"


def counts(page: Page) -> list[tuple[str, int]]:
    """(option letter, count) of the official tally, in Y, N, A, X order."""
    rows = page.rows("""SELECT ?notation ?n WHERE {
        ?event unga:resolution ?this ; opengov:count ?c . ?c opengov:option ?option ; rdf:value ?n .
        OPTIONAL { ?option skos:notation ?notation } }""")
    rows.sort(key=lambda r: OPTION_ORDER.get(_notation(r), (9, ""))[0])
    return [(_notation(r), int(r["n"].value)) for r in rows]


def tally(official: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """(option name, count) pairs of the official counts."""
    return [(OPTION_ORDER.get(letter, (9, letter))[1], str(n)) for letter, n in official]


def roll_call(page: Page) -> list[tuple[str, list[Link]]]:
    """(option name, states) for every option that has ballots, in Y, N, A, X order."""
    rows = page.rows("""SELECT ?state ?notation WHERE {
        ?event unga:resolution ?this . ?ballot opengov:voteEvent ?event ;
        opengov:voter ?state ; opengov:option ?option .
        OPTIONAL { ?option skos:notation ?notation } OPTIONAL { ?state unga:iso3 ?iso3 } }
        ORDER BY ?iso3 ?state""")
    groups: dict[str, list[Link]] = {}
    page.prefetch(r["state"] for r in rows)
    for row in rows:
        groups.setdefault(_notation(row), []).append(page.link(row["state"]))
    order = sorted(groups, key=lambda n: OPTION_ORDER.get(n, (9, n))[0])
    return [(OPTION_ORDER.get(n, (9, n))[1], groups[n]) for n in order]


def speeches(page: Page) -> list[dict[str, Any]]:
    """Speeches about the resolution: speaker, the state spoken for, quotes, source."""
    rows = page.rows("""SELECT ?speech ?speaker ?state ?source
        (GROUP_CONCAT(?quote; separator="\\n") AS ?quotes) WHERE {
        ?speech a ?kind ; unga:about ?this . VALUES ?kind { unga:Speech unga:JointStatement }
        OPTIONAL { ?speech unga:speaker ?speaker
                   OPTIONAL { ?q schema:spokenByCharacter ?speaker ; schema:text ?quote } }
        OPTIONAL { ?speech unga:speaksFor ?state }
        OPTIONAL { ?speech prov:wasDerivedFrom ?source } }
        GROUP BY ?speech ?speaker ?state ?source ORDER BY ?speaker""")
    page.prefetch(r[k] for r in rows for k in ("speech", "speaker", "state", "source"))
    return [{"speech": page.link(r["speech"]), "speaker": page.link(r["speaker"]),
             "state": page.link(r["state"]), "source": page.link(r["source"]),
             "quotes": [q for q in (r["quotes"].value if r["quotes"] else "").split("\n") if q]}
            for r in rows]


def sponsors(page: Page) -> list[tuple[Link, str]]:
    """(state, role) of every sponsorship of the resolution or its draft."""
    rows = page.rows("""SELECT DISTINCT ?state ?role WHERE {
        { ?s unga:sponsoredDocument ?this } UNION { ?this unga:draft ?d . ?s unga:sponsoredDocument ?d }
        ?s unga:sponsor ?state . OPTIONAL { ?s unga:sponsorRole/skos:notation ?role } }
        ORDER BY ?role ?state""")
    page.prefetch(r["state"] for r in rows)
    return [(page.link(r["state"]), r["role"].value if r["role"] else "") for r in rows]


def sources(page: Page) -> list[dict[str, Any]]:
    """Articles with claims about the resolution (or its vote), and the kinds of claim."""
    rows = page.rows("""SELECT ?article (GROUP_CONCAT(DISTINCT STR(?kind); separator=" ") AS ?kinds) WHERE {
        { ?claim unga:about ?this } UNION { ?event unga:resolution ?this . ?claim unga:about ?event }
        ?claim prov:wasDerivedFrom ?article . OPTIONAL { ?claim a ?kind } }
        GROUP BY ?article ORDER BY ?article""")
    page.prefetch(r["article"] for r in rows)
    return [{"article": page.link(r["article"]),
             "kinds": [page.compact(k) for k in (r["kinds"].value.split() if r["kinds"] else [])]}
            for r in rows]


def context(page: Page) -> dict[str, Any]:
    """Everything the resolution template shows beyond the common part."""
    official = counts(page)
    return {"tally": tally(official), "tally_bar": pictures.tally_bar(official),
            "vote_map": pictures.vote_map(page), "roll_call": roll_call(page),
            "speeches": speeches(page), "sponsors": sponsors(page), "sources": sources(page)}
