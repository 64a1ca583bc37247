"""The shipped Ukraine resolutions, end to end: build -> store -> named queries."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from tests.conftest import run_named

ES = [f"A/RES/ES-11/{n}" for n in range(1, 7)]


def tally(row: dict[str, str | None]) -> tuple[int, int, int, int]:
    return tuple(int(row[k] or -1) for k in ("yes", "no", "abstain", "non_voting"))  # type: ignore[return-value]


def test_resolutions_lists_all_seven_with_official_tallies(db: ox.Store) -> None:
    rows = run_named(db, "resolutions")
    assert list(rows[0]) == ["symbol", "date", "title", "yes", "no", "abstain", "non_voting"]
    by_symbol = {r["symbol"]: r for r in rows}
    assert sorted(by_symbol) == sorted(["A/RES/68/262", *ES])
    expected = {
        "A/RES/68/262": ("2014-03-27", (100, 11, 58, 24)),
        "A/RES/ES-11/1": ("2022-03-02", (141, 5, 35, 12)),
        "A/RES/ES-11/2": ("2022-03-24", (140, 5, 38, 10)),
        "A/RES/ES-11/3": ("2022-04-07", (93, 24, 58, 18)),
        "A/RES/ES-11/4": ("2022-10-12", (143, 5, 35, 10)),
        "A/RES/ES-11/5": ("2022-11-14", (94, 14, 73, 12)),
        "A/RES/ES-11/6": ("2023-02-23", (141, 7, 32, 13)),
    }
    for symbol, (day, counts) in expected.items():
        assert by_symbol[symbol]["date"] == day, symbol
        assert tally(by_symbol[symbol]) == counts, symbol
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert "Territorial integrity of Ukraine" in (by_symbol["A/RES/68/262"]["title"] or "")


def test_es_11_4_adopted_143_5_35_on_2022_10_12(db: ox.Store) -> None:
    row = next(r for r in run_named(db, "resolutions") if r["symbol"] == "A/RES/ES-11/4")
    assert (row["date"], tally(row)[:3]) == ("2022-10-12", (143, 5, 35))


def test_russia_voted_no_on_every_emergency_session_resolution(db: ox.Store) -> None:
    record = {r["symbol"]: r["vote"] for r in run_named(db, "state_record", iso3="RUS")}
    assert list(run_named(db, "state_record", iso3="RUS")[0]) == ["symbol", "date", "vote"]
    assert {symbol: record[symbol] for symbol in ES} == dict.fromkeys(ES, "N")
    assert record["A/RES/68/262"] == "N"


def test_china_abstained_on_es_11_1_and_voted_no_on_es_11_3(db: ox.Store) -> None:
    record = {r["symbol"]: r["vote"] for r in run_named(db, "state_record", iso3="CHN")}
    assert record["A/RES/ES-11/1"] == "A"
    assert record["A/RES/ES-11/3"] == "N"


def test_roll_call_of_es_11_1_is_complete_with_12_non_voting(db: ox.Store) -> None:
    rows = run_named(db, "roll_call", symbol="A/RES/ES-11/1")
    assert list(rows[0]) == ["iso3", "state", "vote"]
    assert len(rows) == 193
    assert len({r["iso3"] for r in rows}) == 193
    votes = [r["vote"] for r in rows]
    assert (votes.count("Y"), votes.count("N"), votes.count("A"), votes.count("X")) == (141, 5, 35, 12)
    by_state = {r["iso3"]: r for r in rows}
    assert by_state["RUS"]["vote"] == "N" and by_state["UKR"]["vote"] == "Y"
    assert by_state["UKR"]["state"] == "Ukraine"


def test_roll_call_of_a_partial_resolution_returns_only_known_ballots(db: ox.Store) -> None:
    rows = run_named(db, "roll_call", symbol="A/RES/ES-11/4")
    assert 0 < len(rows) < 193
    assert len(rows) == 51
    assert {r["iso3"]: r["vote"] for r in rows}["RUS"] == "N"


@pytest.mark.parametrize(("a", "b", "share"), [("USA", "RUS", 0.0), ("UKR", "UKR", 1.0), ("RUS", "BLR", 1.0)])
def test_agreement(db: ox.Store, a: str, b: str, share: float) -> None:
    rows = run_named(db, "agreement", a=a, b=b)
    assert list(rows[0]) == ["votes", "agreed", "share"]
    assert int(rows[0]["votes"] or 0) >= 3
    assert float(rows[0]["share"] or "nan") == share


def test_usa_russia_agreement_counts_only_known_ballot_pairs(db: ox.Store) -> None:
    # The shipped partial roll calls settle no US ballot for ES-11/2 and ES-11/4, so of the
    # seven votes five have a known Y/N pair: 68/262, ES-11/1, /3, /5 and /6.
    rows = run_named(db, "agreement", a="USA", b="RUS")
    assert (int(rows[0]["votes"] or 0), int(rows[0]["agreed"] or -1)) == (5, 0)


def test_members_have_codes_and_wikidata_links(db: ox.Store) -> None:
    query = """
        PREFIX unga: <https://w3id.org/unga-kg/ontology#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?iso3 ?wd WHERE { ?s a ?kind ; unga:iso3 ?iso3 ; owl:sameAs ?wd .
          VALUES ?kind { unga:MemberState unga:ObserverState } }"""
    rows = {r["iso3"].value: r["wd"].value for r in db.query(query, use_default_graph_as_union=True)}
    assert len(rows) == 195
    assert rows["UKR"] == "http://www.wikidata.org/entity/Q212"
    assert rows["RUS"] == "http://www.wikidata.org/entity/Q159"


def test_each_source_is_its_own_named_graph(built_store) -> None:  # noqa: ANN001
    graphs = set(built_store.manifest())
    base = "https://w3id.org/unga-kg/graph/"
    assert {base + "ontology", base + "members", base + "undl"} <= graphs
