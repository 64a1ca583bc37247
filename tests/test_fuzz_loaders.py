"""Fuzzing the UNDL CSV loader and the article extractor/loader with hypothesis.

Property: any input gives a result or a clear :class:`loaders.base.InputError`, never another
exception; and whatever a loader does produce is valid N-Triples (pyoxigraph parses it), so
that ``bulk_load`` never meets a bad line. Inputs are arbitrary text and bytes, rows built from
awkward field values under a valid header, and random edits of the shipped files.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.resources import data_dir
from graph.vocab import Iris
from loaders.base import InputError
from loaders.undl import REQUIRED, UndlCsvLoader

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))  # `make soak` runs many more
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KNOWN = {"UKR": "UKR", "RUS": "RUS", "USA": "USA", "FRA": "FRA", "CHN": "CHN"}
HEADER = ("undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,committee_report,meeting,"
          "title,agenda_title,subjects,vote_note,total_yes,total_no,total_abstentions,"
          "total_non_voting,total_ms,undl_link")
SHIPPED_CSV = (data_dir() / "undl" / "votes_ukraine.csv").read_text(encoding="utf-8")
SHIPPED_CSV = "\n".join(SHIPPED_CSV.splitlines()[:12]) + "\n"  # header + 11 ballots
ARTICLES = sorted((data_dir() / "articles").glob("*.txt"))


def valid_ntriples(chunks: Iterable[str]) -> int:
    """Parse the chunks as N-Triples (raises on a bad line); the number of triples."""
    text = "".join(chunks)
    return len(list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)))


def with_file(content: str | bytes, suffix: str, use: Callable[[Path], object]) -> object:
    """Write ``content`` to a temporary file and call ``use`` on its path."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return use(path)


def load_undl(content: str | bytes) -> int | InputError:
    """Triples from the UNDL loader, or the InputError it raised (anything else propagates)."""
    def use(path: Path) -> int | InputError:
        try:
            return valid_ntriples(UndlCsvLoader([path], Iris(), known_states=KNOWN).ntriples())
        except InputError as exc:
            assert str(exc).startswith(str(path)), exc  # names the file (and line)
            return exc

    return with_file(content, ".csv", use)  # type: ignore[return-value]


def mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (position, delete count, insertion) edits to ``text``."""
    for pos, delete, insert in edits:
        pos %= len(text) + 1
        text = text[:pos] + insert + text[pos + delete:]
    return text


EDITS = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 8),
                           st.sampled_from(["", ",", '"', "\n", "\r\n", "Y", "N", "X", "NV", "0",
                                            "-1", "1e9", ".", "é", "\u2028", "\x00", " ", "<>",
                                            "A/RES/ES-11/1", "2022-02-30", "ZZZ", "\ufeff"])),
                 min_size=1, max_size=6)
FIELD = st.one_of(
    st.sampled_from(["", "UKR", "RUS", "USA", "Y", "N", "A", "X", "NV", "2022-03-02", "11",
                     "ES-11", "A/RES/ES-11/1", "141.0", "5", "193", "-3", "1.5", "nan", "inf",
                     "https://digitallibrary.un.org/record/1", "javascript:x", "<bad iri>",
                     "A/RES/ES 11/1", "a\nb", 'quote"d', "Ω≈ç√", "9" * 40]),
    st.text(max_size=12),
)


@FUZZ
@given(st.text(max_size=400))
def test_undl_any_text(content: str) -> None:
    load_undl(content)


@FUZZ
@given(st.binary(max_size=300))
def test_undl_any_bytes(content: bytes) -> None:
    load_undl(content)


@FUZZ
@given(st.lists(st.lists(FIELD, min_size=len(HEADER.split(",")), max_size=len(HEADER.split(","))),
                min_size=1, max_size=6))
def test_undl_awkward_fields(rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    writer.writerows(rows)
    load_undl(out.getvalue())


@FUZZ
@given(EDITS)
def test_undl_edited_shipped_file(edits: list[tuple[int, int, str]]) -> None:
    load_undl(mutate(SHIPPED_CSV, edits))


def test_undl_unedited_sample_loads() -> None:
    """The fuzzers' starting point is itself loadable (so edits explore near valid input)."""
    assert isinstance(load_undl(SHIPPED_CSV.replace("193.0,", "193.0,", 1)), (int, InputError))
    assert set(REQUIRED) <= set(HEADER.split(","))


def extract(text: str) -> dict:
    """extract_article on ``text``; the result must be JSON with the design's keys."""
    from loaders.articles.extract import extract_article

    result = extract_article(text, "fuzz.txt", None)
    assert set(result) >= {"source", "published", "votes", "speakers", "sponsors", "statements"}
    json.dumps(result)
    return result


def load_article(content: str | bytes) -> int | InputError:
    """Triples from the article loader, or its InputError."""
    from loaders.articles.loader import ArticleLoader

    def use(path: Path) -> int | InputError:
        try:
            return valid_ntriples(ArticleLoader(path, Iris()).ntriples())
        except InputError as exc:
            return exc

    return with_file(content, ".txt", use)  # type: ignore[return-value]


PIECES = st.sampled_from([
    "The General Assembly voted 141 to 5, with 35 abstentions.", "Russia", "Ukraine's ambassador",
    " said ", '"We demand," ', "on March 2", "A/RES/ES-11/1", "by a vote of", "against", "Belarus,",
    "abstained", "co-sponsored by Canada", "on behalf of", "vetoed", "Sergiy Kyslytsya", "—", "\n\n",
    "141-5-35", "one hundred and forty", "date 2022-03-02\n", "date 2022-13-45\n", "“", "”", ".",
])


@FUZZ
@given(st.text(max_size=300))
def test_extract_any_text(text: str) -> None:
    extract(text)


@FUZZ
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30))
def test_extract_article_like_text(pieces: list[str]) -> None:
    extract("".join(pieces))


@FUZZ
@given(st.sampled_from(ARTICLES), EDITS)
def test_article_loader_edited_seed(path: Path, edits: list[tuple[int, int, str]]) -> None:
    load_article(mutate(path.read_text(encoding="utf-8"), edits))


@FUZZ
@given(st.one_of(st.binary(max_size=200), st.lists(PIECES, max_size=20).map("".join)))
def test_article_loader_any_file(content: str | bytes) -> None:
    load_article(content)
