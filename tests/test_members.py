"""The members table loader and the checked CSV reading it shares with the Wikidata alignment."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.base import InputError
from loaders.members import MembersLoader
from loaders.wikidata import WikidataLoader
from tests.conftest import REPO

HEADER = "iso3,iso2,m49,undl_name,short_name,wikidata,admitted\n"
UKRAINE = "UKR,UA,804,UKRAINE,Ukraine,Q212,1945-10-24\n"


def problem(tmp_path: Path, content: str | bytes, loader: type = MembersLoader) -> str:
    """The InputError text of loading ``content`` as members.csv (or with ``loader``)."""
    path = tmp_path / "table.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        "".join(loader(path).ntriples())
    return str(info.value).removeprefix(f"{path}:")


def test_the_shipped_table_loads_every_member_and_the_observers() -> None:
    text = "".join(MembersLoader(REPO / "data" / "members.csv").ntriples())
    assert text.count("<https://w3id.org/unga-kg/ontology#MemberState>") == 193
    assert text.count("<https://w3id.org/unga-kg/ontology#ObserverState>") == 2


def test_former_members_are_states_with_their_successors() -> None:
    """The 11 ISO 3166-3 codes that held a seat; territories that never voted are not states."""
    text = "".join(MembersLoader(REPO / "data" / "members.csv").ntriples())
    state = "<https://w3id.org/unga-kg/id/state/{}>".format
    typed = {line.split()[0] for line in text.splitlines()
             if line.endswith("<https://w3id.org/unga-kg/ontology#State> .")}
    assert typed == {state(code) for code in
                     ("BUR", "BYS", "CSK", "DDR", "DHY", "HVO", "SCG", "SUN", "YMD", "YUG", "ZAR")}
    replaced = "<http://purl.org/dc/terms/isReplacedBy>"
    assert f"{state('BYS')} {replaced} {state('BLR')} ." in text
    assert f"{state('SUN')} {replaced} {state('RUS')} ." in text
    assert f"{state('CSK')} {replaced} {state('CZE')} ." in text
    assert f"{state('CSK')} {replaced} {state('SVK')} ." in text
    assert f"{state('YUG')} {replaced}" not in text
    assert state("ATN") not in text and state("PCZ") not in text


@pytest.mark.parametrize(("row", "expected"), [
    ("ukr,UA,804,UKRAINE,Ukraine,Q212,1945-10-24\n", "3: bad ISO 3166-1 alpha-3 code 'ukr'"),
    ("ÄÖÜ,UA,804,UKRAINE,Ukraine,Q212,1945-10-24\n", "3: bad ISO 3166-1 alpha-3 code 'ÄÖÜ'"),
    ("UKR,UA,804,UKRAINE,Ukraine,Q999,1945-10-24\n", "3: UKR appears twice (also line 2)"),
    ("RUS,RU,643,RUSSIA,Russia,Z159,1945-10-24\n", "3: bad Wikidata id 'Z159' (expected Q and digits)"),
    ("RUS,RU,643,RUSSIA,Russia,Q159,1945-13-24\n", "3: bad date '1945-13-24' (expected YYYY-MM-DD)"),
    ("RUS,RU,643,RUSSIA,Russia,Q159\n", "3: 6 field(s) where the header has 7"),
    ("RUS,RU,643,RUSSIA,Russia,Q159,1945-10-24,x\n", "3: 8 field(s) where the header has 7"),
    ('RUS,RU,643,"RUSSIA\n', "3: malformed CSV: unexpected end of data"),
    ('RUS,RU,643,"RUS\nSIA"x,Russia,Q159,1945-10-24\n', "4: malformed CSV: ',' expected after '\"'"),
    # a row with a quoted newline is reported where it starts, not where it ends
    ('rus,RU,643,"RUS\nSIA",Russia,Q159,1945-10-24\n', "3: bad ISO 3166-1 alpha-3 code 'rus'"),
    ('RUS,RU,643,"RUS\nSIA",Russia,Q159\n', "3: 6 field(s) where the header has 7"),
    # an unclosed quote is reported where it opens (the row starts on line 3)
    ('RUS,RU,643,"RUS\nSIA",Russia,Q159,"1945-10-24\n\n', "4: malformed CSV: unexpected end of data"),
])
def test_bad_member_rows_name_the_line(tmp_path: Path, row: str, expected: str) -> None:
    assert problem(tmp_path, HEADER + UKRAINE + row) == expected


def test_text_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    latin1 = (HEADER + UKRAINE + "CIV,CI,384,CÔTE D'IVOIRE,Côte d'Ivoire,Q1008,1960-09-20\n")
    latin1 = latin1.encode("latin-1")
    assert problem(tmp_path, latin1).startswith("3: not UTF-8 text: invalid continuation byte")
    alignment = b"iri,wikidata,kind,source\n\xff\n"
    assert problem(tmp_path, alignment, WikidataLoader).startswith("2: not UTF-8 text: invalid start byte")


def test_missing_columns_are_named(tmp_path: Path) -> None:
    assert problem(tmp_path, "iso3,iso2\nUKR,UA\n") == (
        "1: missing column(s): m49, undl_name, short_name, wikidata, admitted")
    assert problem(tmp_path, "iri,kind\n", WikidataLoader) == "1: missing column(s): wikidata, source"


def test_a_table_without_rows_is_refused(tmp_path: Path) -> None:
    """Loading it would replace the members graph with the former states alone."""
    assert problem(tmp_path, HEADER) == " no rows"  # FILE: no rows, without a line
    assert problem(tmp_path, HEADER + "\n\n") == " no rows"
    assert problem(tmp_path, "iri,wikidata,kind,source\n", WikidataLoader) == " no rows"


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    assert problem(tmp_path, HEADER.replace(",admitted", ",iso3,admitted") + UKRAINE) == (
        "1: column iso3 appears twice")
