"""Figures over time: every claimed toll of a fused event, side by side, never summed.

In: `FigureClaim`s (one outcome's figure as one report told it: value or range, qualifier,
who says so, when). Out: one `FigureSummary` per outcome: the claims in time order, the latest,
the lowest and the highest, and whether the claims contradict each other.

A contradiction is two claims for the same moment (reported within `SAME_MOMENT` of each other)
that cannot both be true: their ranges do not overlap ("exactly 8" and "exactly 12" at 14:00).
A later, higher figure is an update ("at least 20" after "exactly 8"), not a contradiction; two
figures of different victim groups in one report are not rivals ("8 police, 12 protesters"), but
one report's figures for the same victims are ("seven, the opposition says; four, says the
ministry"), and so are two reports' figures for the same moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

SAME_MOMENT = timedelta(hours=1)
"""Two figures reported this close together describe the same moment of a toll."""

_APPROX = 0.2
"""How far "about 300" may be from 300 (either way) and still be true."""


@dataclass(frozen=True, slots=True)
class FigureClaim:
    """One report's figure for one outcome of an event."""

    outcome: str
    min: int | None
    max: int | None
    qualifier: str
    time: datetime | None
    document_key: str
    report_key: str
    text: str
    sources: tuple[tuple[str, str, str | None], ...] = ()
    """(name, kind, via) of each link of the attribution chain."""
    attribution: str = "asserted"
    group: str | None = None
    superseded: bool = False
    """Its ticker entry was changed since: shown as history, not counted in the summary."""
    words: str = ""
    """The figure's own words ("Dozens", "At least eight"); ``text`` is its sentence."""
    time_precision: str = "minute"
    """How exactly its report's time is known (a ticker's first report may have only a day)."""
    span: tuple[int, int] | None = None
    """Where the figure's words are in its document (two claims of one report may share them)."""

    def bounds(self) -> tuple[float, float]:
        """The values the claim allows, as a closed interval."""
        low = float(self.min if self.min is not None else 0)
        high = float(self.max) if self.max is not None else low
        match self.qualifier:
            case "at_least" | "vague":
                return low, float("inf") if self.max is None else high
            case "at_most":
                return 0.0, high
            case "approx":
                return low * (1 - _APPROX), high * (1 + _APPROX)
        return low, high


@dataclass(frozen=True, slots=True)
class FigureSummary:
    """One outcome's claims and what they add up to (without adding them up)."""

    outcome: str
    claims: tuple[FigureClaim, ...]
    latest: FigureClaim
    low: int
    high: int
    contradiction: bool
    conflicts: tuple[tuple[FigureClaim, FigureClaim], ...] = ()


def _when(claim: FigureClaim) -> tuple[int, float, str]:
    stamp = claim.time.timestamp() if claim.time is not None else float("-inf")
    return (0 if claim.time is None else 1, stamp, claim.report_key)


def distinct(claims: Iterable[FigureClaim]) -> list[FigureClaim]:
    """The claims without repeats: one report states a figure once, however many of its events
    carry it (the same words) or however often it repeats it (the same value, qualifier and
    victims, as in a headline and its first paragraph); the first telling is kept."""
    seen: set[tuple[object, ...]] = set()
    kept: list[FigureClaim] = []
    for claim in claims:
        keys: set[tuple[object, ...]] = {
            (
                claim.report_key,
                claim.superseded,
                claim.outcome,
                claim.min,
                claim.max,
                claim.qualifier,
                claim.group,
            )
        }
        if claim.span is not None:
            keys.add((claim.report_key, claim.superseded, claim.outcome, claim.span))
        if keys & seen:
            continue
        seen |= keys
        kept.append(claim)
    return kept


def summarise_outcome(outcome: str, claims: Iterable[FigureClaim]) -> FigureSummary:
    """The summary of one outcome's claims (at least one), each report's repeats shown once."""
    listed = tuple(sorted(distinct(claims), key=_when))
    if not listed:
        raise ValueError(f"no claims for {outcome}")
    ordered = tuple(c for c in listed if not c.superseded) or listed
    lows = [c.min for c in ordered if c.min is not None]
    highs = [c.max if c.max is not None else c.min for c in ordered]
    conflicts = tuple(
        (a, b)
        for i, a in enumerate(ordered)
        for b in ordered[i + 1 :]
        if _rivals(a, b) and _same_moment(a, b) and _disjoint(a.bounds(), b.bounds())
    )
    return FigureSummary(
        outcome=outcome,
        claims=listed,
        latest=ordered[-1],
        low=min(lows) if lows else 0,
        high=max((h for h in highs if h is not None), default=0),
        contradiction=bool(conflicts),
        conflicts=conflicts,
    )


def summarise_figures(claims: Iterable[FigureClaim]) -> dict[str, FigureSummary]:
    """Outcome → summary, for every outcome that has claims."""
    by_outcome: dict[str, list[FigureClaim]] = {}
    for claim in claims:
        by_outcome.setdefault(claim.outcome, []).append(claim)
    return {outcome: summarise_outcome(outcome, group) for outcome, group in sorted(by_outcome.items())}


def _same_moment(a: FigureClaim, b: FigureClaim) -> bool:
    if a.time is None or b.time is None:
        return False
    return abs(a.time - b.time) <= SAME_MOMENT


def _rivals(a: FigureClaim, b: FigureClaim) -> bool:
    """Figures that may count the same victims: from other reports (outlets word the same
    victims differently), or from one report unless they name different victim groups
    ("8 police", "12 protesters")."""
    if a.report_key != b.report_key:
        return True
    return a.group is None or b.group is None or a.group == b.group


def _disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] < b[0] or b[1] < a[0]
