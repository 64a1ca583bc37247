"""Disagreements between news articles and the official record (queries/conflicts.rq).

On the shipped build: the Security Council veto that seed 002 dates 29 September 2022 (the
official record, data/security_council/, says 30 September). On a copy with one more article
loaded by ``unga-kg load articles`` (own texts): a tally with one wrong number, still linked by
date, and a named ballot that differs from the official one; a tally with two wrong numbers and
two wrong ballots, linked by its exact date alone (``date+near-tally``); the same numbers with a
date on which the record has no vote, left unlinked.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pyoxigraph as ox
import pytest

from graph.store import GraphStore
from graph.vocab import Iris
from loaders.articles.extract import extract_with_spans
from loaders.articles.linking import OfficialIndex, OfficialVote
from loaders.articles.loader import article_id
from loaders.articles.model import VetoClaim, VoteClaim
from tests.conftest import run_cli, run_named
from tests.test_article_graph import rows, seed_article

IRIS = Iris()
MISREPORTED = """date 2022-11-15

The General Assembly on Monday backed a call for Russia to pay reparations to Ukraine.

The tally was 94-15, with 73 abstentions. India voted against the measure, while Brazil abstained.
"""

NEAR_MISS = """date 2022-10-13

The General Assembly on Wednesday condemned Russia's attempted annexation of four Ukrainian regions.

The vote was 143-6 with 34 abstentions. India and China voted against the resolution.
"""
"""A/RES/ES-11/4 (2022-10-12) is officially 143-5-35; India and China abstained."""
WRONG_DAY = NEAR_MISS.replace("date 2022-10-13", "date 2022-10-14").replace("Wednesday", "Thursday")
"""The same numbers dated 2022-10-13, a day the record has no vote: nothing to link to."""


@pytest.fixture(scope="module")
def conflict_db(built_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> tuple[ox.Store, str]:
    """A copy of the build with the misreporting articles loaded; (database, first article IRI)."""
    folder = tmp_path_factory.mktemp("conflicts")
    root = folder / "store"
    shutil.copytree(built_store.root, root, symlinks=True)
    paths = []
    for name, text in (("misreported", MISREPORTED), ("near_miss", NEAR_MISS), ("wrong_day", WRONG_DAY)):
        paths.append(folder / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    result = run_cli("load", "articles", *map(str, paths), "--store", str(root))
    assert result.returncode == 0, result.stderr
    return GraphStore(root).open(), IRIS.article(article_id(MISREPORTED))


def test_security_council_record_is_official(db: ox.Store) -> None:
    found = rows(db, """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?date ?option ?n ?vetoer WHERE { GRAPH <https://w3id.org/unga-kg/graph/security-council> {
        ?draft a unga:SecurityCouncilDraft ; dcterms:identifier "S/2022/720" ; dcterms:date ?date .
        ?event opengov:motion ?draft ; unga:vetoedBy ?vetoer ;
               opengov:count [ opengov:option ?option ; rdf:value ?n ] } }""")
    assert {r["date"] for r in found} == {"2022-09-30"}
    assert {r["vetoer"] for r in found} == {IRIS.state("RUS")}
    counts = {r["option"].rsplit("#", 1)[1]: int(r["n"]) for r in found}  # type: ignore[union-attr]
    assert counts == {"yes": 10, "no": 1, "abstention": 4}


def test_veto_date_conflict_from_seed_002(db: ox.Store) -> None:
    found = run_named(db, "conflicts")
    assert {"subject": "S/2022/720", "property": "date", "reported": "2022-09-29",
            "official": "2022-09-30", "source": seed_article("002")} in found
    veto = rows(db, f"""SELECT ?how WHERE {{ <{seed_article('002')}/veto/1> a unga:ReportedVeto ;
        unga:about <{IRIS.resolution('S/2022/720')}> ; unga:matchedBy ?how }}""")
    assert veto == [{"how": "vetoer+nearby-date"}]


def test_seeds_agree_with_the_record_otherwise(db: ox.Store) -> None:
    found = run_named(db, "conflicts")
    assert [(r["subject"], r["property"]) for r in found] == [("S/2022/720", "date")]


def test_misreported_tally_is_a_conflict(conflict_db: tuple[ox.Store, str]) -> None:
    db, article = conflict_db
    found = [r for r in run_named(db, "conflicts") if r["source"] == article]
    assert {"subject": "A/RES/ES-11/5", "property": "no", "reported": "15", "official": "14",
            "source": article} in found
    tallies = [r for r in run_named(db, "reported_tallies") if r["source"] == article]
    assert [(r["symbol"], r["no"], r["official_no"], r["agrees"]) for r in tallies] == [
        ("A/RES/ES-11/5", "15", "14", "false")]


def test_reported_ballot_that_differs_is_a_conflict(conflict_db: tuple[ox.Store, str]) -> None:
    db, article = conflict_db
    found = [r for r in run_named(db, "conflicts") if r["source"] == article]
    assert {"subject": "A/RES/ES-11/5", "property": "vote of IND", "reported": "N",
            "official": "A", "source": article} in found
    assert not [r for r in found if r["property"] == "vote of BRA"]  # Brazil did abstain


def test_exact_date_links_a_tally_with_two_wrong_numbers(conflict_db: tuple[ox.Store, str]) -> None:
    db, _ = conflict_db
    article = IRIS.article(article_id(NEAR_MISS))
    tallies = [r for r in run_named(db, "reported_tallies") if r["source"] == article]
    assert [(r["symbol"], r["official_no"], r["official_abstain"], r["agrees"]) for r in tallies] == [
        ("A/RES/ES-11/4", "5", "35", "false")]
    found = {(r["subject"], r["property"], r["reported"], r["official"])
             for r in run_named(db, "conflicts") if r["source"] == article}
    assert found == {("A/RES/ES-11/4", "no", "6", "5"), ("A/RES/ES-11/4", "abstain", "34", "35"),
                     ("A/RES/ES-11/4", "vote of IND", "N", "A"), ("A/RES/ES-11/4", "vote of CHN", "N", "A")}
    how = rows(db, f"SELECT ?how WHERE {{ <{article}/vote/1> unga:matchedBy ?how }}")
    assert how == [{"how": "date+near-tally"}]


def test_wrong_date_and_wrong_numbers_stay_unlinked(conflict_db: tuple[ox.Store, str]) -> None:
    db, _ = conflict_db
    article = IRIS.article(article_id(WRONG_DAY))
    tallies = [r for r in run_named(db, "reported_tallies") if r["source"] == article]
    assert [(r["symbol"], r["official_yes"]) for r in tallies] == [(None, None)]
    assert not [r for r in run_named(db, "conflicts") if r["source"] == article]


# --- the linking rules, without a store ---------------------------------------------------------

INDEX = OfficialIndex.of([
    OfficialVote("A/RES/ES-11/4", dt.date(2022, 10, 12), 143, 5, 35, 10),
    OfficialVote("A/RES/ES-11/5", dt.date(2022, 11, 14), 94, 14, 73, 12),
    OfficialVote("A/RES/ES-11/1", dt.date(2022, 3, 2), 141, 5, 35, 12),
    OfficialVote("A/RES/ES-11/6", dt.date(2023, 2, 23), 141, 7, 32, 13),
    OfficialVote("S/2022/720", dt.date(2022, 9, 30), 10, 1, 4, None, "Security Council",
                 frozenset({"RUS"})),
])


@pytest.mark.parametrize(("vote", "published", "expected"), [
    (VoteClaim(resolution="A/RES/ES-11/4"), None, ("A/RES/ES-11/4", "symbol")),
    (VoteClaim(94, 14, 73), None, ("A/RES/ES-11/5", "tally")),
    (VoteClaim(94, 15, 73, date=dt.date(2022, 11, 14)), None, ("A/RES/ES-11/5", "date+tally")),
    # an exact full date with one vote that day: every number near its count is enough
    (VoteClaim(94, 15, 74, date=dt.date(2022, 11, 14)), None, ("A/RES/ES-11/5", "date+near-tally")),
    (VoteClaim(143, 6, 34, date=dt.date(2022, 10, 12)), None, ("A/RES/ES-11/4", "date+near-tally")),
    (VoteClaim(136, 8, 38, date=dt.date(2022, 10, 12)), None, ("A/RES/ES-11/4", "date+near-tally")),
    (VoteClaim(142, date=dt.date(2022, 10, 12)), None, ("A/RES/ES-11/4", "date+near-tally")),
    (VoteClaim(141, date=dt.date(2022, 10, 12)), None, ("A/RES/ES-11/4", "date+near-tally")),
    # ... but not numbers far from it, a wrong date, a date without its year, another symbol,
    # or numbers that are exactly another vote's tally (that vote is linked, the date conflicts)
    (VoteClaim(135, 5, 35, date=dt.date(2022, 10, 12)), None, ("A/RES/ES-11/4", "date+tally")),
    (VoteClaim(134, 9, 35, date=dt.date(2022, 10, 12)), None, (None, "none")),
    (VoteClaim(10, 1, 4, date=dt.date(2022, 10, 12)), None, (None, "none")),
    (VoteClaim(107, 13, 39, date=dt.date(2022, 10, 12)), None, (None, "none")),
    (VoteClaim(143, 6, 34, date=dt.date(2022, 10, 13)), None, (None, "none")),
    (VoteClaim(143, 6, 34, date=dt.date(2022, 11, 14)), None, (None, "none")),
    (VoteClaim(143, 6, 34, month=10, day=12), None, (None, "none")),
    # "Oct. 12" resolved to 2022 against the publication date: the year is inferred, not exact
    (VoteClaim(140, 8, 38, date=dt.date(2022, 10, 12), month=10, day=12), None, (None, "none")),
    (VoteClaim(143, 5, 34, date=dt.date(2022, 10, 12), month=10, day=12), None,
     ("A/RES/ES-11/4", "date+tally")),
    (VoteClaim(143, 6, 34, resolution="A/RES/77/9", date=dt.date(2022, 10, 12)), None, (None, "none")),
    (VoteClaim(141, 7, 32, date=dt.date(2022, 10, 12)), None, ("A/RES/ES-11/6", "tally")),
    (VoteClaim(141, 5, 35, month=3, day=2), None, ("A/RES/ES-11/1", "date+tally")),
    (VoteClaim(143), None, ("A/RES/ES-11/4", "tally")),
    (VoteClaim(date=dt.date(2022, 10, 12)), None, ("A/RES/ES-11/4", "date")),
    (VoteClaim(94, 14, 73), dt.date(2022, 1, 1), (None, "none")),  # published before the vote
    (VoteClaim(10, 1, 4), None, (None, "none")),  # Security Council tallies are not GA votes
])
def test_match_vote(vote: VoteClaim, published: dt.date | None, expected: tuple[str | None, str]) -> None:
    link = INDEX.match_vote(vote, published)
    assert (link.symbol, link.matched_by) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a month and day whose year is inferred from the publication date: one wrong number at most
    ("date 2023-03-01\nThe General Assembly adopted on Oct. 12 a resolution by 140-8 with 38 abstentions.\n",
     (None, "none")),
    ("date 2023-03-01\nThe General Assembly adopted on 12 October a resolution 140-8 with 38 abstentions.\n",
     (None, "none")),
    ("date 2023-03-01\nThe General Assembly adopted on Oct. 12 a resolution by 143-5 with 38 abstentions.\n",
     ("A/RES/ES-11/4", "date+tally")),
    # the date in full, a weekday resolved against the publication date, or a weekday that agrees
    ("The General Assembly adopted on Oct. 12, 2022 a resolution by 140-8 with 38 abstentions.\n",
     ("A/RES/ES-11/4", "date+near-tally")),
    ("date 2022-10-13\nThe General Assembly on Wednesday adopted a text by 140-8 with 38 abstentions.\n",
     ("A/RES/ES-11/4", "date+near-tally")),
    ("date 2023-03-01\nThe General Assembly adopted on Wednesday, Oct. 12 a resolution by 140-8 with 38 "
     "abstentions.\n", ("A/RES/ES-11/4", "date+near-tally")),
])
def test_near_tally_needs_an_exact_date(text: str, expected: tuple[str | None, str]) -> None:
    extraction = extract_with_spans(text, "t.txt")
    assert len(extraction.votes) == 1
    link = INDEX.match_vote(extraction.votes[0], extraction.published)
    assert (link.symbol, link.matched_by) == expected


def test_several_votes_on_the_date_are_told_apart_by_tally_only() -> None:
    day = dt.date(2022, 12, 7)
    index = OfficialIndex.of([OfficialVote("A/RES/77/1", day, 150, 2, 30),
                              OfficialVote("A/RES/77/2", day, 120, 40, 20)])
    assert index.match_vote(VoteClaim(150, 3, 30, date=day)).symbol == "A/RES/77/1"
    assert index.match_vote(VoteClaim(121, 40, 20, date=day)).symbol == "A/RES/77/2"
    assert not index.match_vote(VoteClaim(151, 3, 30, date=day)).linked  # near, but which of two?
    alone = OfficialIndex.of([OfficialVote("A/RES/77/1", day, 150, 2, 30)])
    assert alone.match_vote(VoteClaim(151, 3, 30, date=day)).matched_by == "date+near-tally"


def test_match_veto() -> None:
    assert INDEX.match_veto(VetoClaim("RUS", dt.date(2022, 9, 30))).matched_by == "vetoer+date"
    near = INDEX.match_veto(VetoClaim("RUS", dt.date(2022, 9, 29)))
    assert (near.symbol, near.mismatches) == ("S/2022/720", ("date",))
    assert not INDEX.match_veto(VetoClaim("USA", dt.date(2022, 9, 30))).linked
    assert not INDEX.match_veto(VetoClaim("RUS", dt.date(2023, 9, 30))).linked
