"""Query shapes that would crash the engine, refused before it sees them (ValueError; HTTP 400).

pyoxigraph 0.5.13 parses and evaluates recursively. A text nested too deeply, or with too long
a flat chain of operators or pattern elements, overflows the stack of the process that runs
it, which then dies by SIGSEGV (a query worker, an update's child, ``unga-kg query`` itself).
Crash points measured on an 8 MiB stack (``python bench/shape_limits.py``): about 3,000 nested
brackets; 6,500-6,900 ``+``, UNION branches, juxtaposed groups or GRAPH blocks; 8,200 triple
patterns, path steps or objects; 9,300 ``||``, ``!``, FILTERs or FILTER EXISTS; 10,900 path
alternatives; 2,600 BINDs, OPTIONALs, MINUSes, ``(… AS ?x)`` projections or DESCRIBEd
resources; 4,100 items of an RDF collection.

The guard weighs a text in "steps", roughly the depth of the tree the engine builds: in each
bracket group, every operator (path ``/ | ^`` included), separator (``.``, ``;``, ``,`` outside
parentheses), nested group and pattern keyword counts (OPTIONAL, MINUS, GRAPH, SERVICE 2;
FILTER, EXISTS 1; each ``AS`` 2 more to the pattern around it; each item of an RDF collection 2,
each resource of a DESCRIBE 3), and a group's steps are its own plus its heaviest child's.
So every measured shape crashes beyond 6,500 steps, and MAX_STEPS is 1,000. Data that the
engine reads as a flat list costs nothing: VALUES rows, INSERT/DELETE DATA, CONSTRUCT and
update templates, function arguments and IN lists. The gallery's heaviest query weighs 62.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.sparql_lexer import PATTERNS

MAX_NESTING = 200
"""Deepest ``{ ( [`` nesting accepted: the parser overflows its stack near 3,000."""
MAX_STEPS = 1000
"""Most steps accepted: every measured shape crashes beyond 6,500 steps (BIND chains: 7,800)."""

_KEYWORDS = {"OPTIONAL": 2, "MINUS": 2, "GRAPH": 2, "SERVICE": 2, "FILTER": 1, "EXISTS": 1}
_AS_WEIGHT = 2
_DATA_AFTER = frozenset({"DATA", "CONSTRUCT", "INSERT", "DELETE", "VALUES"})
"""Keywords after which a ``{`` holds data or a template, not a pattern."""
_OPAQUE = ("ws", "comment", "string", "iri", "var", "pname", "number", "langtag", "datatype")
"""Token kinds that are terms or filler: they weigh nothing by themselves."""
_ITEM = re.compile("|".join(f"(?P<{k}>{PATTERNS[k]})" for k in _OPAQUE), re.DOTALL)
# One match per token that matters here (a word, an operator, a bracket or separator), with the
# tokens that do not (terms, whitespace, comments) before it in ``skip``: far fewer matches
# than tokens, so a query costs ~0.1 ms per KiB. Possessive, so a failed match cannot backtrack.
_SCAN = re.compile(
    "(?P<skip>(?:" + "|".join(PATTERNS[k] for k in _OPAQUE) + ")*+)"
    f"(?:(?P<word>{PATTERNS['word']})|(?P<op>{PATTERNS['op']}|[-+*/|^!=<>])"
    r"|(?P<open>[{(\[])|(?P<close>[})\]])|(?P<sep>[.;,])|(?P<other>.))?",
    re.DOTALL,
)


@dataclass
class _Group:
    """One open bracket group (``bracket`` "" for the whole text) and its steps so far."""

    bracket: str
    start: int
    data: bool
    collection: bool = False
    keyword: str | None = None
    own: int = 0
    heaviest: int = 0

    @property
    def pattern(self) -> bool:
        """Whether separators, nested groups and keywords here build the engine's tree."""
        return not self.data and self.bracket != "("


def check_shape(text: str) -> None:
    """ValueError when ``text`` nests deeper than MAX_NESTING or weighs more than MAX_STEPS."""
    if len(text) <= MAX_STEPS // 3 and sum(map(text.count, "{([")) <= MAX_NESTING:
        return  # a token is at least a character and weighs at most 3 steps
    stack = [_Group("", 0, data=False)]
    after_word = False
    for match in _SCAN.finditer(text):
        group, kind, skip = stack[-1], match.lastgroup, match.group("skip")
        terms = bool(skip) and not skip.isspace()
        if terms and group.collection and not group.data:
            group.own += 2 * _items(skip)  # two triple patterns per item
        elif terms and group.keyword == "DESCRIBE":
            group.own += 3 * _items(skip)  # crashes from ~2,600 resources
        if kind == "open":
            if len(stack) > MAX_NESTING:
                raise ValueError(f"nested deeper than {MAX_NESTING} levels at offset {match.start(kind)}")
            _open(stack, match.group(kind), match.start(kind), after_word and not terms)
        elif kind == "close" and len(stack) > 1:
            child = stack.pop()
            _close(child, stack[-1])
            if child.bracket == "{":  # "VALUES ?x { … } { … }": the second is a pattern
                stack[-1].keyword = None
        elif kind == "op" and not terms and _signs_a_number(text, match):
            pass  # "IN (-1, -2)": the sign of a number right after "(", "," or an operator
        elif kind is not None and kind != "close" and not group.data:
            _weigh(kind, match.group(kind), group, stack[-2] if len(stack) > 1 else None)
        after_word = kind == "word"
    while len(stack) > 1:  # unbalanced: the parser will say so, but weigh what is open
        child = stack.pop()
        _close(child, stack[-1])
    root = stack[0]
    _refuse_if_heavy(root.own + root.heaviest, root.start)


def _signs_a_number(text: str, match: re.Match[str]) -> bool:
    """Whether the operator matched is ``+`` or ``-`` directly before a digit or a decimal point."""
    end = match.end("op")
    return match.group("op") in "+-" and end < len(text) and (text[end].isdigit() or text[end] == ".")


def _items(skip: str) -> int:
    """The number of terms in ``skip`` (items of a collection, resources described)."""
    return sum(1 for m in _ITEM.finditer(skip) if m.lastgroup not in ("ws", "comment"))


def _open(stack: list[_Group], bracket: str, start: int, after_word: bool) -> None:
    group = stack[-1]
    if group.pattern:
        group.own += 1
    data = group.data or (bracket == "{" and group.keyword in _DATA_AFTER)
    # "?s ?p (1 2)" is an RDF collection; right after a word it is a call, FILTER or BIND
    collection = bracket == "(" and group.pattern and group.bracket != "" and not after_word
    stack.append(_Group(bracket, start, data, collection))


def _weigh(kind: str, text: str, group: _Group, parent: _Group | None) -> None:
    if kind == "word":
        word = text.upper()
        group.keyword = word
        if group.collection:
            group.own += 2  # true, false, a: items too
        elif group.pattern:
            group.own += _KEYWORDS.get(word, 0)
        if word == "AS" and parent is not None and parent.pattern:
            parent.own += _AS_WEIGHT  # an Extend of the pattern around, as BIND makes
    elif kind == "op" or (kind == "sep" and group.pattern):
        group.own += 1


def _close(child: _Group, parent: _Group) -> None:
    steps = child.own + child.heaviest
    _refuse_if_heavy(steps, child.start)
    parent.heaviest = max(parent.heaviest, steps)


def _refuse_if_heavy(steps: int, start: int) -> None:
    if steps > MAX_STEPS:
        raise ValueError(
            f"too long a chain of operators or pattern elements in the group at offset {start}: "
            f"{steps} steps, at most {MAX_STEPS} are accepted (the engine would overflow its "
            "stack); split the query, or use VALUES or IN (…) for long lists of alternatives")
