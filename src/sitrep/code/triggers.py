"""Event triggers: which predicate frames signal an event, and of what kind.

``Frame → Trigger | None``. The lexicon (``data/triggers.json``) pairs verb and noun lemmas,
with the argument heads they need, with a PLOVER type and mode and an ACLED sub-event type.
The ACLED event type is derived from the sub-event through ``data/acled.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from sitrep.errors import ResourceError
from sitrep.model import Frame, Phrase, Sentence
from sitrep.vocab import PloverType

PLOVER_TYPES = tuple(PloverType)


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry."""

    key: str
    kind: str
    lemmas: frozenset[str]
    plover: str
    mode: str | None
    acled: str | None
    particle: str | None = None
    with_any: frozenset[str] = frozenset()
    without_any: frozenset[str] = frozenset()
    statement: bool = False
    details: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The trigger lexicon and ACLED's sub-event → event type table."""

    triggers: tuple[Trigger, ...]
    acled_event_type: dict[str, str]

    def match(self, frame: Frame, context: frozenset[str]) -> Trigger | None:
        """The first trigger that fits ``frame``; ``context`` holds the lemmas of the frame's
        argument heads and modifiers (object, obliques, subject, particle, compounds)."""
        for trigger in self.triggers:
            if trigger.kind != frame.kind or frame.lemma not in trigger.lemmas:
                continue
            if trigger.particle is not None and frame.particle != trigger.particle:
                continue
            if trigger.with_any and not (trigger.with_any & context):
                continue
            if trigger.without_any and trigger.without_any & context:
                continue
            return trigger
        return None


@cache
def load_lexicon() -> Lexicon:
    """Load the packaged trigger lexicon (once a process)."""
    root = files("sitrep.code").joinpath("data")
    try:
        entries = json.loads(root.joinpath("triggers.json").read_text("utf-8"))["triggers"]
        acled = json.loads(root.joinpath("acled.json").read_text("utf-8"))["event_types"]
    except (OSError, ValueError, KeyError) as exc:
        raise ResourceError(f"the trigger lexicon cannot be read: {exc}") from exc
    sub_to_type = {sub: event_type for event_type, subs in acled.items() for sub in subs}
    triggers = []
    for entry in entries:
        if entry["plover"] not in PLOVER_TYPES:
            raise ResourceError(f"trigger {entry['key']!r} has an unknown PLOVER type {entry['plover']!r}")
        if entry.get("acled") is not None and entry["acled"] not in sub_to_type:
            raise ResourceError(f"trigger {entry['key']!r} has an unknown ACLED sub-event {entry['acled']!r}")
        triggers.append(
            Trigger(
                key=entry["key"],
                kind=entry["kind"],
                lemmas=frozenset(entry["lemmas"]),
                plover=entry["plover"],
                mode=entry.get("mode"),
                acled=entry.get("acled"),
                particle=entry.get("particle"),
                with_any=frozenset(entry.get("with_any", ())),
                without_any=frozenset(entry.get("without_any", ())),
                statement=bool(entry.get("statement", False)),
                details=tuple(entry.get("details", ())),
            )
        )
    return Lexicon(tuple(triggers), sub_to_type)


def inside_date(trigger: Phrase, sentence: Sentence) -> bool:
    """Whether a trigger word is part of a date ("3 March 2020", "in March", "mid-March")."""
    if any(
        t.kind != "range" and t.phrase.start <= trigger.start and trigger.end <= t.phrase.end
        for t in sentence.times
    ):
        return True
    if trigger.text not in MONTH_WORDS:
        return False
    before = sentence.text[: max(trigger.start - sentence.start, 0)]
    after = sentence.text[trigger.end - sentence.start :]
    return bool(_BEFORE_MONTH.search(before) or _AFTER_MONTH.match(after))


# Capitalised month names that are also event words, and what around them makes them a date.
MONTH_WORDS = frozenset({"March", "MARCH", "May"})
_BEFORE_MONTH = re.compile(
    r"(?:\d|\b(?:in|of|since|until|till|by|from|to|through|early|mid|late|last|next|this|during|each|every|"
    r"between|and|or|end|beginning|start|middle)|-)\s*$",
    re.I,
)
_AFTER_MONTH = re.compile(r"\s*(?:\d|,\s*\d|-\s*\d|\b(?:of\s+)?(?:this|last|next)\s+year)")
