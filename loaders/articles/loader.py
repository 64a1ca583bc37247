"""One news article -> its own named graph ``…/graph/article/<aid>`` of claims.

``aid`` is the first 12 hex digits of the SHA-1 of the article's text (UTF-8 bytes, after a
byte-order mark is dropped), so the same text always lands in the same graph and loading it
again replaces it. The article is read with :func:`loaders.articles.text.read_article_file`
(binary, empty or non-UTF-8 input is an :class:`~loaders.base.InputError`), extracted with
:func:`loaders.articles.extract.extract_with_spans`, linked to the official record with an
:class:`~loaders.articles.linking.OfficialIndex` (given by the caller; without one every vote
gets a provisional resolution) and written by :mod:`loaders.articles.claims_rdf`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

from graph.vocab import Iris
from loaders.articles.claims_rdf import ClaimWriter, write_article
from loaders.articles.extract import extract_with_spans
from loaders.articles.gazetteer import default_gazetteer
from loaders.articles.linking import OfficialIndex
from loaders.articles.model import Extraction
from loaders.articles.text import read_article_file
from loaders.members import provenance


def article_id(text: str) -> str:
    """The 12 hex digits naming an article: the start of the SHA-1 of its UTF-8 text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class ArticleLoader:
    """A news article file -> claims with provenance, linked to the official record."""

    graph: str

    def __init__(
        self,
        path: Path,
        iris: Iris | None = None,
        official: OfficialIndex | None = None,
        published: dt.date | None = None,
    ) -> None:
        self.path = Path(path)
        self.iris = iris or Iris()
        self.official = official
        self.published = published
        self.text = read_article_file(self.path)
        """The article text; reading it here makes a bad file an InputError before any load."""
        self.article_id = article_id(self.text)
        self.graph = self.iris.graph(f"article/{self.article_id}")

    def extraction(self) -> Extraction:
        """What the article reports, with character offsets."""
        return extract_with_spans(self.text, self.path.name, self.published)

    def ntriples(self) -> Iterator[str]:
        """N-Triples of the article, its claims, persons and provisional resolutions."""
        text = self.text
        ext = self.extraction()
        index = self.official or OfficialIndex()
        vote_links = [index.match_vote(v, ext.published) for v in ext.votes]
        veto_links = [index.match_veto(v) for v in ext.vetoes]
        writer = ClaimWriter(self.iris, self.article_id, text)
        mentions = default_gazetteer().find(text)
        write_article(writer, ext, vote_links, veto_links, mentions, self.official)
        source = self.iris.source("article", self.article_id)
        writer.lines += provenance(self.graph, source, self.path, f"news article {self.path.name}")
        yield "".join(writer.lines)
