"""Voting analytics (graph/analyze.py, ``unga-kg analyze``) on the shipped roll calls."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pyoxigraph as ox
import pytest

from graph import analyze
from graph.store import GraphStore
from tests.conftest import run_cli, run_named

EU = ("AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU "
      "SVK SVN ESP SWE").split()


@pytest.fixture(scope="module")
def matrix(db: ox.Store) -> analyze.VoteMatrix:
    return analyze.vote_matrix(analyze.ballot_rows(db))


def test_vote_matrix_shape_and_unknown_cells(matrix: analyze.VoteMatrix) -> None:
    assert matrix.codes.shape == (193, 7)
    assert matrix.symbols[0] == "A/RES/68/262" and matrix.symbols[-1] == "A/RES/ES-11/6"
    ukr = matrix.codes[matrix.states.index("UKR")]
    assert [int(c) for c in ukr] == [1, 1, 0, 0, 0, 1, 1]  # ES-11/2..4 unknown: 0, not abstention


def test_agreement_of_russia_and_belarus_is_one(matrix: analyze.VoteMatrix) -> None:
    share = analyze.agreement_share(matrix)
    rus, blr, usa = (matrix.states.index(s) for s in ("RUS", "BLR", "USA"))
    assert share[rus, blr] == 1.0 and share[rus, usa] == 0.0
    assert np.allclose(share, share.T, equal_nan=True)


def test_agreement_matches_the_named_query(db: ox.Store, matrix: analyze.VoteMatrix) -> None:
    votes, agreed = analyze.agreement_counts(matrix)
    for a, b in (("USA", "RUS"), ("CHN", "USA"), ("RUS", "BLR"), ("IND", "UKR")):
        row = run_named(db, "agreement", a=a, b=b)[0]
        i, j = matrix.states.index(a), matrix.states.index(b)
        assert (int(votes[i, j]), int(agreed[i, j])) == (int(row["votes"] or 0), int(row["agreed"] or 0))


def test_ideal_points_put_russia_and_belarus_at_one_end_ukraine_and_the_eu_at_the_other(
        matrix: analyze.VoteMatrix) -> None:
    positions, counts = analyze.ideal_points(matrix)
    at = {s: positions[i] for i, s in enumerate(matrix.states)}
    valid = positions[~np.isnan(positions)]
    assert at["RUS"] == pytest.approx(valid.min()) and at["BLR"] == pytest.approx(valid.min())
    assert at["RUS"] < -2 and at["UKR"] > 0
    threshold = np.quantile(valid, 0.6)
    for state in ["UKR", *EU]:
        assert at[state] >= threshold, state
    ever_no = {s for i, s in enumerate(matrix.states) if (matrix.codes[i] == analyze.CODES["N"]).any()}
    assert min(at[s] for s in ["UKR", *EU]) > max(at[s] for s in ever_no)
    assert np.isnan(at["TKM"]) and counts[matrix.states.index("TKM")] == 0  # X on every known ballot


def test_cli_agreement_csv(built_store: GraphStore) -> None:
    result = run_cli("analyze", "agreement", "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["a", "b", "votes", "agreed", "share"]
    assert len(rows) == 193 * 193
    pairs = {(r["a"], r["b"]): r for r in rows}
    assert pairs["RUS", "BLR"] == {"a": "RUS", "b": "BLR", "votes": "7", "agreed": "7", "share": "1"}
    assert pairs["USA", "IND"]["share"] == ""  # no vote where both cast yes or no


def test_cli_ideal_points_to_file_with_a_subset(built_store: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "points.csv"
    result = run_cli("analyze", "ideal-points", "--resolutions", "A/RES/ES-11/1,A/RES/ES-11/6",
                     "-o", str(out), "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["iso3", "position", "votes"]
    assert len(rows) == 193
    at = {r["iso3"]: r for r in rows}
    assert float(at["RUS"]["position"]) < 0 < float(at["UKR"]["position"])
    assert at["RUS"]["votes"] == "2"
    positions = [float(r["position"]) for r in rows if r["position"]]
    assert positions == sorted(positions)


def test_cli_unknown_resolution_is_a_usage_error(built_store: GraphStore) -> None:
    result = run_cli("analyze", "agreement", "--resolutions", "A/RES/ES-11/99",
                     "--store", str(built_store.root))
    assert result.returncode == 2
    assert "A/RES/ES-11/99" in result.stderr


def test_vote_matrix_does_not_depend_on_the_order_of_the_rows(
        db: ox.Store, matrix: analyze.VoteMatrix) -> None:
    """ballot_rows reads the ballots unsorted; the matrix must be the sorted rows' matrix."""
    rows = analyze.ballot_rows(db)
    ordered = run_named(db, "ballots")
    assert sorted(map(str, rows)) == sorted(map(str, ordered))
    for shuffled in (list(reversed(ordered)), ordered[1::2] + ordered[::2]):
        again = analyze.vote_matrix(shuffled)
        assert again.states == matrix.states and again.symbols == matrix.symbols
        assert (again.codes == matrix.codes).all()


def test_two_ballots_of_a_state_on_one_resolution_keep_the_first_of_y_n_a_x() -> None:
    rows = [{"symbol": "A/RES/1", "date": "2020-01-02", "iso3": "FRA", "vote": v} for v in ("A", "N")]
    rows.append({"symbol": "A/RES/0", "date": "2020-01-01", "iso3": "FRA", "vote": "X"})
    for order in (rows, rows[::-1]):
        m = analyze.vote_matrix(order)
        assert m.symbols == ["A/RES/0", "A/RES/1"]
        assert [int(c) for c in m.codes[0]] == [analyze.CODES["X"], analyze.CODES["N"]]
