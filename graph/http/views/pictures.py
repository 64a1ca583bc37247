"""Pictures on the linked-data pages, drawn on the server as SVG (no script, no network).

* the tally bar of a resolution (segment widths proportional to the official counts),
* the world map of a resolution coloured by each state's ballot (shapes: :mod:`worldmap`),
* a state's record over time (one dot per recorded vote, by date and option).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.http.views.common import Page
from graph.http.views.worldmap import SOURCE, load_map

# one colour per ballot option; None = no ballot known for a member state
VOTE_COLOURS: dict[str | None, str] = {
    "Y": "#2e7d32", "N": "#c62828", "A": "#f2a900", "X": "#8e9aa6", None: "#dfe3e8",
}
VOTE_NAMES: dict[str | None, str] = {
    "Y": "Yes", "N": "No", "A": "Abstention", "X": "Non-voting", None: "No ballot known",
}
NOT_A_STATE = "#f6f6f4"
BAR_WIDTH = 1000.0
CHART = {"width": 900.0, "height": 190.0, "left": 110.0, "right": 20.0, "top": 14.0, "bottom": 30.0}
CHART_ROWS = ["Y", "A", "N", "X", None]
LABELLED = 30  # up to this many votes: evenly spaced and labelled


@dataclass
class Segment:
    """One option's part of the tally bar (x and width in bar units of ``BAR_WIDTH``)."""

    letter: str
    name: str
    count: int
    x: float
    width: float
    colour: str


def tally_bar(counts: list[tuple[str, int]]) -> list[Segment]:
    """Segments of a bar whose widths are proportional to ``counts`` ((letter, n), in order)."""
    total = sum(n for _, n in counts)
    segments, x = [], 0.0
    for letter, n in counts:
        width = BAR_WIDTH * n / total if total else 0.0
        segments.append(Segment(letter, VOTE_NAMES.get(letter, letter), n, round(x, 3), round(width, 3),
                                VOTE_COLOURS.get(letter, "#999")))
        x += width
    return segments


def legend(letters: list[str | None]) -> list[tuple[str, str]]:
    """(colour, name) pairs for a legend."""
    return [(VOTE_COLOURS[letter], VOTE_NAMES[letter]) for letter in letters]


def vote_map(page: Page, event: str) -> dict[str, Any] | None:
    """The world map of the vote ``event``: one coloured shape per state (None without shapes)."""
    world = load_map()
    if world is None:
        return None
    rows = page.rows("""SELECT ?m49 ?iso3 ?name ?vote WHERE {
        ?state unga:m49 ?m49 ; unga:iso3 ?iso3 . OPTIONAL { ?state rdfs:label ?name }
        OPTIONAL { ?ballot opengov:voteEvent ?event ;
                   opengov:voter ?state ; opengov:option/skos:notation ?vote } }""", event=event)
    states = {r["m49"].value: r for r in rows}
    shapes, placed = [], set()
    for shape in world.shapes:
        row = states.get(shape.m49)
        if row is None:
            shapes.append({"d": shape.d, "fill": NOT_A_STATE, "iso3": "", "vote": "",
                           "title": f"{shape.name}: not a state in this graph", "dot": None})
            continue
        vote = row["vote"].value if row["vote"] is not None else None
        name = row["name"].value if row["name"] is not None else row["iso3"].value
        placed.add(shape.m49)
        shapes.append({"d": shape.d, "fill": VOTE_COLOURS[vote], "iso3": row["iso3"].value,
                       "vote": vote or "", "title": f"{name}: {VOTE_NAMES[vote]}", "dot": shape.dot})
    missing = sorted((r["name"] or r["iso3"]).value for m49, r in states.items()
                     if m49 not in placed and r["vote"] is not None)
    known = sum(1 for r in states.values() if r["vote"] is not None)
    partial = bool(page.rows("""SELECT ?partial WHERE { ?event unga:completeRollCall ?partial
        FILTER (!?partial) } LIMIT 1""", event=event))
    return {"width": world.width, "height": world.height, "outline": world.outline,
            "shapes": shapes, "source": SOURCE, "known": known, "partial": partial,
            "legend": legend(["Y", "N", "A", "X", None]), "not_drawn": missing}


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def record_chart(page: Page, votes: dict[str, str | None]) -> dict[str, Any] | None:
    """The page's state's ballots over time: every recorded vote, by date (x) and option (row).

    ``votes`` maps each vote event IRI where the state has a ballot to its option's notation
    (the state page reads them once for its table). Votes whose ballot for this state is not
    in the record (partial roll calls) are drawn as hollow dots in the "No ballot known" row,
    so the gaps in the data are visible. None when the state cast no known ballot.
    """
    if not any(votes.values()):
        return None
    rows = page.rows("""SELECT ?event ?symbol ?date WHERE {
        ?event unga:resolution ?resolution .
        ?resolution a unga:Resolution ; dcterms:identifier ?symbol ; dcterms:date ?date . }
        ORDER BY ?date ?symbol""")
    raw = [(r["symbol"].value, _day(r["date"].value), votes.get(r["event"].value)) for r in rows]
    points = [(symbol, day, vote) for symbol, day, vote in raw if day is not None]
    if not any(vote for _, _, vote in points):
        return None
    c = CHART
    plot_w = c["width"] - c["left"] - c["right"]
    row_h = (c["height"] - c["top"] - c["bottom"]) / (len(CHART_ROWS) - 1)
    few = len(points) <= LABELLED
    first, last = points[0][1].toordinal(), points[-1][1].toordinal()

    def x_of(i: int, day: date) -> float:
        """Evenly spaced in date order when there are few votes, on a time scale otherwise."""
        if len(points) == 1:
            share = 0.5
        elif few:
            share = i / (len(points) - 1)
        else:
            share = (day.toordinal() - first) / max(last - first, 1)
        return round(c["left"] + plot_w * share, 1)

    dots = [{"x": x_of(i, day), "y": round(c["top"] + row_h * CHART_ROWS.index(vote), 1),
             "symbol": symbol, "date": day.isoformat(), "vote": vote or "",
             "fill": VOTE_COLOURS[vote] if vote else "none", "stroke": VOTE_COLOURS[vote]}
            for i, (symbol, day, vote) in enumerate(points)]
    ticks, seen = [], set()
    for dot, (_, day, _) in zip(dots, points, strict=True):
        if day.year not in seen:
            seen.add(day.year)
            ticks.append({"x": dot["x"], "label": str(day.year)})
    known = [d for d in dots if d["vote"]]
    return {**c, "rows": [{"y": round(c["top"] + row_h * i, 1), "name": VOTE_NAMES[v]}
                          for i, v in enumerate(CHART_ROWS)],
            "dots": dots, "line": " ".join(f"{d['x']},{d['y']}" for d in known if d["vote"] != "X"),
            "ticks": ticks if few else ticks[:: max(1, len(ticks) // 8)], "labels": few}
