"""A resolution's page: tally, veto, roll call by option, speeches, sponsors and reporting sources.

The vote on the page's resource is found once (:func:`vote_event`) and bound as ``?event`` in
the other queries: a General Assembly vote event names its resolution with ``unga:resolution``,
the Security Council vote on a draft (data/security_council) names the draft with
``opengov:motion`` only.
"""

from __future__ import annotations

from typing import Any

from graph.http.views import pictures
from graph.http.views.common import Link, Page, name_key

OPTION_ORDER = {"Y": (0, "Yes"), "N": (1, "No"), "A": (2, "Abstention"), "X": (3, "Non-voting")}


def _notation(row: dict[str, Any], key: str = "notation") -> str:
    term = row.get(key)
    return term.value if term is not None else "?"


def vote_event(page: Page) -> str | None:
    """IRI of the vote on the page's resource: the vote event naming it as its resolution (General
    Assembly) or, failing that, as its motion (a Security Council draft); None when there is none."""
    rows = page.rows("""SELECT ?event ?how WHERE {
        { ?event unga:resolution ?this BIND(0 AS ?how) }
        UNION { ?event a opengov:VoteEvent ; opengov:motion ?this BIND(1 AS ?how) } }
        ORDER BY ?how ?event LIMIT 1""")
    return rows[0]["event"].value if rows else None


def counts(page: Page, event: str | None) -> list[tuple[str, int]]:
    """(option letter, count) of the official tally of ``event``, in Y, N, A, X order."""
    if event is None:
        return []
    rows = page.rows("""SELECT DISTINCT ?c ?notation ?n WHERE {
        ?event opengov:count ?c . ?c opengov:option ?option ; rdf:value ?n .
        OPTIONAL { ?option skos:notation ?notation } }""", event=event)
    rows.sort(key=lambda r: OPTION_ORDER.get(_notation(r), (9, ""))[0])
    return [(_notation(r), int(r["n"].value)) for r in rows]


def tally(official: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """(option name, count) pairs of the official counts."""
    return [(OPTION_ORDER.get(letter, (9, letter))[1], str(n)) for letter, n in official]


def vetoes(page: Page, event: str | None) -> list[Link]:
    """The permanent members that vetoed ``event`` (``unga:vetoedBy``), by name."""
    if event is None:
        return []
    rows = page.rows("SELECT DISTINCT ?state WHERE { ?event unga:vetoedBy ?state }", event=event)
    page.prefetch(r["state"] for r in rows)
    return sorted((page.link(r["state"]) for r in rows), key=lambda link: name_key(link.text))


def vote_note(page: Page, event: str | None) -> str:
    """The record's note on ``event`` (``unga:voteNote``), or ""."""
    if event is None:
        return ""
    rows = page.rows("SELECT ?note WHERE { ?event unga:voteNote ?note } ORDER BY ?note", event=event)
    return " ".join(r["note"].value for r in rows)


def roll_call(page: Page, event: str | None) -> list[tuple[str, list[Link]]]:
    """(option name, states by name) for every option that has ballots, in Y, N, A, X order."""
    if event is None:
        return []
    rows = page.rows("""SELECT ?state ?notation WHERE {
        ?ballot opengov:voteEvent ?event ; opengov:voter ?state ; opengov:option ?option .
        OPTIONAL { ?option skos:notation ?notation } }""", event=event)
    groups: dict[str, list[Link]] = {}
    page.prefetch(r["state"] for r in rows)
    for row in rows:
        groups.setdefault(_notation(row), []).append(page.link(row["state"]))
    order = sorted(groups, key=lambda n: OPTION_ORDER.get(n, (9, n))[0])
    return [(OPTION_ORDER.get(n, (9, n))[1], sorted(groups[n], key=_by_name)) for n in order]


def _by_name(link: Link) -> tuple[str, str]:
    return name_key(link.text), link.href or ""


def is_security_council(page: Page) -> bool:
    """True for a Security Council draft (its record has counts and vetoes, no roll call)."""
    return bool(page.rows("SELECT ?t WHERE { ?this a unga:SecurityCouncilDraft BIND(1 AS ?t) } LIMIT 1"))


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
    """(state, role) of every sponsorship of the resolution or its draft, by role then name."""
    rows = page.rows("""SELECT DISTINCT ?state ?role WHERE {
        { ?s unga:sponsoredDocument ?this } UNION { ?this unga:draft ?d . ?s unga:sponsoredDocument ?d }
        ?s unga:sponsor ?state . OPTIONAL { ?s unga:sponsorRole/skos:notation ?role } }""")
    page.prefetch(r["state"] for r in rows)
    found = [(page.link(r["state"]), r["role"].value if r["role"] else "") for r in rows]
    return sorted(found, key=lambda pair: (pair[1], *_by_name(pair[0])))


def sources(page: Page, event: str | None) -> list[dict[str, Any]]:
    """Articles with claims about the resolution (or its vote), and the kinds of claim."""
    about = "{ ?claim unga:about ?this }" + (" UNION { ?claim unga:about ?event }" if event else "")
    rows = page.rows(f"""SELECT ?article (GROUP_CONCAT(DISTINCT STR(?kind); separator=" ") AS ?kinds) WHERE {{
        {about} ?claim prov:wasDerivedFrom ?article . OPTIONAL {{ ?claim a ?kind }} }}
        GROUP BY ?article ORDER BY ?article""", **({"event": event} if event else {}))
    page.prefetch(r["article"] for r in rows)
    return [{"article": page.link(r["article"]),
             "kinds": [page.compact(k) for k in (r["kinds"].value.split() if r["kinds"] else [])]}
            for r in rows]


def context(page: Page) -> dict[str, Any]:
    """Everything the resolution template shows beyond the common part."""
    event = vote_event(page)
    official = counts(page, event)
    ballots = roll_call(page, event)
    return {"tally": tally(official), "tally_bar": pictures.tally_bar(official),
            "vetoes": vetoes(page, event), "vote_note": vote_note(page, event),
            "security_council": is_security_council(page),
            "vote_map": pictures.vote_map(page, event) if ballots else None, "roll_call": ballots,
            "speeches": speeches(page), "sponsors": sponsors(page), "sources": sources(page, event)}
