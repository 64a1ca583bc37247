"""Article text: the optional leading ``date YYYY-MM-DD`` line and sentences with offsets.

Every offset is a character offset into the original text (as given, header included), so
evidence can be cut back out of the article with ``text[start:end]``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

_HEADER = re.compile(r"\A\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})(?![\d-])[ \t]*", re.IGNORECASE)

# Words that end with a full stop without ending the sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st jan feb mar apr jun jul aug sep sept oct nov dec no gen lt col sen rep gov
    jr sr vs etc inc co corp ltd dept est approx fig vol pres amb mt ft capt sgt prof rev hon
    e.g i.e""".split()
)
_STARTERS = frozenset(
    """The It He She They But And This That In On A An Its His Her We I As At After Before When
    While Meanwhile However Some Many Russia Ukraine""".split()
)
_BOUNDARY = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[“\"‘'(\[]?[A-Z0-9À-Þ])")
_CAPTION = re.compile(
    r"\((?:AP|AFP|Reuters|EPA|Getty)?\s*Photo\b|\bAP Photo\b|\bPhoto:\s|\(photo:|\(pictured|"
    r"/\s*(?:The\s+)?Associated Press\b|\bGetty Images\b|/AFP\b|/Reuters\b|/EPA\b|^\s*FILE\s*[–—-]|"
    r"\bImage (?:caption|source)\b|\bPhotograph:",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\s*(?:By\s+[A-Z]|With a report from|Reporting by|Editing by|Writing by|Additional reporting|"
    r"(?:\w+\s+){0,3}(?:journalists?|correspondents?|writers?)\s+.{0,200}\bcontributed\b|"
    r"Copyright\b|©)",
)


@dataclass(frozen=True)
class Sentence:
    """One sentence: its offsets into the article, its text and where it sits.

    ``caption`` marks photo captions, credits and bylines (noise for most extractors).
    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    caption: bool = False


@dataclass
class Document:
    """An article split for extraction."""

    text: str
    published: dt.date | None
    body_start: int
    sentences: list[Sentence]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset`` (None between sentences)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None


def parse_header(text: str) -> tuple[dt.date | None, int]:
    """The date of a leading ``date YYYY-MM-DD`` line (or prefix) and where the body starts."""
    m = _HEADER.match(text)
    if not m:
        return None, 0
    try:
        return dt.date.fromisoformat(m.group(1)), m.end()
    except ValueError:
        return None, m.end()


def _is_abbreviation(line: str, dot: int) -> bool:
    """Whether the full stop at ``line[dot]`` closes an abbreviation rather than a sentence."""
    m = re.search(r"(?:^|[\s(“\"])((?:[A-Za-z]\.)*[A-Za-z]+)$", line[:dot])
    if not m:
        return False
    word = m.group(1)
    if word.lower() in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: "Joe R. Biden"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S. / U.N. / U.K.
        nxt = re.match(r"\s+([A-Z][a-z]*)", line[dot + 1 :])
        return not (nxt and nxt.group(1) in _STARTERS)
    return False


def _split_line(line: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of one line, relative to the line."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        if (
            line[m.start()] == "."
            and m.group().startswith(".")
            and len(m.group().rstrip("”\"’')]")) == 1
            and _is_abbreviation(line, m.start())
        ):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(line)))
    out = []
    for a, b in spans:
        seg = line[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            out.append((a + lead, a + trail))
    return out


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Sentences of ``text[start:]``; every line break ends a sentence, blank lines end paragraphs."""
    sentences: list[Sentence] = []
    paragraph = 0
    pos = start
    blank = False
    for line in text[start:].split("\n"):
        if not line.strip():
            blank = True
            pos += len(line) + 1
            continue
        if blank and sentences:
            paragraph += 1
        blank = False
        spans = _split_line(line)
        short_line = len(line) < 700
        line_caption = short_line and (bool(_CAPTION.search(line)) or bool(_BYLINE.match(line)))
        for a, b in spans:
            chunk = line[a:b]
            caption = line_caption or bool(_CAPTION.search(chunk)) or bool(_BYLINE.match(chunk))
            sentences.append(Sentence(len(sentences), pos + a, pos + b, chunk, paragraph, caption))
        pos += len(line) + 1
    return sentences


def parse_document(text: str, published: dt.date | None = None) -> Document:
    """Header date (it wins over ``published``) and sentences of an article."""
    header_date, body = parse_header(text)
    return Document(text, header_date or published, body, split_sentences(text, body))


MAX_ARTICLE_BYTES = 256 * 1024
"""The longest article file read; long-form news pieces run to ~50 KB."""


def read_article_file(path: str | Path) -> str:
    """The text of an article file; raises ``loaders.base.InputError`` for unreadable input.

    Unreadable means: missing, empty (or only whitespace), binary (NUL bytes), not UTF-8, or
    longer than :data:`MAX_ARTICLE_BYTES` (no news article is; extraction time grows faster
    than the text, ~5 s at that size, so a book or a dump would keep a load busy for minutes).
    """
    from loaders.base import InputError

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read article: {exc.strerror or exc}") from exc
    if len(raw) > MAX_ARTICLE_BYTES:
        raise InputError(path, None, f"{len(raw):,} bytes is longer than a news article "
                                     f"(limit {MAX_ARTICLE_BYTES // 1024} KiB); split it into articles")
    if b"\x00" in raw:
        raise InputError(path, None, "not a text file (binary content)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from exc
    if not text.strip():
        raise InputError(path, None, "empty article")
    return text
