"""ACLED exports: rows read, bad rows skipped, each field scored against a canned sitrep."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_fakes import FIXTURES, canned, event, output

from sitrep.errors import InputError
from sitrep.eval import GoldFormat, Query, detect_format, evaluate
from sitrep.eval.gold_tables import AcledRow, parse_date, read_acled
from sitrep.eval.records import Skipped

EXPORT = FIXTURES / "acled_export.csv"

GOOD = {
    "XLA101": output(
        event(
            "Armed clash",
            actors=("Lanavian army", "Red Ridge Brigade"),
            killed=4,
            place="Velmora",
            lat=8.45,
            lon=12.33,
        )
    ),
    "XLA102": output(event("Peaceful protest", actors=("protesters",), place="Velmora", lat=8.45, lon=12.33)),
    "XLA103": output(
        event(
            "Air/drone strike",
            actors=("Lanavian military", "Red Ridge Brigade"),
            killed=2,
            place="Tessin",
            lat=9.10,
            lon=13.00,
        )
    ),
    "XLA104": output(
        event(
            "Attack",
            actors=("unidentified gunmen", "civilians"),
            killed=1,
            place="Orlen",
            lat=9.33,
            lon=12.88,
        )
    ),
}


def test_rows_are_read_and_bad_rows_named() -> None:
    items = list(read_acled(EXPORT))
    rows = [i for i in items if isinstance(i, AcledRow)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [r.id for r in rows] == ["XLA101", "XLA102", "XLA103", "XLA104"]
    first = rows[0]
    assert first.sub_event_type == "Armed clash" and first.event_type == "Battles"
    assert first.actor1 == "Military Forces of Lanavia (2029-)" and first.actor2 == "Red Ridge Brigade"
    assert (first.fatalities, first.location, first.lat, first.lon) == (4, "Velmora", 8.4512, 12.3308)
    assert first.date == "2031-03-12" and rows[3].date == "2031-03-15"
    assert first.query().text.startswith("date 2031-03-12\nOn 12 March 2031, soldiers")
    reasons = {s.where: s.reason for s in skipped}
    assert len(reasons) == 3
    assert "'Sky battle' is none of ACLED's 25" in reasons["acled_export.csv:6"]
    assert reasons["acled_export.csv:7"] == "empty notes"
    assert "'yesterday' is no date" in reasons["acled_export.csv:8"]


def test_a_perfect_sitrep_scores_one_everywhere() -> None:
    evaluation = evaluate(EXPORT, canned(GOOD), GoldFormat.ACLED)
    assert evaluation.samples == 4 and len(evaluation.skipped) == 3
    sub, event_type = evaluation.classifications
    assert sub.name == "ACLED sub-event type" and event_type.name == "ACLED event type"
    assert sub.accuracy == 1.0 and sub.averages.micro.f1 == 1.0 and sub.averages.macro.f1 == 1.0
    assert sub.matrix.labels == ("Armed clash", "Air/drone strike", "Attack", "Peaceful protest")
    measures = {m.name: m for m in evaluation.measures}
    assert measures["actor1 recall"].value == 1.0 and measures["actor1 recall"].count == 4
    assert measures["actor2 recall"].value == 1.0 and measures["actor2 recall"].count == 3
    assert measures["fatalities exact"].value == 1.0
    assert measures["fatalities mean absolute error"].value == 0.0
    assert measures["location within 25 km"].value == 1.0
    assert measures["location name match"].value == 1.0
    assert evaluation.misses == ()


def test_each_wrong_field_lowers_its_own_score() -> None:
    wrong = dict(GOOD)
    # The clash coded as a protest with the wrong toll, far away, without the brigade.
    wrong["XLA101"] = output(
        event("Peaceful protest", actors=("Lanavian army",), killed=1, place="Tessin", lat=9.10, lon=13.00)
    )
    # Nothing coded from the attack.
    wrong["XLA104"] = output()
    evaluation = evaluate(EXPORT, canned(wrong), GoldFormat.ACLED)
    sub = evaluation.classifications[0]
    assert sub.accuracy == pytest.approx(2 / 4)
    # micro: tp 2 (protest, strike); fp 1 (clash called protest); fn 2 (clash, attack)
    assert sub.averages.micro.precision == pytest.approx(2 / 3)
    assert sub.averages.micro.recall == pytest.approx(2 / 4)
    assert (
        sub.matrix.count("Armed clash", "Peaceful protest") == 1 and sub.matrix.count("Attack", "none") == 1
    )
    measures = {m.name: m.value for m in evaluation.measures}
    assert measures["actor2 recall"] == pytest.approx(1 / 3)  # only the strike's brigade is found
    assert measures["fatalities exact"] == pytest.approx(2 / 4)
    # |4 - 1| + 0 + 0 + |1 - 0| over 4 rows
    assert measures["fatalities mean absolute error"] == pytest.approx(1.0)
    assert measures["location within 25 km"] == pytest.approx(2 / 4)
    assert measures["rows with no event"] == pytest.approx(1 / 4)
    worst = evaluation.misses[0]
    assert worst.sample == "XLA101"  # confidently wrong comes before silent
    assert any("'Peaceful protest' where gold has 'Armed clash'" in p for p in worst.problems)
    assert "Red Ridge Brigade" in worst.text or "Red Ridge Brigade" in worst.gold


def test_the_most_confident_event_is_the_one_compared() -> None:
    two = {
        "XLA101": output(
            event("Peaceful protest", confidence=0.4),
            event("Armed clash", confidence=0.9, killed=4),
        )
    }
    evaluation = evaluate(EXPORT, canned(two), GoldFormat.ACLED, limit=1)
    assert evaluation.samples == 1
    assert evaluation.classifications[0].matrix.count("Armed clash", "Armed clash") == 1


def test_limit_and_queries() -> None:
    seen: list[Query] = []
    evaluate(EXPORT, canned(GOOD, seen), GoldFormat.ACLED, limit=2)
    assert [q.id for q in seen] == ["XLA101", "XLA102"]
    assert seen[1].text.startswith("date 2031-03-13\n") and seen[1].timezone == "UTC"


def test_format_is_detected_from_the_header(tmp_path: Path) -> None:
    renamed = tmp_path / "export.txt"
    renamed.write_bytes(EXPORT.read_bytes())
    assert detect_format(renamed) is GoldFormat.ACLED


def test_semicolon_exports_and_upper_case_headers(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text(
        "EVENT_ID_CNTY;EVENT_DATE;SUB_EVENT_TYPE;NOTES\nX1;2031-01-02;Arrests;Police detained six traders.\n",
        encoding="utf-8",
    )
    (row,) = list(read_acled(path))
    assert (
        isinstance(row, AcledRow)
        and row.sub_event_type == "Arrests"
        and row.event_type == "Strategic developments"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty gold file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
        (b"event_date,notes\n2031-01-01,text\n", "no sub_event_type column"),
        (b"notes,sub_event_type\n\xff\xfe bad\n", "not UTF-8"),
    ],
)
def test_unusable_exports_raise_one_line_errors(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "gold.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        evaluate(path, canned({}), GoldFormat.ACLED)
    message = str(caught.value)
    assert message.startswith(str(path)) and reason in message and "\n" not in message


def test_an_export_without_one_usable_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gold.csv"
    path.write_text("notes,sub_event_type\nsome text,Sky battle\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"no usable samples \(read as acled gold\); first problem: gold.csv:2"
    ):
        evaluate(path, canned({}), GoldFormat.ACLED)


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2031-03-12", "2031-03-12"),
        ("12 March 2031", "2031-03-12"),
        ("12-Mar-2031", "2031-03-12"),
        ("soon", None),
    ],
)
def test_acled_date_spellings(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso
