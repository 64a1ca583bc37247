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


KENYA = "Kenya's envoy Wanjiru Mbeki-Okafor said the outcome \"restores faith in the Charter.\"\n\n"


@pytest.mark.parametrize(("text", "expected"), [
    # a demonym before plain words and the name, or opening an apposition after it
    (KENYA + 'Belarusian diplomat Pjotr Zaltsman called the vote "a mistake."', "BLR"),
    (KENYA + '"It is a mistake," said Pjotr Zaltsman, a senior Belarusian diplomat.', "BLR"),
    (KENYA + 'Pjotr Zaltsman, a veteran Belarusian diplomat, called the vote "a mistake."', "BLR"),
    # not the previous speaker's state when nothing says it
    (KENYA + '"It is a mistake," said Pjotr Zaltsman.', None),
    # a demonym after a preposition in the apposition does not describe the person
    (KENYA + 'Pjotr Zaltsman, a critic of Belarusian policy, called the vote "a mistake."', None),
])
def test_a_demonym_describing_the_speaker_gives_the_state(text: str, expected: str | None) -> None:
    assert dict(speakers(text))["Pjotr Zaltsman"] == expected


def test_a_minister_after_his_countrys_ambassador_keeps_that_state() -> None:
    text = ("India's Permanent Representative to the UN, Ruchira Kamboj, said the text had \"limits\".\n\n"
            "External Affairs Minister Subrahmanyam Jaishankar said the position was \"very clear\".")
    assert speakers(text) == [("Ruchira Kamboj", "IND"), ("Subrahmanyam Jaishankar", "IND")]
