"""Sponsorships: "sponsored by Canada, Guatemala, the Netherlands and Ukraine and co-sponsored by
dozens of others", "drafted by Ukraine", "presented by Albania and Ukraine", "a resolution
put forward by Mexico and France", "Ukraine drafted the resolution", "co-sponsors included ...".

Roles: sponsored / presented / introduced / submitted / tabled / put forward / proposed ->
"sponsor"; co-sponsored -> "co-sponsor"; drafted / written / penned -> "drafter". Amendments,
motions and letters are not resolutions: "amendments proposed by Belarus" yields nothing.
"""

from __future__ import annotations

import re

from loaders.articles.gazetteer import DEMONYM, METONYM, NAME, StateMention, group_lists
from loaders.articles.model import Span, SponsorClaim
from loaders.articles.text import Document
from loaders.articles.vote_context import symbols_in

_ROLE_OF = {
    "co-sponsored": "co-sponsor",
    "cosponsored": "co-sponsor",
    "co-authored": "co-sponsor",
    "drafted": "drafter",
    "written": "drafter",
    "penned": "drafter",
    "authored": "drafter",
}
_PASSIVE = re.compile(
    r"\b(co-?sponsored|sponsored|drafted|presented|introduced|submitted|tabled|put\s+forward|proposed|"
    r"written|penned|co-?authored|authored|championed)\s+(?:jointly\s+)?by\s+(?:the\s+)?"
    r"(?:(?:representatives?|delegations?|delegates?|governments?|permanent\s+missions?)\s+of\s+(?:the\s+)?)?",
    re.IGNORECASE,
)
_ACTIVE = re.compile(
    r"^\s*(?:,\s*(?:which|who)\s+)?(?:also\s+|had\s+|has\s+|have\s+|jointly\s+)*"
    r"(co-?sponsored|sponsored|drafted|presented|introduced|submitted|tabled|put\s+forward|proposed|wrote)\s+"
    r"(?:the|a|this|its|their)\s+(?:\w+\s+){0,3}?(?:resolution|text|draft)\b",
    re.IGNORECASE,
)
_COSPONSORS = re.compile(
    r"\bco-?sponsors\s+(?:included|include|were|are|such\s+as|including)\s*:?\s*(?:the\s+)?", re.IGNORECASE
)
_DRAFTED_ADJ = re.compile(
    r"^-(drafted|sponsored|led|backed)\s+(?:\w+\s+){0,2}?(?:resolution|text|draft)\b", re.IGNORECASE
)
_NOT_RESOLUTION = re.compile(
    r"\b(?:amendments?|motions?|letters?|statements?|proposals?\s+to\s+amend|"
    r"bills?|plans?|peace\s+plan|formula)\s*(?:,\s*)?$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"^\s*(?:,|;)?\s*(?:and\s+|&\s+|as\s+well\s+as\s+|(?:together|along|jointly)\s+with\s+)?(?:the\s+)?$"
)
_SOME_OF_THEM = re.compile(
    r"(?:(?:some|more\s+than|about|over|nearly|around|roughly|almost|dozens\s+of|scores\s+of)\s+)?"
    r"(?:\d{1,3}\s+|[a-z]+(?:-[a-z]+)?\s+)?(?:other\s+)?(?:countries|nations|states|members|"
    r"member\s+states|delegations|others)\s*,?\s*(?:including|among\s+them|such\s+as|notably)\s+(?:the\s+)?",
    re.IGNORECASE,
)
"""Named sponsors after a count: "co-sponsored by more than 50 countries, including Ukraine"."""


def _role(verb: str) -> str:
    key = re.sub(r"\s+", " ", verb.lower())
    return _ROLE_OF.get(key, "sponsor")


def _list_from(local: list[StateMention], pos: int, text: str) -> list[StateMention]:
    """Consecutive state names starting right at ``pos``."""
    out: list[StateMention] = []
    for m in local:
        if m.start < pos:
            continue
        gap = text[(out[-1].end if out else pos) : m.start]
        if m.kind not in (NAME, METONYM) or not (_SEPARATOR.match(gap) if out else not gap.strip()):
            break
        out.append(m)
    return out


def extract_sponsors(
    doc: Document, mentions: list[StateMention], lone_symbol: str | None = None
) -> list[SponsorClaim]:
    """Sponsor, co-sponsor and drafter claims of the article (one per state and role)."""
    claims: list[SponsorClaim] = []
    seen: set[tuple[str, str]] = set()
    article_symbols = symbols_in(doc.text)
    for s in doc.sentences:
        if s.caption:
            continue
        local = [
            StateMention(m.start - s.start, m.end - s.start, m.text, m.iso3, m.kind)
            for m in mentions
            if s.start <= m.start and m.end <= s.end
        ]
        if not local:
            continue
        symbols = symbols_in(s.text)
        symbol = (
            symbols[0]
            if symbols
            else (lone_symbol or (article_symbols[0] if len(article_symbols) == 1 else None))
        )
        found: list[tuple[StateMention, str]] = []
        for m in _PASSIVE.finditer(s.text):
            if _NOT_RESOLUTION.search(s.text[max(0, m.start() - 40) : m.start()]):
                continue
            some = _SOME_OF_THEM.match(s.text, m.end())
            start = some.end() if some else m.end()
            found += [(x, _role(m.group(1))) for x in _list_from(local, start, s.text)]
        for m in _COSPONSORS.finditer(s.text):
            found += [(x, "co-sponsor") for x in _list_from(local, m.end(), s.text)]
        for group in group_lists(local, s.text, _SEPARATOR):
            act = _ACTIVE.match(s.text[group[-1].end :])
            if act:
                role = "drafter" if act.group(1).lower() in ("drafted", "wrote") else _role(act.group(1))
                found += [(x, role) for x in group]
        for m in local:
            adj = _DRAFTED_ADJ.match(s.text[m.end :])
            if adj and m.kind in (NAME, DEMONYM, METONYM):
                found.append((m, "drafter" if adj.group(1).lower() == "drafted" else "sponsor"))
        for mention, role in found:
            if (mention.iso3, role) in seen:
                continue
            seen.add((mention.iso3, role))
            claims.append(
                SponsorClaim(
                    mention.iso3,
                    role,
                    symbol,
                    Span(s.start, s.end),
                    Span(s.start + mention.start, s.start + mention.end),
                )
            )
    return claims


