"""Article text -> the design's ``extract`` JSON (votes, speakers, sponsors, joint statements).

Public API:
- ``extract_with_spans(text, source, published) -> Extraction``: claims with character offsets;
- ``extract_article(text, source, published) -> dict``: the JSON object (``json.dumps``-able).

"published" is the leading ``date YYYY-MM-DD`` line of the text if there is one, else the
``published`` argument, else null. Extraction is rule-based (no statistical model): see the
modules of this package for what each step reads. It never raises on odd text; unreadable
files are the caller's business (``loaders.articles.text.read_article_file``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from loaders.articles.dates import find_dates, weekday_anchors
from loaders.articles.gazetteer import Gazetteer, default_gazetteer
from loaders.articles.model import Extraction
from loaders.articles.speakers import extract_speakers
from loaders.articles.sponsors import extract_sponsors
from loaders.articles.statements import extract_statements, extract_vetoes
from loaders.articles.text import parse_document
from loaders.articles.votes import assign_lone_symbol, extract_votes


def extract_with_spans(
    text: str, source: str, published: dt.date | None = None, gazetteer: Gazetteer | None = None
) -> Extraction:
    """All claims of one article with their evidence offsets into ``text``."""
    text = text if isinstance(text, str) else str(text)
    gaz = gazetteer or default_gazetteer()
    doc = parse_document(text, published)
    result = Extraction(source=source, published=doc.published, text=text)
    if not doc.sentences:
        return result
    mentions = gaz.find(text)
    anchors = weekday_anchors(find_dates(text))
    result.votes = extract_votes(doc, mentions, gaz, anchors)
    assign_lone_symbol(doc, result.votes)
    lone = result.votes[0].resolution if len(result.votes) == 1 else None
    result.speakers = extract_speakers(doc, mentions, gaz)
    result.sponsors = extract_sponsors(doc, mentions, lone)
    result.statements = extract_statements(doc, mentions)
    result.vetoes = extract_vetoes(doc, mentions, anchors)
    return result


def extract_article(text: str, source: str, published: dt.date | None = None) -> dict[str, Any]:
    """The design's ``extract`` JSON object for one article (see shared/design.md)."""
    return extract_with_spans(text, source, published).to_json()
