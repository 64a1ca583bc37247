"""A listed party that later says it was not part of a joint statement is taken off its list.

"Sixteen countries and the Palestinians echoed Russia, saying in a joint statement … The
Palestinians sent a letter … saying they did not participate in the declaration." -> PSE is not
among the statement's ``on_behalf_of``. A denial is a sentence after the statement's own in which
a state the statement lists is the subject (the last listed state named before the denial words,
with the rest of its list: "Iran and Cuba distanced themselves …") of:

- a negated joining verb: "did not participate in / take part in / join / sign / co-sign /
  endorse / back / support / subscribe to / agree to", "had never signed", "was not a party /
  signatory to";
- "denied (having) joining / signing / taking part in …", "distanced itself from …", "withdrew
  (its name / signature / support) from …", "pulled out of …", "disowned / disavowed …";

and the object of those words is the statement itself: "statement", "declaration", "communiqué"
or "letter", with up to three words before it ("the joint statement", "Monday's declaration").
Denying a vote or a resolution ("did not sign the resolution", "did not take part in the vote")
is not a denial of the statement; a state the statement does not list is ignored. The denial
sentence is added to the statement's spans; a statement left with no party is dropped.
"""

from __future__ import annotations

import re

from loaders.articles.gazetteer import StateMention, group_lists
from loaders.articles.model import Span, StatementClaim
from loaders.articles.text import Sentence

_NOUN = r"(?:[\w'’-]+\s+){0,3}?(?:statement|declaration|communiqu[eé]|letter)s?\b"
_JOINING = (
    r"(?:participat(?:e|ed|ing)\s+in|t(?:ake|aken|ook|aking)\s+part\s+in|join(?:ed|ing)?|"
    r"(?:co-?)?sign(?:ed|ing)?(?:\s+on\s+to|\s+up\s+to|\s+onto)?|endors(?:e|ed|ing)|back(?:ed|ing)?|"
    r"support(?:ed|ing)?|subscrib(?:e|ed|ing)\s+to|agree(?:d)?\s+to|be(?:en)?\s+part\s+of|"
    r"(?:a\s+)?(?:party|signatory)\s+to)"
)
_DENIAL = re.compile(
    r"(?:\b(?:did|does|do|had|has|have|was|were|is|are)\s*(?:not\b|n[’']t)|\bnever)\s+"
    r"(?:[a-z]+ly\s+)?" + _JOINING + r"\s+" + _NOUN
    + r"|\bdeni(?:ed|es)\s+(?:having\s+|ever\s+)?(?:been\s+part\s+of|" + _JOINING + r")\s+" + _NOUN
    + r"|\bdistanc(?:ed|es|ing)\s+(?:itself|themselves|himself|herself)\s+from\s+" + _NOUN
    + r"|\b(?:withdr(?:ew|awn|awing)|remov(?:ed|ing))\s+(?:(?:its|their)\s+(?:name|signature|support)\s+)?"
    + r"from\s+" + _NOUN
    + r"|\bpull(?:ed|ing|s)?\s+out\s+of\s+" + _NOUN
    + r"|\b(?:disowned|disavowed|repudiated)\s+" + _NOUN,
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^\s*,?\s*(?:and\s+|as\s+well\s+as\s+)?(?:the\s+)?$")


def inside_denial(text: str, start: int) -> bool:
    """Whether offset ``start`` of a sentence lies in its denial words ("denied joining the joint
    statement" names a statement but makes none)."""
    return any(d.start() <= start < d.end() for d in _DENIAL.finditer(text))


def remove_denied_parties(
    claims: list[StatementClaim], sentences: list[Sentence], mentions: list[StateMention]
) -> list[StatementClaim]:
    """``claims`` without the parties a later sentence says did not join (see module docs)."""
    first = min((c.evidence.end for c in claims), default=None)
    for s in sentences if first is not None else []:
        if s.start < first:
            continue
        denial = _DENIAL.search(s.text)
        if not denial:
            continue
        before = [m for m in mentions if s.start <= m.start and m.end <= s.start + denial.start()]
        for claim in reversed([c for c in claims if c.evidence.end <= s.start]):
            denied = _subject(before, claim.on_behalf_of, s)
            if denied:
                claim.on_behalf_of = [code for code in claim.on_behalf_of if code not in denied]
                claim.spans.append(Span(s.start, s.end))
                break
    return [c for c in claims if c.on_behalf_of]


def _subject(before: list[StateMention], parties: list[str], s: Sentence) -> set[str]:
    """The listed parties named last before the denial words, with the rest of their list."""
    listed = [m for m in before if m.iso3 in parties]
    if not listed:
        return set()
    last = listed[-1]
    local = [StateMention(m.start - s.start, m.end - s.start, m.text, m.iso3, m.kind) for m in before]
    for group in group_lists(local, s.text, _SEPARATOR):
        if any(m.start + s.start == last.start for m in group):
            return {m.iso3 for m in group if m.iso3 in parties}
    return {last.iso3}
