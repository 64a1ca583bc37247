"""States named for a vote option in one sentence.

"Fourteen countries voted against the resolution, including Russia, China and Iran, while 73
abstained, including Brazil, India and South Africa" -> no: RUS CHN IRN; abstain: BRA IND ZAF.
"Only 4 countries joined Russia in voting against the resolution - Syria, Nicaragua, North Korea
and Belarus" -> no: all five.

A list of state names (joined by commas / "and") belongs to an option when it is the subject of
a voting verb ("Belarus and Syria voted against"), follows a list trigger ("including",
"such as", ":", a dash, "were") inside the clause of a voting cue, or is the company in
"joined X in voting against" / "voted with X against". Possessives ("Russia's ally Syria") and
demonyms never count; hypothetical votes ("urged members to vote against") do not either.
"""

from __future__ import annotations

import re

from loaders.articles.gazetteer import POSSESSIVE, StateMention, group_lists
from loaders.articles.numbers import NUMBER_RE

_HYPOTHETICAL = (
    r"(?<!\bdid\s)(?<!\bhad\s)(?<!\bchose\s)(?<!\bopted\s)(?<!\bdecided\s)(?<!\bwent\son\s)"
    r"(?:\b(?:to|would|will|could|might|may|should|shall|not|n['’]t)\s+)"
)
"""A vote not cast ("urged members to vote against", "did not vote"); "chose to abstain" is one cast."""
_ONLY_ONE_TO = re.compile(
    r"\b(?:only|sole|first|lone)\s+(?:[A-Z]\w+\s+){0,2}(?:country|nation|state|member|one|government)\s+to\s+$"
)
"""A vote cast by the only one: "the only African nation to vote against"."""
_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("no", re.compile(r"^\s*(?:[-*•]\s*)?Against(?=\s*:)")),  # a recap line "Against: 5 – Russia, …"
    (
        "no",
        re.compile(
            r"\b(?:vot(?:ed|ing|es?)|cast\w*)\s+(?:(?:(?:their|its)\s+)?(?:votes?|ballots?)\s+)?(?:(?:with|alongside)\s+[^,.;:]{1,80}?\s+)?"
            r"(?:against|no\b|[“\"]no[”\"])",
            re.IGNORECASE,
        ),
    ),
    (
        "no",
        re.compile(
            r"\b(?:joined|joining|joins?)\s+[^.;:]{1,80}?\s+in\s+(?:vot(?:ing|ed)\s+against|opposing|opposition|rejecting|"
            r"voting\s+no)",
            re.IGNORECASE,
        ),
    ),
    (
        "no",
        re.compile(
            r"\b(?:was|were)\s+joined\s+by\s+[^.;:]{1,160}?\s+in\s+(?:vot(?:ing|ed)\s+(?:against|no)|opposing|"
            r"rejecting)|\b(?:was|were)\s+joined\s+in\s+(?:vot(?:ing|ed)\s+(?:against|no)|opposing|rejecting)"
            r"(?:\s+(?:it|(?:the|that|this)\s+(?:resolution|text|measure|draft|motion)))?\s+by\s+[^.;:]{1,300}|\b(?:sid(?:ed|ing|es?)\s+with|st(?:ood|anding)\s+(?:by|with))(?=\s+(?:Moscow|Russia|the\s+Russian\s+Federation|the\s+Kremlin)\b)|"
            r"\b(?:those|countries|nations|states|delegations|members)\s+(?:opposing|that\s+opposed|who\s+opposed)\b|"
            r"\bopponents\b|\b(?:no|[“\"]no[”\"])\s+votes?\b|\bvotes?\s+against\b|\bopposition\s+(?:of|from)\b|"
            rf"(?<![\w-])(?i:{NUMBER_RE})\s+(?:(?:countries|nations|states|members|delegations|votes)\s+)?"
            r"(?:against|opposed)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "no",
        re.compile(
            r"\b(?:opposed|rejected)\s+(?:it|(?:the|that|this)\s+(?:resolution|text|measure|draft|motion|"
            r"suspension|move|call|demand|initiative|proposal|register|mechanism))\b|"
            r"\b(?:were|was)\s+opposed\b(?!\s+by)|\b(?:opposed|rejected)\s+by\b|\bagainst\s+(?:it|the\s+(?:resolution|text|measure|draft))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "abstain",
        re.compile(
            r"\b(?:joined|joining)\s+[^,.;:]{1,80}?\s+in\s+abstaining|\babstain\w*|\babstention\w*",
            re.IGNORECASE,
        ),
    ),
    (
        "yes",
        re.compile(
            r"\bvot(?:ed|ing|es?)\s+(?:(?:with|alongside)\s+[^,.;:]{1,80}?\s+)?(?:in\s+favou?r|for\b|yes\b|"
            r"[“\"]yes[”\"])|\bin\s+favou?r\b|\byes\s+votes?\b|\b(?:supported|backed)\s+by\b|\b(?:supported|backed)\s+(?:it|the\s+"
            r"(?:resolution|text|measure))\b",
            re.IGNORECASE,
        ),
    ),
]
_BOUNDARY = re.compile(
    r",?\s+while\b|;|,\s*whereas\b|,\s*but\b|\.\s|,\s+and\s+(?=\d|[a-z]+\s+(?:countries|nations))",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"^\s*(?:\([^()]{0,40}\))?\s*(?:,\s*(?:[A-Z][\w'’.-]*\s*){1,3}(?=,))?,?\s*(?:and\s+|&\s+|as\s+well\s+as\s+|"
    r"plus\s+|or\s+|along\s+with\s+|together\s+with\s+)?(?:the\s+)?$"
)
"""Between two names of one list; a UN-style qualifier may follow a name: "Iran (Islamic Republic of),";
one unread name ("…, China, Congo, Cuba, …": bare "Congo" is ambiguous) does not break the list."""
_TRIGGER = re.compile(
    r"(?:\bincluding|\bincluded|\binclude[sd]?|\bamong\s+(?:them|those|others)|\bsuch\s+as|\bnamely|\bwere|\bwas|"
    r"\bare|:|[–—]|\s-|\(|\bcame\s+from|\bcast\s+by|\b(?:opposed|rejected|supported|backed)\s+by)\s*(?:(?:[A-Z][\w.]*[’']s|its|their|the|key|close|strategic|main|traditional|"
    r"long-?time|ally|allies|partners?|neighbou?rs?|fellow|member)\s+){0,4}$"
)
_SUBJECT_FILLER = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*(?:which|who)\s+(?!had\b|has\b)|"
    r",\s*(?:too|also|again|instead|likewise),?\s*|,\s*)?(?:(?:also|all|both|each|too|then|have|had|"
    r"instead|alone|only|even|again|once\s+again|likewise|eventually|ultimately|duly|then|"
    r"(?:on|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|time)|"
    r"(?:on\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}|"
    r"yesterday|today|later|earlier|in\s+the\s+end|in\s+the\s+(?:recorded\s+)?vote|"
    r"(?:chose|decided|opted)\s+to),?\s+)*"
    r"(?:(?:were|was|are|is|became|becomes|become)\s+(?:also\s+|again\s+)?(?:among|one\s+of|the\s+(?:only|sole|lone))\s+(?:the\s+)?"
    rf"(?:(?i:{NUMBER_RE})\s+)?(?:(?:\w+\s+){{0,2}}?(?:countries|country|nations|nation|states|state|members|"
    r"delegations|those|others|ones)\s+(?:(?:that|which|who|to)\s+)?(?:(?:had|have)\s+)?)?)?"
)
_ASIDE = re.compile(
    r"^\s*(?:,\s*[^,.;:]{1,60},\s*)?(?:said|told\s+[^,.;:]{1,40}?|explained|stated|noted|added|confirmed)\s+(?:that\s+)?"
    r"(?:(?:his|her|its|their)\s+(?:delegation|country|government|nation)|it|they)\s+(?:had\s+|has\s+)?"
    r"(?=ab|vot|oppos|cast)|"
    r"^\s*,\s*(?:which|who)\s+[^,.;:]{1,100},\s*|^\s*,\s*(?!and\b|or\b|but\b|while\b|said\b|told\b)"
    r"(?:[^,.;:\d]|(?<=[A-Z])\.){1,90},\s*(?=\w)(?!and\b|or\b|but\b|while\b)|"
    r"^\s+and\s+(?:the\s+)?(?:other|fellow|several|many|most|all|some)\s+[^,.;:]{1,40}?\s+"
    r"(?=(?:also\s+)?(?:vot|abstain|oppos|back|support|cast|reject))|"
    r"^\s+(?:[a-z]+\s+){1,5}and\s+(?=(?:also\s+)?(?:voted|abstained|opposed|backed|supported|rejected)\b)"
)
"""An aside between a subject list and its verb: a relative clause (", which has tried to
mediate,"), an apposition (", a neighbour,", ", India's neighbour,", ", both in the Horn of
Africa,"), reported speech ("said it had abstained"), company ("and the other EU members") or a
first verb ("sat on the fence and abstained")."""


def _subject_ends(sentence: str, last: int) -> list[int]:
    """Where the verb of a subject list ending at ``last`` may start (after fillers and asides)."""
    ends = []
    for skip in ("", _ASIDE.match(sentence[last:])):
        if skip is None:
            continue
        at = last + (skip.end() if skip else 0)
        filler = _SUBJECT_FILLER.match(sentence[at:])
        ends.append(at + (filler.end() if filler else 0))
    return ends


_BESIDES = re.compile(
    r"(?:^|[.;:]\s*)\W*(?:apart\s+from|besides|aside\s+from|in\s+addition\s+to|other\s+than)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""A list opening its sentence that the clause's option extends: "Apart from Russia, the no votes …"."""
_RIGHT_AFTER = re.compile(
    r"\s*(?:\(|:|--|[–—])\s*(?:including|among\s+them|notably|namely)?\s*(?:the\s+)?", re.IGNORECASE
)
_AFTER_TRIGGER = re.compile(
    r"^\s*,?\s*(?:(?:were|are|being)\s+)?among\s+(?:them|those|others\b|(?:the\s+)?(?:(?i:"
    + NUMBER_RE
    + r")\s+)?(?:abstainers|abstentions|opponents|no\s+votes|countries|nations|states)\b)"
)
"""After a list: "…, among them", "China, India among 38 abstainers" (a headline without its verb)."""
"""A list followed by "among them": "Thirty-eight nations abstained, India and China among them"."""
_SKIP_SENTENCE = re.compile(
    r"\bon\s+behalf\s+of\b|\bjoint\s+statement\b|\beither\b[^.]{0,80}\bor\b|"
    r"\bsignator(?:y|ies)\b",
    re.IGNORECASE,
)
_COUNT_START = re.compile(rf"(?:{NUMBER_RE})\s", re.IGNORECASE)
"""A cue that is a count ("5 against") is never hypothetical ("141 in favour to 5 against")."""
_OPTION_KEY = {"yes": "yes_named", "no": "against_named", "abstain": "abstain_named"}
_NOT_SUBJECT = re.compile(
    r"(?:\b(?:of|to|with|from|against|for|on|in|by|at|towards?|than|like|n(?:either|or))\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_IN_RELATIVE = re.compile(r",\s*(?:which|who|whose|that)\s+[^,;:.]*$", re.IGNORECASE)
"""A state inside a relative clause is its object, not a voter: "Kazakhstan, which borders Russia,"."""
_SPOKESMAN_OF = re.compile(
    r"\b(?:representative|delegate|delegation|ambassador|envoy|minister)s?\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
"""The subject is the state itself: "the representative of China said his delegation had abstained"."""
_AS_DID = re.compile(
    r"(?:(?:,\s*|\s+)(?:as\s+did|and\s+so\s+did|as\s+had)|;\s*so\s+(?:did|had))\s+(?:the\s+)?$", re.IGNORECASE
)
"""Company of the clause before: "China abstained, as did South Africa"."""
_COMPANY = re.compile(
    r"(?:\s+(?:it|(?:the|that|this)\s+(?:resolution|text|measure|draft|motion)))?(?:\s+again)?"
    r",?\s+(?P<link>alongside|along\s+with|together\s+with|joined\s+(?:this\s+time\s+|again\s+|once\s+more\s+)?by|like|with)\s+"
    r"(?:the\s+)?",
    re.IGNORECASE,
)
"""Company after a cue: "voted no alongside Russia", "voted no, joined by Austria, …", "abstained,
like Uganda" (plain "with" and "like" only after no/abstain cues)."""
_POSSESSIVE_VOTE = {
    "abstain": re.compile(r"\s*abstention\b", re.IGNORECASE),
    "no": re.compile(r"\s*(?:no\s+vote|vote\s+against|[“\"]no[”\"]\s+vote)\b", re.IGNORECASE),
    "yes": re.compile(r"\s*(?:yes\s+vote|vote\s+in\s+favou?r|[“\"]yes[”\"]\s+vote)\b", re.IGNORECASE),
}
"""A possessive naming a ballot: "Brazil's abstention", "India's vote in favour"."""


_ROLE_SUBJECT = re.compile(
    r"\s*(?:(?:UN|U\.N\.|deputy|permanent)\s+)*(?:ambassador|envoy|representative|delegation|delegate)"
    r"(?:\s+to\s+the\s+(?:UN|U\.N\.|United\s+Nations))?(?:,?\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)?",
)
"""A state's delegate as the subject: "Myanmar's ambassador Kyaw Moe Tun, who …, voted for"."""


def vote_cues(sentence: str) -> list[tuple[int, int, str]]:
    """The vote cues of a sentence as (start, end, option), left to right, not overlapping."""
    found = []
    for option, regex in _CUES:
        for m in regex.finditer(sentence):
            before = sentence[max(0, m.start() - 40) : m.start()]
            if (
                not _COUNT_START.match(m.group(0))
                and re.search(_HYPOTHETICAL + r"$", before[-20:], re.IGNORECASE)
                and not _ONLY_ONE_TO.search(before)
            ):
                continue
            found.append((m.start(), m.end(), option))
    found.sort()
    kept: list[tuple[int, int, str]] = []
    for cue in found:  # overlapping cues: keep the first (longest at that place)
        if kept and cue[0] < kept[-1][1]:
            continue
        kept.append(cue)
    return kept


def state_lists(sentence: str, mentions: list[StateMention]) -> list[list[StateMention]]:
    """Runs of state names joined by commas / "and" (possessives and demonyms end a run)."""
    return group_lists(mentions, sentence, _SEPARATOR)


def _clause_of(sentence: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(sentence)
    for b in _BOUNDARY.finditer(sentence):
        if b.end() <= pos:
            start = b.end()
        elif b.start() >= pos:
            end = b.start()
            break
    return start, end


def named_voters(sentence: str, mentions: list[StateMention]) -> dict[str, list[str]]:
    """{"yes_named": [...], "against_named": [...], "abstain_named": [...]} for one sentence.

    ``mentions`` are the gazetteer's state mentions with offsets relative to ``sentence``.
    """
    result: dict[str, list[str]] = {"yes_named": [], "against_named": [], "abstain_named": []}
    if _SKIP_SENTENCE.search(sentence):
        return result
    for m in mentions:
        if m.kind == POSSESSIVE:
            option = next((o for o, r in _POSSESSIVE_VOTE.items() if r.match(sentence, m.end)), None)
            if option and m.iso3 not in result[_OPTION_KEY[option]]:
                result[_OPTION_KEY[option]].append(m.iso3)
    cues = vote_cues(sentence)
    if not cues:
        return result
    for m in mentions:
        role = _ROLE_SUBJECT.match(sentence, m.end) if m.kind == POSSESSIVE else None
        if role and re.search(r"(?:^|[.;:]|,\s+(?:and|but|while))\s*$", sentence[: m.start]):
            ends = _subject_ends(sentence, role.end())
            option = next((o for a, _b, o in cues if a in ends), None)
            if option and m.iso3 not in result[_OPTION_KEY[option]]:
                result[_OPTION_KEY[option]].append(m.iso3)
    for group in state_lists(sentence, mentions):
        option = _option_for(sentence, group, cues)
        if option is None:
            continue
        names = result[_OPTION_KEY[option]]
        for m in group:
            if m.iso3 not in names:
                names.append(m.iso3)
    return result


def _option_for(sentence: str, group: list[StateMention], cues: list[tuple[int, int, str]]) -> str | None:
    first, last = group[0].start, group[-1].end
    # inside a cue: "joined Russia in voting against", "voted with Russia against"
    for a, b, option in cues:
        if a <= first and last <= b:
            return option
    # company right after a cue: "voted no alongside Russia"
    for _a, b, option in cues:
        company = _COMPANY.fullmatch(sentence[b:first]) if b <= first else None
        if company and (option != "yes" or company.group("link").lower() not in ("with", "like")):
            return option
    # "China abstained, as did South Africa": the option of the last cue before
    if _AS_DID.search(sentence[:first]):
        before = [option for _a, b, option in cues if b <= first]
        if before:
            return before[-1]
    # subject: "Belarus and Syria voted against", "Russia, which voted against"; never the object of
    # a preposition ("an ally of Kyiv, also backed") nor negated ("Neither China nor India voted")
    before = sentence[max(0, first - 40) : first]
    preposition = _NOT_SUBJECT.search(before) and not _SPOKESMAN_OF.search(before)
    object_of = preposition or _IN_RELATIVE.search(sentence[max(0, first - 160) : first])
    ends = [] if object_of else _subject_ends(sentence, last)
    for a, _b, option in cues:
        if a in ends:
            return option
    # "Apart from Russia, the no votes were cast by …": the option of the clause's first cue
    if _BESIDES.search(sentence[:first]) and re.match(r"\s*,", sentence[last:]):
        clause_end = _clause_of(sentence, last)[1]
        ahead = [option for a, _b, option in cues if last <= a < clause_end]
        if ahead:
            return ahead[0]
    # right after a cue: "14 against (including Belarus, China …)", "voted against: Russia, …"
    for _a, b, option in cues:
        if b <= first and _RIGHT_AFTER.fullmatch(sentence[b:first]):
            return option
    # after a trigger: the option of the nearest cue in the same clause
    triggered = _TRIGGER.search(sentence[max(0, first - 80) : first])
    after_trigger = _AFTER_TRIGGER.match(sentence[last:])
    if not triggered and not after_trigger:
        return None
    ahead_only = not triggered and after_trigger is not None and "others" in after_trigger.group(0).lower()
    clause_start, clause_end = _clause_of(sentence, first)
    best: tuple[int, str] | None = None
    for a, b, option in cues:
        if a < clause_start or b > clause_end:
            continue
        distance = first - b if b <= first else a - last
        if distance < 0 or (ahead_only and (b <= first or distance > 40)):  # "X, among others, voted …"
            continue
        if best is None or distance < best[0]:
            best = (distance, option)
    return best[1] if best else None


_CLAUSE_HEAD = re.compile(
    r"(?:^|[.;:]\s*|,\s*(?:while|and|but|whereas)\s+)(?:(?:only|just)\s+)?(?:the)?\s*$", re.IGNORECASE
)
_PARTIAL_LIST = re.compile(
    r"\b(?:including|included|among|such\s+as|like|also|too|others?|other|several|many|some|most|"
    r"joined|along\s+with|together\s+with)\b",
    re.IGNORECASE,
)


_COMPANY_TAIL = re.compile(
    r"^(?:\s+(?:it|them|the\s+(?:resolution|text|measure|draft)))?,?\s+(?:along|together)\s+with\s+(?:the\s+)?"
)
"""After "X and Y voted against (it)": ", along with" and a second list that ends the sentence."""
_LIST_END = re.compile(r"^\s*(?:[.;]|$|,?\s+(?:while|whereas|but)\b)")


def listed_against(sentence: str, mentions: list[StateMention]) -> int | None:
    """How many states voted against when a clause lists them all as its subject, else None.

    "Russia, Syria, North Korea, Eritrea and Belarus voted no" -> 5. A list of fewer than three,
    or one marked as partial ("including", "among others", "also", "joined ...") gives None.
    """
    cues = vote_cues(sentence)
    groups = state_lists(sentence, mentions)
    for n, group in enumerate(groups):
        filler = _SUBJECT_FILLER.match(sentence[group[-1].end :])
        after = group[-1].end + (filler.end() if filler else 0)
        cue = next((c for c in cues if c[0] == after and c[2] == "no"), None)
        if cue is None or filler is None or filler.group(0).strip():
            continue
        head = _CLAUSE_HEAD.search(sentence[: group[0].start])
        if not head:
            continue
        clause_start, clause_end = _clause_of(sentence, group[0].start)
        members = {m.iso3 for m in group}
        tail = _COMPANY_TAIL.match(sentence[cue[1] :])
        if tail and n + 1 < len(groups) and groups[n + 1][0].start == cue[1] + tail.end():
            rest = groups[n + 1]
            if not _LIST_END.match(sentence[rest[-1].end :]):
                continue
            members |= {m.iso3 for m in rest}  # "X and Y voted against it, along with A, B and C."
            clause_end = cue[1]
        if _PARTIAL_LIST.search(sentence[clause_start:clause_end]):
            continue
        if len(members) >= 3 or (
            len(members) == 2 and re.search(r"\b(?:only|just)\s*(?:the\s*)?$", head.group(0), re.I)
        ):
            return len(members)
    return None
