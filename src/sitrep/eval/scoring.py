"""Scoring one gold format: gold samples and sitrep's outputs for them → an `Evaluation`'s parts.

In:  the usable samples of one gold file and, aligned with them, the ``sitrep/1`` object
     sitrep produced for each (an empty one where sitrep rejected the text).
Out: a `Scored`: classification tables, detection scores, measures and misses (worst first).

A gold row that names one event (ACLED, PLOVER, TSV) is compared with the event sitrep is
surest of (`sitrep.eval.output.best_event`); no event at all is the label ``none``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.eval.gold_geo import GeoArticle
from sitrep.eval.gold_tables import AcledRow, LabelledText, PloverRecord
from sitrep.eval.golden import FIELDS, GoldenCase, score_case
from sitrep.eval.metrics import (
    NONE,
    Counts,
    accuracy,
    average,
    confusion_matrix,
    detect,
    haversine_km,
    match_spans,
    mean,
    median,
    ratio,
    score_labels,
)
from sitrep.eval.output import Reading, actor_names, best_event, describe, killed, label_of, location_names
from sitrep.eval.records import Classification, DetectionScore, Measure, Miss
from sitrep.eval.vocab import (
    acled_event_types,
    actor_found,
    normalise,
    place_name_matches,
    plover_types,
    sub_event_types,
)
from sitrep.model import Event

LOCATION_KM = 25.0
"""An ACLED row's location is right when sitrep's is within this distance of the gold point."""
GEOCODE_KM = 161.0
"""A toponym is resolved right within 161 km (100 miles), as geoparsing studies count it."""


@dataclass(frozen=True, slots=True)
class Scored:
    classifications: tuple[Classification, ...] = ()
    detections: tuple[DetectionScore, ...] = ()
    measures: tuple[Measure, ...] = ()
    misses: tuple[Miss, ...] = ()


def classify(
    name: str, gold: Sequence[str], predicted: Sequence[str], vocabulary: Sequence[str] = ()
) -> Classification:
    """Score one labelling task."""
    matrix = confusion_matrix(gold, predicted, vocabulary)
    scores = score_labels(matrix)
    return Classification(name, matrix, scores, average(scores), accuracy(matrix))


def rate(name: str, hits: Sequence[bool], about: str = "") -> Measure:
    """The share of true values (None when there are none to count)."""
    return Measure(name, ratio(sum(hits), len(hits)) if hits else None, len(hits), "rate", about)


def quantity(name: str, value: float | None, count: int, unit: str, about: str = "") -> Measure:
    return Measure(name, value, count, unit, about)


def worst_first(misses: list[Miss]) -> tuple[Miss, ...]:
    return tuple(sorted(misses, key=lambda m: -m.severity))


def canonical_type(value: str) -> str:
    return value.upper() if value and value != NONE else NONE


# ---------------------------------------------------------------------------------------------
# ACLED exports


def score_acled(rows: Sequence[AcledRow], outputs: Sequence[Reading]) -> Scored:
    readings = list(outputs)
    best = [best_event(r) for r in readings]
    subs = [label_of(e, "sub_event_type") for e in best]
    types = [label_of(e, "event_type") for e in best]
    actor1 = [
        actor_found(r.actor1, actor_names(e) if e else ())
        for r, e in zip(rows, best, strict=True)
        if r.actor1
    ]
    actor2 = [
        actor_found(r.actor2, actor_names(e) if e else ())
        for r, e in zip(rows, best, strict=True)
        if r.actor2
    ]
    deaths = [
        (r.fatalities, killed(e) if e else 0)
        for r, e in zip(rows, best, strict=True)
        if r.fatalities is not None
    ]
    distances = [distance(r.lat, r.lon, e) for r, e in zip(rows, best, strict=True) if r.lat is not None]
    names = [
        place_name_matches(r.location, location_names(e) if e else ())
        for r, e in zip(rows, best, strict=True)
        if r.location
    ]
    measures = (
        rate("actor1 recall", actor1, "the gold actor1 is among the best event's actor names"),
        rate("actor2 recall", actor2, "the gold actor2 is among the best event's actor names"),
        rate(
            "fatalities exact",
            [g == p for g, p in deaths],
            "sitrep's killed figures sum to ACLED's fatalities",
        ),
        quantity(
            "fatalities mean absolute error",
            mean([abs(g - p) for g, p in deaths]),
            len(deaths),
            "deaths",
            "mean of |ACLED fatalities - sitrep's killed minimums|",
        ),
        rate(
            f"location within {LOCATION_KM:g} km",
            [d is not None and d <= LOCATION_KM for d in distances],
            "of rows with gold coordinates; no location counts as wrong",
        ),
        rate("location name match", names, "the gold location is a name of sitrep's location"),
        quantity(
            "location error (median)",
            median([d for d in distances if d is not None]),
            sum(d is not None for d in distances),
            "km",
            "over rows where both have coordinates",
        ),
        rate("rows with no event", [e is None for e in best], "sitrep coded nothing from the notes"),
    )
    misses = [miss for row, event in zip(rows, best, strict=True) if (miss := acled_miss(row, event))]
    return Scored(
        classifications=(
            classify("ACLED sub-event type", [r.sub_event_type for r in rows], subs, sub_event_types()),
            classify("ACLED event type", [r.event_type for r in rows], types, acled_event_types()),
        ),
        measures=measures,
        misses=worst_first(misses),
    )


def distance(lat: float | None, lon: float | None, event: Event | None) -> float | None:
    """Kilometres from the gold point to the event's location (None: no point to compare)."""
    location = event.location if event else None
    if lat is None or lon is None or location is None or location.lat is None or location.lon is None:
        return None
    return haversine_km(lat, lon, location.lat, location.lon)


def acled_miss(row: AcledRow, event: Event | None) -> Miss | None:
    """What sitrep got wrong on one row, or None when nothing."""
    problems, severity = label_problems(row.sub_event_type, event)
    if row.event_type != label_of(event, "event_type"):
        problems.append(f"event type {label_of(event, 'event_type')!r}, not {row.event_type!r}")
        severity += 0.5
    names = actor_names(event) if event else ()
    for column, actor in (("actor1", row.actor1), ("actor2", row.actor2)):
        if actor and not actor_found(actor, names):
            problems.append(f"{column} {actor!r} not found")
            severity += 0.25
    deaths = killed(event) if event else 0
    if row.fatalities is not None and deaths != row.fatalities:
        problems.append(f"{deaths} killed, not {row.fatalities}")
        severity += min(abs(deaths - row.fatalities), 10) / 20
    if row.lat is not None:
        km = distance(row.lat, row.lon, event)
        if km is None or km > LOCATION_KM:
            where = f"{km:,.0f} km away" if km is not None else "no coordinates"
            problems.append(
                f"location {event.location.name if event and event.location else 'none'} ({where})"
            )
            severity += 0.25
    if not problems:
        return None
    gold = f"{row.sub_event_type}; {row.actor1 or '-'} / {row.actor2 or '-'}; {row.location or '-'}"
    return Miss(
        row.id, row.text, gold, describe(event) if event else NONE, tuple(problems), round(severity, 3)
    )


def label_problems(gold: str, event: Event | None, field: str = "sub_event_type") -> tuple[list[str], float]:
    """The problem with a wrong label, weighted so that a confident wrong answer comes first."""
    predicted = label_of(event, field)
    if field == "type":
        predicted = canonical_type(predicted)
    if predicted == gold:
        return [], 0.0
    if event is None:
        return [f"no event where gold has {gold!r}"], 1.0
    return [
        f"{predicted!r} where gold has {gold!r} (confidence {event.confidence:.2f})"
    ], 1.0 + event.confidence


# ---------------------------------------------------------------------------------------------
# Label TSV and PLOVER records


def score_tsv(samples: Sequence[LabelledText], outputs: Sequence[Reading]) -> Scored:
    best = [best_event(o) for o in outputs]
    misses = []
    for sample, event in zip(samples, best, strict=True):
        problems, severity = label_problems(sample.sub_event_type, event)
        if problems:
            predicted = describe(event) if event else NONE
            misses.append(
                Miss(sample.id, sample.text, sample.sub_event_type, predicted, tuple(problems), severity)
            )
    return Scored(
        classifications=(
            classify(
                "ACLED sub-event type",
                [s.sub_event_type for s in samples],
                [label_of(e, "sub_event_type") for e in best],
                sub_event_types(),
            ),
            classify(
                "ACLED event type",
                [s.event_type for s in samples],
                [label_of(e, "event_type") for e in best],
                acled_event_types(),
            ),
        ),
        measures=(rate("texts with no event", [e is None for e in best]),),
        misses=worst_first(misses),
    )


def score_plover(records: Sequence[PloverRecord], outputs: Sequence[Reading]) -> Scored:
    best = [best_event(o) for o in outputs]
    pairs = list(zip(records, best, strict=True))
    sources = [actor_found(s, actor_names(e) if e else ()) for r, e in pairs for s in r.sources]
    targets = [actor_found(t, actor_names(e) if e else ()) for r, e in pairs for t in r.targets]
    modes = [mode_agrees(r.mode, e) for r, e in pairs if r.mode]
    misses = []
    for record, event in pairs:
        problems, severity = label_problems(record.type, event, "type")
        names = actor_names(event) if event else ()
        for role, actors in (("source", record.sources), ("target", record.targets)):
            for actor in actors:
                if not actor_found(actor, names):
                    problems.append(f"{role} {actor!r} not found")
                    severity += 0.25
        if record.mode and not mode_agrees(record.mode, event):
            problems.append(f"mode {event.mode if event else NONE!r}, not {record.mode!r}")
            severity += 0.25
        if problems:
            gold = (
                f"{record.type} {record.mode}".strip()
                + f"; {', '.join(record.sources) or '-'} → {', '.join(record.targets) or '-'}"
            )
            predicted = (
                f"{event.type} {event.mode or ''}".strip() + f"; {', '.join(actor_names(event)) or '-'}"
                if event
                else NONE
            )
            misses.append(Miss(record.id, record.text, gold, predicted, tuple(problems), round(severity, 3)))
    return Scored(
        classifications=(
            classify(
                "PLOVER event type",
                [r.type for r in records],
                [canonical_type(label_of(e, "type")) for e in best],
                plover_types(),
            ),
        ),
        measures=(
            rate("source actor recall", sources, "each gold source actor among the best event's actor names"),
            rate("target actor recall", targets, "each gold target actor among the best event's actor names"),
            rate("mode accuracy", modes, "of records with a gold mode"),
            rate("records with no event", [e is None for e in best]),
        ),
        misses=worst_first(misses),
    )


def mode_agrees(gold: str, event: Event | None) -> bool:
    return event is not None and normalise((event.mode or "").replace("_", " ")) == normalise(
        gold.replace("_", " ")
    )


# ---------------------------------------------------------------------------------------------
# Geoparsing XML


def score_geo(articles: Sequence[GeoArticle], outputs: Sequence[Reading]) -> Scored:
    units: list[Counts] = []
    errors: list[float | None] = []
    resolvable = 0
    misses = []
    for article, output in zip(articles, outputs, strict=True):
        reading = output
        places = list({(p.start, p.end): p for p in reading.places}.values())
        pairs = match_spans([(t.start, t.end) for t in article.toponyms], [(p.start, p.end) for p in places])
        units.append(Counts(len(places), len(pairs), len(article.toponyms), len(pairs)))
        resolvable += sum(t.lat is not None for t in article.toponyms)
        problems = []
        for i, j in pairs:
            gold, place = article.toponyms[i], places[j]
            if gold.lat is None or gold.lon is None:
                continue
            km = (
                haversine_km(gold.lat, gold.lon, place.lat, place.lon)
                if place.lat is not None and place.lon is not None
                else None
            )
            errors.append(km)
            if km is None or km > GEOCODE_KM:
                problems.append(f"{gold.phrase!r} placed {'nowhere' if km is None else f'{km:,.0f} km away'}")
        matched_gold = {i for i, _ in pairs}
        matched_places = {j for _, j in pairs}
        problems += [f"missed {t.phrase!r}" for i, t in enumerate(article.toponyms) if i not in matched_gold]
        problems += [
            f"extra {article.text[p.start : p.end]!r}"
            for j, p in enumerate(places)
            if j not in matched_places
        ]
        if problems:
            gold_names = ", ".join(t.phrase for t in article.toponyms) or "-"
            found = ", ".join(article.text[p.start : p.end] for p in places) or "-"
            misses.append(
                Miss(article.id, article.text, gold_names, found, tuple(problems), float(len(problems)))
            )
    within = [km is not None and km <= GEOCODE_KM for km in errors]
    known = [km for km in errors if km is not None]
    return Scored(
        detections=(DetectionScore("toponyms", "article", detect(units)),),
        measures=(
            rate(
                f"resolved within {GEOCODE_KM:g} km", within, "of recognised toponyms with gold coordinates"
            ),
            Measure(
                f"resolved within {GEOCODE_KM:g} km, end to end",
                ratio(sum(within), resolvable) if resolvable else None,
                resolvable,
                "rate",
                "of all gold toponyms with coordinates",
            ),
            quantity("mean error", mean(known), len(known), "km", "recognised toponyms both sides place"),
            quantity("median error", median(known), len(known), "km"),
        ),
        misses=worst_first(misses),
    )


# ---------------------------------------------------------------------------------------------
# Golden cases


def score_golden(cases: Sequence[GoldenCase], outputs: Sequence[Reading]) -> Scored:
    results = [score_case(case, output.events) for case, output in zip(cases, outputs, strict=True)]
    units = [Counts(r.produced, r.good, r.expected, r.found) for r in results]
    types = [pair for r in results for pair in r.type_labels]
    subs = [pair for r in results for pair in r.sub_labels]
    measures = [
        Measure(
            f"{name} accuracy",
            ratio(sum(r.field_hits[name] for r in results), totals)
            if (totals := sum(r.field_totals[name] for r in results))
            else None,
            totals,
            "rate",
            "on each expected event's best match",
        )
        for name in FIELDS
    ]
    measures += [
        rate("clean case rate", [r.clean for r in results], "cases with events and no must-not violated"),
        rate("size ok rate", [r.size_ok for r in results], "cases with 1..max_events events"),
        Measure("must-not violations", float(sum(len(r.violations) for r in results)), len(results), "count"),
    ]
    misses = []
    for case, result, output in zip(cases, results, outputs, strict=True):
        problems = [f"missed {key}" for key in result.missed] + [f"violated {v}" for v in result.violations]
        over = max(0, result.produced - result.max_events)
        if over:
            problems.append(f"{result.produced} events, over the maximum of {result.max_events}")
        if problems:
            produced = [f"{e.type or '?'} {e.acled_sub_event_type or ''}".strip() for e in output.events]
            misses.append(
                Miss(
                    case.id,
                    case.body,
                    f"{result.expected} expected: {', '.join(i.label for i in case.events)}",
                    f"{result.produced} events: {', '.join(produced[:8]) or '-'}",
                    tuple(problems),
                    len(result.missed) + len(result.violations) + 0.25 * over,
                )
            )
    return Scored(
        classifications=tuple(
            classify(name, [g for g, _ in pairs], [p for _, p in pairs], vocabulary)
            for name, pairs, vocabulary in (
                ("PLOVER type of expected events", types, plover_types()),
                ("ACLED sub-event type of expected events", subs, sub_event_types()),
            )
            if pairs
        ),
        detections=(DetectionScore("events", "case", detect(units)),),
        measures=tuple(measures),
        misses=worst_first(misses),
    )
