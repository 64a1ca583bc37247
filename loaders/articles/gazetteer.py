"""State names, demonyms, possessives and capital metonyms -> ISO 3166-1 alpha-3 codes.

Sources, in order of precedence: the hand-written tables in gazetteer_data.py (press aliases
such as "Britain", "North Korea", "St. Vincent"), the short names of data/members.csv (with
their parenthesised parts turned around: "Bolivia (Plurinational State of)" -> "Bolivia",
"Plurinational State of Bolivia"), and pycountry's names. Only UN members and observer
states (the codes of members.csv) are produced; a name that could mean two states is dropped.

Matching runs one trie-shaped regular expression over the text (linear in its length) and
then filters mentions that do not stand for a state: "Atlanta, Georgia", "Michael Jordan",
"in Moscow" (a place, not the government), "Washington Post".
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

from loaders.articles.gazetteer_capitals import POSSESSIVE_CAPITALS
from loaders.articles.gazetteer_data import (
    ALIASES,
    AMBIGUOUS_NAMES,
    DEMONYMS,
    INSTITUTIONS,
    METONYMS,
)

NAME, POSSESSIVE, DEMONYM, METONYM = "name", "possessive", "demonym", "metonym"

_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|from|to|into|near|outside|inside|around|across|towards?|via|through|throughout|"
    r"within|visit(?:ed|ing|s)?|left|leave|leaving|arrived|reached|fled|based|flew|travel(?:l?ed)?)"
    r"|\bthe\s+(?:streets?|city|capital)\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_US_STATE_CONTEXT = re.compile(
    r"\b(?:Atlanta|Savannah|U\.?S\.? state|US state|American state|state of Georgia|Georgia Tech|"
    r"Peach State|Kemp|Raffensperger|Warnock|Ossoff|runoff|Georgia Bulldogs)\b"
)
_ROLE_WORDS = frozenset(
    """Foreign Minister Ministry President Prime Vice Deputy Ambassador Ambassadors Envoy Permanent
    Representative Mission Delegation Government Defence Defense Interior Secretary Spokesman
    Spokeswoman Spokesperson Chancellor King Queen Emir Sheikh UN U.N. United General Chief Army
    Navy Air Parliament Senator Leader Premier Minister's""".split()
)
_CONNECTIVE_BEFORE = (
    r"\b(?:But|And|Then|While|As|When|If|So|Yet|Now|Still|Meanwhile|However|Even|Only|Both|"
    r"The|Neighbo(?:u)?ring|Including|Also)\s+$"
)
_FOLLOWER_BLOCK = re.compile(
    r"^(?:-based|-born|\s+(?:Times|Post|Journal|Herald|Tribune|Airport|"
    r"River|Valley|Delta|Canal|Street|Avenue|Square|Metro|Olympics|Tech|"
    r"University|state|State University|time))\b"
)


@dataclass(frozen=True)
class StateMention:
    """One mention of a state in a text: character offsets into that text, the code and kind.

    kind is "name" ("Ukraine"), "possessive" ("Ukraine's"), "demonym" ("Ukrainian") or
    "metonym" ("Moscow", "the Kremlin" standing for the government).
    """

    start: int
    end: int
    text: str
    iso3: str
    kind: str


def _default_members_csv() -> Path | None:
    try:
        from graph.resources import data_dir

        path = data_dir() / "members.csv"
    except Exception:  # noqa: BLE001 - any failure: fall back to pycountry alone
        return None
    return path if path.is_file() else None


def _split_pipe(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _turn_around(name: str) -> list[str]:
    """'Bolivia (Plurinational State of)' -> ['Bolivia', 'Plurinational State of Bolivia'];
    'Iran, Islamic Republic of' -> ['Iran', 'Islamic Republic of Iran']."""
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if m:
        head, tail = m.group(1), m.group(2)
        return [head, f"{tail} {head}"] if tail.endswith((" of", " of the")) else [head]
    m = re.fullmatch(r"(.+?),\s*(.+)", name)
    if m:
        head, tail = m.group(1), m.group(2)
        tail = re.sub(r"^The ", "the ", tail)
        return [head, f"{tail} {head}"] if tail.endswith((" of", " of the")) else [head]
    return [name]


def _trie_regex(words: list[str]) -> str:
    """A regular expression matching any of ``words``, factored as a prefix tree."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        alts = [re.escape(k) + build(node[k]) for k in keys]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class Gazetteer:
    """Finds and resolves state mentions. Build once (``default_gazetteer()``) and reuse."""

    def __init__(self, members_csv: Path | None = None) -> None:
        path = members_csv if members_csv is not None else _default_members_csv()
        self.codes: set[str] = set()
        short: dict[str, str] = {}
        if path is not None:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                for row in csv.DictReader(handle):
                    self.codes.add(row["iso3"])
                    short[row["iso3"]] = row["short_name"]
        if not self.codes:
            self.codes = {c.alpha_3 for c in pycountry.countries}
        self.names: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self._possessive_only: set[str] = set()
        self._collect(short)
        surfaces = sorted(self.names, key=len, reverse=True)
        self._regex = re.compile(r"(?<![\w.])(?:the\s+)?(" + _trie_regex(surfaces) + r")(?![\w])")
        self._lower = {k.lower(): v for k, v in self.names.items() if self.kinds[k] != DEMONYM}

    def _collect(self, short: dict[str, str]) -> None:
        candidates: dict[str, set[str]] = {}

        def add(surface: str, code: str) -> None:
            surface = surface.strip()
            if surface and code in self.codes:
                candidates.setdefault(surface, set()).add(code)

        for code in self.codes:
            country = pycountry.countries.get(alpha_3=code)
            if country is not None:
                for attr in ("name", "official_name", "common_name"):
                    value = getattr(country, attr, None)
                    if value:
                        for form in _turn_around(re.sub(r"^the ", "", value)):
                            add(form, code)
            if code in short:
                for form in _turn_around(short[code]):
                    add(form, code)
        names = {s: next(iter(c)) for s, c in candidates.items() if len(c) == 1}
        for code, value in ALIASES.items():
            for alias in _split_pipe(value):
                names[alias] = code  # the hand-written table wins over ambiguity
        for surface, code in list(names.items()):
            self.names[surface] = code
            self.kinds[surface] = NAME
            if len(surface) >= 4 and "." not in surface and surface.upper() != surface:
                self.names[surface.upper()] = code
                self.kinds[surface.upper()] = NAME
        for code, value in DEMONYMS.items():
            for form in _split_pipe(value):
                if form not in self.names and code in self.codes:
                    self.names[form] = code
                    self.kinds[form] = DEMONYM
        for code, value in METONYMS.items():
            for form in _split_pipe(value):
                form = re.sub(r"^the ", "", form)
                if form not in self.names and code in self.codes:
                    self.names[form] = code
                    self.kinds[form] = METONYM
        for code, value in POSSESSIVE_CAPITALS.items():
            for form in _split_pipe(value):
                if form not in self.names and code in self.codes:
                    self.names[form] = code
                    self.kinds[form] = METONYM
                    self._possessive_only.add(form)

    def lookup(self, name: str) -> str | None:
        """ISO3 code for one name, demonym or possessive ("Britain's" -> "GBR"); None if unknown."""
        text = re.sub(r"['’]s?$", "", name.strip()).strip()
        text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
        if text in self.names:
            return self.names[text]
        return self._lower.get(text.lower())

    def find(self, text: str) -> list[StateMention]:
        """All state mentions in ``text``, in order, non-overlapping, longest match first."""
        found: list[StateMention] = []
        for m in self._regex.finditer(text):
            surface = m.group(1)
            start, end = m.start(1), m.end(1)
            code = self.names[surface]
            kind = self.kinds[surface]
            has_the = m.start(1) > m.start() or bool(re.search(r"\bThe\s+$", text[max(0, start - 5) : start]))
            if surface == "Palestinians" and not has_the:
                continue
            pos = re.match(r"['’]s(?!\w)", text[end : end + 3]) or (
                surface.endswith("s") and re.match(r"['’](?![\w])", text[end : end + 2])
            )
            if surface in self._possessive_only and not pos:
                continue
            if kind == METONYM or surface in INSTITUTIONS:
                if not self._metonym_ok(text, m.start(), m.end(1), bool(pos), surface):
                    continue
                kind = METONYM
            elif kind == NAME and pos:
                kind = POSSESSIVE
            if pos and kind in (POSSESSIVE, METONYM):
                end += pos.end()
            elif surface in AMBIGUOUS_NAMES and not self._plausible(text, start, m.end(1), surface):
                continue
            found.append(StateMention(start, end, text[start:end], code, kind))
        return found

    def _metonym_ok(self, text: str, start: int, end: int, possessive: bool, surface: str) -> bool:
        if possessive:
            return True
        before = text[max(0, start - 40) : start]
        if _LOCATIVE.search(before):
            return False  # "in Moscow", "went to the Kremlin": a place
        after = text[end : end + 40]
        if _FOLLOWER_BLOCK.match(after):
            return False  # "Moscow-based", "Washington Post"
        place = re.match(r",\s+(?:the\s+)?([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)", after)
        if place and (
            place.group(1) == "D.C." or self.lookup(place.group(1).split()[0]) or self.lookup(place.group(1))
        ):
            return False  # "Nairobi, Kenya", "Washington, D.C."
        if surface not in INSTITUTIONS:
            if re.match(r"\s+[A-Z][a-z]", after) and not re.match(r"\s+(?:and|But|The|It|He|She)\b", after):
                return False  # "Moscow Times", "Beijing Olympics"
            if re.search(r"\b[A-Z][a-z]+\s+$", before) and not re.search(_CONNECTIVE_BEFORE, before):
                return False  # "George Washington"
        return True

    @staticmethod
    def _plausible(text: str, start: int, end: int, surface: str) -> bool:
        after = text[end : end + 30]
        before = text[max(0, start - 30) : start]
        nxt = re.match(r"\s+([A-Z][\w.'’-]*)", after)
        if nxt and nxt.group(1) not in _ROLE_WORDS and nxt.group(1) not in ("And", "The"):
            return False  # "Georgia Tech", "Chad Smith", "Niger Delta"
        if (
            re.search(r"\b[A-Z][a-z]+\s+$", before)
            and not re.search(r"\b[A-Z][a-z]+(?:ing|ed)\s+$", before)
            and not re.search(_CONNECTIVE_BEFORE, before)
        ):
            return False  # "Michael Jordan" (but "Joining Israel and …")
        place = re.search(r"((?:\b[A-Z][a-z]+\s+){0,3}\b[A-Z][a-z]+),\s+$", before)
        if place:
            window = text[max(0, start - 60) : start]
            prior = default_gazetteer().find(window)
            if prior and re.fullmatch(r",\s+", window[prior[-1].end :]):
                return True  # "Lao People's Democratic Republic, Mali": the list goes on
            words = place.group(1).split()
            if all(default_gazetteer().lookup(" ".join(words[i:])) is None for i in range(len(words))):
                return False  # "Atlanta, Georgia" (but "the United States, Israel")
        if surface == "Georgia":
            left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), 0)
            right = min(x for x in (text.find(". ", end), text.find("\n", end), len(text)) if x >= 0)
            window = text[left:right]
            if _US_STATE_CONTEXT.search(window):
                return False
        if surface == "America" and re.search(r"\b(?:Latin|South|North|Central)\s+$", before):
            return False
        if surface in ("US", "CAR", "PRC") and text[start:end].upper() != text[start:end]:
            return False
        if surface == "Turkey" and re.match(r"\s+(?:dinner|day|vulture)", after):
            return False
        return True


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer over data/members.csv (cached; build it once per process)."""
    return Gazetteer()


def group_lists(
    mentions: list[StateMention], text: str, separator: re.Pattern[str]
) -> list[list[StateMention]]:
    """Runs of state names (or metonyms) in ``text`` joined only by what ``separator`` matches.

    A possessive or demonym ends the run (``Ukraine's ambassador`` is not a list item).
    """
    groups: list[list[StateMention]] = []
    for m in mentions:
        if m.kind not in (NAME, METONYM):
            groups.append([])
            continue
        if groups and groups[-1] and separator.match(text[groups[-1][-1].end : m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    return [g for g in groups if g]
