"""Vote counts in one sentence: "94-14 with 73 abstentions", "by 141 votes to 5", "supported by
94 of the 193 members", "Fourteen countries voted against", "Only 4 countries joined Russia in
voting against", "won approval by 143 countries", "99 in favour to 9 against, with 59 abstentions".

``sentence_tallies`` turns the counts of a sentence into one or more partial tallies
(yes/no/abstain, any of them None). Numbers that are not counts are refused: "193-member",
years, "Resolution 2758", "ES-11/5", dates ("Feb. 23-24"), hedged figures ("at least 110
'yes' votes"), and tallies of a council ("the Security Council voted 13-0").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from loaders.articles.numbers import NUMBER_RE, parse_number

N = NUMBER_RE
_NOUNWORD = r"(?:countries|nations|states|member\s+states|members|delegations|governments|votes)"
_ADJ = r"(?:other|more|UN|U\.N\.|member|further|additional|remaining)"
_OF_THE = (
    rf"of\s+(?:the|its)\s+(?:(?:assembly|body|world\s+body|organi[sz]ation|UN|U\.N\.|United\s+Nations)['’]s?\s+)?"
    rf"\d{{1,3}}(?:[- ]member)?\s+(?:(?:UN|U\.N\.)\s+)?(?:{_NOUNWORD}|body|assembly)"
)
_NOUN = rf"(?:(?:{_ADJ}\s+)?{_NOUNWORD}(?:\s+{_OF_THE})?|{_OF_THE})"
_PAREN = (
    r"(?:,\s*(?:including|among\s+them|such\s+as|led\s+by|notably)\s+[^,;]{0,120}"
    r"(?:,\s*[^,;]{0,60}){0,15}?,|\s*(?:--|[–—-])\s+[^–—;]{0,250}?\s+(?:--|[–—-])|\s*\([^()]{0,200}\)|"
    r"\s+(?:including|among\s+them|such\s+as)\s+(?-i:[A-Z])[^,;.\d]{0,40}?(?:(?:,\s*|\s+and\s+)(?-i:[A-Z])[^,;.\d]{0,40}?){0,15}"
    r"(?=\s+(?:also\s+)?(?:abstained|voted|opposed)\b))"
)
_WHEN = r"(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+)?"
_AUX = rf"(?:(?:that|which|who)\s+)?(?:(?:also|all|have|had|each|both|then)\s+)*{_WHEN}"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "label",
        re.compile(
            rf"^\s*(?:[-*•]\s*)?(?:(?P<yes>For|In\s+favou?r|Yes)|(?P<no>Against|No)|(?P<abstain>Abstained|Abstentions?|"
            rf"Abstaining))\s*:\s*({N})\b(?!\s*(?:[-–—]\s*\d|%))"
        ),
    ),
    (
        "dash",
        re.compile(
            r"(?<![\w.,/$€£#-])(\d{1,3})\s?[-–—]\s?(\d{1,3})(?:\s?[-–—]\s?(\d{1,3}))?(?![\w%]|[-–—]\w|[.,]\d)"
        ),
    ),
    (
        "votes_to",
        re.compile(
            rf"\b({N})\s+(?:votes?\s+)?(?:in\s+favou?r\s+)?(?:to|versus|vs\.?)\s+({N})(?:\s+against)?\b(?!\s*[-–])",
            re.IGNORECASE,
        ),
    ),
    (
        "in_favour_against",
        re.compile(
            rf"\b({N})\s+(?:{_NOUN}\s+)?(?:in\s+favou?r|for|yes|[“\"]yes[”\"])(?:\s+votes?)?\s*(?:,|and|to|with)?\s*"
            rf"({N})\s+(?:{_NOUN}\s+)?(?:against|no|[“\"]no[”\"])\b",
            re.IGNORECASE,
        ),
    ),
    (
        "abstain",
        re.compile(rf"\b({N})\s+(?:{_NOUN}\s+)?(?:abstentions?|abstaining|abstainers)\b", re.IGNORECASE),
    ),
    ("abstain", re.compile(rf"\b({N})\s+(?:{_NOUN}\s*)?(?:{_PAREN}\s*)?{_AUX}abstained\b", re.IGNORECASE)),
    (
        "abstain",
        re.compile(
            rf"\babstentions?\s+(?:numbered|totall?ed|were|was|stood\s+at|at)\s+({N})\b", re.IGNORECASE
        ),
    ),
    (
        "against",
        re.compile(
            rf"\b({N})\s+(?:{_NOUN}\s*)?(?:{_PAREN}\s*)?{_AUX}(?:vot(?:ed|ing)\s+|cast\s+(?:their\s+|its\s+)?"
            rf"(?:votes?\s+)?|were\s+|was\s+)?(?:against|opposed\b(?!\s+by)|rejected\s+(?:it|the\s+(?:resolution|text|measure|draft))\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "against",
        re.compile(
            rf"\b({N})\s+(?:{_NOUN}\s+)?(?:vot(?:ed|ing)\s+)?(?:no|[“\"]no[”\"])(?:\s+votes?)?\b"
            r"(?!\s+(?:longer|more|one|other))",
            re.IGNORECASE,
        ),
    ),
    (
        "joined",
        re.compile(
            rf"\b({N})\s+(?:(?:other|more)\s+)?(?:{_NOUN}\s+)?joined\s+([^,;]{{2,80}}?)\s+in\s+"
            r"(?:vot(?:ing|ed)\s+(against|no)|opposing|(abstaining))",
            re.IGNORECASE,
        ),
    ),
    (
        "yes",
        re.compile(
            rf"\b({N})\s+(?:{_NOUN}\s*)?(?:{_PAREN}\s*)?{_AUX}(?:vot(?:ed|ing)\s+)?(?:in\s+favou?r|yes|[“\"]yes[”\"])"
            r"(?:\s+votes?)?\b",
            re.IGNORECASE,
        ),
    ),
    ("yes", re.compile(rf"\b({N})\s+(?:{_NOUN}\s+)?voted\s+for\b", re.IGNORECASE)),
    (
        "yes",
        re.compile(
            rf"\b({N})\s+{_NOUN}\s+{_AUX}(?:voted\s+{_WHEN}(?:to|in\s+support\s+of)\s+"
            r"(?:condemn|demand|approve|adopt|back|support|suspend|endorse|call|declare|deplore|reaffirm|recommend|"
            r"create|establish|set\s+up|affirm|reject\s+Russia|the\b)|(?:backed|supported|endorsed|approved)\b"
            r"(?!\s+(?:Russia|Moscow|the\s+Kremlin|the\s+Russian)\b))",
            re.IGNORECASE,
        ),
    ),
    (
        "no",
        re.compile(
            rf"\b(?:opposed|rejected)\s+by\s+(?:only\s+|just\s+|a\s+mere\s+)?({N})"
            rf"(?:\s+{_NOUN}\b|(?=\s*(?:,|;|and\s+(?:{N}|with)\b)))",
            re.IGNORECASE,
        ),
    ),
    (
        "lone_no",
        re.compile(
            r"\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}\s+(alone)\s+vot(?:ed|ing)\s+(?:against|no)\b|"
            r"\bthe\s+(only)\s+(?:country|nation|state|member|delegation)\s+(?:to\s+vote|voting|that\s+voted)\s+"
            r"(?:against|no)\b"
        ),
    ),
    (
        "lone_abstain",
        re.compile(
            r"\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}\s+(alone)\s+abstained\b|"
            r"\bthe\s+(only|sole|lone)\s+(?:country|nation|state|member|delegation)\s+(?:to\s+abstain|abstaining|"
            r"that\s+abstained)\b"
        ),
    ),
    (
        "no",
        re.compile(
            rf"\b(?:drew|drawing|met|meeting|faced|facing|attracted|received|encountered)\s+(?:the\s+)?"
            rf"(?:opposition|objections?|no\s+votes)\s+(?:of|from)\s+(?:only\s+|just\s+|a\s+mere\s+)?({N})\s+{_NOUN}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "yes",
        re.compile(
            rf"\b(?:with|by)\s+({N})\s+votes\b(?!\s+(?:(?:in\s+favou?r\s+)?(?:to|versus|vs\.?)|against|opposed|no)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "yes",
        re.compile(
            rf"\b(?:supported|backed|approved|adopted|endorsed|passed|carried)\s+(?:by|with)\s+({N})"
            rf"(?:\s+(?:votes|{_NOUN}))?\b(?!\s*(?:votes?\s+)?(?:to|against|versus)\s)(?!\s*[-–—]\s*\d)(?!-)",
            re.IGNORECASE,
        ),
    ),
    (
        "yes",
        re.compile(
            rf"\b(?:with|won|winning|gained|garnered|received|receiving|secured|drew|had|got)\s+(?:the\s+)?"
            rf"(?:support|backing|approval|votes?|endorsement)\s+(?:of|by|from)\s+({N})\b(?!\s*[-–—]\s*\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "yes",
        re.compile(
            rf"\b(?:received|garnered|won|secured|got|drew|attracted|gained)\s+({N})\s+(?:yes\s+)?votes\b"
            r"(?!\s+(?:to|against)\b)",
            re.IGNORECASE,
        ),
    ),
]

_VOTE_CONTEXT = re.compile(
    r"\bvot\w*|\btall(?:y|ied)\b|\babstain\w*|\babstention|\bpassed\b|\badopted\b|\bapproved\b|\bmargin\b|"
    r"\bresolution\b|\bin favou?r\b|\bballot|\bbacked\b|\bsupported\b|\bopposed\b|\bagainst\b|"
    r"^\s*(?:[-*•]\s*)?(?:For|Yes)\s*:\s*\d",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:at\s+least|more\s+than|nearly|almost|about|around|roughly|up\s+to|fewer\s+than|less\s+than|as\s+many\s+as|"
    r"expect\w*|predict\w*|needs?|needed|would|could|might|hop(?:e|ed|ing)|requir\w*|target\w*|forecast\w*|"
    r"projected|anticipat\w*|majority\s+of|two-thirds)\b[^.;:]*$",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
_BODY = re.compile(
    r"General Assembly|\bassembly\b|Security Council|Human Rights Council|\bcouncil\b|"
    r"\bcommittee\b|\bboard\b|\bsenate\b|\bparliament\b|\bcongress\b",
    re.IGNORECASE,
)
_OBJECT_BODY = re.compile(
    r"\b(?:from|to|on|of|for|into|onto|about|seat\s+on)\s+(?:the\s+)?(?:(?:UN|U\.N\.|United\s+Nations|"
    r"Geneva-based|47-member|47-nation)\s+)*$",
    re.IGNORECASE,
)
_NOT_WORD = re.compile(
    r"(?:resolution|article|paragraph|chapter|no\.|number|page|section|rule)\s+$|"
    r"\bof\s+(?:the|its)\s+(?:[\w.]+['’]s?\s+)?$",
    re.IGNORECASE,
)


@dataclass
class Count:
    """One count found in a sentence: which option, its value, where (sentence-relative)."""

    option: str  # "yes", "no", "abstain"
    value: int
    start: int
    end: int
    joined: list[tuple[int, int]] = field(default_factory=list)  # spans of "joined X" state lists


@dataclass
class Tally:
    """A (possibly partial) tally read from one sentence; offsets are sentence-relative."""

    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    start: int = 0
    end: int = 0
    counts: list[Count] = field(default_factory=list)

    def complete_pair(self) -> bool:
        """Both a yes and a no count are known."""
        return self.yes is not None and self.no is not None


def _hedged(sentence: str, start: int) -> bool:
    before = sentence[max(0, start - 45) : start]
    return bool(_HEDGE.search(before))


def _council_body(sentence: str, start: int) -> bool:
    if re.search(r"\bveto|\bS/\d{4}/\d", sentence, re.IGNORECASE):
        return True
    last = None
    for m in _BODY.finditer(sentence[:start]):
        if re.match(r"['’]s?\b", sentence[m.end() : m.end() + 2]):
            continue  # "criticising the Security Council's failure": not the voting body
        if _OBJECT_BODY.search(sentence[max(0, m.start() - 40) : m.start()]):
            continue  # "suspended Russia from the Human Rights Council by a vote of 93 ..."
        last = m.group(0).lower()
    return last is not None and "assembly" not in last


def _count_names(text: str) -> int:
    return len([p for p in re.split(r",\s*|\s+and\s+|\s*&\s*", text) if p.strip()])


def find_counts(sentence: str, count_states: Callable[[str], int] = _count_names) -> list[Count]:
    """Counts in one sentence, in order of position, refusing numbers that are not vote counts.

    ``count_states`` counts the states named in "N countries joined X (and Y) in voting
    against" (the count is N plus those).
    """
    if len(sentence) > 3000 or not _VOTE_CONTEXT.search(sentence):
        return []
    counts: list[Count] = []
    seen: set[tuple[int, int]] = set()

    def add(
        option: str, group: str | None, start: int, end: int, extra: int = 0, dashed: bool = False
    ) -> None:
        if group is None:
            return
        value = parse_number(group)
        if value is None or value > 200 or (start, end) in seen:
            return
        if _hedged(sentence, start) or _council_body(sentence, start):
            return
        if _NOT_WORD.search(sentence[:start]) and not dashed:
            return  # "resolution 68/262" is a number, "passed a resolution 100-11" a tally
        seen.add((start, end))
        counts.append(Count(option, value + extra, start, end))

    for kind, regex in _PATTERNS:
        for m in regex.finditer(sentence):
            if kind == "dash":
                if _MONTH_BEFORE.search(sentence[: m.start()]):
                    continue
                values = [int(g) for g in m.groups() if g]
                if any(v > 200 for v in values) or values[0] + values[1] == 0:
                    continue
                if any(g.startswith("0") and len(g) > 1 for g in m.groups() if g):
                    continue
                add("yes", m.group(1), m.start(1), m.end(1), dashed=True)
                add("no", m.group(2), m.start(2), m.end(2))
                if m.group(3):
                    add("abstain", m.group(3), m.start(3), m.end(3))
            elif kind in ("votes_to", "in_favour_against"):
                add("yes", m.group(1), m.start(1), m.end(1))
                add("no", m.group(2), m.start(2), m.end(2))
            elif kind == "joined":
                option = "abstain" if m.group(4) else "no"
                add(option, m.group(1), m.start(1), m.end(1), extra=max(count_states(m.group(2)), 1))
                if counts and counts[-1].start == m.start(1):
                    counts[-1].joined.append((m.start(2), m.end(2)))
            elif kind == "label":  # a recap line: "For: 141", "Against: 5 – Russia, …"
                option = next(k for k in ("yes", "no", "abstain") if m.group(k))
                add(option, m.group(4), m.start(4), m.end(4))
            elif kind in ("lone_no", "lone_abstain"):
                group = 1 if m.group(1) else 2
                add("no" if kind == "lone_no" else "abstain", "one", m.start(group), m.end(group))
            else:
                option = {"abstain": "abstain", "against": "no", "no": "no", "yes": "yes"}[kind]
                add(option, m.group(1), m.start(1), m.end(1))
    counts.sort(key=lambda c: c.start)
    return counts


_ELECTION = re.compile(r"\b(?:seats?|elect(?:ed|ion|ions)?|candidac\w*|candidates?|bid)\b", re.IGNORECASE)
"""An election ("Russia received 83 votes … for the two seats"): yes-only counts are not a tally."""


def sentence_tallies(sentence: str, count_states: Callable[[str], int] = _count_names) -> list[Tally]:
    """The tallies of one sentence: counts grouped in order; a conflicting count starts a new one.

    Yes-only counts in a sentence about an election are dropped (they are candidates' votes).
    """
    tallies: list[Tally] = []
    current: Tally | None = None
    for count in find_counts(sentence, count_states):
        attr = count.option
        if current is not None:
            clash = getattr(current, attr) is not None and getattr(current, attr) != count.value
            repeat_pair = attr == "yes" and current.complete_pair()
            if clash or repeat_pair:
                current = None
        if current is None:
            current = Tally(start=count.start, end=count.end)
            tallies.append(current)
        setattr(current, attr, count.value)
        current.counts.append(count)
        current.start = min(current.start, count.start)
        current.end = max(current.end, count.end)
    if _ELECTION.search(sentence):
        tallies = [t for t in tallies if t.no is not None or t.abstain is not None]
    return tallies
