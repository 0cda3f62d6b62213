"""Golden event cases for the coding stage, and how an output is matched against them.

In:  case files (``tests/golden/events/*.json``), each an invented crisis document with what a
     crisis desk must (``events``), may (``acceptable``) and must not (``must_not``) see coded
     from it; a ``sitrep/1`` output, the dict ``sitrep.pipeline.extract_json`` returns.
Out: `Case` records, one `CaseScore` per case, and the corpus `Metrics` the quality gate pins.

Matching keeps the semantics of the seed scorer (``shared/tools/score_seed.py``): an item is
found when one produced event satisfies every constraint the item lists, and a wanted name
matches a produced name equal to it after normalising or, when longer than three characters,
contained in it. Additions: ``actor_kinds_any``, ``country`` (ISO codes), a list of dates for
events that straddle midnight, accent folding (``Culiacán`` = ``Culiacan``), and ``must_not``
items, each with the ``why`` a reader sees when it is violated.

A constraint a produced event satisfies counts, per field, towards the field accuracies: for
each expected item, the produced event satisfying most of its constraints (at least half) is
its best match, and a field is correct when that event satisfies the item's constraints on it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Json = dict[str, Any]

PLOVER_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "INVESTIGATE",
        "DEMAND",
        "DISAPPROVE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "MOBILIZE",
        "SANCTION",
        "COERCE",
        "ASSAULT",
        "FIGHT",
        "CRIME",
    }
)
ACLED_SUB_EVENT_TYPES = frozenset(
    {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
        "Violent demonstration",
        "Mob violence",
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    }
)
OUTCOMES = frozenset({"killed", "injured", "arrested", "missing", "displaced"})
QUALIFIERS = frozenset({"exact", "at_least", "at_most", "approx", "vague"})
ATTRIBUTIONS = frozenset({"asserted", "reported", "claimed", "alleged"})

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
# What places an event in the world; a best match is chosen on the other constraints first
# when two candidates satisfy as many.
SETTING_CONSTRAINTS = frozenset({"types", "acled_sub", "date", "place", "country"})

METRIC_NAMES = (
    "recall",
    "precision",
    *(f"{name}_accuracy" for name in FIELDS),
    "clean_case_rate",
    "size_ok_rate",
)

CASE_KEYS = frozenset(
    {"about", "origin", "settings", "input", "events", "acceptable", "must_not", "max_events"}
)
DATE_LINE = re.compile(r"date \d{4}-\d{2}-\d{2}\n")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class CaseError(ValueError):
    """A case file that cannot be used: it names the file and what is wrong."""


# ---------------------------------------------------------------------------------------------
# Normalising and name matching


def normalise(value: object) -> str:
    """Lower-case, accent-free, single-spaced text with straight quotes and hyphens."""
    text = str(value if value is not None else "").lower()
    text = text.replace("\u2013", "-").replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    folded = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(text.split())


def normalise_kind(value: object) -> str:
    """A kind label with underscores and hyphens read as spaces (``state_forces``)."""
    return normalise(str(value or "").replace("_", " ").replace("-", " "))


def name_matches(wanted: Iterable[str], have: Sequence[str]) -> bool:
    """True when a wanted name equals a produced one, or (over 3 characters) is contained in it."""
    wanted = [normalise(w) for w in wanted]
    return any(w == h or (len(w) > 3 and w in h) for w in wanted for h in have if h)


def names_of(items: object) -> list[str]:
    """Names and aliases of a list of actors, sources or entities."""
    names: list[str] = []
    for item in items if isinstance(items, list) else []:
        names.append(normalise(item.get("name")))
        names.extend(normalise(a) for a in item.get("aliases") or [])
    return names


def place_names_of(event: Json) -> list[str]:
    """Every name the event's location goes by, with its country code."""
    location = event.get("location") or {}
    names = [normalise(location.get(k)) for k in ("name", "admin1", "country_name", "country")]
    names += [normalise(a) for a in location.get("aliases") or []]
    return [n for n in names if n]


def text_of(event: Json) -> str:
    """Summary, mode and evidence of an event, as one normalised text."""
    parts = [event.get("summary"), event.get("mode")]
    parts += [e.get("text") for e in event.get("evidence") or []]
    return normalise(" ".join(str(p) for p in parts if p))


# ---------------------------------------------------------------------------------------------
# Items: what an event must satisfy


@dataclass(frozen=True, slots=True)
class CasualtyWant:
    """A wanted figure; ``vague`` accepts any lower bound at or over ``min`` (as ACLED reads "dozens")."""

    outcome: str
    min: int
    qualifier: str | None = None

    def found_in(self, casualties: Sequence[Json]) -> bool:
        """True when one produced figure has this outcome and lower bound (and qualifier)."""
        for figure in casualties:
            low = figure.get("min")
            if normalise(figure.get("outcome")) != self.outcome or not isinstance(low, int | float):
                continue
            if self.qualifier == "vague":
                if low >= self.min:
                    return True
            elif low == self.min and (
                self.qualifier is None or normalise(figure.get("qualifier")) == self.qualifier
            ):
                return True
        return False


@dataclass(frozen=True, slots=True)
class Item:
    """One expected, acceptable or forbidden event: the constraints a produced event must satisfy.

    A constraint left as None is not checked. ``label`` is the item's ``key`` (expected and
    acceptable items) or its ``why`` (must-not items).
    """

    label: str
    types: tuple[str, ...] | None = None
    acled_sub: tuple[str, ...] | None = None
    date: tuple[str, ...] | None = None
    place: tuple[str, ...] | None = None
    country: tuple[str, ...] | None = None
    actors_all: tuple[str, ...] | None = None
    actors_any: tuple[str, ...] | None = None
    actor_kinds_any: tuple[str, ...] | None = None
    source_any: tuple[str, ...] | None = None
    contested_any: tuple[str, ...] | None = None
    attribution: tuple[str, ...] | None = None
    text_any: tuple[str, ...] | None = None
    details_any: tuple[tuple[str, str], ...] | None = None
    casualties_all: tuple[CasualtyWant, ...] | None = None
    casualties_any: tuple[CasualtyWant, ...] | None = None

    def check(self, event: Json) -> dict[str, bool]:
        """Constraint name → whether ``event`` satisfies it, for every constraint this item sets."""
        results: dict[str, bool] = {}
        for name in CONSTRAINTS:
            wanted = getattr(self, name)
            if wanted is not None:
                results[name] = CHECKS[name](wanted, event)
        return results

    def matches(self, event: Json) -> bool:
        """True when ``event`` satisfies every constraint of this item."""
        return all(self.check(event).values())


def check_types(wanted: tuple[str, ...], event: Json) -> bool:
    return str(event.get("type") or "").upper() in wanted


def check_acled_sub(wanted: tuple[str, ...], event: Json) -> bool:
    sub = normalise((event.get("acled") or {}).get("sub_event_type"))
    return sub in {normalise(s) for s in wanted}


def check_date(wanted: tuple[str, ...], event: Json) -> bool:
    return str(event.get("date") or "")[:10] in wanted


def check_place(wanted: tuple[str, ...], event: Json) -> bool:
    return name_matches(wanted, place_names_of(event))


def check_country(wanted: tuple[str, ...], event: Json) -> bool:
    country = normalise((event.get("location") or {}).get("country"))
    return country in {normalise(c) for c in wanted}


def check_actors_all(wanted: tuple[str, ...], event: Json) -> bool:
    actors = names_of(event.get("actors"))
    return all(name_matches([a], actors) for a in wanted)


def check_actors_any(wanted: tuple[str, ...], event: Json) -> bool:
    return name_matches(wanted, names_of(event.get("actors")))


def check_actor_kinds_any(wanted: tuple[str, ...], event: Json) -> bool:
    kinds = [normalise_kind(a.get("kind")) for a in event.get("actors") or []]
    return name_matches([normalise_kind(k) for k in wanted], kinds)


def check_source_any(wanted: tuple[str, ...], event: Json) -> bool:
    sources = event.get("sources") or []
    return name_matches(wanted, names_of(sources) + [normalise(s.get("via")) for s in sources])


def check_contested_any(wanted: tuple[str, ...], event: Json) -> bool:
    return name_matches(wanted, [normalise(t) for t in event.get("contested_terms") or []])


def check_attribution(wanted: tuple[str, ...], event: Json) -> bool:
    return normalise(event.get("attribution")) in wanted


def check_text_any(wanted: tuple[str, ...], event: Json) -> bool:
    text = text_of(event)
    return any(normalise(t) in text for t in wanted)


def check_details_any(wanted: tuple[tuple[str, str], ...], event: Json) -> bool:
    details = {normalise(k): normalise(v) for k, v in (event.get("details") or {}).items()}
    return any(details.get(normalise(k)) == normalise(v) for k, v in wanted)


def check_casualties_all(wanted: tuple[CasualtyWant, ...], event: Json) -> bool:
    casualties = event.get("casualties") or []
    return all(c.found_in(casualties) for c in wanted)


def check_casualties_any(wanted: tuple[CasualtyWant, ...], event: Json) -> bool:
    casualties = event.get("casualties") or []
    return any(c.found_in(casualties) for c in wanted)


CHECKS: Mapping[str, Callable[[Any, Json], bool]] = {
    "types": check_types,
    "acled_sub": check_acled_sub,
    "date": check_date,
    "place": check_place,
    "country": check_country,
    "actors_all": check_actors_all,
    "actors_any": check_actors_any,
    "actor_kinds_any": check_actor_kinds_any,
    "source_any": check_source_any,
    "contested_any": check_contested_any,
    "attribution": check_attribution,
    "text_any": check_text_any,
    "details_any": check_details_any,
    "casualties_all": check_casualties_all,
    "casualties_any": check_casualties_any,
}


# ---------------------------------------------------------------------------------------------
# Reading case files


@dataclass(frozen=True, slots=True)
class Case:
    """One golden case: a document and what must, may and must not be coded from it."""

    name: str
    about: str
    origin: str
    input: str
    events: tuple[Item, ...]
    acceptable: tuple[Item, ...]
    must_not: tuple[Item, ...]
    max_events: int
    settings: tuple[tuple[str, str], ...] = ()

    @property
    def data(self) -> bytes:
        """The document as the pipeline reads it."""
        return self.input.encode("utf-8")

    def settings_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `sitrep.config.Settings`."""
        return dict(self.settings)

    def body_words(self) -> int:
        """Words of the document after its ``date`` line."""
        return len(self.input.split("\n", 1)[1].split())


def load_cases(folder: Path) -> list[Case]:
    """Every ``*.json`` case in ``folder``, in file-name order."""
    return [load_case(path) for path in sorted(folder.glob("*.json"))]


def load_case(path: Path) -> Case:
    """Read and check one case file; a `CaseError` names the file and the problem."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CaseError(f"{path.name}: not readable JSON: {exc}") from exc
    where = path.name
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: a case is a JSON object")
    unknown = set(raw) - CASE_KEYS
    missing = {"about", "origin", "input", "events", "max_events"} - set(raw)
    if unknown or missing:
        raise CaseError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    text = raw["input"]
    if not isinstance(text, str) or not DATE_LINE.match(text):
        raise CaseError(f"{where}: input must start with a 'date YYYY-MM-DD' line")
    events = tuple(parse_item(i, f"{where} events[{n}]", "key") for n, i in enumerate(raw["events"]))
    acceptable = tuple(
        parse_item(i, f"{where} acceptable[{n}]", "key") for n, i in enumerate(raw.get("acceptable", []))
    )
    must_not = tuple(
        parse_item(i, f"{where} must_not[{n}]", "why") for n, i in enumerate(raw.get("must_not", []))
    )
    keys = [item.label for item in events + acceptable]
    if not events or len(set(keys)) != len(keys):
        raise CaseError(f"{where}: needs expected events, with keys unique in the case")
    max_events = raw["max_events"]
    if not isinstance(max_events, int) or max_events < len(events):
        raise CaseError(f"{where}: max_events must be an integer of at least {len(events)}")
    settings = raw.get("settings", {})
    if not isinstance(settings, dict) or not all(isinstance(v, str) for v in settings.values()):
        raise CaseError(f"{where}: settings must map names to strings")
    return Case(
        name=path.stem,
        about=str(raw["about"]),
        origin=str(raw["origin"]),
        input=text,
        events=events,
        acceptable=acceptable,
        must_not=must_not,
        max_events=max_events,
        settings=tuple(sorted(settings.items())),
    )


def parse_item(raw: object, where: str, label_key: str) -> Item:
    """One item of a case file, with every value checked against its vocabulary."""
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: an item is a JSON object")
    unknown = set(raw) - set(CONSTRAINTS) - {label_key}
    if unknown:
        raise CaseError(f"{where}: unknown keys {sorted(unknown)}")
    label = raw.get(label_key)
    if not isinstance(label, str) or not label:
        raise CaseError(f"{where}: needs a {label_key!r}")
    if not set(raw) & set(CONSTRAINTS):
        raise CaseError(f"{where}: needs at least one constraint")
    values: dict[str, Any] = {}
    for name in NAME_LISTS:
        if name in raw:
            values[name] = parse_names(raw[name], f"{where} {name}")
    check_vocabulary(values.get("types"), PLOVER_TYPES, f"{where} types")
    check_vocabulary(values.get("acled_sub"), ACLED_SUB_EVENT_TYPES, f"{where} acled_sub")
    check_vocabulary(values.get("attribution"), ATTRIBUTIONS, f"{where} attribution")
    if "date" in raw:
        dates = parse_names([raw["date"]] if isinstance(raw["date"], str) else raw["date"], f"{where} date")
        if not all(ISO_DATE.fullmatch(d) for d in dates):
            raise CaseError(f"{where}: dates are YYYY-MM-DD")
        values["date"] = dates
    if "details_any" in raw:
        details = raw["details_any"]
        if not isinstance(details, dict) or not details:
            raise CaseError(f"{where}: details_any maps detail names to values")
        values["details_any"] = tuple((str(k), str(v)) for k, v in details.items())
    for name in ("casualties_all", "casualties_any"):
        if name in raw:
            values[name] = parse_casualties(raw[name], f"{where} {name}")
    return Item(label=label, **values)


def parse_names(raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) and v for v in raw):
        raise CaseError(f"{where}: a non-empty list of strings")
    return tuple(raw)


def check_vocabulary(values: tuple[str, ...] | None, vocabulary: frozenset[str], where: str) -> None:
    bad = sorted(set(values or ()) - vocabulary)
    if bad:
        raise CaseError(f"{where}: {bad} not in the vocabulary")


def parse_casualties(raw: object, where: str) -> tuple[CasualtyWant, ...]:
    if not isinstance(raw, list) or not raw:
        raise CaseError(f"{where}: a non-empty list of figures")
    wants = []
    for figure in raw:
        if not isinstance(figure, dict) or set(figure) - {"outcome", "min", "qualifier"}:
            raise CaseError(f"{where}: a figure has outcome, min and optionally qualifier")
        outcome, low, qualifier = figure.get("outcome"), figure.get("min"), figure.get("qualifier")
        if (
            outcome not in OUTCOMES
            or not isinstance(low, int)
            or (qualifier is not None and qualifier not in QUALIFIERS)
        ):
            raise CaseError(f"{where}: bad figure {figure}")
        wants.append(CasualtyWant(outcome, low, qualifier))
    return tuple(wants)


# ---------------------------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True, slots=True)
class CaseScore:
    """How one case's output fared."""

    name: str
    expected: int
    missed: tuple[str, ...]
    produced: int
    good: int
    violations: tuple[str, ...]
    max_events: int
    field_hits: Mapping[str, int] = field(default_factory=dict)
    field_totals: Mapping[str, int] = field(default_factory=dict)
    error: str | None = None

    @property
    def found(self) -> int:
        return self.expected - len(self.missed)

    @property
    def over_max(self) -> int:
        return max(0, self.produced - self.max_events)

    @property
    def clean(self) -> bool:
        """No must-not item violated; an empty output earns nothing here."""
        return self.produced > 0 and not self.violations

    @property
    def size_ok(self) -> bool:
        return 0 < self.produced <= self.max_events


@dataclass(frozen=True, slots=True)
class Metrics:
    """Corpus figures: the rates the gate pins (`METRIC_NAMES`) and the counts behind them."""

    rates: Mapping[str, float]
    counts: Mapping[str, int]


def best_match(item: Item, events: Sequence[Json]) -> dict[str, bool] | None:
    """The checks of the produced event satisfying most of ``item`` (at least half of it)."""
    best: dict[str, bool] | None = None
    best_rank = (0, 0)
    for event in events:
        checks = item.check(event)
        hits = sum(checks.values())
        if hits == 0 or hits * 2 < len(checks):
            continue
        rank = (hits, sum(ok for name, ok in checks.items() if name not in SETTING_CONSTRAINTS))
        if rank > best_rank:
            best, best_rank = checks, rank
    return best


def score_case(case: Case, output: Json) -> CaseScore:
    """Match one ``sitrep/1`` output against its case."""
    events = [e for e in output.get("events") or [] if isinstance(e, dict)]
    missed = tuple(item.label for item in case.events if not any(item.matches(e) for e in events))
    allowed = case.events + case.acceptable
    good = 0
    violations = []
    for number, event in enumerate(events, 1):
        broken = [item.label for item in case.must_not if item.matches(event)]
        label = event.get("id") or f"#{number}"
        violations += [f"{label} {event.get('type')}: {why}" for why in broken]
        if not broken and any(item.matches(event) for item in allowed):
            good += 1
    hits = dict.fromkeys(FIELDS, 0)
    totals = dict.fromkeys(FIELDS, 0)
    for item in case.events:
        checks = best_match(item, events)
        if checks is None:
            continue
        for name, constraints in FIELDS.items():
            checked = [checks[c] for c in constraints if c in checks]
            if checked:
                totals[name] += 1
                hits[name] += all(checked)
    return CaseScore(
        name=case.name,
        expected=len(case.events),
        missed=missed,
        produced=len(events),
        good=good,
        violations=tuple(violations),
        max_events=case.max_events,
        field_hits=hits,
        field_totals=totals,
    )


def score_failure(case: Case, error: str) -> CaseScore:
    """The score of a case whose output could not be had: nothing found, the error kept."""
    return CaseScore(
        name=case.name,
        expected=len(case.events),
        missed=tuple(item.label for item in case.events),
        produced=0,
        good=0,
        violations=(),
        max_events=case.max_events,
        error=error,
    )


def summarise(scores: Sequence[CaseScore]) -> Metrics:
    """Corpus rates over all cases; a rate with nothing to count is 0.0."""
    expected = sum(s.expected for s in scores)
    found = sum(s.found for s in scores)
    produced = sum(s.produced for s in scores)
    good = sum(s.good for s in scores)
    rates = {"recall": ratio(found, expected), "precision": ratio(good, produced)}
    for name in FIELDS:
        rates[f"{name}_accuracy"] = ratio(
            sum(s.field_hits.get(name, 0) for s in scores), sum(s.field_totals.get(name, 0) for s in scores)
        )
    rates["clean_case_rate"] = ratio(sum(s.clean for s in scores), len(scores))
    rates["size_ok_rate"] = ratio(sum(s.size_ok for s in scores), len(scores))
    counts = {
        "cases": len(scores),
        "expected": expected,
        "found": found,
        "produced": produced,
        "good": good,
        "must_not_violations": sum(len(s.violations) for s in scores),
        "events_over_max": sum(s.over_max for s in scores),
        "errors": sum(s.error is not None for s in scores),
    }
    return Metrics(rates=rates, counts=counts)


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def format_table(scores: Sequence[CaseScore]) -> str:
    """One line per case: found/expected, produced, good, violations, what was missed."""
    lines = [
        f"{'case':32} {'found':>7} {'made':>5} {'good':>5} {'bad':>4} {'max':>4}  missed / violated / error"
    ]
    for s in scores:
        notes = [f"missed {', '.join(s.missed)}"] if s.missed else []
        notes += [f"violated {v}" for v in s.violations]
        notes += [f"ERROR {s.error}"] if s.error else []
        lines.append(
            f"{s.name:32} {s.found:>3}/{s.expected:<3} {s.produced:>5} {s.good:>5} {len(s.violations):>4} "
            f"{s.max_events:>4}  {'; '.join(notes)}"
        )
    return "\n".join(lines)


def format_metrics(metrics: Metrics, floors: Mapping[str, float]) -> str:
    """The corpus rates against their floors, then the counts."""
    lines = [f"{'metric':22} {'value':>6} {'floor':>6}"]
    for name in METRIC_NAMES:
        value, floor = metrics.rates[name], floors.get(name, 0.0)
        lines.append(f"{name:22} {value:6.3f} {floor:6.3f}{'  BELOW FLOOR' if value < floor else ''}")
    lines.append("  ".join(f"{name} {count}" for name, count in metrics.counts.items()))
    return "\n".join(lines)


def report_json(scores: Sequence[CaseScore], metrics: Metrics, floors: Mapping[str, float]) -> Json:
    """The gate's findings as one JSON-ready object."""
    return {
        "metrics": dict(metrics.rates),
        "counts": dict(metrics.counts),
        "floors": dict(floors),
        "cases": [
            {
                "case": s.name,
                "found": s.found,
                "expected": s.expected,
                "missed": list(s.missed),
                "produced": s.produced,
                "good": s.good,
                "violations": list(s.violations),
                "max_events": s.max_events,
                "error": s.error,
            }
            for s in scores
        ],
    }
