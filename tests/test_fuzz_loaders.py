"""Fuzzing the UNDL CSV loader and the article extractor/loader with hypothesis.

The property is in tests/fuzz_support.py. Inputs are arbitrary text and bytes, rows built
from awkward field values under a valid header, and random edits of the shipped files.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from graph.resources import data_dir
from loaders.base import InputError
from loaders.undl import REQUIRED, UndlCsvLoader
from tests.fuzz_support import FUZZ, KNOWN, edits, load, mutate

HEADER = ("undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,committee_report,meeting,"
          "title,agenda_title,subjects,vote_note,total_yes,total_no,total_abstentions,"
          "total_non_voting,total_ms,undl_link")
SHIPPED_CSV = (data_dir() / "undl" / "votes_ukraine.csv").read_text(encoding="utf-8")
SHIPPED_CSV = "\n".join(SHIPPED_CSV.splitlines()[:12]) + "\n"  # header + 11 ballots
ARTICLES = sorted((data_dir() / "articles").glob("*.txt"))


def load_undl(content: str | bytes) -> int | InputError:
    """Triples from the UNDL CSV loader, or the InputError it raised."""
    return load(lambda path, iris: UndlCsvLoader([path], iris, known_states=KNOWN), content, ".csv")




EDITS = edits(["", ",", '"', "\n", "\r\n", "Y", "N", "X", "NV", "0", "-1", "1e9", ".", "é", "\u2028",
               "\x00", " ", "<>", "A/RES/ES-11/1", "2022-02-30", "ZZZ", "\ufeff"])
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

    return load(ArticleLoader, content, ".txt")


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
