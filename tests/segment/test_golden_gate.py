"""Quality gate of the reading stage (ingest + segment) over the golden corpus.

Every case in ``tests/golden/segment/`` (format: ``golden_cases.py``) is read with
`sitrep.ingest.read_bytes` and segmented with `sitrep.segment.segment_document`.

* ``test_case_file_is_sound[case]`` fails when a case file is wrong (bad keys, a checked
  string that is not in the input, a text outside 150–600 words).
* ``test_golden_case[case]`` prints what the segmenter got wrong on that case (run with
  ``-s`` to read it) and passes anyway: one missed headline must not fail the suite. It fails
  only when reading or segmenting raises, since a crash is a bug, not a quality miss.
* ``test_golden_gate`` computes the metrics over the whole corpus, prints them as a table and
  fails when one is below its floor in ``segment_baseline.json`` or when any case crashed.

Metrics (sums over all cases, then one ratio each):

* ``report_precision``: produced reports that are right / produced reports. A produced report
  is right when it is matched one-to-one to an expected report that it satisfies in every
  respect (time prefix, precision, offset, headline, must / must-not text). If a case lists
  fewer reports than its ``report_count``, the unlisted ones earn count credit:
  ``min(report_count - listed, produced - matched)``.
* ``report_recall``: expected reports so matched / expected reports listed.
* ``time_accuracy``: expected reports with time constraints whose counterpart (the matched
  report, else the first produced report holding all its ``must_contain`` text) has the right
  time, precision and offset / expected reports with time constraints.
* ``noise_recall``: ``without`` strings absent from every report text and headline.
* ``noise_kept``: ``noise_with`` strings found in the text of some `Document.noise` item.
* ``noise_precision``: ``keep`` strings (real text next to noise) still in a report and in no
  noise item: what the cleaner removed was noise.
* ``ordering_accuracy``: cases whose `Document.ordering` is the expected one.

Raising the floors: when the segmenter improves, the gate prints the metrics that are well
above their floor. Raise the floor in ``segment_baseline.json`` *and* the same number in
`MINIMUM_FLOORS` below, in one change. The floors cannot be lowered quietly:
``test_baseline_is_locked`` fails when a floor in the baseline is below `MINIMUM_FLOORS`, so
lowering one means editing this file, in plain view of review. `MINIMUM_CASES` likewise keeps
cases from being deleted to lift the scores.
"""

from __future__ import annotations

import html
import json
import math
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

from sitrep.config import Settings
from sitrep.model import Document, RawDocument, Report, TimePrecision

try:
    from .golden_cases import GOLDEN_DIR, ExpectedReport, GoldenCase, case_paths, load_case, normalise
except ImportError:  # tests/segment is not a package: pytest put this folder on sys.path
    from golden_cases import (
        GOLDEN_DIR,
        ExpectedReport,
        GoldenCase,
        case_paths,
        load_case,
        normalise,
    )

BASELINE = Path(__file__).with_name("segment_baseline.json")
METRICS = (
    "report_precision",
    "report_recall",
    "time_accuracy",
    "noise_precision",
    "noise_recall",
    "noise_kept",
    "ordering_accuracy",
)
# The lock: segment_baseline.json may raise these floors, never go below them.
MINIMUM_FLOORS = {metric: 1.0 for metric in METRICS}
MINIMUM_CASES = 18
RAISE_HINT_MARGIN = 0.03
WORDS_PER_CASE = (150, 600)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What reading and segmenting one case gave."""

    document: Document | None
    failure: str | None = None
    """Why no document came out: a rejection's reason or the exception raised."""
    crashed: bool = False


@dataclass(frozen=True, slots=True)
class CaseScore:
    """The counts one case contributes to the corpus metrics, and what went wrong."""

    name: str
    produced: int
    listed: int
    matched: int
    credit: int
    timed: int
    time_hits: int
    without: int
    without_hits: int
    noise_with: int
    noise_with_hits: int
    keep: int
    keep_hits: int
    ordering_ok: bool
    crashed: bool
    problems: tuple[str, ...]


def segment_case(case: GoldenCase) -> Outcome:
    """Read and segment a case's input as the pipeline does."""
    try:
        from sitrep.ingest import read_bytes
        from sitrep.segment import segment_document

        settings = Settings(timezone=case.timezone)
        items = read_bytes(case.input.encode("utf-8"), case.origin, settings, doc_id=case.name)
        raws = [item for item in items if isinstance(item, RawDocument)]
        if not raws:
            reasons = "; ".join(getattr(item, "reason", repr(item)) for item in items)
            return Outcome(None, f"no document read: {reasons or 'nothing returned'}")
        return Outcome(segment_document(raws[0], settings))
    except Exception:  # recorded and reported per case; the gate fails on any crash
        return Outcome(None, traceback.format_exc(), crashed=True)


@cache
def score_case(name: str) -> CaseScore:
    """Segment one case (once per test session) and score it against its expectations."""
    case = load_case(GOLDEN_DIR / f"{name}.json")
    outcome = segment_case(case)
    document = outcome.document
    reports = list(document.reports) if document is not None else []
    problems: list[str] = [] if outcome.failure is None else [outcome.failure.strip()]

    matches = match_reports(case.reports, reports)
    timed = time_hits = 0
    for i, expected in enumerate(case.reports):
        j = matches.get(i)
        counterpart = j if j is not None else find_counterpart(expected, reports)
        if has_time_checks(expected):
            timed += 1
            time_hits += counterpart is not None and not time_problems(expected, reports[counterpart])
        if j is not None:
            continue
        label = f"report {i + 1} ({expected.must_contain[0][:40]!r})"
        if counterpart is None:
            problems.append(f"{label}: no report holds its text")
        else:
            found = "; ".join(report_problems(expected, reports[counterpart]))
            problems.append(f"{label} is produced #{counterpart + 1}: {found}")
    if len(reports) != case.report_count:
        problems.append(f"{len(reports)} reports produced, {case.report_count} expected")

    read = document is not None
    ordering = document.ordering if document is not None else None
    ordering_ok = ordering == case.ordering
    if read and not ordering_ok:
        problems.append(f"ordering {ordering!r}, expected {case.ordering!r}")

    shown = [normalise(part) for report in reports for part in (report.text, report.headline or "")]
    noise = [normalise(item.text) for item in document.noise] if document is not None else []
    without_hits = noise_with_hits = keep_hits = 0
    for s in case.without:
        if read and not any(s in part for part in shown):
            without_hits += 1
        elif read:
            problems.append(f"noise left in a report: {s!r}")
    for s in case.noise_with:
        if any(s in item for item in noise):
            noise_with_hits += 1
        elif read:
            problems.append(f"not kept as noise: {s!r}")
    for s in case.keep:
        if any(s in part for part in shown) and not any(s in item for item in noise):
            keep_hits += 1
        elif read:
            problems.append(f"real text removed as noise: {s!r}")

    unlisted = case.report_count - len(case.reports)
    matched = len(matches)
    return CaseScore(
        name=case.name,
        produced=len(reports),
        listed=len(case.reports),
        matched=matched,
        credit=matched + min(unlisted, max(len(reports) - matched, 0)),
        timed=timed,
        time_hits=time_hits,
        without=len(case.without),
        without_hits=without_hits,
        noise_with=len(case.noise_with),
        noise_with_hits=noise_with_hits,
        keep=len(case.keep),
        keep_hits=keep_hits,
        ordering_ok=ordering_ok,
        crashed=outcome.crashed,
        problems=tuple(problems),
    )


def has_time_checks(expected: ExpectedReport) -> bool:
    return any((expected.time_prefix, expected.time_precision, expected.utc_offset))


def time_problems(expected: ExpectedReport, report: Report) -> list[str]:
    """How a report's time misses what is expected of it (empty when it is right)."""
    problems = []
    if expected.time_prefix is not None or expected.utc_offset is not None:
        time = report.time
        if time is None:
            problems.append("no time")
        elif time.utcoffset() is None:
            problems.append(f"time {time.isoformat()} has no zone")
        else:
            if expected.time_prefix is not None and not time.isoformat().startswith(expected.time_prefix):
                problems.append(f"time {time.isoformat()} does not start with {expected.time_prefix}")
            if expected.utc_offset is not None and format_offset(time) != expected.utc_offset:
                problems.append(f"offset {format_offset(time)}, expected {expected.utc_offset}")
    precision = TimePrecision(report.time_precision).value
    if expected.time_precision is not None and precision != expected.time_precision:
        problems.append(f"precision {precision}, expected {expected.time_precision}")
    return problems


def report_problems(expected: ExpectedReport, report: Report) -> list[str]:
    """Everything a produced report gets wrong against one expected report."""
    text = normalise(report.text)
    headline = normalise(report.headline or "")
    problems = time_problems(expected, report)
    if expected.headline_contains is not None and expected.headline_contains not in headline:
        problems.append(f"headline {report.headline!r} lacks {expected.headline_contains!r}")
    problems += [f"text lacks {s!r}" for s in expected.must_contain if s not in text]
    problems += [f"holds {s!r}" for s in expected.must_not_contain if s in text or s in headline]
    return problems


def format_offset(time: datetime) -> str:
    offset = time.utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def find_counterpart(expected: ExpectedReport, reports: list[Report]) -> int | None:
    """The first produced report holding all of an expected report's text, if any."""
    for j, report in enumerate(reports):
        text = normalise(report.text)
        if all(s in text for s in expected.must_contain):
            return j
    return None


def match_reports(expected: tuple[ExpectedReport, ...], reports: list[Report]) -> dict[int, int]:
    """Pair expected reports with produced reports satisfying them, one to one, as many as possible."""
    fits = [[j for j, report in enumerate(reports) if not report_problems(e, report)] for e in expected]
    owner: dict[int, int] = {}

    def claim(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or claim(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(expected)):
        claim(i, set())
    return {i: j for j, i in owner.items()}


def corpus_metrics(scores: list[CaseScore]) -> dict[str, float]:
    def ratio(part: float, whole: float) -> float:
        return part / whole if whole else 0.0

    def total(field: str) -> int:
        return sum(getattr(score, field) for score in scores)

    return {
        "report_precision": ratio(total("credit"), total("produced")),
        "report_recall": ratio(total("matched"), total("listed")),
        "time_accuracy": ratio(total("time_hits"), total("timed")),
        "noise_precision": ratio(total("keep_hits"), total("keep")),
        "noise_recall": ratio(total("without_hits"), total("without")),
        "noise_kept": ratio(total("noise_with_hits"), total("noise_with")),
        "ordering_accuracy": ratio(total("ordering_ok"), len(scores)),
    }


def load_floors() -> tuple[dict[str, float], list[str]]:
    """The floors pinned in the baseline, and every way they break the lock."""
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["floors"]
    broken = [f"{m}: no floor in {BASELINE.name}" for m in METRICS if m not in floors]
    broken += [f"{m}: not a metric of this gate" for m in floors if m not in MINIMUM_FLOORS]
    broken += [
        f"{m}: floor {floors[m]} is below the locked minimum {MINIMUM_FLOORS[m]}"
        for m in METRICS
        if m in floors and floors[m] < MINIMUM_FLOORS[m]
    ]
    return floors, broken


def render_case(score: CaseScore) -> str:
    head = f"{score.name}: {score.matched}/{score.listed} reports matched, {score.produced} produced"
    if not score.problems:
        return f"{head}, all checks pass"
    return "\n  - ".join([f"{head}, {len(score.problems)} problem(s):", *score.problems])


def render_table(metrics: dict[str, float], floors: dict[str, float], scores: list[CaseScore]) -> str:
    lines = [f"segment golden gate over {len(scores)} cases", f"{'metric':<20}{'value':>8}{'floor':>8}"]
    for metric in METRICS:
        value, floor = metrics[metric], floors.get(metric, 1.0)
        note = " BELOW FLOOR" if value < floor else ""
        if value >= floor + RAISE_HINT_MARGIN:
            note = f" (floor could be raised to {math.floor((value - 0.01) * 100) / 100:.2f})"
        lines.append(f"{metric:<20}{value:>8.3f}{floor:>8.2f}{note}")
    lines.append("cases with problems:")
    lines += [f"  {render_case(score)}" for score in scores if score.problems] or ["  none"]
    return "\n".join(lines)


def visible_text(case: GoldenCase) -> str:
    """The words a reader of the input sees (tags and the HTML head dropped), normalised."""
    if not case.origin.lower().endswith((".html", ".htm")):
        return normalise(case.input)
    body = re.sub(r"(?is)<head\b.*?</head>", " ", case.input)
    return normalise(html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("path", case_paths(), ids=lambda path: path.stem)
def test_case_file_is_sound(path: Path) -> None:
    case = load_case(path)
    shown = visible_text(case)
    unmarked = shown.replace("*", "")  # link asterisks go; checked text is written without them
    low, high = WORDS_PER_CASE
    assert low <= len(shown.split()) <= high, f"{len(shown.split())} words, not {low}–{high}"
    for s in (*case.without, *case.noise_with):
        assert s in shown, f"{s!r} is not in the input"
    expected_text = [s for e in case.reports for s in (*e.must_contain, *e.must_not_contain)]
    headlines = [e.headline_contains for e in case.reports if e.headline_contains is not None]
    for s in (*expected_text, *headlines, *case.keep):
        assert s in unmarked, f"{s!r} is not in the input"
    for s in case.keep:
        assert not any(s in w or w in s for w in case.without), f"{s!r} is both kept and removed"


@pytest.mark.parametrize("path", case_paths(), ids=lambda path: path.stem)
def test_golden_case(path: Path, record_property: Callable[[str, object], None]) -> None:
    score = score_case(path.stem)
    record_property("problems", list(score.problems))
    print(render_case(score))
    if score.crashed:
        pytest.fail(f"reading or segmenting {path.name} raised:\n{score.problems[0]}")


def test_baseline_is_locked() -> None:
    _, broken = load_floors()
    assert not broken, "segment_baseline.json breaks the lock:\n" + "\n".join(broken)


def test_golden_gate() -> None:
    paths = case_paths()
    assert len(paths) >= MINIMUM_CASES, f"only {len(paths)} golden cases, at least {MINIMUM_CASES} kept"
    floors, broken = load_floors()
    assert not broken, "segment_baseline.json breaks the lock:\n" + "\n".join(broken)
    scores = [score_case(path.stem) for path in paths]
    metrics = corpus_metrics(scores)
    print(render_table(metrics, floors, scores))
    crashed = [score.name for score in scores if score.crashed]
    assert not crashed, f"reading or segmenting raised on: {', '.join(crashed)}"
    below = [f"{m} {metrics[m]:.3f} < {floors[m]:.2f}" for m in METRICS if metrics[m] < floors[m]]
    assert not below, "below the floor: " + "; ".join(below)


def test_scoring_catches_wrong_reports() -> None:
    berlin = datetime.fromisoformat("2025-11-15T22:15:00+01:00")
    right = Report(
        "d-r1", "d", 1, "Police reported 41 arrests.", berlin, TimePrecision.MINUTE, "stamp", "Recount"
    )
    wrong_zone = Report(
        "d-r2",
        "d",
        2,
        "Police reported 41 arrests.",
        berlin.replace(tzinfo=None),
        right.time_precision,
        "stamp",
    )
    wrong_day = Report(
        "d-r3", "d", 3, "Police reported 41 arrests.", berlin, TimePrecision.DAY, "stamp", "Recount"
    )
    expected = ExpectedReport(
        must_contain=("Police reported 41 arrests.",),
        must_not_contain=("Recount ordered",),
        time_prefix="2025-11-15T22:15",
        time_precision="minute",
        utc_offset="+01:00",
        headline_contains="Recount",
    )
    assert report_problems(expected, right) == []
    assert report_problems(expected, wrong_zone) == [
        "time 2025-11-15T22:15:00 has no zone",
        "headline None lacks 'Recount'",
    ]
    assert report_problems(expected, wrong_day) == ["precision day, expected minute"]
    assert match_reports((expected, expected), [wrong_day, right, wrong_zone]) == {0: 1}
    assert format_offset(datetime.fromisoformat("2025-10-22T16:45:00+06:30")) == "+06:30"
    assert format_offset(datetime.fromisoformat("2025-12-09T06:30:00-05:00")) == "-05:00"
