"""The UNDL loaders (bulk CSV and MARCXML): known facts of the shipped data, bad inputs."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store

from graph.resources import data_dir
from graph.vocab import PREFIXES, VOTE_OPTIONS, Iris
from loaders.base import InputError
from loaders.marcxml import UndlMarcLoader
from loaders.undl import UndlCsvLoader
from tests.fuzz_support import valid_ntriples

UNDL = data_dir() / "undl"
SHIPPED = [UNDL / "votes_ukraine.csv", UNDL / "votes_ukraine_partial.csv"]
MARC = Path(__file__).parent / "fixtures" / "votes_es11_1.xml"
LETTER = {option: letter for letter, option in VOTE_OPTIONS.items()}
PREFIX = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
Loader = UndlCsvLoader | UndlMarcLoader


def to_store(loader: Loader) -> Store:
    """The loader's output in an in-memory store (union default graph for queries)."""
    store = Store()
    store.load(input="".join(loader.ntriples()), format=RdfFormat.N_TRIPLES,
               to_graph=NamedNode(loader.graph))
    return store


def select(store: Store, query: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT over the union of the named graphs, as plain strings."""
    rows = store.query(PREFIX + query, use_default_graph_as_union=True)
    return [tuple(term.value for term in row) for row in rows]


def ballots(store: Store, symbol: str) -> dict[str, str]:
    """ISO3 -> vote letter of every ballot in the vote on ``symbol``."""
    rows = select(store, f"""
        SELECT ?iso3 ?option WHERE {{
          ?res dcterms:identifier "{symbol}" . ?ve unga:resolution ?res .
          ?b opengov:voteEvent ?ve ; opengov:voter ?state ; opengov:option ?option .
          BIND(STRAFTER(STR(?state), "/state/") AS ?iso3)
        }}""")
    return {iso3: LETTER[option] for iso3, option in rows}


@pytest.fixture(scope="module")
def shipped() -> Store:
    return to_store(UndlCsvLoader(SHIPPED))


# ----- known facts of the shipped files -----
def test_seven_resolutions(shipped: Store) -> None:
    rows = select(shipped, "SELECT ?s WHERE { ?r a unga:Resolution ; dcterms:identifier ?s }")
    assert len(rows) == 7
    assert ("A/RES/ES-11/4",) in rows and ("A/RES/68/262",) in rows


def test_es11_4_counts_date_and_partial_roll_call(shipped: Store) -> None:
    rows = select(shipped, """
        SELECT ?option ?n ?date ?complete ?members ?known WHERE {
          ?res dcterms:identifier "A/RES/ES-11/4" ; dcterms:date ?date .
          ?ve unga:resolution ?res ; schema:startDate ?date ; unga:completeRollCall ?complete ;
              unga:totalMembers ?members ; unga:knownBallots ?known ;
              opengov:count [ opengov:option ?option ; rdf:value ?n ] .
        }""")
    assert {LETTER[r[0]]: int(r[1]) for r in rows} == {"Y": 143, "N": 5, "A": 35, "X": 10}
    assert {r[2:] for r in rows} == {("2022-10-12", "false", "193", "51")}


def test_es11_1_ballots(shipped: Store) -> None:
    votes = ballots(shipped, "A/RES/ES-11/1")
    assert len(votes) == 193
    assert list(votes.values()).count("X") == 12
    assert votes["RUS"] == "N" and votes["CHN"] == "A" and votes["UKR"] == "Y"
    complete = select(shipped, """SELECT ?c WHERE { ?res dcterms:identifier "A/RES/ES-11/1" .
                                  ?ve unga:resolution ?res ; unga:completeRollCall ?c }""")
    assert complete == [("true",)]


def test_es11_3_china_voted_no(shipped: Store) -> None:
    assert ballots(shipped, "A/RES/ES-11/3")["CHN"] == "N"


def test_ballot_shape_and_provenance(shipped: Store) -> None:
    rows = select(shipped, """
        SELECT ?name ?event WHERE { ?b a opengov:Vote ; opengov:voter ?s ;
          unga:recordedName ?name ; opengov:voteEvent ?event .
          FILTER(STRENDS(STR(?s), "/UKR") && STRENDS(STR(?event), "A-RES-ES-11-1")) }""")
    assert rows == [("UKRAINE", "https://w3id.org/unga-kg/id/vote/A-RES-ES-11-1")]
    sources = select(shipped, """SELECT ?title ?sha WHERE { ?g prov:wasDerivedFrom ?src .
                                 ?src dcterms:title ?title ; unga:sha256 ?sha }""")
    assert sorted(t for t, _ in sources) == ["votes_ukraine.csv", "votes_ukraine_partial.csv"]
    assert all(len(sha) == 64 for _, sha in sources)


# ----- MARCXML -----
def csv_ballots(symbol: str) -> dict[str, str]:
    with open(UNDL / "votes_ukraine.csv", newline="", encoding="utf-8-sig") as handle:
        return {r["ms_code"]: r["ms_vote"] or "X" for r in csv.DictReader(handle)
                if r["resolution"] == symbol}


def test_marcxml_gives_the_csv_ballots() -> None:
    store = to_store(UndlMarcLoader([MARC]))
    assert ballots(store, "A/RES/ES-11/1") == csv_ballots("A/RES/ES-11/1")
    facts = select(store, """SELECT ?date ?draft ?link ?complete WHERE {
        ?res dcterms:identifier "A/RES/ES-11/1" ; dcterms:date ?date ; rdfs:seeAlso ?link ;
             unga:draft [ dcterms:identifier ?draft ] .
        ?ve unga:resolution ?res ; unga:completeRollCall ?complete }""")
    assert facts == [("2022-03-02", "A/ES-11/L.1", "https://digitallibrary.un.org/record/3959039",
                      "true")]


def test_marcxml_without_namespace_and_without_totals(tmp_path: Path) -> None:
    text = MARC.read_text().replace(' xmlns="http://www.loc.gov/MARC21/slim"', "")
    start = text.index('<datafield tag="996"')
    text = text[:start] + text[text.index("</datafield>", start) + len("</datafield>"):]
    path = tmp_path / "plain.xml"
    path.write_text(text)
    store = to_store(UndlMarcLoader([path]))
    assert ballots(store, "A/RES/ES-11/1") == csv_ballots("A/RES/ES-11/1")
    counts = select(store, "SELECT ?o ?n WHERE { ?c a opengov:Count ; opengov:option ?o ; "
                           "rdf:value ?n }")
    assert {LETTER[o]: int(n) for o, n in counts} == {"Y": 141, "N": 5, "A": 35, "X": 12}


def test_marcxml_error_lines(tmp_path: Path) -> None:
    lines = MARC.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "<subfield code=\"c\">RUS<" in line)
    lines[at] = lines[at].replace("RUS", "RUX")
    path = tmp_path / "bad.xml"
    path.write_text("".join(lines))
    with pytest.raises(InputError) as err:
        list(UndlMarcLoader([path]).ntriples())
    assert (err.value.path, err.value.line) == (str(path), at - 1)  # the <datafield> line
    assert "RUX" in err.value.problem
    path.write_text("".join(lines[:40]) + "</oops>\n" + "".join(lines[40:]))
    with pytest.raises(InputError) as err:
        list(UndlMarcLoader([path]).ntriples())
    assert err.value.path == str(path) and err.value.line == 41


# ----- bad CSV input -----
def rows_of(path: Path, symbol: str | None = None) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [r for r in reader if symbol is None or r[header.index("resolution")] == symbol]
    return header, rows


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])
    return path


def load_error(path: Path) -> InputError:
    with pytest.raises(InputError) as err:
        list(UndlCsvLoader([path]).ntriples())
    assert err.value.path == str(path)
    return err.value


Edit = Callable[[list[str], list[list[str]]], None]


def _set(row: int, column: str, value: str) -> Edit:
    def edit(header: list[str], rows: list[list[str]]) -> None:
        rows[row][header.index(column)] = value
    return edit


@pytest.mark.parametrize(("edit", "line", "words"), [
    (_set(9, "ms_code", "ZZZ"), 11, "unknown state code 'ZZZ'"),
    # in ISO 3166-3, but a territory that never had a seat (Dronning Maud Land)
    (_set(9, "ms_code", "ATN"), 11, "unknown state code 'ATN'"),
    (_set(4, "ms_vote", "Q"), 6, "unknown vote 'Q'"),
    (_set(7, "date", "2022-13-02"), 9, "bad date"),
    (_set(7, "date", "2022-03-03"), 9, "date 2022-03-03 differs"),
    (_set(0, "total_no", "five"), 2, "total_no is not a count"),
    (_set(3, "total_no", "6.0"), 5, "totals"),
    (_set(12, "resolution", ""), 14, "empty resolution symbol"),
    (lambda h, rows: rows[20].pop(), 22, "malformed row"),
    (_set(30, "ms_code", "UKR"), 194, "UKR appears twice"),  # at the repetition (last row)
    # one Y turned into N: a complete roll call whose ballots disagree with the totals
    (_set(100, "ms_vote", "N"), 2, "complete roll call"),
    # totals that do not add up to the membership
    (lambda h, rows: [r.__setitem__(h.index("total_yes"), "140.0") for r in rows], 2,
     "do not add up"),
], ids=["state", "territory", "letter", "bad-date", "other-date", "total-nan", "other-totals", "symbol",
        "fields", "twice", "disagree", "sum"])
def test_bad_csv(tmp_path: Path, edit: Edit, line: int, words: str) -> None:
    header, rows = rows_of(UNDL / "votes_ukraine.csv", "A/RES/ES-11/1")
    rows = [r for r in rows if r[header.index("ms_code")] != "UKR"] + \
        [r for r in rows if r[header.index("ms_code")] == "UKR"]  # UKR last, for "twice"
    edit(header, rows)
    err = load_error(write(tmp_path / "bad.csv", header, rows))
    assert err.line == line
    assert words in err.problem


def test_a_former_member_may_cast_a_ballot(tmp_path: Path) -> None:
    """Old roll calls carry ISO 3166-3 codes of former members (here the USSR's, SUN)."""
    header, rows = rows_of(UNDL / "votes_ukraine.csv", "A/RES/ES-11/1")
    russia = next(r for r in rows if r[header.index("ms_code")] == "RUS")
    russia[header.index("ms_code")], russia[header.index("ms_name")] = "SUN", "USSR"
    text = "".join(UndlCsvLoader([write(tmp_path / "old.csv", header, rows)]).ntriples())
    assert "<https://w3id.org/unga-kg/id/state/SUN>" in text


def test_partial_roll_call_over_the_totals(tmp_path: Path) -> None:
    header, rows = rows_of(UNDL / "votes_ukraine_partial.csv")
    i_res, i_vote = header.index("resolution"), header.index("ms_vote")
    first = next(i for i, r in enumerate(rows) if r[i_res] == "A/RES/ES-11/4")
    for r in rows:  # ES-11/4 has 5 N of 5 in the file: one more N is one too many
        if r[i_res] == "A/RES/ES-11/4" and r[i_vote] == "Y":
            r[i_vote] = "N"
            break
    err = load_error(write(tmp_path / "partial.csv", header, rows))
    assert (err.line, "N 6 > 5" in err.problem) == (first + 2, True)


def test_missing_column_is_line_1(tmp_path: Path) -> None:
    header, rows = rows_of(UNDL / "votes_ukraine.csv")
    i = header.index("ms_vote")
    err = load_error(write(tmp_path / "x.csv", header[:i] + header[i + 1:],
                           [r[:i] + r[i + 1:] for r in rows]))
    assert (err.line, "ms_vote" in err.problem) == (1, True)


def test_multiline_field_keeps_line_numbers(tmp_path: Path) -> None:
    header, rows = rows_of(UNDL / "votes_ukraine.csv", "A/RES/ES-11/1")
    rows[0][header.index("title")] = "Aggression\nagainst\nUkraine"
    rows[5][header.index("ms_vote")] = "?"
    err = load_error(write(tmp_path / "multi.csv", header, rows))
    assert err.line == 9  # header 1, row 0 on lines 2-4, rows 1..5 on lines 5..9


# ----- accepted variants -----
def triples(loader: Loader) -> set[str]:
    """The loader's triples without the provenance block (which names the file)."""
    return {t for t in "".join(loader.ntriples()).splitlines()
            if "/graph/undl>" not in t and "/source/undl/" not in t}


def test_older_layout_without_vote_note(tmp_path: Path) -> None:
    header, rows = rows_of(UNDL / "votes_ukraine.csv")
    i = header.index("vote_note")
    old = write(tmp_path / "old.csv", header[:i] + header[i + 1:],
                [r[:i] + r[i + 1:] for r in rows])
    assert triples(UndlCsvLoader([old])) == triples(UndlCsvLoader([UNDL / "votes_ukraine.csv"]))


def test_any_column_order_and_scattered_rows(tmp_path: Path) -> None:
    header, rows = rows_of(UNDL / "votes_ukraine.csv")
    order = sorted(range(len(header)), key=lambda i: header[i])
    shuffled = write(tmp_path / "shuffled.csv", [header[i] for i in order],
                     [[r[i] for i in order] for r in rows[::2] + rows[1::2]])
    expected = triples(UndlCsvLoader([UNDL / "votes_ukraine.csv"]))
    assert triples(UndlCsvLoader([shuffled])) == expected


def test_empty_vote_is_non_voting(tmp_path: Path) -> None:
    header, rows = rows_of(UNDL / "votes_ukraine.csv", "A/RES/ES-11/1")
    i = header.index("ms_vote")
    for r in rows:
        if r[i] == "X":
            r[i] = ""
    store = to_store(UndlCsvLoader([write(tmp_path / "blank.csv", header, rows)]))
    assert ballots(store, "A/RES/ES-11/1") == csv_ballots("A/RES/ES-11/1")


# ----- symbols that would share an IRI, repeated values, several files -----
def es11_1(symbol: str = "A/RES/ES-11/1", **values: str) -> tuple[list[str], list[list[str]]]:
    """The 193 rows of A/RES/ES-11/1, renamed ``symbol`` and with columns set to ``values``."""
    header, rows = rows_of(UNDL / "votes_ukraine.csv", "A/RES/ES-11/1")
    for row in rows:
        row[header.index("resolution")] = symbol
        for column, value in values.items():
            row[header.index(column)] = value
    return header, rows


@pytest.mark.parametrize(("symbol", "other"), [
    ("A/RES/ES-11/1", "A/RES/ES_11/1"),
    ("A/RES/3379(XXX)", "A/RES/3379 (XXX)"),
])
def test_symbols_with_the_same_iri_are_refused(tmp_path: Path, symbol: str, other: str) -> None:
    header, rows = es11_1(symbol)
    _, more = es11_1(other, date="2022-03-03")
    err = load_error(write(tmp_path / "collide.csv", header, rows + more))
    assert str(err) == f"{tmp_path / 'collide.csv'}:195: {other} has the same IRI as {symbol} (line 2)"


def test_symbols_with_the_same_iri_in_two_files_are_refused(tmp_path: Path) -> None:
    first = write(tmp_path / "first.csv", *es11_1())
    second = write(tmp_path / "second.csv", *es11_1("A/RES/ES_11/1"))
    with pytest.raises(InputError) as err:
        list(UndlCsvLoader([first, second]).ntriples())
    assert str(err.value) == f"{second}:2: A/RES/ES_11/1 has the same IRI as A/RES/ES-11/1 ({first}:2)"


IRIS = Iris()


def test_a_draft_or_meeting_spelled_two_ways_is_one_thing_with_both_identifiers(tmp_path: Path) -> None:
    """Unlike resolutions (whose ballots would merge), a draft or meeting symbol spaced or
    punctuated differently is the same document: one IRI, each spelling an identifier."""
    header, rows = es11_1()
    ident = "<http://purl.org/dc/terms/identifier>"
    _, more = es11_1("A/RES/ES-11/99", draft="A/ES_11/L.1", meeting="A/ES-11/PV. 5")
    text = "".join(UndlCsvLoader([write(tmp_path / "spellings.csv", header, rows + more)]).ntriples())
    for node, spellings in ((IRIS.draft("A/ES-11/L.1"), ("A/ES-11/L.1", "A/ES_11/L.1")),
                            (IRIS.meeting("A/ES-11/PV.5"), ("A/ES-11/PV.5", "A/ES-11/PV. 5"))):
        assert sorted(line for line in text.splitlines() if line.startswith(f"<{node}> {ident}")) == \
            sorted(f'<{node}> {ident} "{spelling}" .' for spelling in spellings)
        assert text.count(f"<{node}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>") == 1


def test_marcxml_symbols_with_the_same_iri_are_refused(tmp_path: Path) -> None:
    lines = MARC.read_text().splitlines(keepends=True)
    start, end = lines.index("<record>\n"), lines.index("</record>\n")
    record = "".join(lines[start:end + 1])
    other = record.replace(">A/RES/ES-11/1<", ">A/RES/ES_11/1<").replace(">20220302<", ">20220303<")
    path = tmp_path / "collide.xml"
    path.write_text("".join(lines[:end + 1]) + other + "".join(lines[end + 1:]))
    with pytest.raises(InputError) as err:
        list(UndlMarcLoader([path]).ntriples())
    assert str(err.value) == f"{path}:{end + 2}: A/RES/ES_11/1 has the same IRI as A/RES/ES-11/1 " \
                             f"(line {start + 1})"


def test_a_subject_repeated_in_a_record_is_written_once(tmp_path: Path) -> None:
    path = write(tmp_path / "subjects.csv", *es11_1(subjects="UKRAINE|UKRAINE| UKRAINE"))
    text = "".join(UndlCsvLoader([path]).ntriples())
    assert valid_ntriples([text]) == len(text.splitlines())  # no triple written twice
    assert text.count('<http://purl.org/dc/terms/subject> "UKRAINE" .') == 1


def test_files_with_the_same_name_are_distinct_sources(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a" / "votes.csv", *es11_1())
    second = write(tmp_path / "b" / "votes.csv", *rows_of(UNDL / "votes_ukraine.csv", "A/RES/ES-11/6"))
    loader = UndlCsvLoader([first, second])
    text = "".join(loader.ntriples())
    assert valid_ntriples([text]) == len(text.splitlines())  # no triple written twice
    store = to_store(loader)
    sources = select(store, """SELECT ?src ?title ?sha WHERE { ?g prov:wasDerivedFrom ?src .
                               ?src dcterms:title ?title ; unga:sha256 ?sha }""")
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second)]
    base = "https://w3id.org/unga-kg/id/source/undl/votes-csv"
    assert sorted(sources) == sorted((f"{base}-{sha[:12]}", "votes.csv", sha) for sha in digests)
    single = select(to_store(UndlCsvLoader([first])), "SELECT ?src WHERE { ?g prov:wasDerivedFrom ?src }")
    assert single == [(base,)]  # a name used once keeps its IRI


# ----- where the problem is; inputs with nothing to load -----
def test_a_byte_that_is_not_utf8_is_reported_on_its_line(tmp_path: Path) -> None:
    header, rows = es11_1()
    path = write(tmp_path / "latin1.csv", header, rows)
    lines = path.read_bytes().split(b"\n")
    lines[119] = lines[119].replace(b"Aggression", b"Aggr\xe9ssion", 1)
    path.write_bytes(b"\n".join(lines))
    offset = sum(len(line) + 1 for line in lines[:119]) + lines[119].index(b"\xe9")
    err = load_error(path)
    assert (err.line, err.problem) == (120, f"not UTF-8 text: invalid continuation byte at byte {offset}")


def test_a_file_without_rows_is_refused(tmp_path: Path) -> None:
    header, rows = es11_1()
    full = write(tmp_path / "full.csv", header, rows)
    empty = write(tmp_path / "empty.csv", header, [])
    empty.write_text(empty.read_text() + "\n\n")  # blank lines are no rows either
    with pytest.raises(InputError) as err:
        list(UndlCsvLoader([full, empty]).ntriples())
    assert str(err.value) == f"{empty}: no rows"
    path = tmp_path / "none.xml"
    path.write_text('<collection xmlns="http://www.loc.gov/MARC21/slim">\n</collection>\n')
    with pytest.raises(InputError) as err:
        list(UndlMarcLoader([path]).ntriples())
    assert str(err.value) == f"{path}: no records"
    text = MARC.read_text()
    path.write_text(text[:text.index('  <datafield tag="996"')] + "</record>\n</collection>\n")
    with pytest.raises(InputError) as err:
        list(UndlMarcLoader([path]).ntriples())
    assert str(err.value) == f"{path}: no records with a recorded vote (967 or 996) among 1"


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    header, rows = es11_1()
    path = write(tmp_path / "twice.csv", [*header, "MS_Vote"], [[*row, "Y"] for row in rows])
    err = load_error(path)
    assert (err.line, err.problem) == (1, "column ms_vote appears twice")
