"""Precision, recall and F1 of article extraction against hand-written truth files.

    python bench/eval_extraction.py [FOLDER ...] [--repeat N] [--write]

A truth file is a subset of the ``extract`` JSON (shared/design.md): only the keys it has are
scored for that article. Its text is the ``.txt`` beside it, else the file its ``source`` key
names (relative to the repository, e.g. the seeds in data/articles/). A vote may carry
``"link": "A/RES/ES-11/5"`` (or null: no official counterpart) and so may a veto; links of the
test texts are also read from bench/link_truth.json. Default folders: tests/articles and
tests/articles/seeds (the texts the rules were written against); bench/heldout/ (texts written
afterwards, not used for tuning) is scored separately.

Fields (micro-averaged over all articles that state them):
- tallies: (yes, no, abstain) per vote; dates: (tally, date) where the truth gives a date;
- named states: (tally, option, ISO3) for states named as voting yes/no/abstain;
- speakers: (person, state) with names folded by ``canonical_name``; roles: (person, role);
- quotes: (person, quote), equal after folding quote marks, spaces and end punctuation;
- sponsors: (state, role); statements: (speaker state, state on whose behalf);
- vetoes: (state, date);
- link accuracy: share of truth votes/vetoes whose extracted counterpart (same tally / state)
  is linked to the right official symbol (or correctly to none) by the article loader's index.

Throughput: articles per second of ``extract_with_spans`` alone and of the whole article
loader (extraction, linking, N-Triples), over all texts, ``--repeat`` times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.build import _official_loaders, official_index_of_loaders  # noqa: E402
from graph.resources import data_dir  # noqa: E402
from graph.vocab import Iris  # noqa: E402
from loaders.articles.claims_rdf import ClaimWriter, write_article  # noqa: E402
from loaders.articles.extract import extract_with_spans  # noqa: E402
from loaders.articles.gazetteer import default_gazetteer  # noqa: E402
from loaders.articles.linking import OfficialIndex  # noqa: E402
from loaders.articles.loader import article_id  # noqa: E402
from loaders.articles.model import Extraction  # noqa: E402
from loaders.articles.names import canonical_name  # noqa: E402

DEFAULT_FOLDERS = [ROOT / "tests" / "articles", ROOT / "tests" / "articles" / "seeds"]
LINKS = ROOT / "bench" / "link_truth.json"
HELDOUT = ROOT / "bench" / "heldout"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Article extraction"
FIELDS = ("tallies", "dates", "named states", "speakers", "roles", "quotes", "sponsors",
          "statements", "vetoes")
OPTIONS = (("yes_named", "Y"), ("against_named", "N"), ("abstain_named", "A"))
Item = tuple[Any, ...]


@dataclass
class Case:
    """One article: its name, text and truth."""

    name: str
    text: str
    truth: dict[str, Any]


@dataclass
class Score:
    """Counts of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, got: Iterable[Item], want: Iterable[Item]) -> None:
        """Compare two multisets of items."""
        g, w = Counter(got), Counter(want)
        hit = sum((g & w).values())
        self.tp += hit
        self.fp += sum(g.values()) - hit
        self.fn += sum(w.values()) - hit

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall, F1 (1.0 where there is nothing to find and nothing found)."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Report:
    """Scores of every field, link accuracy and the cases scored."""

    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    links_right: int = 0
    links_total: int = 0
    cases: int = 0
    misses: list[str] = field(default_factory=list)


# --- reading -------------------------------------------------------------------------------------


def load_cases(folders: list[Path]) -> list[Case]:
    """Every truth file of the folders with its text."""
    links = json.loads(LINKS.read_text(encoding="utf-8")) if LINKS.exists() else {}
    cases = []
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            truth = json.loads(path.read_text(encoding="utf-8"))
            sibling = path.with_suffix(".txt")
            text_path = sibling if sibling.exists() else ROOT / truth.get("source", "")
            for vote, link in zip(truth.get("votes", []), links.get(path.stem, []), strict=False):
                vote.setdefault("link", link)
            cases.append(Case(path.stem, text_path.read_text(encoding="utf-8"), truth))
    return cases


# --- items per field -----------------------------------------------------------------------------


def _tally(v: dict[str, Any]) -> Item:
    return v.get("yes"), v.get("no"), v.get("abstain")


def _fold_quote(text: str) -> str:
    return re.sub(r"[\s“”\"‘’'.,;:!?—–-]+", " ", text).strip().lower()


def items(field_name: str, out: dict[str, Any], truth: dict[str, Any]) -> tuple[list[Item], list[Item]]:
    """(extracted, true) items of one field for one article."""
    if field_name in ("tallies", "dates", "named states"):
        got_votes, want_votes = out["votes"], truth["votes"]
        if field_name == "tallies":
            return [_tally(v) for v in got_votes], [_tally(v) for v in want_votes]
        if field_name == "dates":
            dated = {_tally(v) for v in want_votes if "date" in v}
            return ([(_tally(v), v["date"]) for v in got_votes if _tally(v) in dated],
                    [(_tally(v), v["date"]) for v in want_votes if "date" in v])
        return ([(_tally(v), o, s) for v in got_votes for k, o in OPTIONS for s in v[k]],
                [(_tally(v), o, s) for v in want_votes for k, o in OPTIONS for s in v.get(k, [])])
    if field_name in ("speakers", "roles", "quotes"):
        return _speaker_items(field_name, out["speakers"], truth["speakers"])
    if field_name == "sponsors":
        return [(s["state"], s["role"]) for s in out["sponsors"]], [tuple(s) for s in truth["sponsors"]]
    if field_name == "statements":
        return ([(s["speaker_state"], m) for s in out["statements"] for m in s["on_behalf_of"]],
                [(s["speaker_state"], m) for s in truth["statements"] for m in s["on_behalf_of"]])
    return ([(v["state"], v["date"]) for v in out["vetoes"]],
            [(v["state"], v.get("date")) for v in truth["vetoes"]])


def _speaker_items(field_name: str, got: list[dict[str, Any]], want: list[dict[str, Any]]
                   ) -> tuple[list[Item], list[Item]]:
    def key(s: dict[str, Any]) -> str:
        return canonical_name(s["name"])

    if field_name == "speakers":
        return [(key(s), s["state"]) for s in got], [(key(s), s["state"]) for s in want]
    scored = {key(s) for s in want if ("role" if field_name == "roles" else "quotes") in s}
    if field_name == "roles":
        return ([(key(s), s["role"]) for s in got if key(s) in scored],
                [(key(s), s["role"]) for s in want if key(s) in scored])
    return ([(key(s), _fold_quote(q)) for s in got if key(s) in scored for q in s["quotes"]],
            [(key(s), _fold_quote(q)) for s in want if key(s) in scored for q in s["quotes"]])


FIELD_KEYS = {"tallies": "votes", "dates": "votes", "named states": "votes", "speakers": "speakers",
              "roles": "speakers", "quotes": "speakers", "sponsors": "sponsors",
              "statements": "statements", "vetoes": "vetoes"}


# --- evaluation ----------------------------------------------------------------------------------


def evaluate(cases: list[Case], index: OfficialIndex) -> Report:
    """Score every case."""
    report = Report()
    for case in cases:
        ext = extract_with_spans(case.text, case.name + ".txt")
        out = ext.to_json()
        report.cases += 1
        for name in FIELDS:
            if FIELD_KEYS[name] in case.truth:
                got, want = items(name, out, case.truth)
                before = report.scores[name].fn + report.scores[name].fp
                report.scores[name].add(got, want)
                if report.scores[name].fn + report.scores[name].fp > before:
                    report.misses.append(f"{case.name}: {name}: got {sorted(map(str, set(got) - set(want)))}"
                                         f" missed {sorted(map(str, set(want) - set(got)))}")
        _score_links(report, case, ext, index)
    return report


def _score_links(report: Report, case: Case, ext: Extraction, index: OfficialIndex) -> None:
    linked = {(v.yes, v.no, v.abstain): index.match_vote(v, ext.published).symbol for v in ext.votes}
    for vote in case.truth.get("votes", []):
        if "link" in vote:
            report.links_total += 1
            right = _tally(vote) in linked and linked[_tally(vote)] == vote["link"]
            report.links_right += right
            if not right:
                report.misses.append(f"{case.name}: link of {_tally(vote)}: got "
                                     f"{linked.get(_tally(vote), 'no such vote')} want {vote['link']}")
    vetoes = {v.state: index.match_veto(v).symbol for v in ext.vetoes}
    for veto in case.truth.get("vetoes", []):
        if "link" in veto:
            report.links_total += 1
            report.links_right += vetoes.get(veto["state"], "missing") == veto["link"]


def throughput(cases: list[Case], index: OfficialIndex, repeat: int) -> tuple[float, float]:
    """Articles per second: extraction alone; extraction + linking + N-Triples."""
    default_gazetteer()  # built once per process, not part of the per-article cost
    start = time.perf_counter()
    for _ in range(repeat):
        for case in cases:
            extract_with_spans(case.text, case.name)
    extract_rate = repeat * len(cases) / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(repeat):
        for case in cases:
            ext = extract_with_spans(case.text, case.name)
            writer = ClaimWriter(Iris(), article_id(case.text), case.text)
            write_article(writer, ext, [index.match_vote(v, ext.published) for v in ext.votes],
                          [index.match_veto(v) for v in ext.vetoes],
                          default_gazetteer().find(case.text), index)
    load_rate = repeat * len(cases) / (time.perf_counter() - start)
    return extract_rate, load_rate


# --- output --------------------------------------------------------------------------------------


def table(report: Report) -> str:
    """The results as a Markdown table."""
    lines = ["| field | precision | recall | F1 | true pos. | false pos. | false neg. |",
             "|---|---|---|---|---|---|---|"]
    for name, s in report.scores.items():
        p, r, f = s.prf()
        lines.append(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {s.tp} | {s.fp} | {s.fn} |")
    accuracy = report.links_right / report.links_total if report.links_total else 1.0
    lines.append(f"| link accuracy | | | {accuracy:.3f} | {report.links_right} of "
                 f"{report.links_total} | | |")
    return "\n".join(lines)


GENERATED_END = "Throughput over "
"""The last line that write_doc generates; the notes written under it by hand are kept."""


def write_doc(body: str) -> None:
    """Replace (or append) the tables of the Article extraction section of docs/benchmarks.md,
    keeping the prose written below them (the history of each round)."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    start = text.find(SECTION)
    if start < 0:
        DOC.write_text(text.rstrip("\n") + "\n\n" + body, encoding="utf-8")
        return
    end = text.find("\n## ", start + len(SECTION))
    end = end + 1 if end >= 0 else len(text)
    last = text.find("\n" + GENERATED_END, start, end)
    if last >= 0:  # the generated part ends with its throughput line
        end = text.find("\n", last + 1) + 1 or end
    rest = text[end:].lstrip("\n")
    DOC.write_text(text[:start] + body.rstrip("\n") + "\n\n" + rest, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print (optionally record) the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="folders of truth files")
    parser.add_argument("--heldout", type=Path, default=HELDOUT,
                        help="folder of texts not used while writing the rules (scored apart)")
    parser.add_argument("--repeat", type=int, default=20, help="passes for the throughput")
    parser.add_argument("--write", action="store_true", help="record the results in docs/benchmarks.md")
    parser.add_argument("--misses", action="store_true", help="list what was missed or wrong")
    args = parser.parse_args(argv)
    index = official_index_of_loaders(_official_loaders(Iris(), data_dir()))
    groups = [[f.resolve() for f in args.folders] or DEFAULT_FOLDERS]
    if args.heldout.is_dir() and args.heldout.resolve() not in groups[0]:
        groups.append([args.heldout.resolve()])
    blocks = []
    for folders in groups:
        cases = load_cases(folders)
        report = evaluate(cases, index)
        where = ", ".join(_shown(f) for f in folders)
        blocks.append(f"{report.cases} articles ({where}):\n\n{table(report)}")
        print(blocks[-1] + "\n")
        if args.misses:
            print("\n".join(report.misses) + "\n")
    cases = load_cases(groups[0])
    extract_rate, load_rate = throughput(cases, index, args.repeat)
    speed = (f"Throughput over {len(cases)} texts x {args.repeat}: {extract_rate:,.0f} articles/s "
             f"extraction alone, {load_rate:,.0f} articles/s extraction + linking + N-Triples "
             "(one core, in process; the gazetteer is built once).")
    print(speed)
    if args.write:
        write_doc(_section(blocks, speed, args.repeat))
    return 0


def _shown(folder: Path) -> str:
    return str(folder.relative_to(ROOT)) if folder.is_relative_to(ROOT) else str(folder)


def _section(blocks: list[str], speed: str, repeat: int) -> str:
    return (
        f"{SECTION}\n\n"
        f"`python bench/eval_extraction.py --repeat {repeat} --write` — rule-based extraction "
        "(`loaders/articles/`) scored against hand-written truth files: the five seeds with "
        "complete truth (tests/articles/seeds/) and our test texts (tests/articles/, scored on the "
        "fields their truth file states), which the rules were written against; then texts written "
        "afterwards and not used to tune the rules (bench/heldout/), a fairer estimate for unseen "
        "articles. See the script's docstring for what each field counts. Link accuracy uses the "
        "official index built from data/ (UNDL CSVs and the Security Council record).\n\n"
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{date.today().isoformat()}.\n\n" + "\n\n".join(blocks) + f"\n\n{speed}\n"
    )


if __name__ == "__main__":
    sys.exit(main())
