"""Speakers: people quoted or reported speaking, one entry per person, with their quotes.

A person (persons.py finds the mentions) is a speaker when a non-caption sentence has them as
the subject of a speech verb ("Kyslytsya told the assembly", "he said" referring back to them)
or when a quotation is attributed to them:
- the sentence(s) holding the quote name them (or "he"/"she" for them) with a speech verb:
  "“...,” Kyslytsya said.", "... said Vasily Nebenzia, ...", "Rau said Ukrainians deserve “...”";
- a sentence that is only a quotation continues the quotes of the sentence before, a paragraph
  that is only a quotation those of the paragraph before (multi-paragraph quotes);
see attribution.py for these rules and for the words a speaker ascribes to others
("countries that claim “…”"), which are not theirs.

The state they speak for comes from their own phrase ("Ukraine's", "Polish", "of the United
States"; an organisation such as the EU gives None), or a demonym describing them outside a role
("Belarusian diplomat X", "X, a senior Belarusian diplomat"); failing that, from an unnamed mention of
the same role just before ("Venezuela's deputy ambassador ... Deputy Ambassador Joaquín Pérez
Ayestarán"), from the table of known people (names.py), or from the single state named in the
sentence before ("drafted by Ukraine ... Foreign Minister Dmytro Kuleba said") — for a person
without a role never a state that describes another person there (the previous speaker's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.articles.attribution import attribute_quotes, previous_sentence
from loaders.articles.gazetteer import DEMONYM, NAME, POSSESSIVE, Gazetteer, StateMention
from loaders.articles.model import Quote, Span, SpeakerClaim
from loaders.articles.names import canonical_name, clean_name, known_person, same_person, surname_key
from loaders.articles.occasion import about_the_vote
from loaders.articles.persons import (
    ASIDE,
    INVERTED_TAIL,
    SPEECH_VERBS,
    PersonMention,
    RoleMention,
    bare_mentions,
    described_state,
    role_mentions,
    surname_mentions,
)
from loaders.articles.quotes import QuoteSpan
from loaders.articles.text import Document, Sentence

__all__ = ["canonical_name", "extract_speakers"]

_PRONOUN = re.compile(
    r"\b([Hh]e|[Ss]he)\s+(?:(?:also|then|later|further|again|had|has)\s+)*(?:said|says|told|added|urged|warned|"
    r"insisted|argued|stated|declared|noted|asked|responded|replied|stressed|accused|called|cited|explained|"
    r"claimed|countered|charged|maintained|appealed|wrote|tweeted|recalled|reiterated|contended|complained|"
    r"continued|concluded|described|demanded)\b"
)
_SPEAKS_AFTER = re.compile(
    rf"^\s*(?:{ASIDE})?\s*,?\s*(?:(?:[^,;:“”\"]{{0,70}}?\s)?{SPEECH_VERBS}\b|"
    r"(?:[a-z]+\s+){1,4}?[a-z]+\s*:\s*[“\"])"
)
"""A speech verb after the name, or a quote after a colon ("X opened the debate: “…”")."""
_INVERTED = re.compile(
    r"\b(?:said|says|added|asked|wrote|noted|argued|insisted|stressed|warned|according\s+to)\s+$|"
    r"\b(?:[Aa]lso\s+)?(?:speaking|addressing\s+(?:the\s+)?[A-Za-z ]{1,30}?)\s+(?:was|were)\s+$"
)
"""Inverted speech: '"…," said X', "Also speaking was X, High Representative …"."""
_AFTER_INVERTED = re.compile(rf"\s*(?:[,.;:)(]|$|{INVERTED_TAIL})")
"""What may follow the name in '"…," said X': the sentence end, or "after the vote", "on Thursday"."""
_STATE_ROLES = (
    "ambassador",
    "minister",
    "president",
    "prime minister",
    "envoy",
    "spokesperson",
    "delegate",
    "secretary of state",
    "chancellor",
    "representative",
    "foreign minister",
    "deputy ambassador",
    "political coordinator",
    "external affairs minister",
    "information minister",
)


@dataclass
class _Person:
    mentions: list[PersonMention] = field(default_factory=list)
    speaking: list[int] = field(default_factory=list)  # offsets of speech references
    quotes: list[QuoteSpan] = field(default_factory=list)

    @property
    def name(self) -> str:
        return max((m.name for m in self.mentions), key=lambda n: (len(n.split()), len(n)))


def _local(mentions: list[StateMention], s: Sentence) -> list[StateMention]:
    return [
        StateMention(m.start - s.start, m.end - s.start, m.text, m.iso3, m.kind)
        for m in mentions
        if s.start <= m.start and m.end <= s.end
    ]


def _gather(doc: Document, mentions: list[StateMention]) -> tuple[list[PersonMention], list[RoleMention]]:
    found: list[PersonMention] = []
    unnamed: list[RoleMention] = []
    taken: list[tuple[int, int]] = []
    locals_ = {s.index: _local(mentions, s) for s in doc.sentences}
    for s in doc.sentences:
        people, roles = role_mentions(s, locals_[s.index])
        found += people
        unnamed += roles
        taken += [(p.start, p.end) for p in people]
    surnames = {clean_name(p.name).split()[-1] for p in found}
    keys = {surname_key(n) for n in surnames}
    for s in doc.sentences:
        bare = bare_mentions(s, locals_[s.index], taken, keys)
        found += bare
        surnames |= {clean_name(p.name).split()[-1] for p in bare}
        keys |= {surname_key(p.name) for p in bare}
    for s in doc.sentences:
        found += surname_mentions(s, surnames, taken)
    found.sort(key=lambda m: m.start)
    return found, unnamed


def _speaks(doc: Document, m: PersonMention, others: list[PersonMention], depth: int = 0) -> bool:
    if m.sentence.caption:
        return False
    rest = doc.text[m.phrase_end : m.sentence.end]
    hit = _SPEAKS_AFTER.match(rest)
    if hit:
        between = [o for o in others if o is not m and m.phrase_end < o.start < m.phrase_end + hit.end()]
        if not between:
            return True
        nxt = min(between, key=lambda o: o.start)
        gap = doc.text[m.phrase_end : nxt.phrase_start]
        if depth < 3 and re.fullmatch(r"\s*,?\s*and\s+(?:the\s+)?", gap):  # "A and B both spoke"
            return _speaks(doc, nxt, others, depth + 1)
    return bool(_INVERTED.search(doc.text[m.sentence.start : m.phrase_start])) and bool(
        _AFTER_INVERTED.match(doc.text[m.end : m.sentence.end])
    )


def extract_speakers(doc: Document, mentions: list[StateMention], gaz: Gazetteer) -> list[SpeakerClaim]:
    """Speaker claims of the article, in order of first appearance."""
    found, unnamed = _gather(doc, mentions)
    persons: list[_Person] = []
    owner: dict[int, _Person] = {}
    for m in found:
        target = next((p for p in persons if any(same_person(m.name, x.name) for x in p.mentions)), None)
        if target is None:
            target = _Person()
            persons.append(target)
        target.mentions.append(m)
        owner[id(m)] = target
    for m in found:
        if _speaks(doc, m, found):
            owner[id(m)].speaking.append(m.start)
    real = [m for m in found if not m.sentence.caption]
    for s in doc.sentences:
        if s.caption:
            continue
        for p in _PRONOUN.finditer(s.text):
            pos = s.start + p.start()
            before = [m for m in real if m.end <= pos]
            if before:
                owner[id(before[-1])].speaking.append(pos)
    _attribute_quotes(doc, persons)
    claims = []
    for person in persons:
        if not person.speaking and not person.quotes:
            continue
        claim = _claim(doc, person, unnamed, mentions, [m for m in found if owner[id(m)] is not person])
        if _about_the_vote(doc, person, claim.role):
            claims.append(claim)
    return claims


def _about_the_vote(doc: Document, person: _Person, role: str | None) -> bool:
    """Not remarks the text places on another occasion (occasion.py)."""
    sentences = [m.sentence for m in person.mentions]
    positions = person.speaking + [q.open_at for q in person.quotes]
    sentences += [s for pos in positions if (s := doc.sentence_at(pos)) is not None]
    return about_the_vote(doc, sentences, [(q.start, q.end) for q in person.quotes], role)


def _attribute_quotes(doc: Document, persons: list[_Person]) -> None:
    refs = sorted(((pos, p) for p in persons for pos in p.speaking), key=lambda r: r[0])
    for q, speaker in attribute_quotes(doc, refs):
        words = q.words(doc.text)
        if words and all(words != x.words(doc.text) for x in speaker.quotes):
            speaker.quotes.append(q)


def _claim(
    doc: Document,
    person: _Person,
    unnamed: list[RoleMention],
    mentions: list[StateMention],
    others: list[PersonMention],
) -> SpeakerClaim:
    name = clean_name(person.name)
    role = next((m.role for m in person.mentions if m.role), None)
    explicit = next((m for m in person.mentions if m.owner_known), None)
    state = explicit.state if explicit else None
    first = person.mentions[0]
    described = next(
        (code for m in person.mentions if (code := described_state(m, _local(mentions, m.sentence)))), None
    )
    if explicit is None and described is not None:
        state = described
    elif explicit is None and not _organisation_owner(doc, first, mentions):
        context = _context_role(doc, first, role, unnamed)
        known = known_person(name) if len(name.split()) > 1 else None
        if context is not None:
            state, role = context.state, role or context.role
        elif known is not None:
            state, role = known.state, role or known.role
        elif role is None or any(role.endswith(r) for r in _STATE_ROLES):
            state = _previous_single_state(doc, first, mentions, others if role is None else [])
    if role is None:
        known = known_person(name) if len(name.split()) > 1 else None
        role = known.role if known else None
    positions = sorted(person.speaking + [q.open_at for q in person.quotes])
    evidence_sentence = next(
        (doc.sentence_at(p) for p in positions if doc.sentence_at(p) is not None), first.sentence
    )
    assert evidence_sentence is not None
    spans: list[Span] = []
    for m in person.mentions:
        span = Span(m.sentence.start, m.sentence.end)
        if span not in spans:
            spans.append(span)
    quotes = [
        Quote(q.words(doc.text), Span(q.start, q.end)) for q in sorted(person.quotes, key=lambda q: q.start)
    ]
    return SpeakerClaim(
        name=name,
        canonical=canonical_name(name),
        state=state,
        role=role,
        quotes=quotes,
        evidence=Span(evidence_sentence.start, evidence_sentence.end),
        spans=spans,
    )


_POSSESSOR_BEFORE = re.compile(r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}['’]s?\s+$")


def _organisation_owner(doc: Document, first: PersonMention, mentions: list[StateMention]) -> bool:
    """The person is introduced by a non-state possessor ("Al Jazeera's Gabriel Elizondo"): a
    journalist or official of that body, so no state is guessed from the context."""
    before = doc.text[max(first.sentence.start, first.phrase_start - 60) : first.phrase_start]
    m = _POSSESSOR_BEFORE.search(before)
    if m is None:
        return False
    start = first.phrase_start - len(before) + m.start()
    return not any(start <= x.start < first.phrase_start for x in mentions)


def _context_role(
    doc: Document, first: PersonMention, role: str | None, unnamed: list[RoleMention]
) -> RoleMention | None:
    window = {first.sentence.index}
    s: Sentence | None = first.sentence
    for _ in range(3):
        s = previous_sentence(doc, s) if s is not None else None
        if s is not None:
            window.add(s.index)
    best = None
    for u in unnamed:
        if u.sentence.index in window and u.start < first.start and u.owner_known and u.state is not None:
            if role is None or u.role == role:
                best = u
    return best


def _previous_single_state(
    doc: Document, first: PersonMention, mentions: list[StateMention], others: list[PersonMention]
) -> str | None:
    """The one state named in the sentence before ("drafted by Ukraine … Foreign Minister X said"),
    not counting a state that describes one of ``others`` there ("Kenya's envoy Y said …"): for a
    person without a role that is another speaker's state, not theirs (a minister after his
    country's ambassador is still given it)."""
    prev = previous_sentence(doc, first.sentence)
    if prev is None:
        return None
    phrases = [(o.phrase_start, o.phrase_end) for o in others if o.sentence.index == prev.index]
    codes = {
        m.iso3
        for m in mentions
        if prev.start <= m.start < prev.end
        and m.kind in (NAME, POSSESSIVE, DEMONYM)
        and not any(a <= m.start < b for a, b in phrases)
    }
    return next(iter(codes)) if len(codes) == 1 else None
