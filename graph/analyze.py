"""Voting analytics SPARQL does not do well: the state-by-state agreement matrix and a
one-dimensional ideal-point estimate, both computed with numpy from the rows of the named query
``ballots`` (symbol, date, iso3, vote). ``unga-kg analyze agreement|ideal-points`` writes them as CSV.

The vote matrix has one row per state with at least one known ballot and one column per recorded
vote (date order). A cell is the state's ballot: Y, N, A, X, or unknown. Unknown ballots —
partial roll calls, states not yet members — are missing data everywhere below, never abstentions.

Agreement (:func:`agreement_counts`) is the US State Department's voting-coincidence measure:
for states a and b, ``votes`` = recorded votes where both cast Y or N, ``agreed`` = those where
they cast the same, ``share`` = agreed / votes (empty when votes = 0). Abstentions, non-voting and
unknown ballots do not count. The matrix is symmetric; the diagonal is a state with itself.

Ideal points (:func:`ideal_points`): a one-dimensional linear factor model fitted by alternating
least squares over the observed cells only (missing-data principal components). Ballots are coded
Y = +1, A = 0, N = -1 (abstention as the middle position); X and unknown are missing. Each vote j
gets a cut ``alpha_j`` and a discrimination ``beta_j``, each state i a position ``x_i``, minimising
the squared error of ``alpha_j + beta_j * x_i`` over the observed ballots plus ``ridge * x_i**2``
(a standard-normal prior on positions, which pulls states with few known ballots toward 0).
Positions are rescaled to mean 0 and standard deviation 1, and the sign is fixed so that the
Russian Federation is negative (or, without it, Ukraine positive). Limits: one dimension only;
with few votes (7 Ukraine resolutions here) many states tie, and a state's position rests on the
ballots that happen to be known — its ``votes`` column says how many.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

import numpy as np
import pyoxigraph as ox

from graph.queries import named_queries
from graph.sparql import run_query, select_rows

CODES = {"Y": 1, "N": 2, "A": 3, "X": 4}  # 0 = unknown ballot
SCORES = {"Y": 1.0, "A": 0.0, "N": -1.0}
AGREEMENT_COLUMNS = ["a", "b", "votes", "agreed", "share"]
IDEAL_POINT_COLUMNS = ["iso3", "position", "votes"]


@dataclass
class VoteMatrix:
    """Ballots as a states x votes matrix of codes (``CODES``; 0 where the ballot is unknown)."""

    states: list[str]
    symbols: list[str]
    codes: np.ndarray

    def mask(self, *letters: str) -> np.ndarray:
        """Boolean matrix: the ballot is one of ``letters``."""
        return np.isin(self.codes, [CODES[letter] for letter in letters])


def ballot_rows(db: ox.Store) -> list[dict[str, str | None]]:
    """Rows of the named query ``ballots`` on ``db``, in no particular order.

    Its ``ORDER BY`` is left out (:func:`vote_matrix` does not need it): on the full history
    the sort took ~4.7 s of 18.6 s.
    """
    text = named_queries()["ballots"].text
    return select_rows(run_query(db, text[: text.rindex("ORDER BY")]))


def vote_matrix(rows: Iterable[dict[str, str | None]],
                resolutions: Sequence[str] | None = None) -> VoteMatrix:
    """The vote matrix of ``rows`` (ballots query, in any order), restricted to ``resolutions``.

    Columns are in date order, then by symbol. Should a state have two different ballots on
    one resolution (two vote events), the first of Y, N, A, X is kept: the same matrix
    whatever the order of the rows. Raises ValueError naming any requested resolution that has
    no known ballot.
    """
    rows = [r for r in rows if r["vote"] in CODES and r["iso3"] and r["symbol"]]
    if resolutions:
        wanted = set(resolutions)
        missing = sorted(wanted - {str(r["symbol"]) for r in rows})
        if missing:
            raise ValueError(f"no ballots recorded for {', '.join(missing)}")
        rows = [r for r in rows if r["symbol"] in wanted]
    order: dict[str, str] = {}
    cells: dict[tuple[str, str], int] = {}
    for r in rows:
        symbol, day, code = str(r["symbol"]), str(r["date"] or ""), CODES[str(r["vote"])]
        order[symbol] = min(order.get(symbol, day), day)
        cell = (str(r["iso3"]), symbol)
        cells[cell] = min(cells.get(cell, code), code)
    symbols = sorted(order, key=lambda s: (order[s], s))
    states = sorted({state for state, _ in cells})
    row_of = {s: i for i, s in enumerate(states)}
    col_of = {s: j for j, s in enumerate(symbols)}
    codes = np.zeros((len(states), len(symbols)), dtype=np.int8)
    for (state, symbol), code in cells.items():
        codes[row_of[state], col_of[symbol]] = code
    return VoteMatrix(states, symbols, codes)


def agreement_counts(m: VoteMatrix) -> tuple[np.ndarray, np.ndarray]:
    """(votes, agreed): states x states integer matrices of the voting-coincidence measure."""
    yes = m.mask("Y").astype(np.int64)
    no = m.mask("N").astype(np.int64)
    cast = yes + no
    return cast @ cast.T, yes @ yes.T + no @ no.T


def agreement_share(m: VoteMatrix) -> np.ndarray:
    """agreed / votes for every pair of states (NaN where they never both cast Y or N)."""
    votes, agreed = agreement_counts(m)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(votes > 0, agreed / np.maximum(votes, 1), np.nan)


def agreement_rows(m: VoteMatrix) -> Iterator[list[str]]:
    """The long agreement table: one row (a, b, votes, agreed, share) per ordered pair of states."""
    votes, agreed = agreement_counts(m)
    for i, a in enumerate(m.states):
        for j, b in enumerate(m.states):
            n = int(votes[i, j])
            yield [a, b, str(n), str(int(agreed[i, j])), _number(agreed[i, j] / n) if n else ""]


def ideal_points(m: VoteMatrix, ridge: float = 1.0, iterations: int = 500,
                 tolerance: float = 1e-10) -> tuple[np.ndarray, np.ndarray]:
    """(positions, votes): one position per state (NaN without a Y/N/A ballot) and the number of
    Y/N/A ballots it rests on. See the module docstring for the model."""
    observed = m.mask("Y", "N", "A")
    values = np.zeros(m.codes.shape)
    for letter, score in SCORES.items():
        values[m.mask(letter)] = score
    counts = observed.sum(axis=1)
    x = _start(values, observed)
    weights = observed.astype(float)
    for _ in range(iterations):
        alpha, beta = _fit_votes(values, weights, x)
        residual = (values - alpha) * weights
        new = (residual @ beta) / (weights @ beta**2 + ridge)
        new = _standardise(new, counts > 0)
        done = np.max(np.abs(new - x)) < tolerance
        x = new
        if done:
            break
    x = x * _sign(m, x)
    return np.where(counts > 0, x, np.nan), counts


def ideal_point_rows(m: VoteMatrix) -> Iterator[list[str]]:
    """Rows (iso3, position, votes), lowest position first; states without votes last."""
    positions, counts = ideal_points(m)
    order = sorted(range(len(m.states)),
                   key=lambda i: (np.isnan(positions[i]), positions[i] if counts[i] else 0.0, m.states[i]))
    for i in order:
        position = "" if np.isnan(positions[i]) else _number(positions[i])
        yield [m.states[i], position, str(int(counts[i]))]


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]], out: TextIO) -> None:
    """CSV with a header line and ``\\n`` line ends."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def _number(value: float) -> str:
    return f"{float(value):.6g}"


def _start(values: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """First principal component of the column-centred matrix with missing cells set to 0."""
    counts = np.maximum(observed.sum(axis=0), 1)
    centred = np.where(observed, values - (values * observed).sum(axis=0) / counts, 0.0)
    if not centred.any():
        return np.zeros(values.shape[0])
    u, _, _ = np.linalg.svd(centred, full_matrices=False)
    return _standardise(u[:, 0], observed.any(axis=1))


def _fit_votes(values: np.ndarray, weights: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per vote, the least-squares cut and slope of values on x over the observed states."""
    n = np.maximum(weights.sum(axis=0), 1)
    x_mean = (weights * x[:, None]).sum(axis=0) / n
    v_mean = (weights * values).sum(axis=0) / n
    dx = (x[:, None] - x_mean) * weights
    beta = (dx * (values - v_mean)).sum(axis=0) / ((dx**2).sum(axis=0) + 1e-9)
    return v_mean - beta * x_mean, beta


def _standardise(x: np.ndarray, valid: np.ndarray) -> np.ndarray:
    if valid.sum() < 2:
        return np.where(valid, x, 0.0)
    centred = x - x[valid].mean()
    sd = centred[valid].std()
    return np.where(valid, centred / sd if sd > 0 else centred, 0.0)


def _sign(m: VoteMatrix, x: np.ndarray) -> float:
    for iso3, wanted in (("RUS", -1.0), ("UKR", 1.0)):
        if iso3 in m.states and x[m.states.index(iso3)] != 0:
            return wanted * float(np.sign(x[m.states.index(iso3)]))
    return 1.0
