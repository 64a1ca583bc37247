"""The people table (data/people.csv): read checked, written once as graph …/graph/people, and
not described again by the articles that quote them."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.resources import data_dir
from graph.vocab import Iris
from loaders.articles.loader import ArticleLoader
from loaders.base import InputError
from loaders.people import PeopleLoader, read_people

IRIS = Iris()
PERSON = "<http://schema.org/Person>"
HEADER = "name,variants,state,role\n"


def test_the_table_is_written_once_with_its_spellings() -> None:
    text = "".join(PeopleLoader(data_dir() / "people.csv").ntriples())
    people = read_people(data_dir() / "people.csv")
    assert text.count(f"> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> {PERSON} .") == len(people)
    kyslytsya = f"<{IRIS.person('Sergiy Kyslytsya')}>"
    assert f'{kyslytsya} <http://schema.org/name> "Sergiy Kyslytsya" .' in text
    assert f'{kyslytsya} <http://schema.org/alternateName> "Serhiy Kyslytsya" .' in text
    guterres = next(p for p in people if p.name == "António Guterres")
    assert (guterres.state, guterres.role) == (None, "secretary-general")


@pytest.mark.parametrize(("row", "expected"), [
    (",,UKR,ambassador\n", "3: empty name"),
    ("Jane Roe,,ukr,ambassador\n", "3: bad ISO 3166-1 alpha-3 code 'ukr'"),
    ("Jane Doe,,USA,ambassador\n", "3: 'Jane Doe' is listed twice (also line 2)"),
    ("Janet Doe,Jane Doe,USA,ambassador\n", "3: 'Jane Doe' is listed twice (also line 2)"),
])
def test_bad_rows_name_the_line(tmp_path: Path, row: str, expected: str) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "Jane Doe,J. Doe,USA,ambassador\n" + row, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_people(path)
    assert str(info.value) == f"{path}:{expected}"


def test_an_article_describes_only_the_people_the_table_does_not_list(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(
        "The General Assembly voted 141-5 with 35 abstentions on March 2, 2022.\n"
        "Russia's UN ambassador Vassily Nebenzia said the text \u201cwill not bring peace.\u201d\n"
        "Estonia's UN ambassador Kaja Exampleton said \u201cthe world has spoken today.\u201d\n",
        encoding="utf-8")
    text = "".join(ArticleLoader(path, IRIS).ntriples())
    nebenzia, other = f"<{IRIS.person('Vasily Nebenzia')}>", f"<{IRIS.person('Kaja Exampleton')}>"
    assert f"> <https://w3id.org/unga-kg/ontology#speaker> {nebenzia} ." in text
    assert f"{nebenzia} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" not in text
    assert f"{nebenzia} <http://schema.org/name>" not in text
    assert f"{nebenzia} <http://schema.org/alternateName>" not in text  # a listed variant
    assert f"{other} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> {PERSON} ." in text
    assert f'{other} <http://schema.org/name> "Kaja Exampleton" .' in text
