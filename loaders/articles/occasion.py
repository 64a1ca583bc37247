"""Whether a person's reported remarks are about the vote, or were made on another occasion.

A speaker is anyone reported speaking about the vote (shared/design.md), and an article about a
vote reports most remarks because they are about it — also reactions from capitals ("told
reporters in Tokyo", "speaking in Delhi", "welcomed the result"). So a person reported speaking
counts unless the text itself places the remarks on another occasion *and* nothing ties them to
the vote:

- another occasion: a sentence naming the person puts them on a journey or visit ("traveled to
  the southeastern city on Monday and accused …", "when he left the White House to travel to
  Wisconsin", "on a visit to Beijing", "visiting Kyiv", "on his way to …");
- nothing ties them to the vote: none of the sentences that name them, report them speaking or
  hold their quotes refers to the vote, the resolution or the UN (vote, ballot, abstain,
  resolution, text, draft, assembly, council, UN, debate, session, delegates, the result /
  outcome / decision / move), and their role is not a delegation's (ambassador, envoy,
  representative, delegate, chargé d'affaires, political coordinator, counsellor).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.articles.text import Document, Sentence

_ELSEWHERE = re.compile(
    r"\b(?:travel+(?:ed|ing|s)?|fl(?:ew|ying|ies)|head(?:ed|ing|s)|arriv(?:ed|ing|es)|return(?:ed|ing|s))"
    r"\s+(?:back\s+)?(?:to|for|in|from)\b|"
    r"\bvisit(?:ed|ing|s)?\s+(?:to\s+)?(?:the\s+)?[A-Z]|"
    r"\b(?:on|during)\s+(?:a|an|his|her|their)\s+(?:[\w-]+\s+)?(?:visit|trip|tour|journey)\b|"
    r"\b(?:left|leaving|leaves)\s+(?:the\s+)?[A-Z]|"
    r"\bon\s+(?:his|her|their)\s+way\s+(?:to|from|back)\b|\ben\s+route\b"
)
"""A journey or visit: the remarks were made away from the vote."""
_THE_VOTE = re.compile(
    r"\b(?:vot(?:e|es|ed|ing|ers?)|ballots?|abstain\w*|abstentions?|resolutions?|texts?|drafts?|"
    r"[Aa]ssembly|[Cc]ouncil|UN|U\.N\.|United\s+Nations|debate|session|delegat\w+|member\s+states|"
    r"adopt(?:ed|ion)|results?|outcome|decision|move|measure|[Cc]harter|chamber|rostrum|podium)\b"
)
"""Words that tie remarks to the vote, the resolution or the UN."""
_DELEGATION_ROLE = re.compile(
    r"ambassador|envoy|representative|delegate|charg[ée]|political coordinator|counsell?or"
)


def about_the_vote(
    doc: Document, sentences: Iterable[Sentence], quotes: Iterable[tuple[int, int]], role: str | None
) -> bool:
    """Whether remarks reported in ``sentences`` (those naming the person, reporting them speaking
    or holding their ``quotes``, given as (start, end) offsets) are about the article's vote."""
    if role is not None and _DELEGATION_ROLE.search(role):
        return True
    chosen = sorted({s.index: s for s in sentences if not s.caption}.values(), key=lambda s: s.start)
    if any(_THE_VOTE.search(s.text) for s in chosen):
        return True
    quoted = list(quotes)
    if any(_THE_VOTE.search(doc.text[a:b]) for a, b in quoted):
        return True
    return not any(_ELSEWHERE.search(_unquoted(doc, s, quoted)) for s in chosen)


def _unquoted(doc: Document, s: Sentence, quotes: list[tuple[int, int]]) -> str:
    """The sentence with its quoted words blanked ("I flew to Bucha" is what was said, not where)."""
    chars = list(doc.text[s.start : s.end])
    for a, b in quotes:
        for i in range(max(a, s.start), min(b, s.end)):
            chars[i - s.start] = " "
    return "".join(chars)
