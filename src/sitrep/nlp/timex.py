"""Time expressions: ``Doc → doc.spans["sitrep_times"]``, then ``(Doc, anchor) → list[TimeInfo]``.

`TimexFinder` is a spaCy pipeline component. It finds the time expressions of a report and
parses each into a `TimeExpression` (what the words say, not yet which day they mean):

* dates: "January 5", "5 January 2022", "Jan. 5th", "Thursday (January 6th, 2022)", "2022-01-05";
  weekdays: "on Wednesday", "last Friday", "Thursday night", "on Tuesday evening",
  "the night to Thursday"; relative days: "yesterday", "today", "this morning", "last night",
  "overnight", "two days ago"; periods: "last week", "this month", "in March", "in 2021";
* clock times: "at 3 p.m.", "10.30 p.m ." (machine-translation spacing), "14.05 Uhr", "22:30",
  "noon", "midnight", with an optional zone ("3 p.m. GMT");
* ranges and open ends: "from 11 p.m. to 7 a.m.", "between Monday and Wednesday",
  "until noon", "since Sunday".

Resolution needs an anchor: the tz-aware time of the report the text belongs to. `read_times`
takes it as an argument or, when none is given, from ``doc.user_data["sitrep_anchor"]``
(`ANCHOR_KEY`), where the caller may store it before or after running the pipeline, as an ISO
8601 string (``anchor.isoformat()``; a ``datetime`` there would break ``Doc.to_bytes``,
``DocBin`` and multi-process ``nlp.pipe``, which serialise ``user_data``). Rules:

* a bare weekday is the latest such day on or before the anchor's date ("on Thursday" in a
  Thursday report is that day), unless a future cue ("will", "is due to") stands before it in
  the sentence or it follows "until", when it is the first such day on or after;
* a part of the day belongs to the date it starts on: "Thursday night" is dated Thursday;
  "last night" and "overnight" are the night that began the evening before the anchor's date;
* a clock time without a day is on the anchor's date; a range ending at or before its start
  ends on the next day ("from 11 p.m. to 7 a.m." runs 23:00 → 07:00 the next morning);
* a bare "midnight" is the one nearest the anchor (the coming one from noon on); "midnight" of
  a named day is the end of that day;
* a day and month without a year take the year that puts them nearest the anchor.

Precision values are those of `sitrep.model.TimePrecision`, plus ``"week"`` (`PRECISION_WEEK`)
for "last week" and "the past week", which no other value describes. ``date`` is the first day
of what the expression names (the Monday of a week, the first of a month).

Annotations: each expression is a span of ``doc.spans[spans_key]`` (default
``"sitrep_times"``) labelled with its kind. The parse of each is kept, JSON-safe, in
``doc.spans[spans_key].attrs["times"]`` under ``"start_char:end_char"``, so resolving needs
no second reading of the text. Spans leave out a leading "on", "at" or "in" but keep
"from", "between", "until" and "since", which change what the expression means.

Lexicons are the TSV files in ``data/timex`` (their headers explain each rule).
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path

from spacy.tokens import Doc

from sitrep.errors import ResourceError
from sitrep.model import TimePrecision
from sitrep.nlp.components import LexiconComponent
from sitrep.nlp.lexicon_files import read_rows

logger = logging.getLogger(__name__)

DEFAULT_SPANS_KEY = "sitrep_times"
ATTRS_KEY = "times"
ANCHOR_KEY = "sitrep_anchor"
PRECISION_WEEK = "week"
KINDS = ("date", "time", "range", "duration_start", "duration_end")
DATA_DIR = Path(__file__).parent / "data" / "timex"
LEXICON_FILES = (
    "months.tsv", "weekdays.tsv", "parts_of_day.tsv", "relative_days.tsv", "modifiers.tsv",
    "numbers.tsv", "zones.tsv", "future_cues.tsv", "patterns.tsv",
)  # fmt: skip
WEEKDAY_RULES = frozenset({"on_or_before", "before", "after", "on_or_after", "same_week"})

_DAY_KINDS = frozenset({"date", "weekday", "relday"})
_CLOCK_FIELDS = ("hour", "minute", "minute_given", "midnight", "zone_minutes")
_ATOM_KINDS = frozenset({"date", "month", "year", "weekday", "relday", "period", "ago", "clock", "context"})
_PREFIX_MONTH = re.compile(
    r"(?i:\b(?:in|since|until|till|by|during|from|through|early|late|mid|end\s+of|beginning\s+of)[\s-]+)\Z"
)
_PREFIX_YEAR = re.compile(r"(?i:\b(?:in|since|until|till|by|during|from|through)\s+)\Z")
# "the floods of 2023": a year after "of" that follows a noun naming something, not a count
# ("a total of 2023", "out of 2023 ballots").
_OF_YEAR = re.compile(r"(?i:\b(?P<noun>[a-z]{3,})\s+of\s+)\Z")
_COUNT_NOUNS = frozenset(
    [
        "total",
        "number",
        "toll",
        "tally",
        "sum",
        "count",
        "estimate",
        "figure",
        "maximum",
        "minimum",
        "group",
        "crowd",
        "out",
    ]
)
_PREFIX_DOT_CLOCK = re.compile(
    r"(?i:\b(?:at|around|about|by|until|till|from|to|between|since|before|after|and)\s+|\+\+\+\s*|(?:\A|\n)[ \t]*)\Z"
)
_PREFIX_RANGE = re.compile(r"(?i:\b(?P<word>from|between)\s+)\Z")
_PREFIX_UNTIL = re.compile(r"(?i:\b(?P<word>until|till|til|through|up\s+to)\s+)\Z")
_PREFIX_SINCE = re.compile(r"(?i:\b(?P<word>since)\s+)\Z")
_RANGE_JOIN = re.compile(r"(?i:\s*(?:to|until|till|through|-|–|—)\s*)")
_DATE_JOIN = re.compile(r"\s*,?\s*\(?\s*")
_CLOCK_AFTER_DAY = re.compile(r"(?i:\s*,?\s*(?:(?:at|around|about|shortly\s+(?:after|before))\s+)?)")
# case-sensitive: in "to 7 a.m. On Wednesday" the capital opens a new sentence
_DAY_AFTER_CLOCK = re.compile(r"\s*,?\s*(?:on\s+)?")
_NIGHT_TO = re.compile(r"(?i:\s+(?:to|into)\s+)")


@dataclass(frozen=True, slots=True)
class TimePoint:
    """What a time expression says of one point or stretch of time, before resolution."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    weekday_rule: str | None = None
    day_offset: int | None = None
    period: str | None = None
    period_offset: int | None = None
    rolling: bool = False
    ago_amount: int | None = None
    ago_unit: str | None = None
    part: str | None = None
    part_start: int | None = None
    part_end: int | None = None
    day_shift: int = 0
    hour: int | None = None
    minute: int | None = None
    minute_given: bool = False
    midnight: bool = False
    zone_minutes: int | None = None

    @property
    def names_day(self) -> bool:
        """Whether the point says which day (or longer stretch) it is on."""
        return any(
            v is not None
            for v in (self.month, self.year, self.weekday, self.day_offset, self.period, self.ago_amount)
        )


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A parsed time expression: its kind and its point(s)."""

    kind: str
    start: TimePoint
    end: TimePoint | None = None


@dataclass(frozen=True, slots=True)
class TimeInfo:
    """A time expression resolved against an anchor; offsets are character offsets into ``doc.text``.

    ``start``/``end`` bound what the expression names: a day runs from its midnight to the
    next, "Thursday night" from Thursday 20:00 to Friday 06:00, a clock time is an instant
    (``end`` None), "until noon" has only an ``end``. Without an anchor, relative expressions
    stay unresolved (None); ``start_clock``/``end_clock`` ("23:00") need no anchor.
    """

    text: str
    start_char: int
    end_char: int
    kind: str
    start: datetime | None
    end: datetime | None
    date: date | None
    precision: str
    start_clock: str | None = None
    end_clock: str | None = None


@dataclass(frozen=True, slots=True)
class TimexLexicon:
    """Words and rules `TimexFinder` reads, loaded from ``data/timex``."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    parts: Mapping[str, tuple[int, int]]
    relative_days: Mapping[str, tuple[int, str | None]]
    modifiers: Mapping[str, tuple[str, int]]
    numbers: Mapping[str, int]
    zones: Mapping[str, int]
    future_cues: tuple[re.Pattern[str], ...]
    patterns: Mapping[str, re.Pattern[str]] = field(default_factory=dict)
    atom_kinds: Mapping[str, str] = field(default_factory=dict)


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True))


def load_timex_lexicon(folder: Path = DATA_DIR) -> TimexLexicon:
    """Load the time lexicons from ``folder`` (the bundled ``data/timex`` by default)."""
    months = {name: int(n) for name, n in read_rows(folder / "months.tsv", 2)}
    weekdays = {name: int(n) for name, n in read_rows(folder / "weekdays.tsv", 2)}
    parts = {name: (int(a), int(b)) for name, a, b in read_rows(folder / "parts_of_day.tsv", 3)}
    relative = {
        p: (int(offset), None if part == "-" else part)
        for p, offset, part in read_rows(folder / "relative_days.tsv", 3)
    }
    modifiers = {}
    for word, rule, offset in read_rows(folder / "modifiers.tsv", 3):
        if rule not in WEEKDAY_RULES:
            raise ResourceError(f"unknown weekday rule {rule!r}", origin=str(folder / "modifiers.tsv"))
        modifiers[word] = (rule, int(offset))
    numbers = {word: int(n) for word, n in read_rows(folder / "numbers.tsv", 2)}
    zones = {name: int(minutes) for name, minutes in read_rows(folder / "zones.tsv", 2)}
    try:
        cues = tuple(re.compile(row[0], re.I) for row in read_rows(folder / "future_cues.tsv", 1))
    except re.error as exc:
        raise ResourceError(f"bad pattern: {exc}", origin=str(folder / "future_cues.tsv")) from exc
    lexicon = TimexLexicon(
        months={name.lower(): n for name, n in months.items()},
        weekdays={name.lower().rstrip("."): n for name, n in weekdays.items()},
        parts=parts,
        relative_days=relative,
        modifiers=modifiers,
        numbers=numbers,
        zones=zones,
        future_cues=cues,
    )
    rows = read_rows(folder / "patterns.tsv", 3)
    patterns, kinds = _compile_patterns(rows, months, weekdays, lexicon, folder / "patterns.tsv")
    return replace(lexicon, patterns=patterns, atom_kinds=kinds)


def _compile_patterns(
    rows: list[tuple[str, ...]], months: Iterable[str], weekdays: Iterable[str], lex: TimexLexicon, path: Path
) -> tuple[dict[str, re.Pattern[str]], dict[str, str]]:
    """The patterns of patterns.tsv with their placeholders filled, and each atom's kind."""
    # an abbreviation ("Jan", "Sept") is a name that begins a longer name of the same month
    names = list(months)
    short = [m for m in names if any(o != m and o.startswith(m) for o in names)]
    full = [m for m in names if m not in short]
    days = list(weekdays)
    fillers = {
        "@MONTH@": rf"(?P<month>(?:{_alternation(short + [m.upper() for m in short])})\.?"
        rf"|{_alternation(full + [m.upper() for m in full])})(?![A-Za-z])",
        "@WEEKDAY@": rf"(?P<weekday>(?i:{_alternation(d for d in days if not d.endswith('.'))})"
        rf"|{_alternation(d for d in days if d.endswith('.'))})(?![A-Za-z])",
        "@MODIFIER@": rf"(?P<modifier>(?i:{_alternation(lex.modifiers)}))",
        "@RELDAY@": rf"(?P<relday>(?i:{_alternation(lex.relative_days)}))",
        "@NUMBER@": rf"(?P<amount>\d{{1,3}}|(?i:{_alternation(lex.numbers)}))",
        "@PART@": rf"(?P<part>{_alternation(lex.parts)})",
        "@ZONE@": rf"(?:\s?\(?(?P<zone>\b(?:{_alternation(lex.zones)})\b|(?i:local\s+time))\)?)?",
        "@YEAR@": r"(?:19|20)\d\d(?!\d)",
    }
    patterns, kinds = {}, {}
    for name, kind, source in rows:
        if kind not in _ATOM_KINDS:
            raise ResourceError(f"pattern {name!r}: unknown kind {kind!r}", origin=str(path))
        for placeholder, filler in fillers.items():
            source = source.replace(placeholder, filler)
        try:
            patterns[name] = re.compile(source)
        except re.error as exc:
            raise ResourceError(f"pattern {name!r}: {exc}", origin=str(path)) from exc
        kinds[name] = kind
    return patterns, kinds


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    kind: str
    point: TimePoint


class TimexFinder(LexiconComponent[TimexLexicon]):
    """Find time expressions and store them, parsed, as spans (see the module docstring)."""

    default_data_dir = DATA_DIR
    default_spans_key = DEFAULT_SPANS_KEY
    lexicon_files = LEXICON_FILES

    def load_lexicon(self, folder: Path) -> TimexLexicon:
        return load_timex_lexicon(folder)

    def find(self, doc: Doc) -> list[tuple[int, int, TimeExpression]]:
        """Every time expression of ``doc`` as (start_char, end_char, parse), in text order."""
        return _Combiner(doc.text, self.lexicon).combine(self._atoms(doc.text))

    def set_annotations(self, doc: Doc, found: Iterable[tuple[int, int, TimeExpression]]) -> None:
        """Write ``found`` as spans of ``doc.spans[self.spans_key]``, their parses in attrs."""
        keep = [] if self.overwrite or self.spans_key not in doc.spans else list(doc.spans[self.spans_key])
        stored = {} if not keep else dict(doc.spans[self.spans_key].attrs.get(ATTRS_KEY, {}))
        spans = list(keep)
        for start, end, expression in found:
            span = doc.char_span(start, end, label=expression.kind, alignment_mode="expand")
            if span is None:
                raise ValueError(f"time expression at {start}:{end} lies outside the Doc")
            spans.append(span)
            stored[f"{span.start_char}:{span.end_char}"] = asdict(expression)
        doc.spans[self.spans_key] = spans
        doc.spans[self.spans_key].attrs[ATTRS_KEY] = stored

    def _atoms(self, text: str) -> list[_Atom]:
        """The smallest time expressions (a date, a weekday, a clock time ...), leftmost-longest."""
        candidates = []
        for name, pattern in self.lexicon.patterns.items():
            kind = self.lexicon.atom_kinds[name]
            if kind == "context":
                continue
            for match in pattern.finditer(text):
                point = self._parse(kind, match, text)
                if point is not None:
                    # "the 5th of May" starts at its number, as spans leave out articles
                    article = match.group(0).lower().startswith("the ") and match.groupdict().get("day")
                    start = match.start("day") if article else match.start()
                    candidates.append(_Atom(start, match.end(), kind, point))
        candidates.sort(key=lambda atom: (atom.start, -(atom.end - atom.start)))
        atoms: list[_Atom] = []
        for atom in candidates:
            if not atoms or atom.start >= atoms[-1].end:
                atoms.append(atom)
        return atoms

    def _parse(self, kind: str, match: re.Match[str], text: str) -> TimePoint | None:
        """The point an atom's match says (read from its groups), or None when its context rules it out."""
        lex, groups = self.lexicon, match.groupdict()
        before = text[max(0, match.start() - 40) : match.start()]
        if kind in ("date", "month", "year"):
            month = groups.get("month_number") or groups.get("month")
            number = (
                (int(month) if month.isdigit() else lex.months[month.rstrip(".").lower()]) if month else None
            )
            year = int(groups["year"]) if groups.get("year") else None
            if number is not None and groups.get("day"):
                return _checked_date(year, number, int(groups["day"]))
            if year is None and not _PREFIX_MONTH.search(before):
                return None  # alone, a month needs "in", "since" or the like before it
            of_year = _OF_YEAR.search(before)
            named = of_year is not None and of_year["noun"].lower() not in _COUNT_NOUNS
            if number is None and not _PREFIX_YEAR.search(before) and not named:
                return None  # and so does a year ("in 2019", "the floods of 2023")
            return TimePoint(year=year, month=number)
        if kind == "weekday":
            weekday = lex.weekdays[groups["weekday"].lower().rstrip(".")]
            return TimePoint(weekday=weekday, weekday_rule=self._weekday_rule(groups, text, match.start()))
        if kind == "relday":
            offset, part = lex.relative_days[_words(groups["relday"])]
            return (
                _with_part(TimePoint(day_offset=offset), part, lex) if part else TimePoint(day_offset=offset)
            )
        if kind == "period":
            _rule, offset = lex.modifiers[_words(groups["modifier"])]
            rolling = bool(groups["the"]) and groups["modifier"].lower() == "past"
            return TimePoint(period=groups["period"].lower(), period_offset=offset, rolling=rolling)
        if kind == "ago":
            amount = _words(groups["amount"])
            value = int(amount) if amount.isdigit() else lex.numbers[amount]
            return TimePoint(ago_amount=value, ago_unit=groups["unit"].lower())
        return self._parse_clock(groups, before)

    def _parse_clock(self, groups: Mapping[str, str | None], before: str) -> TimePoint | None:
        zone = self.lexicon.zones.get(groups.get("zone") or "")
        if groups.get("named"):
            midnight = (groups["named"] or "").lower() == "midnight"
            return TimePoint(hour=0 if midnight else 12, minute=0, midnight=midnight, zone_minutes=zone)
        if groups.get("sep") == "." and not groups.get("suffix") and not _PREFIX_DOT_CLOCK.search(before):
            return None  # "10.30" alone may be any decimal number
        hour, minute = int(groups["hour"] or 0), groups.get("minute")
        ampm = (groups.get("ampm") or "").lower()
        if ampm:
            hour = hour % 12 + (12 if ampm == "p" else 0)
        return TimePoint(
            hour=hour, minute=int(minute or 0), minute_given=minute is not None, zone_minutes=zone
        )

    def _weekday_rule(self, groups: Mapping[str, str | None], text: str, start: int) -> str:
        modifier = groups.get("modifier")
        if modifier:
            return self.lexicon.modifiers[_words(modifier)][0]
        if _PREFIX_UNTIL.search(text[max(0, start - 20) : start]):
            return "on_or_after"
        sentence = re.split(r"[.!?]\s|\n", text[max(0, start - 60) : start])[-1]
        if any(cue.search(sentence) for cue in self.lexicon.future_cues):
            return "on_or_after"
        return "on_or_before"


def _words(text: str) -> str:
    """Lower-cased, with single spaces: the form lexicon phrases are stored in."""
    return " ".join(text.lower().split())


def _checked_date(year: int | None, month: int, day: int) -> TimePoint | None:
    """A calendar day, or None when no such day exists (31 February)."""
    last = calendar.monthrange(year or 2000, month)[1]  # 2000: a leap year admits 29 February
    return TimePoint(year=year, month=month, day=day) if 1 <= day <= last else None


class _Combiner:
    """Join atoms into expressions: a day with its part and clock time, ranges, open ends."""

    def __init__(self, text: str, lexicon: TimexLexicon) -> None:
        self.text = text
        self.lexicon = lexicon

    def combine(self, atoms: list[_Atom]) -> list[tuple[int, int, TimeExpression]]:
        found: list[tuple[int, int, TimeExpression]] = []
        p = 0
        while p < len(atoms):
            start, end, point, p = self._read_point(atoms, p)
            prefix = self.text[max(0, start - 12) : start]
            expression_start, stop, end_point = start, end, None
            range_word = _PREFIX_RANGE.search(prefix)
            if self._range_follows(atoms, p, end, point, range_word):
                _first, stop, end_point, p = self._read_point(atoms, p)
                kind = "range"
                expression_start -= len(range_word.group(0)) if range_word else 0
            elif (until := _PREFIX_UNTIL.search(prefix)) is not None:
                kind, expression_start = "duration_end", start - len(until.group(0))
            elif (since := _PREFIX_SINCE.search(prefix)) is not None:
                kind, expression_start = "duration_start", start - len(since.group(0))
            else:
                kind = "time" if point.hour is not None or point.ago_unit in ("minute", "hour") else "date"
            expression = TimeExpression(kind, point, end_point)
            if found and self._names_the_day_of(found[-1], expression_start, expression):
                day_start, _day_end, day = found.pop()
                expression_start, expression = (
                    day_start,
                    replace(expression, start=_with_clock(day.start, point)),
                )
            found.append((expression_start, stop, expression))
        return found

    def _names_the_day_of(
        self, day: tuple[int, int, TimeExpression], start: int, clocks: TimeExpression
    ) -> bool:
        """Whether ``day`` gives the day of a clock range or end right after it ("on Wednesday from 11 p.m. ...")."""
        _day_start, day_end, expression = day
        plain_day = expression.kind == "date" and expression.start.hour is None and expression.start.names_day
        clock_only = clocks.start.hour is not None and not clocks.start.names_day
        joined = re.fullmatch(r"\s*,?\s*", self.text[day_end:start]) is not None
        return (
            plain_day and clock_only and joined and clocks.kind in ("range", "duration_end", "duration_start")
        )

    def _range_follows(
        self, atoms: list[_Atom], p: int, end: int, point: TimePoint, range_word: re.Match[str] | None
    ) -> bool:
        """Whether the atom at ``p`` closes a range opened by the point ending at ``end``."""
        if p >= len(atoms):
            return False
        gap = self.text[end : atoms[p].start]
        if range_word is not None and range_word.group("word").lower() == "between":
            return re.fullmatch(r"(?i:\s*and\s*)", gap) is not None
        if range_word is not None:
            return _RANGE_JOIN.fullmatch(gap) is not None
        clock_only = point.hour is not None and not point.names_day
        return clock_only and atoms[p].kind == "clock" and re.fullmatch(r"\s*[-–—]\s*", gap) is not None

    def _joined(self, atoms: list[_Atom], p: int, end: int, join: re.Pattern[str]) -> _Atom | None:
        """The atom at ``p`` when only ``join`` separates it from ``end``."""
        if p >= len(atoms):
            return None
        gap = join.fullmatch(self.text, end, atoms[p].start)
        return atoms[p] if gap is not None else None

    def _read_point(self, atoms: list[_Atom], p: int) -> tuple[int, int, TimePoint, int]:
        """One point from the atoms at ``p``: (start, end, point, next index)."""
        atom = atoms[p]
        start, end, point, kind = atom.start, atom.end, atom.point, atom.kind
        p += 1
        if (
            kind == "weekday"
            and (date_atom := self._joined(atoms, p, end, _DATE_JOIN)) is not None
            and date_atom.kind == "date"
        ):
            point, end, kind, p = date_atom.point, date_atom.end, "date", p + 1
            if self.text[atom.end : date_atom.start].strip(" ,") == "(" and self.text[end : end + 1] == ")":
                end += 1
        if kind in _DAY_KINDS:
            before = self.lexicon.patterns["part_before"].search(self.text[max(0, start - 40) : start])
            if before is not None and point.part is None:
                part, link = before.group("part").lower(), before.group("link").lower()
                shift = -1 if link in ("to", "before", "into") else 0
                point = replace(_with_part(point, part, self.lexicon), day_shift=shift)
                start -= len(before.group(0)) - len(before.group("lead") or "")
                to_day = self._joined(atoms, p, end, _NIGHT_TO)
                if link == "of" and to_day is not None and to_day.kind == "weekday":
                    end, p = to_day.end, p + 1  # "the night of Wednesday to Thursday"
            after = self.lexicon.patterns["part_after"].match(self.text, end)
            if after is not None and point.part is None:
                point, end = _with_part(point, after.group("part").lower(), self.lexicon), after.end()
            clock = self._joined(atoms, p, end, _CLOCK_AFTER_DAY)
            if clock is not None and clock.kind == "clock":
                point, end, p = _with_clock(point, clock.point), clock.end, p + 1
        elif kind == "clock":
            day = self._joined(atoms, p, end, _DAY_AFTER_CLOCK)
            # "to 7 a.m. Wednesday ...": after an abbreviation's full stop, a capital may open a sentence
            sentence_end = (
                day is not None
                and self.text[end - 1] == "."
                and not self.text[end : day.start].strip()
                and self.text[day.start].isupper()
            )
            if day is not None and day.kind in _DAY_KINDS and not sentence_end:
                _day_start, day_end, day_point, after_day = self._read_point(atoms, p)
                if day_point.hour is None:  # "at 3 p.m. on Wednesday", not "3 p.m., Wednesday 5 p.m."
                    point, end, p = _with_clock(day_point, point), day_end, after_day
        return start, end, point, p


def _with_part(point: TimePoint, part: str, lexicon: TimexLexicon) -> TimePoint:
    first, last = lexicon.parts[part]
    return replace(point, part=part, part_start=first, part_end=last)


def _with_clock(day: TimePoint, clock: TimePoint) -> TimePoint:
    """``day`` at the clock time (and in the zone) of ``clock``."""
    return replace(day, **{name: getattr(clock, name) for name in _CLOCK_FIELDS})


# -- resolution ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Resolved:
    start: datetime | None
    end: datetime | None
    day: date | None
    precision: str


class _Resolver:
    """Resolve parsed points against an anchor (see the module docstring for the rules)."""

    def __init__(self, anchor: datetime | None) -> None:
        if anchor is not None and anchor.utcoffset() is None:
            raise ValueError(f"the anchor must be timezone-aware, not {anchor.isoformat()}")
        self.anchor = anchor
        self.zone: tzinfo | None = anchor.tzinfo if anchor is not None else None

    def resolve(self, expression: TimeExpression) -> _Resolved:
        first = self.point(expression.start)
        if expression.kind == "duration_end":
            return _Resolved(None, first.end or first.start, first.day, first.precision)
        if expression.kind == "duration_start":
            return _Resolved(first.start, None, first.day, first.precision)
        if expression.kind != "range" or expression.end is None:
            return first
        end_point, own_day = expression.end, expression.end.names_day
        if end_point.zone_minutes is not None and expression.start.zone_minutes is None:
            first = self.point(
                replace(expression.start, zone_minutes=end_point.zone_minutes)
            )  # "11 p.m.-7 a.m. MSK"
        if not own_day:
            end_point = _inherit_day(end_point, expression.start)
        elif end_point.weekday is not None:
            end_point = replace(end_point, weekday_rule="on_or_after")
        last = self.point(end_point, reference=first.day if own_day else None)
        stop = last.start if end_point.hour is not None else last.end
        if stop is not None and first.start is not None and not own_day and stop <= first.start:
            stop += timedelta(days=1)
        return _Resolved(first.start, stop, first.day, first.precision)

    def point(self, point: TimePoint, reference: date | None = None) -> _Resolved:
        """The stretch of time a point names; ``reference`` replaces the anchor's date for weekdays."""
        if point.ago_amount is not None and point.ago_unit in ("minute", "hour"):
            if self.anchor is None:
                return _Resolved(None, None, None, point.ago_unit)
            instant = self.anchor - timedelta(**{point.ago_unit + "s": point.ago_amount})
            return _Resolved(instant, None, instant.date(), point.ago_unit)
        first, unit = self._first_day(point, reference)
        if first is not None and point.day_shift:
            first += timedelta(days=point.day_shift)
        if point.hour is not None:
            return self._clock(point, first)
        precision = TimePrecision.PART_OF_DAY.value if point.part else _PRECISIONS[unit]
        if first is None or self.zone is None:
            return _Resolved(None, None, first, precision)
        base = datetime.combine(first, time(0), self.zone)
        if point.part is not None:
            hours = timedelta(hours=point.part_start or 0), timedelta(hours=point.part_end or 24)
            return _Resolved(base + hours[0], base + hours[1], first, precision)
        return _Resolved(base, datetime.combine(_shift(first, unit, 1), time(0), self.zone), first, precision)

    def _first_day(self, point: TimePoint, reference: date | None) -> tuple[date | None, str]:
        """The first day of what the point names, and its length: day, week, month or year."""
        if point.month is not None:
            year = point.year if point.year is not None else self._nearest_year(point.month, point.day)
            unit = "day" if point.day is not None else "month"
            return (date(year, point.month, point.day or 1) if year is not None else None), unit
        if point.year is not None:
            return date(point.year, 1, 1), "year"
        unit = point.period or point.ago_unit or "day"
        if self.anchor is None:
            return None, unit
        today = self.anchor.date()
        if point.weekday is not None:
            return _weekday_on(reference or today, point.weekday, point.weekday_rule or "on_or_before"), unit
        if point.day_offset is not None:
            return today + timedelta(days=point.day_offset), unit
        if point.rolling:
            return _shift(today, unit, -1) + timedelta(days=1), unit  # "the past week": up to today
        if point.period is not None:
            return _shift(_start_of(today, unit), unit, point.period_offset or 0), unit
        if point.ago_amount is not None:
            base = today if unit in ("day", "week") else _start_of(today, unit)
            return _shift(base, unit, -point.ago_amount), unit
        return today, unit

    def _clock(self, point: TimePoint, day: date | None) -> _Resolved:
        precision = TimePrecision.MINUTE.value if point.minute_given else TimePrecision.HOUR.value
        if day is None or (self.anchor is None and point.zone_minutes is None):
            return _Resolved(None, None, day, precision)
        zone = self.zone if point.zone_minutes is None else timezone(timedelta(minutes=point.zone_minutes))
        if point.midnight:
            # midnight of a named day ends it; a bare midnight is the one nearest the anchor
            coming = point.names_day or (self.anchor is not None and self.anchor.hour >= 12)
            instant = datetime.combine(day + timedelta(days=1 if coming else 0), time(0), zone)
            return _Resolved(instant, None, day if point.names_day else instant.date(), precision)
        instant = datetime.combine(day, time(point.hour or 0, point.minute or 0), zone)
        return _Resolved(instant, None, day, precision)

    def _nearest_year(self, month: int, day: int | None) -> int | None:
        """The year that puts ``day`` ``month`` nearest the anchor (ties go to the earlier year)."""
        if self.anchor is None:
            return None
        today = self.anchor.date()
        candidates = [
            (abs((date(year, month, day or 15) - today).days), year)
            for year in (today.year - 1, today.year, today.year + 1)
            if (day or 15) <= calendar.monthrange(year, month)[1]
        ]
        return min(candidates)[1] if candidates else None


_PRECISIONS = {
    "day": TimePrecision.DAY.value,
    "week": PRECISION_WEEK,
    "month": TimePrecision.MONTH.value,
    "year": TimePrecision.YEAR.value,
}


def _start_of(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1) if unit == "year" else day


def _shift(day: date, unit: str, n: int) -> date:
    """``day`` moved by ``n`` days, weeks, months or years (the day of month clamped)."""
    if unit in ("day", "week"):
        return day + timedelta(days=n * (7 if unit == "week" else 1))
    year, month = divmod(day.year * 12 + day.month - 1 + n * (12 if unit == "year" else 1), 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _inherit_day(point: TimePoint, source: TimePoint) -> TimePoint:
    """``point`` on the day ``source`` names ("to 7 a.m." after "from 11 p.m. on Friday")."""
    return replace(
        _with_clock(source, point), part=point.part, part_start=point.part_start, part_end=point.part_end
    )


def _weekday_on(today: date, weekday: int, rule: str) -> date:
    back = (today.weekday() - weekday) % 7
    if rule == "on_or_before":
        return today - timedelta(days=back)
    if rule == "before":
        return today - timedelta(days=back or 7)
    forward = (weekday - today.weekday()) % 7
    if rule == "after":
        return today + timedelta(days=forward or 7)
    if rule == "on_or_after":
        return today + timedelta(days=forward)
    return today - timedelta(days=today.weekday()) + timedelta(days=weekday)  # same_week


def _clock_text(point: TimePoint | None) -> str | None:
    if point is None or point.hour is None:
        return None
    return f"{point.hour:02d}:{point.minute or 0:02d}"


def _expression_from(stored: Mapping[str, object]) -> TimeExpression:
    start = stored["start"]
    end = stored.get("end")
    if not isinstance(start, Mapping) or not (end is None or isinstance(end, Mapping)):
        raise ValueError("stored time expression is malformed")
    return TimeExpression(
        kind=str(stored["kind"]),
        start=TimePoint(**start),
        end=TimePoint(**end) if end is not None else None,
    )


def read_times(
    doc: Doc, anchor: datetime | None = None, *, spans_key: str = DEFAULT_SPANS_KEY
) -> list[TimeInfo]:
    """The time expressions `TimexFinder` stored in ``doc.spans[spans_key]``, resolved.

    ``anchor`` is the report's tz-aware time; default: ``doc.user_data["sitrep_anchor"]`` (an
    ISO 8601 string, or a datetime). Without either, only expressions that name their own date
    are resolved. Raises ValueError for a naive or unreadable anchor or a span without a
    stored parse.
    """
    if spans_key not in doc.spans:
        return []
    stored_anchor = doc.user_data.get(ANCHOR_KEY)
    if anchor is None and isinstance(stored_anchor, str):
        anchor = datetime.fromisoformat(stored_anchor)
    elif anchor is None and stored_anchor is not None:
        if not isinstance(stored_anchor, datetime):
            raise ValueError(
                f"doc.user_data[{ANCHOR_KEY!r}] must be an ISO 8601 string, not {stored_anchor!r}"
            )
        anchor = stored_anchor
    resolver = _Resolver(anchor)
    group = doc.spans[spans_key]
    stored: Mapping[str, Mapping[str, object]] = group.attrs.get(ATTRS_KEY, {})
    times = []
    for span in sorted(group, key=lambda s: (s.start_char, s.end_char)):
        key = f"{span.start_char}:{span.end_char}"
        if key not in stored:
            raise ValueError(
                f"span {span.text!r} ({key}) in doc.spans[{spans_key!r}] has no stored time parse"
            )
        expression = _expression_from(stored[key])
        resolved = resolver.resolve(expression)
        closing = expression.end if expression.kind == "range" else expression.start
        times.append(
            TimeInfo(
                text=span.text,
                start_char=span.start_char,
                end_char=span.end_char,
                kind=expression.kind,
                start=resolved.start,
                end=resolved.end,
                date=resolved.day,
                precision=resolved.precision,
                start_clock=None if expression.kind == "duration_end" else _clock_text(expression.start),
                end_clock=_clock_text(closing) if expression.kind in ("range", "duration_end") else None,
            )
        )
    return times
