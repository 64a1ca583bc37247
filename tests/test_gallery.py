"""The research query gallery (queries/*.rq) against the shipped data: exact facts.

The claim queries (speakers, sponsors, claims against the record) run on a copy of the built store
with a small article graph in the article-claim model (tests/fixtures/gallery/article_claims.ttl)
loaded as ``…/graph/article/test``, and only look at that article's rows, so they hold whether or
not the shipped article graphs are built too.
"""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from graph.queries import named_queries
from graph.store import GraphStore
from tests.conftest import REPO, run_cli, run_named

ES = [f"A/RES/ES-11/{n}" for n in range(1, 7)]
UKRAINE = ["A/RES/68/262", *ES]
ARTICLE = "https://w3id.org/unga-kg/id/article/0000000000aa"
FIXTURE = REPO / "tests" / "fixtures" / "gallery" / "article_claims.ttl"

# name -> sample parameters; every query of this gallery is run with them
GALLERY: dict[str, dict[str, str]] = {
    "ukraine_record": {"iso3": "CHN"},
    "ukraine_pivot": {},
    "position_changes": {"a": "A/RES/ES-11/1", "b": "A/RES/ES-11/5"},
    "coincidence": {"a": "USA"},
    "cohesion": {"states": "DEU FRA POL"},
    "absences": {},
    "vote_summary": {},
    "majority_alignment": {},
    "tallies_over_time": {},
    "roll_call_coverage": {},
    "ballots": {},
    "speakers_by_state": {"iso3": "UKR"},
    "sponsor_votes": {"symbol": "A/RES/ES-11/5"},
    "claims_vs_record": {},
}


@pytest.fixture(scope="module")
def claims_db(built_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """A copy of the built store with the test article graph loaded by ``unga-kg load rdf``."""
    root = tmp_path_factory.mktemp("gallery") / "store"
    shutil.copytree(built_store.root, root, symlinks=True)
    result = run_cli("load", "rdf", str(FIXTURE), "--graph",
                     "https://w3id.org/unga-kg/graph/article/test", "--store", str(root))
    assert result.returncode == 0, result.stderr
    return GraphStore(root).open()


def by(rows: list[dict[str, str | None]], key: str) -> dict[str | None, dict[str, str | None]]:
    return {r[key]: r for r in rows}


def test_there_are_at_least_fifteen_named_queries() -> None:
    assert len(named_queries()) >= 15
    assert set(GALLERY) <= set(named_queries())


@pytest.mark.parametrize("name", sorted(GALLERY))
def test_header_is_complete_and_columns_are_the_output(name: str, claims_db: ox.Store) -> None:
    query = named_queries()[name]
    assert query.title and query.description and query.columns
    declared = {p.name for p in query.params}
    assert set(GALLERY[name]) == declared
    for param in query.params:
        assert param.description
    rows = run_named(claims_db, name, **GALLERY[name])
    assert rows, f"{name} returned no rows"
    assert list(rows[0]) == query.columns


def test_ukraine_record_of_china(db: ox.Store) -> None:
    rows = run_named(db, "ukraine_record", iso3="CHN")
    assert [r["symbol"] for r in rows] == UKRAINE
    assert [r["vote"] for r in rows] == ["A", "A", "A", "N", "A", "N", "A"]
    assert [r["complete"] for r in rows] == ["true", "true", "false", "false", "false", "false", "true"]


def test_ukraine_record_leaves_unknown_ballots_empty(db: ox.Store) -> None:
    votes = {r["symbol"]: r["vote"] for r in run_named(db, "ukraine_record", iso3="UKR")}
    assert votes == {"A/RES/68/262": "Y", "A/RES/ES-11/1": "Y", "A/RES/ES-11/2": None,
                     "A/RES/ES-11/3": None, "A/RES/ES-11/4": None, "A/RES/ES-11/5": "Y",
                     "A/RES/ES-11/6": "Y"}


def test_ukraine_pivot(db: ox.Store) -> None:
    rows = by(run_named(db, "ukraine_pivot"), "iso3")
    assert len(rows) == 193
    columns = ["r68_262", "es11_1", "es11_2", "es11_3", "es11_4", "es11_5", "es11_6"]
    assert [rows["RUS"][c] for c in columns] == ["N"] * 7
    assert [rows["IND"][c] for c in columns] == ["A"] * 7
    assert [rows["UKR"][c] for c in columns] == ["Y", "Y", "", "", "", "Y", "Y"]
    assert rows["RUS"]["state"] == "Russian Federation"


def test_states_yes_on_es_11_1_and_abstaining_on_es_11_5(db: ox.Store) -> None:
    rows = run_named(db, "position_changes", a="A/RES/ES-11/1", b="A/RES/ES-11/5")
    pairs = [(r["vote_a"], r["vote_b"]) for r in rows]
    assert len(rows) == 44 and all(a != b for a, b in pairs)
    y_to_a = {r["iso3"] for r in rows if (r["vote_a"], r["vote_b"]) == ("Y", "A")}
    assert len(y_to_a) == 29
    assert {"BRA", "EGY", "IDN", "ISR", "NGA", "MYS"} <= y_to_a
    assert by(rows, "iso3")["CHN"]["vote_b"] == "N"  # A on ES-11/1, N on ES-11/5
    assert "RUS" not in by(rows, "iso3")  # N on both


def test_coincidence_of_the_united_states(db: ox.Store) -> None:
    rows = by(run_named(db, "coincidence", a="USA"), "b")
    assert "USA" not in rows and "TKM" not in rows and len(rows) == 191  # TKM: X on all 4 known
    assert (rows["RUS"]["votes"], rows["RUS"]["agreed"], rows["RUS"]["coincidence"]) == ("5", "0", "0")
    assert (rows["DEU"]["votes"], rows["DEU"]["agreed"], rows["DEU"]["coincidence"]) == ("5", "5", "1")
    # India abstained every time: no Y/N vote in common, half agreement on each of 5 votes
    assert (rows["IND"]["votes"], rows["IND"]["coincidence"]) == ("0", None)
    assert (rows["IND"]["votes_yna"], float(rows["IND"]["agreement_half"] or 0)) == ("5", 0.5)
    # China: A, A, A, N, A(unknown for the US on ES-11/4 is left out) -> two Y/N votes, both opposite
    assert (rows["CHN"]["votes"], rows["CHN"]["agreed"]) == ("2", "0")
    assert float(rows["CHN"]["agreement_half"] or 0) == pytest.approx(1.5 / 5)


def test_coincidence_of_russia_and_belarus_is_total(db: ox.Store) -> None:
    rows = run_named(db, "coincidence", a="RUS")
    assert rows[0]["b"] in {"BLR", "PRK"} and rows[0]["coincidence"] == "1"
    assert by(rows, "b")["BLR"]["votes"] == "7"


def test_cohesion_of_a_group(db: ox.Store) -> None:
    rows = by(run_named(db, "cohesion", states="DEU FRA POL"), "symbol")
    assert set(rows) == {"A/RES/68/262", "A/RES/ES-11/1", "A/RES/ES-11/3", "A/RES/ES-11/5", "A/RES/ES-11/6"}
    assert {r["cohesion"] for r in rows.values()} == {"1"}
    brics = by(run_named(db, "cohesion", states="bra, RUS,ind CHN;zaf"), "symbol")
    es3 = brics["A/RES/ES-11/3"]  # RUS N, CHN N, IND A, (BRA, ZAF unknown)
    assert (es3["known"], es3["yes"], es3["no"], es3["abstain"]) == ("3", "0", "2", "1")
    assert float(es3["cohesion"] or 0) == pytest.approx((2 - 0.5) / 3)
    es1 = brics["A/RES/ES-11/1"]  # BRA Y; RUS N; CHN, IND, ZAF A
    assert (es1["yes"], es1["no"], es1["abstain"]) == ("1", "1", "3")
    assert float(es1["cohesion"] or 0) == pytest.approx((3 - 1) / 5)


def test_absences(db: ox.Store) -> None:
    rows = run_named(db, "absences")
    assert (rows[0]["iso3"], rows[0]["absent"], rows[0]["known"]) == ("MAR", "5", "6")
    assert by(rows, "iso3")["TKM"]["share"] == "1"
    assert "RUS" not in by(rows, "iso3")
    absent = [int(r["absent"] or 0) for r in rows]
    assert absent == sorted(absent, reverse=True)


def test_vote_summary(db: ox.Store) -> None:
    rows = by(run_named(db, "vote_summary"), "iso3")
    keys = ("yes", "no", "abstain", "non_voting", "known")
    assert [rows["RUS"][k] for k in keys] == ["0", "7", "0", "0", "7"]
    assert [rows["IND"][k] for k in ("yes", "no", "abstain", "known")] == ["0", "0", "7", "7"]
    assert rows["TKM"]["yes_share"] is None and rows["UKR"]["yes_share"] == "1"


def test_majority_alignment(db: ox.Store) -> None:
    rows = by(run_named(db, "majority_alignment"), "iso3")
    assert (rows["RUS"]["votes"], rows["RUS"]["with_majority"]) == ("7", "0")
    assert (rows["UKR"]["votes"], rows["UKR"]["share"]) == ("4", "1")


def test_tallies_over_time(db: ox.Store) -> None:
    rows = run_named(db, "tallies_over_time")
    assert [r["symbol"] for r in rows] == UKRAINE
    es5 = by(rows, "symbol")["A/RES/ES-11/5"]
    assert (es5["yes"], es5["no"], es5["abstain"], es5["non_voting"]) == ("94", "14", "73", "12")
    assert float(es5["yes_share"] or 0) == pytest.approx(94 / 181)
    assert float(es5["yes_share_yn"] or 0) == pytest.approx(94 / 108)


def test_roll_call_coverage(db: ox.Store) -> None:
    rows = by(run_named(db, "roll_call_coverage"), "symbol")
    assert {s: (r["known"], r["complete"]) for s, r in rows.items()} == {
        "A/RES/68/262": ("193", "true"), "A/RES/ES-11/1": ("193", "true"),
        "A/RES/ES-11/2": ("19", "false"), "A/RES/ES-11/3": ("105", "false"),
        "A/RES/ES-11/4": ("51", "false"), "A/RES/ES-11/5": ("167", "false"),
        "A/RES/ES-11/6": ("193", "true")}
    assert rows["A/RES/ES-11/4"]["missing"] == "142"
    assert [rows["A/RES/ES-11/4"][k] for k in ("known_yes", "known_no", "known_abstain")] == ["10", "5", "35"]


def test_ballots(db: ox.Store) -> None:
    rows = run_named(db, "ballots")
    assert len(rows) == 193 * 3 + 19 + 105 + 51 + 167
    assert {"symbol": "A/RES/ES-11/1", "date": "2022-03-02", "iso3": "RUS", "vote": "N"} in rows


def test_speakers_by_state(claims_db: ox.Store) -> None:
    rows = [r for r in run_named(claims_db, "speakers_by_state", iso3="UKR") if r["article"] == ARTICLE]
    assert {(r["speaker"], r["role"], r["symbol"]) for r in rows} == {
        ("Sergiy Kyslytsya", "ambassador", "A/RES/ES-11/5")}
    assert sorted(r["quote"] for r in rows) == [
        "It is time to recognize the need for reparation.",
        "Russia has done its best to destroy Ukraine."]
    everyone = [r for r in run_named(claims_db, "speakers_by_state") if r["article"] == ARTICLE]
    assert {(r["iso3"], r["speaker"], r["quote"]) for r in everyone if r["iso3"] == "RUS"} == {
        ("RUS", "Vassily Nebenzia", None)}


def test_sponsor_votes(claims_db: ox.Store) -> None:
    rows = run_named(claims_db, "sponsor_votes", symbol="A/RES/ES-11/5")
    found = {(r["iso3"], r["role"], r["vote"]) for r in rows if r["article"] == ARTICLE}
    assert found == {("CAN", "sponsor", "Y"), ("UKR", "co-sponsor", "Y")}


def test_claims_that_disagree_with_the_record(claims_db: ox.Store) -> None:
    rows = [r for r in run_named(claims_db, "claims_vs_record") if r["article"] == ARTICLE]
    found = {(r["kind"], r["symbol"], r["subject"], r["reported"], r["official"]) for r in rows}
    # India abstained (not against); the no count was 14, not 15. RUS and CHN did vote no: not listed.
    assert found == {("ballot", "A/RES/ES-11/5", "IND", "N", "A"),
                     ("tally", "A/RES/ES-11/5", "no", "15", "14")}
    assert by(rows, "subject")["IND"]["evidence"] == "India also voted against."

