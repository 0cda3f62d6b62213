"""Event candidates of one sentence (`Draft`) and the decisions on them that need no model.

A draft is the lexicon's candidate (a trigger and its frames), typed and given an ACLED
sub-event by `sitrep.code.coder.Coder` with the model's evidence; the helpers here apply
ACLED's coding rules (`sitrep.code.sub_events`) to drafts, tell a firm protest from a word
the model may retype, and hand an intervention on a protest to the protest itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sitrep.code.sub_events import recode, tells_violence
from sitrep.code.triggers import Trigger
from sitrep.model import Frame, Sentence

# Types of deeds (as opposed to words): the model may retype one deed candidate as another.
DEEDS = frozenset({"ASSAULT", "FIGHT", "PROTEST", "COERCE", "MOBILIZE", "CRIME", "RETREAT"})
# Tuned on the dev split of the real development data (scripts/score_devdata_events.py).
UNLIKELY_P = 0.2  # a candidate the model gives less than this, it finds unlikely


@dataclass(slots=True)
class Draft:
    """An event being built from one sentence: the lexicon's candidate, then the type decided
    with the model's evidence (`sitrep.code.coder.Coder._decide`)."""

    sentence: Sentence
    trigger: Trigger
    frames: list[Frame] = field(default_factory=list)
    type: str = ""
    mode: str | None = None
    acled: str | None = None
    support: float | None = None  # the model's probability of ``type``; None without a model
    context: tuple[str, ...] = ()  # PLOVER contexts ("disaster": harm a natural hazard did)

    def __post_init__(self) -> None:
        if not self.type:
            self.type, self.mode, self.acled = self.trigger.plover, self.trigger.mode, self.trigger.acled


def protests_met_with_force(drafts_by_sentence: Sequence[list[Draft]]) -> None:
    """A peaceful protest that its own sentence or the next has the police disperse or fire on
    ("Students protested in Makurdi. Police fired tear gas to disperse them.") is that
    intervention's protest: ACLED codes the protest as one event with the intervention's sub-event."""
    for n, drafts in enumerate(drafts_by_sentence):
        following = drafts_by_sentence[n + 1] if n + 1 < len(drafts_by_sentence) else []
        met = next((d.acled for d in (*drafts, *following) if d.acled in _MET_WITH_FORCE), None)
        if met is None:
            continue
        for draft in drafts:
            if draft.type == "PROTEST" and draft.acled == "Peaceful protest":
                draft.acled = met
                if met == "Excessive force against protesters":
                    draft.type = "ASSAULT"


# Doers whose "march" may be troops moving, not a protest: the model may retype it.
_ARMED_DOERS = frozenset(
    {"soldier", "troop", "army", "force", "fighter", "militant", "rebel", "militia", "police", "tank", "unit"}
)


def firm_protest(draft: Draft) -> bool:
    """A protest by unarmed people in a sentence that tells no violence but what the protest
    is about ("women marched to condemn the killings of civilians by rebels"): the model,
    which reads the killings, may not make it an assault."""
    return (
        draft.type == "PROTEST"
        and draft.trigger.acled == "Peaceful protest"
        and not doer_words(draft) & _ARMED_DOERS
        and not tells_violence(draft.sentence.text)
    )


_MET_WITH_FORCE = ("Excessive force against protesters", "Protest with intervention")


def words_only(drafts: Sequence[Draft]) -> bool:
    """Whether a sentence's candidates are no deed, or only words the model finds unlikely."""
    return all(d.type not in DEEDS and (d.support or 0.0) < UNLIKELY_P for d in drafts)


def recoded(drafts: list[Draft]) -> list[Draft]:
    """Drafts after ACLED's coding rules that words and doer decide (`sitrep.code.sub_events`)."""
    for draft in drafts:
        draft.type, draft.acled = recode(draft.type, draft.acled, draft.sentence.text, doer_words(draft))
    return drafts


def doer_words(draft: Draft) -> frozenset[str]:
    """Lemmas of the phrase that names who did the deed (the agent of a passive verb)."""
    frame = draft.frames[0]
    doer = frame.agent if frame.kind == "verb" and frame.passive else frame.subject
    if doer is None:
        return frozenset()
    return frozenset((doer.head, *doer.words))
