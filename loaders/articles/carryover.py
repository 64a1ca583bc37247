"""States named for a vote option in a sentence that only makes sense after the one before.

- follow-ups: "So did China.", "Bangladesh and Sri Lanka did the same.", "Cuba followed suit."
  take the single option named in the sentence before ("Britain … voted for the resolution.");
- question headings with bullet lists: "Who voted against?" followed by lines "- Russia",
  "- Belarus", … name the no voters (a line is a bullet, then state names only);
- pronoun subjects: "Brazil had been lobbied by Moscow; in the end it voted in favour.",
  "Canada had abstained in October. This time it voted in favour." — "it" is the state that
  opens the clause or sentence before (a name followed by a verb), never a list or a possessive.
"""

from __future__ import annotations

import re

from loaders.articles.gazetteer import NAME, StateMention
from loaders.articles.voters import state_lists, vote_cues

_OPTION_KEY = {"yes": "yes_named", "no": "against_named", "abstain": "abstain_named"}
_SO_DID = re.compile(r"\W*(?:and\s+)?so\s+(?:did|too\s+did|had)\s+(?:the\s+)?", re.IGNORECASE)
_DID_SAME = re.compile(
    r"\s*(?:,\s*[^,.;:]{1,60},\s*)?(?:also\s+|too\s+)?(?:did\s+(?:the\s+same|likewise|so(?:\s+too)?)|"
    r"followed\s+(?:suit|that\s+lead)|did\s+too)\b",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"(?:who|which\s+(?:countries|nations|states|members))\b[^.?!]{0,60}\?\s*$", re.IGNORECASE
)
_BULLET = re.compile(r"\s*[-*•–]\s+")
_IT_CLAUSE = re.compile(
    r"(?:^|;\s*|,\s*(?:but|and|yet)\s+)(?:(?:in\s+the\s+end|this\s+time|eventually|ultimately|instead|finally|"
    r"on\s+\w+day|again)\s*,?\s*)?it\s+(?:(?:then|also|again|eventually|ultimately|instead|finally)\s+)?",
    re.IGNORECASE,
)


def _subject_state(text: str, mentions: list[StateMention]) -> str | None:
    """The state that opens ``text`` as its subject (a name, then a lower-case word), else None."""
    first = next((m for m in mentions if m.end <= len(text)), None)
    if (
        first is None
        or first.kind != NAME
        or not re.fullmatch(r"\W*(?:the\s+)?", text[: first.start], re.IGNORECASE)
    ):
        return None
    aside = r"(?:,\s*(?:which|who)\s+[^;:.]{1,120}?,)?"  # "Jordan, which drafted the text, pushed …"
    return first.iso3 if re.match(aside + r"\s+(?!and\b|or\b)[a-z]", text[first.end :]) else None


def pronoun_votes(sentence: str, mentions: list[StateMention], previous: str | None) -> list[tuple[str, str]]:
    """(option key, state) for each "it voted …" clause whose "it" is the subject state before."""
    out = []
    cues = {a: option for a, _b, option in vote_cues(sentence)}
    for m in _IT_CLAUSE.finditer(sentence):
        option = cues.get(m.end())
        if option is None:
            continue
        state = _subject_state(sentence[: m.start()], mentions) if m.start() else previous
        if state:
            out.append((_OPTION_KEY[option], state))
    return out


def follow_up(sentence: str, mentions: list[StateMention]) -> list[str]:
    """States of a sentence that repeats the vote of the sentence before (else [])."""
    for group in state_lists(sentence, mentions):
        before = sentence[: group[0].start]
        if _SO_DID.fullmatch(before) or (
            re.fullmatch(r"\W*(?:the\s+)?", before) and _DID_SAME.match(sentence[group[-1].end :])
        ):
            return list(dict.fromkeys(m.iso3 for m in group))
    return []


def _bullet_states(sentence: str, mentions: list[StateMention]) -> list[str]:
    bullet = _BULLET.match(sentence)
    groups = state_lists(sentence, mentions)
    if not bullet or len(groups) != 1:
        return []
    group = groups[0]
    lead, rest = sentence[bullet.end() : group[0].start], sentence[group[-1].end :]
    if not re.fullmatch(r"(?:the\s+)?", lead) or not re.fullmatch(r"\W*", rest):
        return []
    return list(dict.fromkeys(m.iso3 for m in group))


class CarryOver:
    """Reads sentences in order and gives the states a sentence names by reference to earlier ones."""

    def __init__(self) -> None:
        self._previous: dict[str, list[str]] = {}
        self._heading: str | None = None
        self._subject: str | None = None

    def apply(self, sentence: str, mentions: list[StateMention], named: dict[str, list[str]]) -> bool:
        """Add carried-over states to ``named`` (this sentence's own); True if any were added."""
        carried = False
        if not any(named.values()):
            options = [key for key, names in self._previous.items() if names]
            repeated = follow_up(sentence, mentions)
            if repeated and len(options) == 1:
                named[options[0]] = repeated
                carried = True
            bullets = _bullet_states(sentence, mentions) if self._heading else []
            if bullets:
                named[self._heading or ""] = bullets
                carried = True
            elif _HEADING.match(sentence):
                cue_options = {option for _a, _b, option in vote_cues(sentence)}
                self._heading = _OPTION_KEY[cue_options.pop()] if len(cue_options) == 1 else None
            elif not _BULLET.match(sentence):
                self._heading = None
        for key, state in pronoun_votes(sentence, mentions, self._subject):
            if state not in named[key]:
                named[key].append(state)
                carried = True
        self._subject = _subject_state(sentence, mentions)
        self._previous = named
        return carried
