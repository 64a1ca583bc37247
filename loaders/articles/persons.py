"""Mentions of people with their role and the state they speak for.

Forms read:
- role before the name, owner before the role: "Ukraine's UN ambassador Sergiy Kyslytsya",
  "Polish Foreign Minister Zbigniew Rau", "US Ambassador to the UN Linda Thomas-Greenfield",
  "State Department spokesman Ned Price", "European Union foreign policy chief Josep Borrell"
  (an organisation: state None), "Ukraine's ambassador to the UN, Sergiy Kyslytsya,";
- name, then role in apposition: "Vasily Nebenzia, Russia's ambassador to the UN",
  "Linda Thomas-Greenfield, Representative of the United States to the United Nations";
- a bare name as the subject or inverted subject of a speech verb: "Sergei Kislitsa read ...",
  "... said Vasily Nebenzia"; a lone surname only for a person already introduced;
- unnamed role mentions ("Venezuela's deputy ambassador addressed ...") are kept as context
  for a later "Deputy Ambassador Joaquín Pérez Ayestarán".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.articles.gazetteer import DEMONYM, METONYM, NAME, POSSESSIVE, StateMention
from loaders.articles.names import surname_key
from loaders.articles.text import Sentence

_U = "".join(re.escape(chr(c)) for c in range(0x41, 0x250) if chr(c).isupper())
_L = "".join(re.escape(chr(c)) for c in range(0x61, 0x250) if chr(c).islower())
_TOKEN = (
    rf"(?:[{_U}][{_L}]+(?:[{_U}][{_L}]+)*(?:-[{_U}]?[{_L}]+|['’][{_U}][{_L}]+|['’][{_L}]{{2,}})*|[{_U}]\.(?:\s?[{_U}]\.)?|"
    rf"(?<![\w.])(?![AIO]\s)[{_U}](?=\s[{_U}][{_L}]{{3,}}))"
)
_PARTICLE = r"(?:de\s+la|de|da|van|von|der|del|la|le|al|el|bin|ben|di|du|dos|das)"
NAME_RE = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN}){{0,3}}"

_ROLE_CORE = (
    r"(?i:(?:deputy\s+)?(?:permanent\s+representative|permanent\s+ambassador|ambassador|envoy|representative|"
    r"foreign\s+minister|foreign\s+secretary|minister\s+(?:of|for)\s+foreign\s+affairs|"
    r"(?:under\s+)?secretary\s+of\s+state(?-i:\s+for\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)?|"
    r"vice\s+president|president|prime\s+minister|chancellor|(?:defen[cs]e\s+|external\s+affairs\s+|"
    r"information\s+)?minister|political\s+coordinator|"
    r"spokes(?:man|woman|person)|secretary[-\s]general|foreign\s+policy\s+chief|high\s+representative|"
    r"correspondent|editor|reporter|journalist|analyst|human\s+rights\s+chief|delegate|counsell?or|charg[ée]\s+d['’]affaires))"
)
_QUALS = (
    r"(?:(?i:top|chief|acting|former|senior|new|outgoing|special|deputy|diplomatic|political|UN|U\.N\.|"
    r"United\s+Nations)\s+)*"
)
ROLE_RE = re.compile(
    rf"\b{_QUALS}{_ROLE_CORE}(?:\s+(?i:to|at)\s+(?:the\s+)?(?:UN|U\.N\.|United\s+Nations)"
    rf"(?:\s+in\s+(?:New\s+York|Geneva))?)?(?![\w-])"
)
_ORG_BEFORE = re.compile(
    r"(?:(?:UN|U\.N\.|EU|AU)[-–/]\s?)?(?:European\s+Union|\bEU|E\.U\.|\bUN|U\.N\.|United\s+Nations|NATO|African\s+Union|Arab\s+League|"
    r"General\s+Assembly|Security\s+Council|Human\s+Rights\s+Council|Al\s+Jazeera['’]s|Reuters|\bAP|AFP|BBC|CNN|"
    r"Human\s+Rights\s+Watch|Amnesty\s+International|IAEA|\bWHO|\bICC|World\s+Bank|IMF|"
    r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}['’]s)\s+$"
)
SPEECH_VERBS = (
    r"(?:said|says|told|tells|added|adds|urged|urges|warned|warns|insisted|insists|argued|argues|stated|"
    r"declared|declares|noted|notes|asked|asks|responded|replied|stressed|stresses|accused|accuses|called|"
    r"calls|addressed|address|addresses|spoke|speaks|speaking|read|cited|cites|echoed|emphasi[sz]ed|explained|"
    r"claimed|countered|charged|maintained|appealed|wrote|writes|tweeted|announced|acknowledged|recalled|"
    r"reiterated|contended|complained|praised|condemned|welcomed|blasted|slammed|outlined|remarked|lamented|"
    r"questioned|suggested|described|denounced|hailed|blamed|critici[sz]ed|thanked|pleaded|defended|vowed|"
    r"pledged|conceded|concluded|insisted|demanded|rejected|dismissed|delivered|presented|introduced|"
    r"testified|briefed|commented|observed|predicted|signalled|signaled)"
)
ASIDE = (
    r",\s+(?:(?:reporting|speaking|writing)\s+(?:from|at|in|to|on)\s+|who\s+(?:had\s+|has\s+)?[a-z]+\s+|"
    r"(?:a|an|the|one\s+of)\s+)[^,;:“”\"]{1,60},"
)
"""An aside between a name and its speech verb: ", reporting from New York,", ", who pushed for it,",
an apposition of any words (", a former teacher,", ", a newcomer to the UN,")."""
_STOP = frozenset(
    """The A An He She It They We I His Her Its Their But And Or In On At By For With From To Of As After
    Before While When If This That These Those Then There Here However Meanwhile Also Still Yet Even Only UN
    Mr Mrs Ms Dr Sir President Minister Ambassador Foreign Secretary Deputy General Assembly Council Security
    United Nations Union European Western West East State States Department Kremlin White House Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Photo File Reuters Associated Press Charter Convention Human Rights
    Commission Court Republic Kingdom Federation Government Ministry Office Mission Representative
    Spokesman Spokeswoman Chief Prime Vice Special Envoy Delegates Diplomats God Al Jazeera NATO Mom Dad
    Both Many Some Several Others Officials Ukrainians Russians Americans Europeans Africa Asia Latin
    America Global South North Council's Geneva Kyiv Moscow Washington Beijing Brussels New York Twitter
    Facebook Telegram Defense Defence Affairs Political Headquarters Crimea Kherson Donetsk Luhansk
    Zaporizhzhia Kharkiv Kharkov Bucha Mariupol Wisconsin Delegation Group Movement Non-Aligned""".split()
)


INVERTED_TAIL = (
    r"(?:after|before|during|following|on|in|at|outside|afterwards|later|when|while|as|from)\s"
)
"""A phrase after the name in inverted speech ('"…," said X after the vote')."""
_BARE_PATTERNS = [
    re.compile(
        rf"({NAME_RE})(?=\s*,?\s+(?:(?:also|then|later|further|again|had|has|have)\s+)*{SPEECH_VERBS}\b|"
        rf"\s*{ASIDE}\s*{SPEECH_VERBS}\b)"
    ),
    re.compile(
        rf"\b(?:said|says|added|asked|wrote|noted|argued|insisted|stressed|warned|according\s+to)\s+({NAME_RE})(?=\s*(?:[,.;:)(]|$|{INVERTED_TAIL}))"
    ),
]


@dataclass
class PersonMention:
    """A name in the text (absolute offsets) with what its phrase says about the person."""

    start: int
    end: int
    name: str
    sentence: Sentence
    role: str | None = None
    state: str | None = None
    owner_known: bool = False  # the phrase names an owner (a state, or an organisation: state None)
    phrase_start: int = 0
    phrase_end: int = 0


@dataclass
class RoleMention:
    """An unnamed role with its owner: "Venezuela's deputy ambassador"."""

    sentence: Sentence
    role: str
    state: str | None
    owner_known: bool
    start: int
    end: int


def normalize_role(raw: str) -> str:
    """Role words -> a short controlled form ("ambassador", "deputy ambassador", "foreign minister")."""
    r = re.sub(r"\s+", " ", raw.lower()).strip()
    r = re.sub(r"\b(?:to|at|of)\s+the\b.*$|\b(?:to|at)\s+(?:u\.?n\.?|united nations)\b.*$", "", r)
    r = re.sub(
        r"(?<![\w.])(?:u\.n\.|un|united nations|top|new|outgoing|former|acting|senior|chief(?= \w))(?![\w])",
        " ",
        r,
    )
    r = re.sub(r"\s+", " ", r).strip()
    r = (
        re.sub(r"\bfor [a-z ]+$", "", r).strip()
        if r.startswith(("under secretary", "secretary of state"))
        else r
    )
    table = {
        "permanent representative": "ambassador",
        "permanent ambassador": "ambassador",
        "representative": "ambassador",
        "envoy": "ambassador",
        "deputy permanent representative": "deputy ambassador",
        "deputy representative": "deputy ambassador",
        "deputy envoy": "deputy ambassador",
        "minister of foreign affairs": "foreign minister",
        "minister for foreign affairs": "foreign minister",
        "foreign secretary": "foreign minister",
        "spokesman": "spokesperson",
        "spokeswoman": "spokesperson",
        "secretary general": "secretary-general",
        "deputy foreign secretary": "deputy foreign minister",
        "high representative": "foreign policy chief",  # of the European Union (after "of the" is cut)
    }
    return table.get(r, r)


def _owner(sentence: Sentence, local: list[StateMention], role_start: int) -> tuple[str | None, bool, int]:
    """(state, owner_known, phrase start) for the owner written right before a role."""
    text = sentence.text
    for m in local:
        if (
            m.end <= role_start
            and not text[m.end : role_start].strip()
            and m.kind in (POSSESSIVE, DEMONYM, NAME, METONYM)
        ):
            return m.iso3, True, m.start
    org = _ORG_BEFORE.search(text[:role_start])
    if org:
        return None, True, org.start()
    return None, False, role_start


def valid_name(
    name: str, local: list[StateMention], start: int, known_surnames: set[str] | None = None
) -> str | None:
    """``name`` trimmed of leading stop words; None if it is not a person's name."""
    tokens = name.split()
    while tokens and (tokens[0].rstrip(".") in _STOP or ROLE_RE.fullmatch(tokens[0].replace("-", " "))):
        start += len(tokens[0]) + 1
        tokens = tokens[1:]
    cut = next((i for i, t in enumerate(tokens) if t in _STOP), len(tokens))
    tokens = tokens[:cut]
    if not tokens:
        return None
    candidate = " ".join(tokens)
    end = start + len(candidate)
    if any(m.start < end and start < m.end for m in local):
        return None  # a state name, demonym or capital
    if len(tokens) == 1:
        if known_surnames is None or surname_key(tokens[0]) not in known_surnames:
            return None
    if all(len(t) <= 2 for t in tokens):
        return None
    return candidate


def role_mentions(
    sentence: Sentence, local: list[StateMention]
) -> tuple[list[PersonMention], list[RoleMention]]:
    """Named people introduced with a role in one sentence, and unnamed role mentions."""
    people: list[PersonMention] = []
    unnamed: list[RoleMention] = []
    text = sentence.text
    for r in ROLE_RE.finditer(text):
        role = normalize_role(r.group(0))
        state, known, phrase_start = _owner(sentence, local, r.start())
        after_of = re.match(r"\s+of\s+(?:the\s+)?", text[r.end() :])
        role_end = r.end()
        if not known and after_of:
            nxt = [m for m in local if m.start == r.end() + after_of.end()]
            if nxt:
                state, known, role_end = nxt[0].iso3, True, nxt[0].end
                tail = re.match(r"\s+(?:to|at)\s+(?:the\s+)?(?:UN|U\.N\.|United\s+Nations)", text[role_end:])
                role_end += tail.end() if tail else 0
        after = re.match(rf"\s*,?\s*({NAME_RE})", text[role_end:])
        if after:
            name_start = role_end + after.start(1)
            name = valid_name(after.group(1), local, name_start)
            if name:
                end = name_start + len(name)
                trail = re.match(r"\s*,", text[end:]) if re.match(r"\s*,", text[role_end:]) else None
                people.append(
                    PersonMention(
                        sentence.start + name_start,
                        sentence.start + end,
                        name,
                        sentence,
                        role,
                        state,
                        known,
                        sentence.start + phrase_start,
                        sentence.start + end + (trail.end() if trail else 0),
                    )
                )
                continue
        before = re.search(
            rf"({NAME_RE}),\s+(?:who\s+(?:is|was|serves\s+as|served\s+as)\s+)?(?:the\s+|a\s+)?"
            r"(?:(?:newly|recently|just)\s+)?(?:(?:appointed|named|new|incoming|outgoing|joint)\s+)?$",
            text[:phrase_start],
        )
        if before:
            name = valid_name(before.group(1), local, before.start(1))
            if name:
                ns = before.start(1) + before.group(1).find(name)
                trail = re.match(r"\s*,", text[role_end:])
                people.append(
                    PersonMention(
                        sentence.start + ns,
                        sentence.start + ns + len(name),
                        name,
                        sentence,
                        role,
                        state,
                        known,
                        sentence.start + ns,
                        sentence.start + role_end + (trail.end() if trail else 0),
                    )
                )
                continue
        unnamed.append(
            RoleMention(
                sentence, role, state, known, sentence.start + phrase_start, sentence.start + role_end
            )
        )
    return people, unnamed


_DESCRIBED_BEFORE = re.compile(r"^\s+(?:[a-z][a-z-]*\s+){1,3}$")
"""Plain words between a demonym and the name: "Belarusian diplomat X", "Belarusian opposition figure X"."""
_APPOSITION = re.compile(r"\s*,\s+(?:a|an|the)\s+((?:[a-z][a-z-]*\s+){0,3})")
"""The start of an apposition after the name, up to where a demonym may stand (", a senior …")."""
_PREPOSITIONS = frozenset("of on about to with against from in for by at over".split())


def described_state(m: PersonMention, local: list[StateMention]) -> str | None:
    """The state a demonym or state possessive describing ``m`` gives, outside any role phrase:
    right before the name and its plain words ("Belarusian diplomat Pjotr Zaltsman") or opening
    an apposition after it (", a senior Belarusian diplomat"); not after a preposition (", a critic
    of Russian policy")."""
    text, base = m.sentence.text, m.sentence.start
    start, end = m.phrase_start - base, m.phrase_end - base
    for s in reversed(local):
        if s.kind in (DEMONYM, POSSESSIVE) and s.end <= start:
            if _DESCRIBED_BEFORE.match(text[s.end : start]):
                return s.iso3
    after = _APPOSITION.match(text, end)
    if after and not _PREPOSITIONS & set(after.group(1).split()):
        for s in local:
            if s.start == after.end() and s.kind in (DEMONYM, POSSESSIVE):
                if re.match(r"\s+[a-z]", text[s.end :]):
                    return s.iso3
    return None


def bare_mentions(
    sentence: Sentence, local: list[StateMention], taken: list[tuple[int, int]], known_surnames: set[str]
) -> list[PersonMention]:
    """Names used as the subject of a speech verb ("Kislitsa read", "said Vasily Nebenzia")."""
    text = sentence.text
    out: list[PersonMention] = []
    for regex in _BARE_PATTERNS:
        for m in regex.finditer(text):
            a = sentence.start + m.start(1)
            b = sentence.start + m.end(1)
            if any(x < b and a < y for x, y in taken):
                continue
            name = valid_name(m.group(1), local, m.start(1), known_surnames)
            if not name:
                continue
            ns = m.start(1) + m.group(1).find(name)
            out.append(
                PersonMention(
                    sentence.start + ns,
                    sentence.start + ns + len(name),
                    name,
                    sentence,
                    phrase_start=sentence.start + ns,
                    phrase_end=sentence.start + ns + len(name),
                )
            )
            taken.append((sentence.start + ns, sentence.start + ns + len(name)))
    return out


def surname_mentions(
    sentence: Sentence, surnames: set[str], taken: list[tuple[int, int]]
) -> list[PersonMention]:
    """Any later use of a known surname ("Kyslytsya", "Biden's") in a sentence."""
    out: list[PersonMention] = []
    if not surnames:
        return out
    regex = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
        + r")(?![\w-])"
    )
    for m in regex.finditer(sentence.text):
        a = sentence.start + m.start(1)
        if any(x <= a < y for x, y in taken):
            continue
        out.append(
            PersonMention(
                a, a + len(m.group(1)), m.group(1), sentence, phrase_start=a, phrase_end=a + len(m.group(1))
            )
        )
        taken.append((a, a + len(m.group(1))))
    return out
