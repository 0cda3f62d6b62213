"""ACLED coding rules that the sentence's words and the event's doer decide.

``(PLOVER type, ACLED sub-event, sentence text, doer's lemmas) → (PLOVER type, ACLED sub-event)``;
and first `acled_for`, the sub-event of a typed candidate from the trigger's and the model's.
The lexicon proposes an event and the model weighs it; a few of ACLED's codebook rules are
not a matter of weight: a suicide attack is a Suicide bomb whatever carried the charge, a
chemical agent makes a Chemical weapon event, state violence against a protest is a
protest event, a lynching crowd is Mob violence, a town taken is a territorial battle whose
sub-event depends on who took it. The rules (``data/sub_events.json``) are classes of phrasing
(regular expressions over the sentence, lemmas of the doer's phrase), tried in order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from sitrep.errors import ResourceError

if TYPE_CHECKING:
    from sitrep.code.event_model import Prediction


@dataclass(frozen=True, slots=True)
class SubEventRule:
    """One rule: when it applies, and the sub-event (and PLOVER type) it gives."""

    sub: str | None  # None: the rule sets the PLOVER type only
    plover: str | None
    types: frozenset[str]
    replaces: frozenset[str] | None
    all_of: tuple[re.Pattern[str], ...]
    none_of: tuple[re.Pattern[str], ...]
    actor: frozenset[str]
    not_actor: frozenset[str]
    mask: tuple[re.Pattern[str], ...] = ()

    def fits(self, plover: str, sub: str | None, text: str, doer: Collection[str]) -> bool:
        """Whether the rule recodes an event of this type and sub-event told in ``text``."""
        if plover not in self.types or (self.replaces is not None and sub not in self.replaces):
            return False
        if self.actor and not self.actor.intersection(doer):
            return False
        if self.not_actor.intersection(doer):
            return False
        for pattern in self.mask:
            text = pattern.sub(" ", text)
        return all(p.search(text) for p in self.all_of) and not any(p.search(text) for p in self.none_of)


_NAMED = re.compile(r"\{([a-z_]+)\}")  # "{protest}": a named pattern of the file


@cache
def load_rules() -> tuple[SubEventRule, ...]:
    """The packaged rules (once a process)."""
    path = files("sitrep.code").joinpath("data").joinpath("sub_events.json")
    try:
        data = json.loads(path.read_text("utf-8"))
        named: dict[str, str] = data["patterns"]

        def compiled(expressions: list[str]) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(_NAMED.sub(lambda m: named[m[1]], e), re.I) for e in expressions)

        return tuple(
            SubEventRule(
                sub=rule.get("sub"),
                plover=rule.get("plover"),
                types=frozenset(rule["types"]),
                replaces=frozenset(rule["from"]) if "from" in rule else None,
                all_of=compiled(rule.get("all", [])),
                none_of=compiled(rule.get("none", [])),
                actor=frozenset(rule.get("actor", ())),
                not_actor=frozenset(rule.get("not_actor", ())),
                mask=tuple(re.compile(named[name], re.I) for name in rule.get("mask", ())),
            )
            for rule in data["rules"]
        )
    except (OSError, ValueError, KeyError, re.error) as exc:
        raise ResourceError(f"the ACLED sub-event rules cannot be read: {exc}") from exc


def recode(plover: str, sub: str | None, text: str, doer: Collection[str]) -> tuple[str, str | None]:
    """The event's PLOVER type and ACLED sub-event after the first rule that fits."""
    for rule in load_rules():
        if rule.fits(plover, sub, text, doer):
            return rule.plover or plover, rule.sub or sub
    return plover, sub


@cache
def _masks() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    path = files("sitrep.code").joinpath("data").joinpath("sub_events.json")
    try:
        named = json.loads(path.read_text("utf-8"))["patterns"]
        return tuple(re.compile(named[name], re.I) for name in ("grievance", "cause", "violence"))  # type: ignore[return-value]
    except (OSError, ValueError, KeyError, re.error) as exc:
        raise ResourceError(f"the ACLED sub-event rules cannot be read: {exc}") from exc


def tells_violence(text: str) -> bool:
    """Whether ``text`` tells violence outside what a protest is about and why it began
    ("marched to condemn the killings of civilians": no violence at the march)."""
    grievance, cause, violence = _masks()
    return bool(violence.search(cause.sub(" ", grievance.sub(" ", text))))


# Tuned on the dev split of the real development data (scripts/score_devdata_events.py).
ACLED_P = 0.3  # the model's sub-event beats the trigger's at this probability ...
SPECIFIC_P = 0.05  # ... unless the trigger names a specific one the model gives at least this
# Sub-events a trigger gives for want of a more specific word ("killed", "attack", "clashes").
GENERIC_SUBS = frozenset({"Attack", "Armed clash", "Other"})
# The ACLED sub-event types a deed of each PLOVER type can be coded as; other types keep
# their trigger's (an agreement is an Agreement, a statement none).
_BATTLES = ("Armed clash", "Government regains territory", "Non-state actor overtakes territory")
_REMOTE = (
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Suicide bomb",
    "Grenade",
    "Chemical weapon",
)
REMOTE = frozenset(_REMOTE)
_ON_CIVILIANS = ("Attack", "Abduction/forced disappearance", "Sexual violence")
ACLED_FOR_TYPE: dict[str, frozenset[str]] = {
    plover: frozenset(subs)
    for plover, subs in {
        "ASSAULT": (
            *_BATTLES,
            *_REMOTE,
            *_ON_CIVILIANS,
            "Mob violence",
            "Excessive force against protesters",
            "Looting/property destruction",
        ),
        "FIGHT": (*_BATTLES, *_REMOTE, "Disrupted weapons use"),
        "PROTEST": ("Peaceful protest", "Protest with intervention", "Violent demonstration", "Mob violence"),
        "COERCE": (
            "Arrests",
            "Protest with intervention",
            "Excessive force against protesters",
            "Abduction/forced disappearance",
            "Disrupted weapons use",
            "Looting/property destruction",
            "Other",
        ),
        "CRIME": ("Looting/property destruction", "Attack", "Mob violence", "Abduction/forced disappearance"),
        "MOBILIZE": ("Headquarters or base established", "Change to group/activity", "Other"),
        "RETREAT": ("Non-violent transfer of territory", "Change to group/activity", "Other"),
    }.items()
}


def acled_for(
    plover: str, trigger_plover: str, trigger_sub: str | None, prediction: Prediction
) -> str | None:
    """The model's likeliest ACLED sub-event that fits the PLOVER type; the trigger's own
    (``trigger_sub``, for a candidate still of the trigger's type) when it names a specific
    sub-event the model does not rule out, or when the model has no fitting one it is fairly
    sure of."""
    allowed = ACLED_FOR_TYPE.get(plover)
    trigger_sub = trigger_sub if plover == trigger_plover else None
    if allowed is None:
        return trigger_sub
    fitting = prediction.best_acled(allowed.__contains__)
    if (
        trigger_sub in allowed
        and trigger_sub not in GENERIC_SUBS
        and prediction.acled_all.get(trigger_sub, 0.0) >= SPECIFIC_P
        and not (fitting is not None and {trigger_sub, fitting[0]} <= REMOTE)
    ):
        # "liberated the town after clashes": the word names the sub-event. Among remote
        # weapons the model, which reads every weapon word, decides.
        return trigger_sub
    if fitting is not None and (fitting[1] >= ACLED_P or trigger_sub is None):
        return fitting[0]
    return trigger_sub


def fits_type(sub: str | None, plover: str) -> bool:
    """Whether a candidate with this sub-event may take the PLOVER type: a generic one
    ("killed", "attacked") may, a specific one only where the type allows it (an abduction
    is no battle, whatever fighting words the sentence holds)."""
    allowed = ACLED_FOR_TYPE.get(plover)
    return sub is None or sub in GENERIC_SUBS or allowed is None or sub in allowed
