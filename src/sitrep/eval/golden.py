"""sitrep's own golden cases: one JSON file a document, with the events that must, may and
must not be coded from it.

In:  a case file or a folder of them (``*.json``): ``{"about", "origin", "input", "events",
     "acceptable"?, "must_not"?, "max_events", "settings"?}``; each item holds a ``key`` (or,
     for ``must_not``, a ``why``) and constraints (`CONSTRAINTS`).
Out: `GoldenCase` records (a case file that cannot be used becomes a `Skipped`), and a
     `CaseResult` for a case and a ``sitrep/1`` output.

Matching: an item is found when one produced event satisfies every constraint it lists. A
wanted name matches a produced name equal to it after normalising (case, accents, quotes,
spacing) or, when longer than three characters, contained in it. A vague figure (``dozens``)
matches any lower bound at or over its minimum. For field accuracies, each expected item's
best match is the produced event satisfying most of its constraints (at least half; ties go to
the event satisfying more constraints other than type, sub-event type, date, place and
country), and a field is right when that event satisfies the item's constraints on it.
These are the rules of the project's quality gate, so the figures agree with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.errors import MalformedInput
from sitrep.eval.gold_tables import read_text_file
from sitrep.eval.records import Query, Skipped
from sitrep.eval.vocab import normalise, plover_types, sub_event_types
from sitrep.model import Event
from sitrep.model import Figure as FigureRecord

Json = dict[str, Any]

NAME_LISTS = (
    "types",
    "acled_sub",
    "place",
    "country",
    "actors_all",
    "actors_any",
    "actor_kinds_any",
    "source_any",
    "contested_any",
    "attribution",
    "text_any",
)
CONSTRAINTS = (*NAME_LISTS, "date", "details_any", "casualties_all", "casualties_any")
FIELDS: Mapping[str, tuple[str, ...]] = {
    "type": ("types",),
    "acled_sub": ("acled_sub",),
    "date": ("date",),
    "place": ("place", "country"),
    "casualties": ("casualties_all", "casualties_any"),
    "actors": ("actors_all", "actors_any", "actor_kinds_any"),
    "sources": ("source_any",),
}
SETTING_CONSTRAINTS = frozenset({"types", "acled_sub", "date", "place", "country"})
CASE_KEYS = frozenset(
    {"about", "origin", "settings", "input", "events", "acceptable", "must_not", "max_events"}
)
OUTCOMES = frozenset({"killed", "injured", "arrested", "missing", "displaced"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_LINE = re.compile(r"[ \t]*date[ \t]+\d{4}-\d{2}-\d{2}[^\n]*\n")


@dataclass(frozen=True, slots=True)
class Figure:
    """A wanted casualty figure: outcome, lower bound and (optionally) qualifier."""

    outcome: str
    min: int
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """An expected, acceptable or forbidden event: its label and its constraints."""

    label: str
    constraints: tuple[tuple[str, Any], ...]

    def value(self, name: str) -> Any:
        return next((v for n, v in self.constraints if n == name), None)

    def check(self, event: Event) -> dict[str, bool]:
        """Constraint → whether ``event`` satisfies it, for every constraint the item sets."""
        return {name: CHECKS[name](wanted, event) for name, wanted in self.constraints}

    def matches(self, event: Event) -> bool:
        return all(self.check(event).values())


@dataclass(frozen=True, slots=True)
class GoldenCase:
    """One golden case file, read."""

    id: str
    where: str
    about: str
    input: str
    events: tuple[Item, ...]
    acceptable: tuple[Item, ...]
    must_not: tuple[Item, ...]
    max_events: int
    timezone: str | None = None
    origin: str = ""
    """The file name the document is read under (its extension drives format detection)."""

    def query(self) -> Query:
        return Query(self.id, self.input, self.timezone)

    @property
    def body(self) -> str:
        """The document without its ``date`` line."""
        return _DATE_LINE.sub("", self.input, count=1)


@dataclass(frozen=True, slots=True)
class CaseResult:
    """How one output fared against its case."""

    expected: int
    missed: tuple[str, ...]
    produced: int
    good: int
    violations: tuple[str, ...]
    max_events: int
    field_hits: Mapping[str, int]
    field_totals: Mapping[str, int]
    type_labels: tuple[tuple[str, str], ...] = ()
    """(gold, predicted) PLOVER type of each expected item with a type constraint."""
    sub_labels: tuple[tuple[str, str], ...] = ()
    """(gold, predicted) ACLED sub-event type of each expected item with one."""
    error: str | None = None
    """Why no events could be had for the case (it then counts as nothing found)."""

    @property
    def over_max(self) -> int:
        return max(0, self.produced - self.max_events)

    @property
    def found(self) -> int:
        return self.expected - len(self.missed)

    @property
    def clean(self) -> bool:
        return self.produced > 0 and not self.violations

    @property
    def size_ok(self) -> bool:
        return 0 < self.produced <= self.max_events


# ---------------------------------------------------------------------------------------------
# Checks: wanted value and a produced event → satisfied?


def name_matches(wanted: Sequence[str], have: Sequence[str]) -> bool:
    normalised = [normalise(w) for w in wanted]
    return any(w == h or (len(w) > 3 and w in h) for w in normalised for h in have if h)


def actor_names_of(event: Event) -> list[str]:
    return [normalise(n) for a in event.actors for n in (a.name, *a.aliases)]


def place_names_of(event: Event) -> list[str]:
    place = event.location
    if place is None:
        return []
    return [
        normalise(n) for n in (place.name, place.admin1, place.country_name, place.country, *place.aliases)
    ]


def figure_found(want: Figure, casualties: Sequence[FigureRecord]) -> bool:
    for figure in casualties:
        low = figure.min
        if normalise(figure.outcome) != want.outcome or low is None:
            continue
        if want.qualifier == "vague":
            if low >= want.min:
                return True
        elif low == want.min and (want.qualifier is None or normalise(figure.qualifier) == want.qualifier):
            return True
    return False


def text_of(event: Event) -> str:
    parts = [event.summary, event.mode, *(e.text for e in event.evidence)]
    return normalise(" ".join(str(p) for p in parts if p))


CHECKS: Mapping[str, Callable[[Any, Event], bool]] = {
    "types": lambda wanted, e: str(e.type).upper() in wanted,
    "acled_sub": lambda wanted, e: normalise(e.acled_sub_event_type) in {normalise(s) for s in wanted},
    "date": lambda wanted, e: (e.date or "")[:10] in wanted,
    "place": lambda wanted, e: name_matches(wanted, place_names_of(e)),
    "country": lambda wanted, e: (
        normalise(e.location.country if e.location else None) in {normalise(c) for c in wanted}
    ),
    "actors_all": lambda wanted, e: all(name_matches([a], actor_names_of(e)) for a in wanted),
    "actors_any": lambda wanted, e: name_matches(wanted, actor_names_of(e)),
    "actor_kinds_any": lambda wanted, e: name_matches(
        [kind_words(k) for k in wanted], [kind_words(a.kind) for a in e.actors]
    ),
    "source_any": lambda wanted, e: name_matches(
        wanted, [normalise(n) for s in e.sources for n in (s.name, s.via)]
    ),
    "contested_any": lambda wanted, e: name_matches(wanted, [normalise(t) for t in e.contested_terms]),
    "attribution": lambda wanted, e: normalise(e.attribution) in wanted,
    "text_any": lambda wanted, e: any(normalise(t) in text_of(e) for t in wanted),
    "details_any": lambda wanted, e: any(
        {normalise(k): normalise(v) for k, v in e.details}.get(normalise(k)) == normalise(v)
        for k, v in wanted
    ),
    "casualties_all": lambda wanted, e: all(figure_found(f, e.casualties) for f in wanted),
    "casualties_any": lambda wanted, e: any(figure_found(f, e.casualties) for f in wanted),
}


def kind_words(value: object) -> str:
    """A kind label with underscores and hyphens read as spaces (``state_forces``)."""
    return normalise(str(value or "").replace("_", " ").replace("-", " "))


# ---------------------------------------------------------------------------------------------
# Reading case files


def read_golden(path: Path) -> Iterator[GoldenCase | Skipped]:
    """The cases of a case file, or of every ``*.json`` file in a folder (in name order)."""
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise MalformedInput("no *.json case files in the folder", origin=str(path))
    for file in files:
        try:
            yield read_case(file)
        except CaseError as exc:
            yield Skipped(file.name, str(exc))


class CaseError(ValueError):
    """A case file that cannot be used, and why."""


def read_case(path: Path) -> GoldenCase:
    try:
        raw = json.loads(read_text_file(path))
    except ValueError as exc:
        raise CaseError(f"not JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise CaseError("a case is a JSON object")
    unknown, missing = set(raw) - CASE_KEYS, {"input", "events"} - set(raw)
    if unknown or missing:
        raise CaseError(f"unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    if not isinstance(raw["input"], str) or not raw["input"].strip():
        raise CaseError("input must be the document's text")
    events = parse_items(raw["events"], "events", "key")
    acceptable = parse_items(raw.get("acceptable", []), "acceptable", "key")
    must_not = parse_items(raw.get("must_not", []), "must_not", "why")
    keys = [item.label for item in events + acceptable]
    if not events or len(set(keys)) != len(keys):
        raise CaseError("needs expected events, with keys unique in the case")
    max_events = raw.get("max_events", len(events))
    if not isinstance(max_events, int) or max_events < len(events):
        raise CaseError(f"max_events must be an integer of at least {len(events)}")
    settings = raw.get("settings") or {}
    timezone = settings.get("timezone") if isinstance(settings, dict) else None
    return GoldenCase(
        id=path.stem,
        where=path.name,
        about=str(raw.get("about", "")),
        input=raw["input"],
        events=events,
        acceptable=acceptable,
        must_not=must_not,
        max_events=max_events,
        timezone=timezone if isinstance(timezone, str) else None,
        origin=str(raw.get("origin") or f"{path.stem}.txt"),
    )


def parse_items(raw: object, where: str, label_key: str) -> tuple[Item, ...]:
    if not isinstance(raw, list):
        raise CaseError(f"{where} must be a list")
    return tuple(parse_item(item, f"{where}[{n}]", label_key) for n, item in enumerate(raw))


def parse_item(raw: object, where: str, label_key: str) -> Item:
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: an item is a JSON object")
    unknown = set(raw) - set(CONSTRAINTS) - {label_key}
    label = raw.get(label_key)
    if unknown or not isinstance(label, str) or not label:
        raise CaseError(f"{where}: unknown keys {sorted(unknown)} or no {label_key!r}")
    constraints: list[tuple[str, Any]] = []
    for name in CONSTRAINTS:
        if name in raw:
            constraints.append((name, parse_value(name, raw[name], f"{where} {name}")))
    if not constraints:
        raise CaseError(f"{where}: needs at least one constraint")
    return Item(label, tuple(constraints))


def parse_value(name: str, raw: Any, where: str) -> Any:
    """A constraint's wanted value, checked against its vocabulary."""
    if name == "date":
        dates = [raw] if isinstance(raw, str) else raw
        if (
            not isinstance(dates, list)
            or not dates
            or not all(isinstance(d, str) and _ISO_DATE.fullmatch(d) for d in dates)
        ):
            raise CaseError(f"{where}: dates are YYYY-MM-DD")
        return tuple(dates)
    if name == "details_any":
        if not isinstance(raw, dict) or not raw:
            raise CaseError(f"{where}: maps detail names to values")
        return tuple((str(k), str(v)) for k, v in raw.items())
    if name in ("casualties_all", "casualties_any"):
        if not isinstance(raw, list) or not raw:
            raise CaseError(f"{where}: a non-empty list of figures")
        figures = []
        for figure in raw:
            if (
                not isinstance(figure, dict)
                or figure.get("outcome") not in OUTCOMES
                or not isinstance(figure.get("min"), int)
            ):
                raise CaseError(f"{where}: bad figure {figure}")
            figures.append(Figure(figure["outcome"], figure["min"], figure.get("qualifier")))
        return tuple(figures)
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) and v for v in raw):
        raise CaseError(f"{where}: a non-empty list of strings")
    vocabulary = {"types": plover_types(), "acled_sub": sub_event_types()}.get(name)
    if vocabulary is not None and set(raw) - set(vocabulary):
        raise CaseError(f"{where}: {sorted(set(raw) - set(vocabulary))} not in the vocabulary")
    return tuple(raw)


# ---------------------------------------------------------------------------------------------
# Scoring


def best_match(item: Item, events: Sequence[Event]) -> tuple[Event, dict[str, bool]] | None:
    """The produced event satisfying most of ``item`` (at least half of it), with its checks."""
    best = None
    best_rank = (0, 0)
    for event in events:
        checks = item.check(event)
        hits = sum(checks.values())
        if hits == 0 or hits * 2 < len(checks):
            continue
        rank = (hits, sum(ok for name, ok in checks.items() if name not in SETTING_CONSTRAINTS))
        if rank > best_rank:
            best, best_rank = (event, checks), rank
    return best


def predicted_label(wanted: tuple[str, ...], event: Event | None, value: str) -> tuple[str, str]:
    """(gold, predicted) for a constraint allowing ``wanted``: an allowed answer counts as the
    first allowed label, so the matrix reads right when any allowed label was given."""
    if event is None or not value:
        return wanted[0], "none"
    return wanted[0], wanted[0] if normalise(value) in {normalise(w) for w in wanted} else value


def score_case(case: GoldenCase, events: Sequence[Event]) -> CaseResult:
    """Match the events coded from a case's document against the case."""
    missed = tuple(item.label for item in case.events if not any(item.matches(e) for e in events))
    allowed = case.events + case.acceptable
    good = 0
    violations = []
    for number, event in enumerate(events, 1):
        broken = [item.label for item in case.must_not if item.matches(event)]
        violations += [f"{event.id or f'#{number}'} {event.type}: {why}" for why in broken]
        if not broken and any(item.matches(event) for item in allowed):
            good += 1
    hits, totals = dict.fromkeys(FIELDS, 0), dict.fromkeys(FIELDS, 0)
    type_labels, sub_labels = [], []
    for item in case.events:
        match = best_match(item, events)
        best = match[0] if match else None
        if item.value("types"):
            type_labels.append(predicted_label(item.value("types"), best, str(best.type) if best else ""))
        if item.value("acled_sub"):
            sub = str(best.acled_sub_event_type or "") if best else ""
            sub_labels.append(predicted_label(item.value("acled_sub"), best, sub))
        if match is None:
            continue
        for name, constraints in FIELDS.items():
            checked = [match[1][c] for c in constraints if c in match[1]]
            if checked:
                totals[name] += 1
                hits[name] += all(checked)
    return CaseResult(
        expected=len(case.events),
        missed=missed,
        produced=len(events),
        good=good,
        violations=tuple(violations),
        max_events=case.max_events,
        field_hits=hits,
        field_totals=totals,
        type_labels=tuple(type_labels),
        sub_labels=tuple(sub_labels),
    )


def failed_result(case: GoldenCase, error: str) -> CaseResult:
    """The result of a case whose events could not be had: nothing found, the error kept."""
    return CaseResult(
        expected=len(case.events),
        missed=tuple(item.label for item in case.events),
        produced=0,
        good=0,
        violations=(),
        max_events=case.max_events,
        field_hits=dict.fromkeys(FIELDS, 0),
        field_totals=dict.fromkeys(FIELDS, 0),
        error=error,
    )


METRIC_NAMES = (
    "recall",
    "precision",
    *(f"{name}_accuracy" for name in FIELDS),
    "clean_case_rate",
    "size_ok_rate",
)


@dataclass(frozen=True, slots=True)
class Metrics:
    """Corpus figures: the rates a quality gate pins (`METRIC_NAMES`) and the counts behind them."""

    rates: Mapping[str, float]
    counts: Mapping[str, int]


def summarise(results: Sequence[CaseResult]) -> Metrics:
    """Corpus rates over all cases; a rate with nothing to count is 0.0."""
    expected = sum(r.expected for r in results)
    found = sum(r.found for r in results)
    produced = sum(r.produced for r in results)
    good = sum(r.good for r in results)
    rates = {"recall": _ratio(found, expected), "precision": _ratio(good, produced)}
    for name in FIELDS:
        rates[f"{name}_accuracy"] = _ratio(
            sum(r.field_hits.get(name, 0) for r in results), sum(r.field_totals.get(name, 0) for r in results)
        )
    rates["clean_case_rate"] = _ratio(sum(r.clean for r in results), len(results))
    rates["size_ok_rate"] = _ratio(sum(r.size_ok for r in results), len(results))
    counts = {
        "cases": len(results),
        "expected": expected,
        "found": found,
        "produced": produced,
        "good": good,
        "must_not_violations": sum(len(r.violations) for r in results),
        "events_over_max": sum(r.over_max for r in results),
        "errors": sum(r.error is not None for r in results),
    }
    return Metrics(rates=rates, counts=counts)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
