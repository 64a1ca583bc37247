"""UN Digital Library voting records as MARCXML -> graph ``…/graph/undl``.

Reads ``<collection><record>…`` in the MARC 21 slim namespace
(``http://www.loc.gov/MARC21/slim``) or without a namespace, streaming with
``xml.etree.ElementTree.iterparse`` (each record is cleared once read). What is mapped:

=========  =====================================================================
001        control number -> ``rdfs:seeAlso <https://digitallibrary.un.org/record/ID>``
791 $a     resolution symbol (required); 791 $c session (else taken from the symbol)
269 $a     date of the vote, ``YYYYMMDD`` or ``YYYY-MM-DD`` (required)
245 $a-$c  title ($a, $b and $c joined by spaces)
993 $a     draft resolution symbol (the first 993 $a)
952 $a     meeting record symbol
996        $a vote note (``unga:voteNote``); $b yes, $c no, $d abstentions, $e non-voting,
           $f total membership (missing count subfields are 0; missing $f is the sum of
           $b..$e). Without a 996 the counts are those of the ballots and the roll call is
           complete by definition.
967        one ballot: $c ISO3 code, $d vote letter (no $d: non-voting, X), $e recorded name
=========  =====================================================================

Records with neither a 967 nor a 996 (resolutions adopted without a vote) are skipped; a file
without any record with a vote is refused, as loading it would empty the graph.
Errors name the line of the record's or the field's start tag.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from loaders.base import InputError
from loaders.checks import check_count, check_date
from loaders.undl_writer import (
    RECORD_URL,
    Resolution,
    Totals,
    UndlLoader,
    UndlWriter,
)

_TOTAL_CODES = ("b", "c", "d", "e")
RECORDS_PER_CHUNK = 20


@dataclass(slots=True)
class Field:
    """One control or data field of a record: tag, line of its start tag, subfields."""

    tag: str
    line: int
    subfields: list[tuple[str, str]]
    text: str = ""

    def first(self, code: str) -> str:
        """The first subfield ``code`` (stripped), or ''."""
        return next((value.strip() for c, value in self.subfields if c == code), "")


class UndlMarcLoader(UndlLoader):
    """MARCXML voting records of the UN Digital Library -> one named graph."""

    @staticmethod
    def read_file(path: Path, writer: UndlWriter) -> Iterator[str]:
        """Feed the records of one file to ``writer``; N-Triples chunks as they are ready."""
        return _read(path, writer)


class _LineReader:
    """Feeds the parser one line per read, so that ``line`` is where the parser is."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.line = 0

    def read(self, size: int = -1) -> bytes:
        """The next line (``size`` is ignored: iterparse only needs some bytes)."""
        data = self._handle.readline()
        if data:
            self.line += 1
        return data


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def records(path: Path) -> Iterator[tuple[int, list[Field]]]:
    """(line of ``<record>``, fields) for each record of a MARCXML file, streamed."""
    with open(path, "rb") as handle:
        source = _LineReader(handle)
        record_line, field_line = 0, 0
        fields: list[Field] = []
        root: ET.Element | None = None
        try:
            for event, elem in ET.iterparse(source, events=("start", "end")):
                tag = _local(elem.tag)
                if event == "start":
                    if root is None:
                        root = elem
                    if tag == "record":
                        record_line, fields = source.line, []
                    elif tag in ("datafield", "controlfield"):
                        field_line = source.line
                    continue
                if tag == "datafield":
                    subfields = [(sub.get("code", ""), sub.text or "") for sub in elem
                                 if _local(sub.tag) == "subfield"]
                    fields.append(Field(elem.get("tag", ""), field_line, subfields))
                elif tag == "controlfield":
                    fields.append(Field(elem.get("tag", ""), field_line, [], elem.text or ""))
                elif tag == "record":
                    yield record_line, fields
                    elem.clear()
                    if root is not None and root is not elem:
                        root.clear()
        except ET.ParseError as exc:
            raise InputError(path, exc.position[0], f"malformed XML: {exc}") from None
        except LookupError as exc:  # expat asks the codec registry for the declared encoding
            if type(exc) is not LookupError:  # a KeyError or IndexError is a bug: let it show
                raise
            name = str(exc).removeprefix("unknown encoding: ")
            raise InputError(path, source.line, f"unknown encoding {name!r} in the XML declaration"
                             ) from None


def resolution_of(fields: list[Field], path: Path, line: int) -> Resolution | None:
    """The resolution of one record, or None for a record without a recorded vote."""
    by_tag: dict[str, list[Field]] = {}
    for f in fields:
        by_tag.setdefault(f.tag, []).append(f)
    if "967" not in by_tag and "996" not in by_tag:
        return None

    def first(tag: str, code: str) -> str:
        return next((v for f in by_tag.get(tag, ()) if (v := f.first(code))), "")

    symbol = first("791", "a")
    if not symbol:
        raise InputError(path, line, "voting record without resolution symbol (791 $a)")
    raw_date = first("269", "a")
    date_line = by_tag["269"][0].line if "269" in by_tag else line
    if len(raw_date) == 8 and raw_date.isdigit():
        raw_date = f"{raw_date[:4]}-{raw_date[4:6]}-{raw_date[6:]}"
    totals = None
    if "996" in by_tag:
        f996 = by_tag["996"][0]
        counts = [check_count(v, f"996 ${c}", path, f996.line) if (v := f996.first(c)) else 0
                  for c in _TOTAL_CODES]
        members = f996.first("f")
        total = check_count(members, "996 $f", path, f996.line) if members else sum(counts)
        totals = Totals(*counts, total)
    control = next((f.text.strip() for f in by_tag.get("001", ())), "")
    title = " ".join(v for v in (first("245", "a"), first("245", "b"), first("245", "c")) if v)
    return Resolution(
        symbol=symbol, date=check_date(raw_date, path, date_line), session=first("791", "c"),
        title=title, totals=totals, draft=first("993", "a"), meeting=first("952", "a"),
        vote_note=first("996", "a"), link=RECORD_URL + control if control.isdigit() else "",
    )


def _read(path: Path, writer: UndlWriter) -> Iterator[str]:
    """Stream one MARCXML file through ``writer``."""
    out: list[str] = []
    n = votes = 0
    for n, (line, fields) in enumerate(records(path), 1):
        res = resolution_of(fields, path, line)
        if res is None:
            continue
        votes += 1
        tally, text = writer.open(res, path, line)
        out.append(text)
        for f in fields:
            if f.tag == "967":
                out.append(writer.ballot(tally, f.first("c"), f.first("d"), f.first("e"),
                                         path, f.line))
        if n % RECORDS_PER_CHUNK == 0:
            yield "".join(out)
            out.clear()
    if not votes:  # loading it would replace the graph with an empty one
        raise InputError(path, None, f"no records with a recorded vote (967 or 996) among {n}"
                         if n else "no records")
    yield "".join(out)
