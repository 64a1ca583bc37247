"""Person names: one canonical spelling per person across transliteration variants.

``canonical_name("Sergei Kislitsa") == canonical_name("Sergiy Kyslytsya") == "Sergiy Kyslytsya"``.

Two layers:
1. a fuzzy fold (``name_key``): accents dropped, lower case, y -> i, doubled letters and a final
   "ia" collapsed ("Kyslytsya", "Kislitsa" -> "kislitsa"; "Zelenskyy", "Zelensky", "Zelenskiy" ->
   "zelenski"; "Nebenzia", "Nebenzya" -> "nebenza"), with first names folded through a table of
   transliteration variants (Sergiy / Serhiy / Sergei / Sergey; Dmytro / Dmitry; ...);
2. a small table of people who speak at the UN about General Assembly votes, with their
   preferred spelling (the UN's own), the state they speak for and their usual role
   (data/people.csv, read by loaders/people.py, which also writes it as graph ``…/graph/people``).
   The table gives the canonical spelling and a fallback state/role when an article does not say.

A name not in the table keeps its own spelling (tidied), so variants of an unknown person
still unify only through ``name_key`` (use it to compare names within an article).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from graph.resources import data_dir
from loaders.people import read_people

# Transliteration variants of first names (each set is one name).
FIRST_NAME_VARIANTS: list[set[str]] = [
    {"sergiy", "serhiy", "serhii", "sergii", "sergei", "sergey", "serguei", "sergej"},
    {"vasily", "vassily", "vasiliy", "vasili", "vassili", "vasilii", "vasyl"},
    {"dmytro", "dmitry", "dmitri", "dmitriy", "dmitrij", "dmytri"},
    {"volodymyr", "volodimir", "wolodymyr"},
    {"andriy", "andrii", "andrei", "andrey", "andrej"},
    {"oleksandr", "olexandr", "aleksandr", "alexander", "alexandr"},
    {"mykola", "nikolai", "nikolay", "nicolai"},
    {"yuriy", "yuri", "yury", "iurii"},
    {"mykhailo", "mikhail", "mykhaylo"},
    {"olena", "elena", "yelena", "jelena"},
    {"robert", "bob"},
    {"antony", "anthony", "tony"},
    {"joseph", "joe"},
]

@dataclass(frozen=True)
class KnownPerson:
    """A person of the table: preferred spelling, state spoken for (None: an organisation), role."""

    name: str
    state: str | None
    role: str | None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("ł", "l").replace("ø", "o").replace("đ", "d")
    return re.sub(r"[^a-z\s-]", "", text)


def _fold_token(token: str) -> str:
    t = token.replace("y", "i").replace("j", "i") if token else token
    t = re.sub(r"(.)\1+", r"\1", t)  # doubled letters
    return re.sub(r"ia$", "a", t)


_FIRST_GROUP: dict[str, int] = {}
for _i, _group in enumerate(FIRST_NAME_VARIANTS):
    for _name in _group:
        _FIRST_GROUP[_fold_token(_fold(_name))] = _i


def name_tokens(name: str) -> list[str]:
    """Folded tokens of a name (first names replaced by their variant-group id)."""
    tokens = [_fold_token(t) for t in re.split(r"[\s-]+", _fold(name)) if t]
    if len(tokens) > 1 and tokens[0] in _FIRST_GROUP:
        tokens[0] = f"#{_FIRST_GROUP[tokens[0]]}"
    return tokens


def name_key(name: str) -> str:
    """A fuzzy key: equal for transliteration variants of one name."""
    return " ".join(name_tokens(name))


def surname_key(name: str) -> str:
    """The fuzzy key of the last name ("Thomas-Greenfield" counts as one)."""
    parts = [p for p in re.split(r"\s+", _fold(name).strip()) if p]
    return "".join(_fold_token(t) for t in re.split(r"-", parts[-1])) if parts else ""


KNOWN: dict[str, KnownPerson] = {}
"""Table entries by the fuzzy key of each listed spelling."""
LISTED: set[str] = set()
"""Every spelling the table lists (preferred and variants), as written there."""
_BY_SURNAME: dict[str, list[KnownPerson]] = {}
for _row in read_people(data_dir() / "people.csv"):
    _person = KnownPerson(_row.name, _row.state, _row.role)
    for _form in (_row.name, *_row.variants):
        LISTED.add(_form)
        KNOWN[name_key(_form)] = _person
        _BY_SURNAME.setdefault(surname_key(_form), [])
        if _person not in _BY_SURNAME[surname_key(_form)]:
            _BY_SURNAME[surname_key(_form)].append(_person)


def clean_name(name: str) -> str:
    """Whitespace collapsed, possessive and surrounding punctuation removed."""
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    return re.sub(r"['’]s$", "", name)


def first_names_compatible(a: str, b: str) -> bool:
    """Whether two first names (or initials) can be the same person's."""
    ka, kb = name_tokens(a + " x")[0], name_tokens(b + " x")[0]
    if ka == kb:
        return True
    fa, fb = _fold(a).strip(), _fold(b).strip()
    return bool(fa and fb and (len(fa.rstrip(".")) == 1 or len(fb.rstrip(".")) == 1) and fa[0] == fb[0])


def known_person(name: str) -> KnownPerson | None:
    """The table entry for a full name (first name and surname; a lone surname is too weak)."""
    name = clean_name(name)
    hit = KNOWN.get(name_key(name))
    if hit:
        return hit
    candidates = _BY_SURNAME.get(surname_key(name), [])
    parts = name.split()
    if len(parts) == 1:
        return None
    for person in candidates:
        if first_names_compatible(parts[0], person.name.split()[0]):
            return person
    return None


def canonical_name(name: str) -> str:
    """The one spelling to use for a person (e.g. for their IRI): the table's, else ``name`` tidied."""
    name = clean_name(name)
    person = known_person(name) if len(name.split()) > 1 else None
    return person.name if person else name


def same_person(a: str, b: str) -> bool:
    """Whether two names in one article are the same person (surname equal, first names compatible)."""
    if surname_key(a) != surname_key(b):
        return False
    pa, pb = clean_name(a).split(), clean_name(b).split()
    if len(pa) < 2 or len(pb) < 2:
        return True
    return first_names_compatible(pa[0], pb[0])
