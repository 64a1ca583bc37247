"""Former UN member states and earlier names of current members, as old voting records code them.

The UN Digital Library's voting history (from 1946) codes ballots by ISO 3166 alpha-3; for states
that no longer exist, or that the UN has since listed under a new name, it needs the ISO 3166-3
codes below. Only states that held a General Assembly seat are here: ISO 3166-3 also lists
territories that never voted (Dronning Maud Land, the Panama Canal Zone, ...), and a ballot
coded with one of those is refused as an unknown state.

Successors (``dcterms:isReplacedBy``) follow the UN's record of changes in membership
(United Nations, "Growth in United Nations membership",
https://www.un.org/en/about-us/growth-in-un-membership): a new name of the same member, the
member that continued the seat, or the states that took its place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pycountry


@dataclass(frozen=True)
class FormerState:
    """An ISO 3166-3 code that held a General Assembly seat, its name and its successors."""

    iso3: str
    name: str
    successors: tuple[str, ...]


# ISO 3166-3 alpha-3 -> (ISO 3166-1 alpha-3 of the successors, how)
_SUCCESSORS: dict[str, tuple[tuple[str, ...], str]] = {
    "BUR": (("MMR",), "renamed Myanmar, 1989"),
    "BYS": (("BLR",), "renamed Belarus, 1991"),
    "CSK": (("CZE", "SVK"), "dissolved 1993; the Czech Republic and Slovakia admitted"),
    "DDR": (("DEU",), "joined the Federal Republic of Germany, 1990"),
    "DHY": (("BEN",), "renamed Benin, 1975"),
    "HVO": (("BFA",), "renamed Burkina Faso, 1984"),
    "SCG": (("SRB",), "Serbia continued its membership, 2006"),
    "SUN": (("RUS",), "the Russian Federation continued its membership, 1991"),
    "YMD": (("YEM",), "merged with Yemen (Yemen Arab Republic), 1990"),
    "YUG": ((), "dissolved 1992; its successor states were admitted separately"),
    "ZAR": (("COD",), "renamed Democratic Republic of the Congo, 1997"),
}


def former_states() -> list[FormerState]:
    """The former states, by code, named as ISO 3166-3 (pycountry) names them."""
    names = {c.alpha_3: c.name for c in pycountry.historic_countries}
    return [FormerState(code, names[code], successors)
            for code, (successors, _how) in sorted(_SUCCESSORS.items())]


def former_state_codes() -> set[str]:
    """The ISO 3166-3 codes a historic ballot may carry."""
    return set(_SUCCESSORS)
