"""PLOVER records and label TSV files: field spellings read, labels scored, bad records skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_fakes import FIXTURES, canned, event, output

from sitrep.eval import GoldFormat, detect_format, evaluate
from sitrep.eval.gold_tables import LabelledText, PloverRecord, read_plover, read_tsv
from sitrep.eval.records import Skipped
from sitrep.eval.vocab import acled_codes, actor_found, plover_type_of, sub_event_type_of

PLOVER = FIXTURES / "plover_records.json"
LABELS = FIXTURES / "labels.tsv"


def records(path: Path) -> tuple[list[PloverRecord], list[Skipped]]:
    items = list(read_plover(path))
    return [i for i in items if isinstance(i, PloverRecord)], [i for i in items if isinstance(i, Skipped)]


def test_plover_field_spellings_are_all_read() -> None:
    read, skipped = records(PLOVER)
    assert [(r.id, r.type, r.mode) for r in read] == [
        ("P1", "FIGHT", "small arms"),
        ("P2", "PROTEST", "demo"),
        ("P3", "DISAPPROVE", ""),  # ACCUSE, the later name of DISAPPROVE
        ("P4", "AGREE", ""),
    ]
    assert read[0].sources == ("Lanavian troops",) and read[0].targets == ("Red Ridge Brigade",)
    assert read[1].sources == ("dockworkers",) and read[1].targets == ()
    assert read[2].sources == ("Lanavian government",) and read[2].targets == ("Ostria",)
    assert read[3].sources == ("Ostria", "Lanavia")
    assert [s.reason for s in skipped] == [
        "event type 'PICNIC' is none of PLOVER's 19",
        "no text (one of text, sentence, story, document)",
    ]


def test_gold_standard_style_and_json_lines_are_read() -> None:
    gsr, _ = records(FIXTURES / "plover_gsr_style.txt")
    assert [(r.id, r.type, r.sources, r.targets, r.date) for r in gsr] == [
        ("G1", "COERCE", ("Ostrian police",), ("students",), "2031-01-01"),
        ("G2", "DEMAND", ("Lanavia",), (), "2031-01-01"),
    ]
    assert gsr[0].query().text.startswith("date 2031-01-01\nOstrian police arrested")
    lines, _ = records(FIXTURES / "plover_records.jsonl")
    assert [(r.id, r.type, r.mode) for r in lines] == [("J1", "FIGHT", "artillery"), ("J2", "MOBILIZE", "")]


def test_plover_scores_type_actors_and_mode() -> None:
    predict = canned(
        {
            "P1": output(
                event(
                    "Armed clash", plover="FIGHT", mode="small arms", actors=("troops", "Red Ridge Brigade")
                )
            ),
            "P2": output(event("Peaceful protest", plover="PROTEST", mode="strike", actors=("dockworkers",))),
            "P3": output(event("Other", plover="REJECT", actors=("government",))),
        }
    )
    evaluation = evaluate(PLOVER, predict, GoldFormat.PLOVER)
    (types,) = evaluation.classifications
    assert evaluation.samples == 4
    assert types.accuracy == pytest.approx(2 / 4)
    assert types.matrix.count("DISAPPROVE", "REJECT") == 1 and types.matrix.count("AGREE", "none") == 1
    measures = {m.name: (m.value, m.count) for m in evaluation.measures}
    # sources: Lanavian troops (found as "troops"), dockworkers (found), Lanavian government (found as
    # "government": one shared word of the shorter name), Ostria and Lanavia (no event) -> 3 of 5
    assert measures["source actor recall"] == (pytest.approx(3 / 5), 5)
    # targets: Red Ridge Brigade (found), Ostria (not) -> 1 of 2
    assert measures["target actor recall"] == (pytest.approx(1 / 2), 2)
    # modes: small arms right, demo called strike -> 1 of 2
    assert measures["mode accuracy"] == (pytest.approx(1 / 2), 2)


def test_tsv_codes_header_and_bad_lines() -> None:
    items = list(read_tsv(LABELS))
    texts = [i for i in items if isinstance(i, LabelledText)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [(t.id, t.sub_event_type) for t in texts] == [
        ("T1", "Armed clash"),
        ("T2", "Air/drone strike"),
        ("T3", "Peaceful protest"),
        ("T4", "Protest with intervention"),
        ("T5", "none"),
    ]
    assert texts[1].event_type == "Explosions/Remote violence"
    assert [(s.where, s.reason.split(" (")[0]) for s in skipped] == [
        ("labels.tsv:8", "unknown code 'PARADE'"),
        ("labels.tsv:9", "1 tab-separated fields; expected text and code"),
    ]


def test_tsv_scoring_counts_a_false_alarm_on_a_no_event_text() -> None:
    predict = canned(
        {
            "T1": output(event("Armed clash")),
            "T2": output(event("Air/drone strike")),
            "T3": output(event("Peaceful protest")),
            "T4": output(event("Peaceful protest")),
            "T5": output(event("Peaceful protest", confidence=0.3)),
        }
    )
    evaluation = evaluate(LABELS, predict)  # format detected from the name
    assert evaluation.format is GoldFormat.TSV
    sub = evaluation.classifications[0]
    scores = {s.label: s for s in sub.scores}
    # Peaceful protest: right once, and wrongly given to T4 and to the no-event T5.
    assert (scores["Peaceful protest"].tp, scores["Peaceful protest"].fp) == (1, 2)
    assert scores["Protest with intervention"].rates.recall == 0.0
    assert sub.averages.micro.precision == pytest.approx(
        3 / 5
    ) and sub.averages.micro.recall == pytest.approx(3 / 4)
    assert [m.sample for m in evaluation.misses] == ["T4", "T5"]


def test_code_table_covers_all_25_sub_event_types() -> None:
    codes = acled_codes()
    assert len(codes) == 25 and len({c.code for c in codes}) == 25
    assert len({c.event_type for c in codes}) == 6
    assert {"ARMED_CLASH", "PEACE_PROTEST"} & {c.code for c in codes} == {"ARMED_CLASH"}
    for code in codes:
        assert sub_event_type_of(code.code) == code.sub_event_type
        assert sub_event_type_of(code.sub_event_type.lower()) == code.sub_event_type
    assert sub_event_type_of("AIR_DRONE_STRIKE") == "Air/drone strike"
    assert sub_event_type_of("Sky battle") is None and sub_event_type_of("NONE") == "none"
    assert plover_type_of("accuse") == "DISAPPROVE" and plover_type_of("BATTLE") is None


@pytest.mark.parametrize(
    ("gold", "names", "found"),
    [
        ("Military Forces of Lanavia (2029-)", ["Lanavian army"], True),
        ("Military Forces of Lanavia (2029-)", ["soldiers"], True),
        ("Police Forces of Lanavia (2029-)", ["Lanavian army"], False),
        ("Police Forces of Lanavia (2029-)", ["Lanavian police"], True),
        ("Protesters (Lanavia)", ["demonstrators"], True),
        ("Unidentified Armed Group (Lanavia)", ["unidentified gunmen"], True),
        ("Red Ridge Brigade", ["Red Ridge Brigade fighters"], True),
        ("Red Ridge Brigade", ["Blue Ridge Front"], False),
        ("Civilians (Lanavia)", [], False),
    ],
)
def test_actor_names_match_by_shared_words(gold: str, names: list[str], found: bool) -> None:
    assert actor_found(gold, names) is found


def test_formats_are_detected_from_content(tmp_path: Path) -> None:
    assert detect_format(PLOVER) is GoldFormat.PLOVER
    assert detect_format(FIXTURES / "plover_records.jsonl") is GoldFormat.PLOVER
    assert detect_format(FIXTURES / "toponyms.xml") is GoldFormat.GEO
    assert detect_format(FIXTURES / "golden") is GoldFormat.GOLDEN
    assert detect_format(FIXTURES / "golden" / "01-velmora-clash.json") is GoldFormat.GOLDEN
    untitled = tmp_path / "gold"
    untitled.write_text("Some text\tARMED_CLASH\n", encoding="utf-8")
    assert detect_format(untitled) is GoldFormat.TSV


def test_tsv_reads_the_shared_tasks_short_codes() -> None:
    items = list(read_tsv(FIXTURES / "short_codes.tsv"))
    assert not [i for i in items if isinstance(i, Skipped)]
    texts = [i for i in items if isinstance(i, LabelledText)]
    assert [(t.id, t.sub_event_type) for t in texts] == [
        ("S1", "Arrests"),
        ("S2", "Peaceful protest"),
        ("S3", "Looting/property destruction"),
        ("S4", "Violent demonstration"),
        ("S5", "Remote explosive/landmine/IED"),
        ("S6", "Shelling/artillery/missile attack"),
        ("S7", "Abduction/forced disappearance"),
        ("S8", "Government regains territory"),
        ("S9", "none"),  # diplomacy: news ACLED does not code
        ("S10", "Air/drone strike"),
        ("S11", "Headquarters or base established"),
        ("S12", "Excessive force against protesters"),
    ]
    assert texts[3].event_type == "Riots" and texts[0].event_type == "Strategic developments"


def test_every_sub_event_type_has_a_distinct_short_code() -> None:
    codes = acled_codes()
    assert len({c.short_code for c in codes}) == 25
    for code in codes:
        assert sub_event_type_of(code.short_code) == code.sub_event_type
    assert sub_event_type_of("PROPERTY_DISTRUCT") == "Looting/property destruction"  # as published
    assert sub_event_type_of("MAN_MADE_DISASTER") == "none" and sub_event_type_of("PARADE") is None
