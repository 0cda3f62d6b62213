"""Hostile input found by trying bad documents as a new user would (issue 7 §4), segment side:
each input is built here, and each test failed before its fix."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from importlib.resources import files

import pytest

from sitrep.config import Settings
from sitrep.ingest import read_bytes
from sitrep.model import RawDocument
from sitrep.segment import segment_document
from sitrep.segment.stamps import read_stamp


def noise_patterns() -> list[str]:
    data = json.loads(files("sitrep.segment").joinpath("data/noise.json").read_text("utf-8"))
    return [p for key, value in data.items() if isinstance(value, list) for p in value]


@pytest.mark.parametrize("pattern", noise_patterns())
def test_no_noise_pattern_starts_a_word_run_at_every_letter(pattern: str) -> None:
    """A pattern that may begin with ``[\\w.-]+`` must start that run only where no word
    character stands before it (``(?<![\\w.-])``), or be anchored: the boilerplate pattern
    ``[\\w.-]+\\.[a-z]{2,6} is ...`` once took 35 s on a 100 KB text without spaces."""
    head = pattern.removeprefix("\\*?").removeprefix("\\s*")
    if head.startswith(("^", "(?:^", "(?<!", "\\b")) or not head.startswith("[\\w"):
        return
    pytest.fail(f"unguarded word run at the start of {pattern!r}")


def test_the_boilerplate_pattern_still_finds_its_line_and_not_inside_a_word() -> None:
    [boilerplate] = [p for p in noise_patterns() if " is (?:an offer" in p]
    compiled = re.compile(boilerplate, re.IGNORECASE)
    assert compiled.search("Read more. *crisisdesk-demo.ke is an offer from Demo Media Group.")
    match = compiled.search("x" * 5000 + ".ke is an offer from Demo Media Group.")
    assert match is None or match.start() == 0


@pytest.mark.parametrize("offset", ["+99:99", "+24:00", "-19:00", "+05:60"])
def test_a_stamp_with_an_offset_no_clock_has_is_not_a_stamp(offset: str) -> None:
    assert read_stamp(f"2024-06-25T12:00{offset} Shelling in the town.", default_year=2024) is None


def test_a_stamp_with_a_real_offset_reads() -> None:
    stamp = read_stamp("2024-06-25T12:00+05:30 Shelling in the town.", default_year=2024)
    assert stamp is not None and stamp.zone is not None
    assert stamp.zone.utcoffset(None) == timedelta(hours=5, minutes=30)


def test_a_ticker_with_an_impossible_offset_keeps_every_word() -> None:
    text = (
        "date 2024-06-25\nLive: shelling\n\n"
        "2024-06-25T12:00+99:99 Shelling hit the market.\n\n"
        "2024-06-25T11:00+03:00 Sirens sounded in the port.\n"
    )
    settings = Settings(timezone="UTC")
    [raw] = read_bytes(text.encode(), "ticker.txt", settings)
    assert isinstance(raw, RawDocument)
    document = segment_document(raw, settings)
    words = " ".join([document.standfirst or "", *(r.text for r in document.reports)])
    assert "Shelling hit the market." in words and "Sirens sounded in the port." in words
