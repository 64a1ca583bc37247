"""Fuzzing the UNDL MARCXML loader with hypothesis (the property is in tests/fuzz_support.py).

Inputs: arbitrary text and bytes; collections built from MARC fields with awkward tags,
subfield codes and values (escaped, so that the XML is well formed and the loader's own checks
are reached); random edits of a small record cut from the fixture; and hostile XML (entity
expansion, external entities, unknown encodings), which must be refused with a clear error.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.base import InputError
from loaders.marcxml import UndlMarcLoader
from tests.fuzz_support import FUZZ, KNOWN, edits, load, mutate

FIXTURE = (Path(__file__).parent / "fixtures" / "votes_es11_1.xml").read_text(encoding="utf-8")


def small_record() -> str:
    """The fixture's first record without its totals (996) and with the ballots of KNOWN only."""
    head, _, rest = FIXTURE.partition('  <datafield tag="967"')
    head = re.sub(r'  <datafield tag="996".*?</datafield>\n', "", head, flags=re.S)
    ballots = re.findall(r'  <datafield tag="967".*?</datafield>\n', '  <datafield tag="967"' + rest,
                         flags=re.S)
    kept = [b for b in ballots if re.search(r'code="c">(\w+)<', b)[1] in KNOWN]
    return head + "".join(kept) + "</record>\n</collection>\n"


SAMPLE = small_record()


def load_marc(content: str | bytes) -> int | InputError:
    """Triples from the MARCXML loader, or the InputError it raised."""
    return load(lambda path, iris: UndlMarcLoader([path], iris, known_states=KNOWN), content, ".xml")


def test_the_sample_loads_with_the_known_ballots() -> None:
    """The fuzzers' starting point is itself loadable, so edits explore near valid input."""
    assert SAMPLE.count('tag="967"') == len(KNOWN)
    assert isinstance(load_marc(SAMPLE), int)


@FUZZ
@given(st.text(max_size=400))
def test_marcxml_any_text(content: str) -> None:
    load_marc(content)


@FUZZ
@given(st.binary(max_size=300))
def test_marcxml_any_bytes(content: bytes) -> None:
    load_marc(content)


@FUZZ
@given(edits(["", "<", ">", "&", '"', "&amp;", "&#0;", "&#x110000;", "&#65;", "<!--", "-->", "]]>",
              "<![CDATA[x]]>", "\x00", "\x01", "é", "\ufeff", "\n", "</subfield>", "</datafield>",
              "</record>", "<record>", '<datafield tag="967">', '<subfield code="c">', "967", "996",
              "791", "269", "001", "Y", "N", "A", "X", "ZZZ", "20221312", "2022-02-29", "-1",
              "1.5", "A/RES/ES-11/1", " xmlns:x='urn:x'", "x:"]))
def test_marcxml_edited_record(changes: list[tuple[int, int, str]]) -> None:
    load_marc(mutate(SAMPLE, changes))


TAG = st.sampled_from(["001", "245", "269", "791", "952", "993", "996", "967", "", "7910", "abc"])
CODE = st.sampled_from(["a", "b", "c", "d", "e", "f", "", "z", "aa"])
VALUE = st.one_of(
    st.sampled_from(["", "UKR", "RUS", "USA", "Y", "N", "A", "X", "NV", "20220302", "2022-03-02",
                     "20221399", "A/RES/ES-11/1", "A/RES/ES 11/1", "ES-11", "141", "141.0", "-3",
                     "1e9", "nan", "193", "3959039", "٣٩٥", "<bad iri>", 'quote"d', "a\nb", "Ω≈ç√",
                     "9" * 40]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
            max_size=12),  # characters that XML 1.0 allows, so that the loader's checks are reached
)
FIELD = st.tuples(TAG, st.lists(st.tuples(CODE, VALUE), max_size=5))
GOOD_FIELDS = [("791", [("a", "A/RES/ES-11/1")]), ("269", [("a", "20220302")]),
               ("967", [("c", "UKR"), ("d", "Y")]), ("967", [("c", "RUS"), ("d", "N")]),
               ("967", [("c", "CHN"), ("d", "A")]), ("967", [("c", "USA")]),
               ("996", [("b", "1"), ("c", "1"), ("d", "1"), ("e", "1"), ("f", "4")])]
RECORD = st.tuples(st.lists(st.sampled_from(GOOD_FIELDS), max_size=7), st.lists(FIELD, max_size=3)).flatmap(
    lambda parts: st.permutations(parts[0] + parts[1]))  # mostly well-formed fields, some awkward


def marc(records: list[list[tuple[str, list[tuple[str, str]]]]]) -> str:
    """A MARC 21 slim collection from records of (tag, [(code, value)]) fields, escaped."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n']
    for fields in records:
        out.append("<record>\n")
        for tag, subfields in fields:
            if tag == "001":
                out.append(f'<controlfield tag="001">{escape(subfields[0][1] if subfields else "")}'
                           "</controlfield>\n")
                continue
            subs = "".join(f"<subfield code={quoteattr(c)}>{escape(v)}</subfield>" for c, v in subfields)
            out.append(f"<datafield tag={quoteattr(tag)}>{subs}</datafield>\n")
        out.append("</record>\n")
    out.append("</collection>\n")
    return "".join(out)


@FUZZ
@given(st.lists(RECORD, min_size=1, max_size=4))
def test_marcxml_awkward_fields(records: list[list[tuple[str, list[tuple[str, str]]]]]) -> None:
    load_marc(marc(records))


LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY a "aaaaaaaaaa">'  # 10**8 characters of "a"
          + "".join(f'<!ENTITY {chr(n + 1)} "{("&" + chr(n) + ";") * 10}">' for n in range(97, 104))
          + ']>\n<collection><record><datafield tag="791"><subfield code="a">&h;</subfield>'
          "</datafield></record></collection>\n")


@pytest.mark.parametrize(("content", "problem"), [
    (LAUGHS, "malformed XML: limit on input amplification factor"),
    ('<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<collection>'
     '<record><datafield tag="791"><subfield code="a">&x;</subfield></datafield></record></collection>',
     "malformed XML: undefined entity &x;"),
    ('<?xml version="1.0" encoding="no-such-codec"?>\n<collection/>\n',
     "unknown encoding 'no-such-codec' in the XML declaration"),
    ("", "malformed XML: no element found"),
])
def test_hostile_xml_is_refused_clearly(content: str, problem: str) -> None:
    error = load_marc(content)
    assert isinstance(error, InputError), error
    assert error.line == 1 or (problem.startswith("malformed") and error.line is not None)
    assert error.problem.startswith(problem), error.problem
