"""segment_document on hand-built RawDocuments (no ingest involved)."""

from datetime import datetime

from sitrep.config import Settings
from sitrep.model import InputFormat, NoiseKind, RawDocument, TimePrecision
from sitrep.segment import segment_document

GERMAN_STYLE = """date 2023-09-12 Home page world

Storm floods hit the coast of Libya. Thousands are missing in Derna.

+++ 9.15 p.m .: The Red Crescent said at least 2,000 people were missing in Derna*. Rescue teams reached the eastern districts.

Rescue workers search the rubble in Derna. © Ana Lopez / dpa

Libya: Dams burst after storm

Update from Tuesday, September 12th, 2023, 2:05 p.m .: Two dams above the city collapsed overnight, local officials said.

Derna: Roads cut off

First report from Tuesday, September 12th, 2023: Derna – The storm made landfall on Sunday. (abc / xyz / dpa) *example.de is an offer from EXAMPLE MEDIA.
"""


def raw(text: str, **kwargs: object) -> RawDocument:
    fields: dict = {"id": "t1", "text": text, "origin": "t1.txt", "format": InputFormat.TEXT}
    fields.update(kwargs)
    return RawDocument(**fields)


def test_german_style_ticker() -> None:
    body_start = GERMAN_STYLE.index("\n") + 1
    doc = segment_document(
        raw(
            GERMAN_STYLE,
            published=datetime(2023, 9, 12),
            published_precision=TimePrecision.DAY,
            body_start=body_start,
        ),
        Settings(),
    )
    assert doc.ordering == "newest_first"
    assert doc.outlet == "example.de"
    assert doc.timezone == "Europe/Berlin"
    assert [r.time.isoformat() if r.time else None for r in doc.reports] == [
        "2023-09-12T21:15:00+02:00",
        "2023-09-12T14:05:00+02:00",
        "2023-09-12T00:00:00+02:00",
    ]
    assert [r.headline for r in doc.reports] == [
        None,
        "Libya: Dams burst after storm",
        "Derna: Roads cut off",
    ]
    assert doc.reports[0].text.startswith(
        "The Red Crescent said at least 2,000 people were missing in Derna."
    )
    assert doc.standfirst == "Storm floods hit the coast of Libya. Thousands are missing in Derna."
    everything = " ".join(r.text + " " + (r.headline or "") for r in doc.reports)
    for noise in ("© Ana Lopez / dpa", "(abc / xyz / dpa)", "is an offer from", "Derna*", "Home page"):
        assert noise not in everything
    kinds = {n.kind for n in doc.noise}
    assert {
        NoiseKind.CREDIT,
        NoiseKind.CAPTION,
        NoiseKind.AUTHOR_TAG,
        NoiseKind.BOILERPLATE,
        NoiseKind.LINK_MARKER,
    } <= kinds
    assert any(n.kind == NoiseKind.CREDIT and n.text == "© Ana Lopez / dpa" for n in doc.noise)


def test_report_offsets_map_back_to_the_document() -> None:
    doc = segment_document(raw(GERMAN_STYLE, published=datetime(2023, 9, 12)), Settings(timezone="UTC"))
    for report in doc.reports:
        for word in ("Derna", "storm", "said"):
            start = report.text.find(word)
            if start < 0:
                continue
            doc_start = report.to_doc_offset(start)
            assert GERMAN_STYLE[doc_start : doc_start + len(word)] == word
        for rep_offset, doc_offset, length in report.pieces:
            assert (
                report.text[rep_offset : rep_offset + length]
                == GERMAN_STYLE[doc_offset : doc_offset + length]
            )


BRITISH_BLOG = """Cyclone live: evacuations under way in Chittagong

10.42am GMT

Army boats reach flooded villages

Soldiers ferried families from low-lying villages south of the port, the army said.

9.58am GMT

Power cut across the port city

The utility said 400,000 homes were without power.
"""


def test_stamp_on_its_own_line_takes_the_headline_after_it() -> None:
    doc = segment_document(raw(BRITISH_BLOG, published=datetime(2023, 5, 14)), Settings())
    assert doc.title == "Cyclone live: evacuations under way in Chittagong"
    assert [r.headline for r in doc.reports] == [
        "Army boats reach flooded villages",
        "Power cut across the port city",
    ]
    assert [r.time.isoformat() if r.time else None for r in doc.reports] == [
        "2023-05-14T10:42:00+00:00",
        "2023-05-14T09:58:00+00:00",
    ]
    assert doc.reports[1].text == "The utility said 400,000 homes were without power."


def test_plain_article_is_one_report_dated_by_its_dateline() -> None:
    text = "Police clash with miners\n\nLIMA, March 3 (Reuters) - Police fired tear gas at striking miners.\n\nTwo officers were hurt.\n"
    doc = segment_document(raw(text, published=datetime(2024, 3, 4)), Settings())
    assert len(doc.reports) == 1
    report = doc.reports[0]
    assert report.headline == "Police clash with miners"
    assert report.time is not None and report.time.date().isoformat() == "2024-03-03"
    assert report.time_source == "dateline"
    assert report.time_precision == TimePrecision.DAY
    assert "Two officers were hurt." in report.text


def test_a_document_that_is_one_headline_line_reports_that_line() -> None:
    doc = segment_document(raw("Renewed clashes around the airport of Vell\n"), Settings())
    (report,) = doc.reports
    assert report.text == "Renewed clashes around the airport of Vell" and report.headline is None
    assert doc.title == "Renewed clashes around the airport of Vell"
    assert doc.text[report.doc_start : report.doc_end] == report.text


def test_a_line_ending_in_a_wire_credit_is_a_story_not_a_headline() -> None:
    line = "Two people were killed in clashes in Vell on Tuesday, police said (Reuters)"
    doc = segment_document(raw(line + "\n"), Settings())
    (report,) = doc.reports
    assert report.text == line and report.headline is None
    assert doc.title is None
    # Above a paragraph, such a line is the story's first paragraph, not its headline.
    doc = segment_document(raw(line + "\n\nThe town was quiet by evening.\n"), Settings())
    (report,) = doc.reports
    assert report.text.startswith(line) and report.headline is None and doc.title is None


def test_unknown_zone_defaults_to_utc_and_says_so() -> None:
    doc = segment_document(
        raw("+++ 10.30 p.m .: Shots were heard.", published=datetime(2024, 1, 1)), Settings()
    )
    assert doc.timezone == "UTC" and doc.timezone_source == "default"


def test_zone_option_wins() -> None:
    doc = segment_document(
        raw("+++ 10.30 p.m .: Shots were heard.", published=datetime(2024, 7, 1)),
        Settings(timezone="America/Bogota"),
    )
    assert doc.reports[0].time is not None and doc.reports[0].time.isoformat() == "2024-07-01T22:30:00-05:00"


REVISED_BLOG = """Ferry fire live: passengers rescued off Harwich

11.50pm BST

Coastguard ends the search

The coastguard said all 212 passengers had been accounted for.

Updated at 12.04am BST

We're going to close this live blog now. Thanks for reading.

9.15pm BST

Fire breaks out on the car deck

A fire broke out on the car deck of a ferry bound for Hook of Holland.

Updated at 9.31pm BST

Good evening and welcome to our live coverage of the ferry fire.
"""


def test_an_updated_at_line_ending_an_entry_is_no_entry_of_its_own() -> None:
    """A British blog's revision lines, greeting and sign-off are cut out as boilerplate."""
    doc = segment_document(raw(REVISED_BLOG, published=datetime(2026, 7, 16)), Settings())
    assert [r.headline for r in doc.reports] == [
        "Coastguard ends the search",
        "Fire breaks out on the car deck",
    ]
    # The 11.50pm entry keeps its day: the 12.04am revision line rolls nothing over.
    assert [r.time.isoformat() if r.time else None for r in doc.reports] == [
        "2026-07-16T23:50:00+01:00",
        "2026-07-16T21:15:00+01:00",
    ]
    assert "Updated at 12.04am BST" in [n.text for n in doc.noise if n.kind == NoiseKind.BOILERPLATE]
    # The greeting and the sign-off are the blog talking to its readers, not news.
    assert doc.reports[1].text == "A fire broke out on the car deck of a ferry bound for Hook of Holland."
    removed = [n.text for n in doc.noise if n.kind == NoiseKind.BOILERPLATE]
    assert "Good evening and welcome to our live coverage of the ferry fire." in removed
    assert "We're going to close this live blog now. Thanks for reading." in removed
