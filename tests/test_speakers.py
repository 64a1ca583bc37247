"""Speakers: who is reported speaking, for which state (loaders/articles/speakers.py, persons.py)."""

from __future__ import annotations

import pytest

from loaders.articles.extract import extract_article


def speakers(text: str) -> list[tuple[str, str | None]]:
    """(name, state) of every speaker extracted from ``text``."""
    return [(s["name"], s["state"]) for s in extract_article(text, "speakers.txt")["speakers"]]


@pytest.mark.parametrize(("text", "expected"), [
    # an apposition of any words between the name and the speech verb
    ('Martin Kimani, a former teacher, said the vote "sends a clear message."', [("Martin Kimani", "KEN")]),
    ("Kenya's envoy Wanjiru Mbeki-Okafor, a newcomer to the UN, said the vote \"sends a clear message.\"",
     [("Wanjiru Mbeki-Okafor", "KEN")]),
    ('Martin Kimani, the dean of the African group, told reporters the vote "sends a clear message."',
     [("Martin Kimani", "KEN")]),
    # without it, as before
    ('Martin Kimani said the vote "sends a clear message."', [("Martin Kimani", "KEN")]),
])
def test_an_apposition_before_the_speech_verb(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert speakers(text) == expected


def test_the_apposed_speaker_keeps_the_quote() -> None:
    out = extract_article('Martin Kimani, a former teacher, said the vote "sends a clear message."', "k.txt")
    assert out["speakers"][0]["quotes"] == ["sends a clear message."]
