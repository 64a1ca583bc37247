"""Joint statements and Security Council vetoes mentioned in passing.

Joint statements:
- "Venezuela's deputy ambassador addressed the council on behalf of 16 countries ...: Belarus,
  Bolivia, ..." -> speaker_state VEN, on_behalf_of the list;
- "Sixteen countries and the Palestinians echoed Russia, saying in a joint statement ... The
  signatories, including China, Iran, Angola and Venezuela, said ..." -> on_behalf_of PSE plus
  the named signatories (the next sentences are searched for the signatories). A party that a
  later sentence says did not join ("The Palestinians … said they did not participate in the
  declaration") is taken off the list (``statement_denials.py``).

Vetoes: "Russia's veto power which it used on Sept. 29 to block ...", "Russia vetoed a draft
resolution on Friday", "blocked by a Russian veto on Sept. 30": the state, the date (resolved
like vote dates) and the draft symbol if stated (S/2022/720). Talk of veto power without a use
("Russia's veto power has paralysed the council", "there are no vetoes", "which had used their
Security Council vetoes to shield Damascus": "vetoes" as a noun) is not a veto.
"""

from __future__ import annotations

import datetime as dt
import re

from loaders.articles.dates import find_dates, resolve
from loaders.articles.gazetteer import DEMONYM, METONYM, NAME, POSSESSIVE, StateMention, group_lists
from loaders.articles.model import Span, StatementClaim, VetoClaim
from loaders.articles.statement_denials import inside_denial, remove_denied_parties
from loaders.articles.text import Document, Sentence
from loaders.articles.vote_context import vote_dates

_ON_BEHALF = re.compile(
    r"\bon\s+behalf\s+of\b|\bin\s+the\s+name\s+of\b|\bspeaking\s+for\b(?=\s+(?:a|the|some|\d+|[a-z]+)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:group|countries|nations|states|members|delegations|bloc))",
    re.IGNORECASE,
)
"""A speaker for others: "on behalf of", "speaking for a group of like-minded states"."""
_JOINT = re.compile(r"\bjoint\s+(?:statement|letter|declaration|communiqu[eé])\b", re.IGNORECASE)
_SIGNATORIES = re.compile(
    r"\b(?:signatories|signers|co-?signers)\b[^.]{0,20}?(?:,\s*)?(?:including|included|include|"
    r"were|are|such\s+as|among\s+them)\b|\bsigned\s+by\b",
    re.IGNORECASE,
)
_LIST_TRIGGER = re.compile(
    r"(?::|\bincluding|\bnamely|\bsuch\s+as|[–—]|\bwhich\s+(?:includes|comprises)|\bcomprising|\bmade\s+up\s+of|"
    r"\bwhose\s+members\s+(?:include|are))\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"^\s*(?:\([^()]{0,40}\))?\s*(?:,|;)?\s*(?:and\s+|&\s+|as\s+well\s+as\s+)?(?:the\s+)?$"
)
_VETO_USE = re.compile(
    r"\bvetoed\b|\bvetoes\s+(?=(?:a|an|the|any|it|draft|resolution|measure|text)\b)|\bvetoing\b|\bveto\b[^.;]{0,60}?\b(?:used|cast|wielded|exercised|employed|"
    r"invoked)\b|\b(?:used|cast|wielded|exercised|employed|invoked)\s+(?:its|their|a|his)\s+"
    r"veto\b|\b(?:blocked|stopped|killed|sunk|scuppered|thwarted|defeated)\s+by\s+(?:a|the|its)\s+(?:\w+\s+)?veto\b|"
    r"\bveto\s+by\s+(?=[A-Z])|\bveto\s+(?:had\s+|has\s+)?(?:blocked|stopped|killed|sank|scuppered|thwarted|doomed|"
    r"torpedoed)\b|\b(?:blocked|stopped|killed|sank|scuppered|thwarted)\b[^.;]{0,100}?\bwith\s+(?:its|a|their|his)\s+"
    r"veto\b",
    re.IGNORECASE,
)
_NOT_VETO_DATE = re.compile(r"\b(?:since|after|before|until|began|started|launched)\b[^,;]*$", re.IGNORECASE)
_DRAFT = re.compile(r"\bS/\d{4}/\d{1,4}\b")


def _local(mentions: list[StateMention], s: Sentence) -> list[StateMention]:
    return [
        StateMention(m.start - s.start, m.end - s.start, m.text, m.iso3, m.kind)
        for m in mentions
        if s.start <= m.start and m.end <= s.end
    ]


def _codes(groups: list[list[StateMention]]) -> list[str]:
    out: list[str] = []
    for g in groups:
        for m in g:
            if m.iso3 not in out:
                out.append(m.iso3)
    return out


def extract_statements(doc: Document, mentions: list[StateMention]) -> list[StatementClaim]:
    """Joint statements of the article."""
    claims: list[StatementClaim] = []
    used: set[int] = set()
    sentences = [s for s in doc.sentences if not s.caption]
    for i, s in enumerate(sentences):
        if s.index in used:
            continue
        local = _local(mentions, s)
        behalf = _ON_BEHALF.search(s.text)
        joint = _JOINT.search(s.text)
        signed = _SIGNATORIES.search(s.text)
        trigger = behalf or joint or signed
        if trigger is None or inside_denial(s.text, trigger.start()):
            continue
        groups = group_lists(local, s.text, _SEPARATOR)
        speaker: str | None = None
        members: list[list[StateMention]] = []
        if behalf:
            after = [g for g in groups if g[0].start >= behalf.end()]
            members = [
                g
                for g in after
                if not s.text[behalf.end() : g[0].start].strip()
                or _LIST_TRIGGER.search(s.text[behalf.end() : g[0].start])
            ]
            members = [max(members, key=len)] if members else []
            before = [m for m in local if m.start < behalf.start() and m.kind in (POSSESSIVE, DEMONYM, NAME)]
            if before:
                speaker = before[0].iso3
            elif re.match(r"\s*[^,]{0,80},\s*", s.text[behalf.end() :]):
                later = [m for m in local if m.start > behalf.end() and m.kind in (POSSESSIVE, DEMONYM)]
                speaker = later[0].iso3 if later else None
        elif joint or signed:
            pivot = (joint or signed).start()  # type: ignore[union-attr]
            pivot_end = (joint or signed).end()  # type: ignore[union-attr]
            subject = [g for g in groups if g[-1].end <= pivot and _is_subject(s.text, g)]
            subject += [
                g
                for g in groups
                if g[0].start > pivot_end
                and re.fullmatch(r"\s*,\s*(?:the\s+)?", s.text[pivot_end : g[0].start])
            ]
            members = subject + [g for g in groups if signed and g[0].start >= signed.end()]
        spans = [Span(s.start, s.end)]
        if joint:
            for follow in sentences[i + 1 : i + 3]:
                sig = _SIGNATORIES.search(follow.text)
                if sig:
                    fl = _local(mentions, follow)
                    lists = group_lists(fl, follow.text, _SEPARATOR)
                    members += [g for g in lists if g[0].start >= sig.end()]
                    spans.append(Span(follow.start, follow.end))
                    used.add(follow.index)
                    break
        codes = _codes(members)
        if not codes:
            continue
        claims.append(StatementClaim(speaker, codes, Span(s.start, s.end), spans))
    return remove_denied_parties(claims, sentences, mentions)


def _is_subject(text: str, group: list[StateMention]) -> bool:
    """A list at the head of the sentence: "Sixteen countries and the Palestinians echoed ..."."""
    head = text[: group[0].start]
    return bool(
        re.fullmatch(
            r"\s*(?:(?:[A-Z]?[a-z-]+|\d+)\s+(?:countries|nations|states|members|others)\s+"
            r"(?:and|,)\s+(?:the\s+)?|(?:the\s+)?)",
            head,
        )
    )


def extract_vetoes(
    doc: Document, mentions: list[StateMention], anchors: dict[int, dt.date]
) -> list[VetoClaim]:
    """Security Council vetoes the article mentions as events (a state used its veto)."""
    claims: list[VetoClaim] = []
    for s in doc.sentences:
        if s.caption:
            continue
        use = _VETO_USE.search(s.text)
        if not use:
            continue
        veto_at = s.text.lower().find("veto", max(0, use.start() - 40))
        local = _local(mentions, s)
        before = [m for m in local if m.end <= veto_at]
        state = before[-1].iso3 if before else None
        if state is None:
            after = [m for m in local if m.start > veto_at and m.kind in (NAME, METONYM, DEMONYM)]
            state = (
                after[0].iso3 if after and re.search(r"\bby\b", s.text[veto_at : after[0].start]) else None
            )
        if state is None:
            continue
        usable, _ = vote_dates(s)
        if not usable:  # "stopped the council from condemning the invasion on Feb. 25": the veto's date
            usable = [
                d
                for d in find_dates(s.text, s.start)
                if d.kind in ("full", "monthday", "weekday")
                and d.start - s.start > veto_at
                and not _NOT_VETO_DATE.search(s.text[max(0, d.start - s.start - 25) : d.start - s.start])
            ]
        if not usable:
            prev = next((x for x in reversed(doc.sentences[: s.index]) if not x.caption), None)
            if prev is not None and re.search(r"\bcouncil\b|\bveto|\bvot", prev.text, re.IGNORECASE):
                usable = vote_dates(prev)[0]
        later = [d for d in usable if d.start - s.start >= veto_at] or usable
        date_m = later[0] if later else None
        draft = _DRAFT.search(s.text)
        date = resolve(date_m, doc.published, anchors) if date_m else None
        claim = VetoClaim(
            state,
            date,
            "Security Council",
            date_m.text if date_m else None,
            draft.group(0) if draft else None,
            Span(s.start, s.end),
        )
        told = [c.state == state and (c.date == date or None in (c.date, date)) for c in claims]
        same = told.index(True) if any(told) else None
        if same is None:
            claims.append(claim)
        elif claims[same].date is None:  # the same veto told twice: keep the dated telling
            claims[same] = claim
    return claims
