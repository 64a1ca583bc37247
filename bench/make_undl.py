"""Write a synthetic UN Digital Library GA voting CSV of any size, in the real layout.

    python bench/make_undl.py --rows 914624 -o bench/out/undl_914624.csv

Every resolution is a complete roll call of the 193 member states of data/members.csv
(observers do not vote) with consistent totals written like ``141.0``; sessions run from 1 to
78 with ascending dates; the vote mix is realistic (~70% yes, ~12% abstain, ~6% no, ~12%
non-voting, varying per resolution); titles, agenda titles and subjects have realistic
lengths, so the full 914,624 rows make a file of about 300 MB. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ("undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,committee_report,"
          "meeting,title,agenda_title,subjects,vote_note,total_yes,total_no,total_abstentions,"
          "total_non_voting,total_ms,undl_link").split(",")
SESSIONS = 78
WORDS = ("situation human rights international cooperation development question territory "
         "peace security assistance protection promotion elimination implementation nuclear "
         "disarmament weapons programme declaration rights people self-determination refugees "
         "convention measures strengthening United Nations occupied comprehensive review "
         "women children environment sustainable economic social cultural financing "
         "operations agency relief works Palestine Near East Middle region zone free "
         "prohibition follow-up conference report Secretary-General Committee").split()
SUBJECTS = ("HUMAN RIGHTS", "DISARMAMENT", "NUCLEAR WEAPONS", "REFUGEES", "DECOLONIZATION",
            "PEACEKEEPING OPERATIONS", "ECONOMIC DEVELOPMENT", "PALESTINE QUESTION",
            "SELF-DETERMINATION OF PEOPLES", "UN BUDGET", "ARMS RACE", "OUTER SPACE",
            "INTERNATIONAL SECURITY", "WOMEN'S RIGHTS", "RIGHTS OF THE CHILD")


def members() -> list[tuple[str, str]]:
    """(ISO3, UNDL name) of the 193 member states in data/members.csv."""
    with open(ROOT / "data" / "members.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    return [(r["iso3"], r["undl_name"]) for r in rows if r["iso3"] not in {"VAT", "PSE"}]


def phrase(rng: random.Random, low: int, high: int) -> str:
    """A title-like run of words."""
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def write(rows: int, out: Path, seed: int = 1) -> None:
    """Write ``rows`` ballot rows (the last resolution may be a partial roll call)."""
    rng = random.Random(seed)
    states = members()
    per_session = max(1, -(-rows // len(states)) // SESSIONS + 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        written, number = 0, 0
        while written < rows:
            number += 1
            session = min(SESSIONS, (number - 1) // per_session + 1)
            nth = number - (session - 1) * per_session
            day = dt.date(1946, 10, 1) + dt.timedelta(days=(session - 1) * 365
                                                    + min(300, nth * 300 // per_session))
            symbol = f"A/RES/{session}/{nth}"
            undl_id = str(1_000_000 + number)
            share_no, share_a, share_x = rng.random() * 0.12, rng.random() * 0.25, \
                rng.random() * 0.2
            votes = [rng.choices("YNAX", (1.0, share_no, share_a, share_x))[0] for _ in states]
            totals = [f"{votes.count(v)}.0" for v in "YNAX"] + [f"{len(states)}.0"]
            title = phrase(rng, 5, 13) + " : resolution / adopted by the General Assembly"
            fixed = [
                day.isoformat(), str(session), symbol,
                f"A/{session}/L.{nth}" if rng.random() < 0.6 else "",
                f"A/{session}/{400 + nth}" if rng.random() < 0.7 else "",
                f"A/{session}/PV.{40 + nth // 3}", title,
                phrase(rng, 3, 8) if rng.random() < 0.8 else "",
                "|".join(rng.sample(SUBJECTS, rng.randint(0, 3))),
                "",
            ]
            link = f"https://digitallibrary.un.org/record/{undl_id}"
            for (code, name), vote in zip(states, votes, strict=True):
                if written == rows:
                    break
                writer.writerow([undl_id, code, name, vote, *fixed, *totals, link])
                written += 1


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--rows N -o FILE [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=914_624)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write(args.rows, args.output, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
