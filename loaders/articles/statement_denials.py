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
is not a denial of the statement, nor is denying *another* statement: one whose noun is owned
by someone the statement does not list — "the statement of / by / from the Group of Seven",
"the G7 communiqué", "NATO's declaration", "Britain's letter" (a proper name or a state before
the noun, or after "of / by / from", that is neither the statement's speaker nor a party; a
weekday or month is no owner: "Monday's declaration") — or called "another / a separate / a
rival … statement". A state the statement does not list is ignored. The denial sentence is
added to the statement's spans and recorded with the state as a ``Denial`` (written to the graph
as a ``unga:ReportedDenial``); a statement left with no party is dropped.
"""

from __future__ import annotations

import re

from loaders.articles.gazetteer import StateMention, group_lists
from loaders.articles.model import Denial, Span, StatementClaim
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
_OBJECT = re.compile(
    r"((?:[\w'’-]+\s+){0,3})(?:statement|declaration|communiqu[eé]|letter)s?$", re.IGNORECASE
)
"""The object noun at the end of a denial and up to three words before it (its modifiers)."""
_OWNER_AFTER = re.compile(
    r"\s+(?:(?:issued|signed|drafted|circulated|put\s+out|released)\s+)?(?:of|by|from)\s+"
    r"(?:the\s+)?((?:[^\s,;:.()]+\s*){1,4})"
)
"""What follows the noun and names its author ("… the statement of the Group of Seven")."""
_DETERMINER = re.compile(
    r"\b(?:the|a|an|its|their|his|her|this|that|any|to|in|of|from|on|onto)\s+", re.IGNORECASE
)
"""The last of these before the noun starts its modifiers (a verb before it is not one)."""
_OTHER = re.compile(r"\b(?:another|separate|different|rival|counter|competing)\b", re.IGNORECASE)
_NOT_OWNER = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|Joint|Last|This|That|The|A|An|"
    r"UN|U\.N\.|United|Nations)\b"
)
"""Capitalised words that do not name an author of their own."""


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
        for denial in _DENIAL.finditer(s.text):
            before = [m for m in mentions if s.start <= m.start and m.end <= s.start + denial.start()]
            for claim in reversed([c for c in claims if c.evidence.end <= s.start]):
                if _other_statement(denial, s, claim, mentions):
                    continue
                denied = _subject(before, claim.on_behalf_of, s)
                if denied:
                    span = Span(s.start, s.end)
                    claim.denials += [Denial(code, span) for code in claim.on_behalf_of if code in denied]
                    claim.on_behalf_of = [code for code in claim.on_behalf_of if code not in denied]
                    if span not in claim.spans:
                        claim.spans.append(span)
                    break
    return [c for c in claims if c.on_behalf_of]


def _other_statement(
    denial: re.Match[str], s: Sentence, claim: StatementClaim, mentions: list[StateMention]
) -> bool:
    """Whether the denied noun names a statement other than ``claim`` (see module docs)."""
    obj = _OBJECT.search(denial.group())
    if obj is None:
        return False
    if _OTHER.search(obj.group(1)):
        return True
    ours = {*claim.on_behalf_of, *([claim.speaker_state] if claim.speaker_state else [])}
    modifiers = obj.group(1)
    determiner = list(_DETERMINER.finditer(modifiers))
    skip = determiner[-1].end() if determiner else 0
    start = s.start + denial.start() + obj.start(1)
    regions = [(start + skip, start + len(modifiers))]
    if owner := _OWNER_AFTER.match(s.text, denial.end()):
        regions.append((s.start + owner.start(1), s.start + owner.end(1)))
    return any(_names_someone_else(a, b, s, ours, mentions) for a, b in regions)


def _names_someone_else(
    a: int, b: int, s: Sentence, ours: set[str], mentions: list[StateMention]
) -> bool:
    """Whether the text ``[a, b)`` names a state not among ``ours`` or a capitalised author that
    is not a state (the Group of Seven, NATO); a state among ``ours`` names the statement itself."""
    inside = [m for m in mentions if a <= m.start and m.end <= b]
    if any(m.iso3 in ours for m in inside):
        return False
    if inside:
        return True
    words = re.finditer(r"[A-Z][\w.’'-]*", s.text[a - s.start : b - s.start])
    return any(not _NOT_OWNER.match(w.group()) for w in words)


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
