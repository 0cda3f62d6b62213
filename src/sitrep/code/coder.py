"""Event coding: analysed sentences into PLOVER/ACLED-coded events.

``AnalysedDocument → tuple[Event, ...]``. Each sentence's predicate frames are matched
against the trigger lexicon; the statistical event-type model refines the ACLED sub-event
and confirms or questions the type. Every event carries its actors, place, date, figures,
sources, attribution level, contested terms, evidence span and a confidence.

Context flows forward inside a report: a sentence without a place takes the last place
named before it; a sentence without its own source takes the source named earlier in the
same paragraph; "This was reported by X" hands its source back to the sentence before.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sitrep.code.drafts import (
    DEEDS,
    UNLIKELY_P,
    Draft,
    firm_protest,
    protests_met_with_force,
    recoded,
    words_only,
)
from sitrep.code.places import best_place, finer_in_report, place_for
from sitrep.code.sub_events import acled_for, fits_type
from sitrep.code.tolls import add_toll, sentence_toll, share_tolls
from sitrep.code.triggers import Lexicon, Trigger, inside_date, load_lexicon
from sitrep.model import (
    Actor,
    AnalysedDocument,
    AnalysedReport,
    AttributionRef,
    Entity,
    Event,
    Figure,
    Frame,
    Phrase,
    PlaceRef,
    Report,
    Sentence,
    TimePrecision,
    TimeRef,
    event_id,
)
from sitrep.vocab import (
    AcledEventType,
    AcledSubEventType,
    ActorRole,
    AttributionLevel,
    PloverType,
)

if TYPE_CHECKING:
    from sitrep.code.event_model import EventTypeModel, Prediction

logger = logging.getLogger(__name__)

_VIOLENT_TYPES = {"ASSAULT", "FIGHT", "PROTEST", "COERCE", "MOBILIZE", "CRIME"}
_GENERIC_VIOLENCE = {"kill", "attack-noun"}
_ABSORBED = {*_GENERIC_VIOLENCE, "model"}  # candidates a toll's sentence gives to the deed told before
_SPEECH_VERBS = {
    "say",
    "tell",
    "report",
    "claim",
    "deny",
    "confirm",
    "describe",
    "call",
    "blame",
    "investigate",
    "announce",
}
# A natural hazard a report names: harm it tells with no weapon or attacker is the hazard's.
_HAZARD = re.compile(
    r"\b(?:cyclones?|hurricanes?|typhoons?|tropical storms?|storms?|earthquakes?|quakes?|tremors?|aftershocks?|"
    r"tsunamis?|floods?|flooding|floodwaters?|flash floods?|landslides?|mudslides?|avalanches?|wildfires?|"
    r"bushfires?|forest fires?|heatwaves?|heat waves?|volcan(?:o|oes|ic)|eruptions?|tornado(?:es)?|"
    r"torrential rain|heavy rain|monsoon rains?|drought)\b",
    re.I,
)
_ARMS = re.compile(
    r"\b(?:gun\w*|shot|shoot\w*|firing|fired|bullets?|rifles?|bombs?|bomb(?:ing|ed|er)s?|explosi\w+|grenades?|"
    r"shell\w*|rockets?|missiles?|drones?|air ?strikes?|knives|knife|stabb\w+|machetes?|attack\w*|assault\w*|"
    r"clash\w*|fight\w*|militants?|rebels?|insurgents?|troops|soldiers?|police|riot\w*|beat(?:en|ing)?|"
    r"tear gas|militias?)\b",
    re.I,
)
_HAZARD_KEYS = frozenset({"kill", "model"})  # harm told by a generic verb, or read by the model alone
_VIOLENT_PROTEST = {"destroy", "riot", "loot"}
_PROPERTY_MODES = frozenset({"destroy", "loot"})  # deeds against things, not people
NO_EVENT = "none"
# Among deeds (`DEEDS`) the model may retype one candidate as another; between these two
# whatever support the lexicon's candidate has.
_ARMED = frozenset({"ASSAULT", "FIGHT"})  # one-sided or two-sided violence: the model tells them apart
# Tuned on the dev split of the real development data (scripts/score_devdata_events.py).
RETYPE_P = 0.5  # the model's type replaces a deed candidate it finds unlikely ...
PROPOSE_P = 0.5  # the model's type makes an event where the lexicon found none ...
PROPOSE_BESIDE_P = 0.65  # ... or only words it doubts ("stoned a student after accusing her")
DROP_P = 0.85  # the model is this sure a sentence reports no event ...
KEEP_SUPPORT = 0.1  # ... and gives every candidate less than this: no event
_COPULAS = {"be", "remain", "feel", "seem", "become"}
_LEADING_NOISE = re.compile(
    r"^(?:(?:at least|at most|up to|more than|about|around|some|several|many|dozens of|hundreds of|thousands of|"
    r"a number of|a large number of|members of|one of|the|a|an|his|her|its|their|other|others)\s+)+",
    re.I,
)


@dataclass(slots=True)
class _Context:
    """What earlier sentences of the report established."""

    place: PlaceRef | None = None
    paragraph: int = -1
    attribution: AttributionRef | None = None


class Coder:
    """Codes analysed documents into events; holds the lexicon and the event-type model."""

    def __init__(self, *, lexicon: Lexicon | None = None, model: EventTypeModel | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.model = model
        statement_lemmas = {lemma for t in self.lexicon.triggers if t.statement for lemma in t.lemmas}
        self.reporting_verbs = frozenset((statement_lemmas | _SPEECH_VERBS) - _COPULAS)
        self.violent_lemmas = frozenset(
            lemma for t in self.lexicon.triggers if t.plover in ("ASSAULT", "FIGHT") for lemma in t.lemmas
        )

    def code(self, analysed: AnalysedDocument) -> tuple[Event, ...]:
        """All events of a document, in reading order."""
        entities = {e.id: e for e in analysed.entities}
        events: list[Event] = []
        for report in analysed.reports:
            events.extend(self._code_report(report, entities, analysed.main_place))
        return with_document_ids(events)

    def _code_report(
        self, analysed: AnalysedReport, entities: dict[str, Entity], main_place: PlaceRef | None = None
    ) -> list[Event]:
        context = _Context(place=main_place)
        drafts_by_sentence: list[tuple[Sentence, list[Draft], AttributionRef | None]] = []
        for sentence in analysed.sentences:
            if sentence.paragraph != context.paragraph:
                context.paragraph = sentence.paragraph
                context.attribution = None
            own = sentence.attribution if sentence.attribution and sentence.attribution.sources else None
            if own is not None and own.anaphoric and drafts_by_sentence:
                previous, drafts, _ = drafts_by_sentence[-1]
                drafts_by_sentence[-1] = (previous, drafts, own)
            attribution = (
                own or (sentence.attribution if sentence.attribution else None) or context.attribution
            )
            if own is not None:
                context.attribution = own
            drafts = self._drafts(sentence)
            drafts_by_sentence.append((sentence, drafts, attribution))
        drafts_by_sentence = _carry_speaker_channels(drafts_by_sentence)
        events: list[Event] = []
        predictions = self._predict([s for s, _, _ in drafts_by_sentence])
        drafts_by_sentence = [
            (
                sentence,
                self._decide(sentence, drafts, predictions.get((sentence.report_id, sentence.index))),
                a,
            )
            for sentence, drafts, a in drafts_by_sentence
        ]
        protests_met_with_force([drafts for _, drafts, _ in drafts_by_sentence])
        if _HAZARD.search(analysed.report.text):
            for sentence, drafts, _ in drafts_by_sentence:
                _harm_of_a_hazard(sentence, drafts)
        last_violent: tuple[int, int] | None = None  # (index in events, sentence index)
        last_harm: tuple[int, int] | None = None  # the same, for any violent trigger ("died", "killed")
        early: list[tuple[Sentence, list[Figure]]] = []  # tolls told before any deed that hurt
        deeds: list[tuple[int, int]] = []  # every (event index, sentence index) of last_harm
        violent: set[int] = set()  # ... and those of them of last_violent
        placed_by_type: dict[str, PlaceRef] = {}  # the first placed event of each type
        finest = best_place(
            [p for s in analysed.sentences for p in s.places if p.phrase.label != "dateline"],
            analysed.report.text,
        )
        for sentence, drafts, attribution in drafts_by_sentence:
            place_here = best_place(sentence.places, sentence.text, sentence.start)
            toll = [f for f in sentence.figures if f.outcome]
            # "A woman and her two children died ... A neighbour was treated for smoke inhalation":
            # a toll with no event of its own belongs to the last deed that hurt, if no clash
            target = last_violent if last_violent is not None or drafts else last_harm
            if (
                target is None
                and last_harm is not None
                and sentence.index - last_harm[1] == 1
                and place_here is None
                and all(d.trigger.key in _ABSORBED for d in drafts)
            ):
                # "Eighteen officers were killed in clashes ... It said 748 officers had been
                # injured": the next sentence's toll, placed nowhere else, is the same deed's
                target = last_harm
            # "Eight soldiers were killed and their vehicles were set on fire": the burning
            # after an ambush is a deed of its own, the dead are the ambush's
            spared = [d for d in drafts if d.trigger.mode in _PROPERTY_MODES]
            if last_violent is None or sentence.index - last_violent[1] > 1:
                spared = []
            if (
                toll
                and target is not None
                and (sentence.index - target[1] <= 2 or not drafts)
                # a deed only the model reads in a toll's sentence ("It said 748 police officers
                # had been injured") is the toll told, not a new event
                and all(d.trigger.key in _ABSORBED for d in drafts if d not in spared)
            ):
                # "Border guards exchanged fire... The ministry said 24 people had been killed":
                # the toll belongs to the clash told just before, not to a second event; a toll
                # with no event of its own ("Jones, 45, was pronounced dead") belongs to the last.
                # A toll its sentence credits to a source of its own ("..., the opposition said.
                # The Health Ministry said four people were killed") is that source's claim about
                # the clash: an event of its own, not the clash's earlier source's word.
                # Of the deeds one sentence told, the one the coder is surest of ("a suicide
                # bomber blew himself up ... The attacker also died": the bombing, not the blast)
                i = max(
                    (j for j, at in deeds if at == target[1] and (target is last_harm or j in violent)),
                    key=lambda j: (events[j].confidence, -j),
                    default=target[0],
                )
                own = sentence.attribution if sentence.attribution and sentence.attribution.sources else None
                if own is not None and not set(own.sources) <= set(events[i].sources):
                    events.append(_toll_event(events[i], toll, sentence, analysed.report, own))
                else:
                    events[i] = _with_toll(events[i], toll, sentence, analysed.report, attribution)
                drafts = spared
            elif toll and target is None and not drafts:
                early.append((sentence, toll))  # "A couple was found dead ...": the deed told after
            for draft in drafts:
                fallback = finer_in_report(context.place, finest)
                told = placed_by_type.get(draft.type)
                if told is not None and _names_a_told_deed(draft, sentence):
                    fallback = told  # "... said it was following the clashes": the clashes told before
                events.append(self._build(analysed, draft, attribution, fallback, entities))
                placed = place_for(draft.frames[0], sentence, fallback)
                if placed is not None:
                    placed_by_type.setdefault(draft.type, placed)
                if draft.type in ("ASSAULT", "FIGHT", "PROTEST") and draft not in spared:
                    last_harm = (len(events) - 1, sentence.index)
                    deeds.append(last_harm)
                    for early_sentence, early_toll in early:
                        events[-1] = _with_earlier_toll(
                            events[-1], early_toll, early_sentence, analysed.report
                        )
                    early = []
                    if draft.trigger.key not in _GENERIC_VIOLENCE:
                        last_violent = last_harm
                        violent.add(last_harm[0])
            if place_here is not None:
                context.place = place_here
        return _aftermath_arrests(share_tolls(events))

    def _drafts(self, sentence: Sentence) -> list[Draft]:
        """Trigger matches of a sentence, one draft per (type, mode)."""
        drafts: dict[tuple[str, str | None], Draft] = {}
        for frame in sentence.frames:
            if frame.negated or frame.background:
                continue
            if frame.kind == "noun" and frame.modality in self.reporting_verbs:
                continue  # "condemned the attack": the attack is what is talked about
            if frame.kind == "verb" and _inside_quote(frame.trigger, sentence):
                continue  # 'called on the government to "stop killing its children"': words, not deeds
            if frame.directive and frame.lemma in self.violent_lemmas:
                continue  # "ordered the forces to neutralise the gangs": an order, not yet a fight
            if frame.kind == "noun" and inside_date(frame.trigger, sentence):
                continue  # "On 3 March 2020, militants attacked ...": a month, not a march
            trigger = self.lexicon.match(frame, _context_words(frame))
            if trigger is None:
                continue
            key = (trigger.plover, trigger.mode)
            if key not in drafts:
                drafts[key] = Draft(sentence, trigger)
            drafts[key].frames.append(frame)
        found = _without_argument_nouns(list(drafts.values()))
        # "shells fell on the camp, killing five": the killing is the shelling's toll, not a
        # second event. Generic violence words give way to a specific one in the same sentence.
        if any(d.trigger.plover in _VIOLENT_TYPES and d.trigger.key not in _GENERIC_VIOLENCE for d in found):
            found = [d for d in found if d.trigger.key not in _GENERIC_VIOLENCE]
        # A march during which the crowd burns or loots is a violent demonstration.
        if any(d.trigger.mode in _VIOLENT_PROTEST for d in found):
            riot = next((t for t in self.lexicon.triggers if t.key == "storm"), None)
            found = [
                replace(d, trigger=riot, type="")
                if riot and d.trigger.key in ("protest-verb", "blockade")
                else d
                for d in found
            ]
        return found

    def _predict(self, sentences: Sequence[Sentence]) -> dict[tuple[str, int], Prediction]:
        if self.model is None or not sentences:
            return {}
        predictions = self.model.predict([s.text for s in sentences])
        return {(s.report_id, s.index): p for s, p in zip(sentences, predictions, strict=True)}

    def _decide(self, sentence: Sentence, drafts: list[Draft], prediction: Prediction | None) -> list[Draft]:
        """Types of a sentence's events, decided with the model's evidence.

        The lexicon proposes candidates (a trigger with its arguments); the model, which reads
        the whole sentence, weighs them. A candidate the model finds unlikely while it is sure
        of another deed of the same family ("attacked a police checkpoint": not a checkpoint
        set up, an assault) takes the model's type; a sentence the model is sure reports no
        event keeps none of the lexicon's weak candidates; a sentence with no candidate at all
        gets the model's event when the model is sure of it and the sentence has a predicate to
        hang its arguments on. The ACLED sub-event is the model's likeliest one that fits the
        PLOVER type.
        """
        if prediction is None:
            return recoded(drafts)
        best, best_p = prediction.plover, prediction.plover_p
        for draft in drafts:
            draft.support = prediction.plover_of(draft.type)
        if best == NO_EVENT:
            if best_p >= DROP_P and all((d.support or 0.0) < KEEP_SUPPORT for d in drafts):
                return []
        elif best_p >= RETYPE_P and not any(d.type == best for d in drafts):
            movable = [
                d
                for d in drafts
                if d.type in DEEDS
                and best in DEEDS
                and not d.trigger.statement
                and (
                    (d.support or 0.0) < UNLIKELY_P or ({d.type, best} <= _ARMED and fits_type(d.acled, best))
                )
                and not firm_protest(d)
            ]
            if movable:
                draft = max(movable, key=lambda d: d.support or 0.0)
                draft.type, draft.mode, draft.acled, draft.support = best, None, None, best_p
            elif (
                best in DEEDS and best_p >= (PROPOSE_BESIDE_P if drafts else PROPOSE_P) and words_only(drafts)
            ):
                # No candidate, or only words the model doubts ("a crowd stoned a student to
                # death after accusing her"): the deed the model reads is an event of its own.
                proposed = self._proposed(sentence, best, drafts)
                if proposed is not None:
                    proposed.support = best_p
                    drafts = [*drafts, proposed]
        for draft in drafts:
            draft.acled = acled_for(draft.type, draft.trigger.plover, draft.acled, prediction)
        return recoded(drafts)

    def _proposed(self, sentence: Sentence, plover: str, drafts: Sequence[Draft] = ()) -> Draft | None:
        """An event the model reads in a sentence the lexicon found no deed in, on its main
        predicate (the first verb that is neither negated, reported speech nor another
        candidate's), else on the whole sentence ("Renewed clashes around the airport": a
        headline without a verb)."""
        if any(f.negated for f in sentence.frames):
            return None
        taken = {f.trigger.start for d in drafts for f in d.frames}
        frames = [
            f
            for f in sentence.frames
            if f.kind == "verb"
            and not f.background
            and f.lemma not in self.reporting_verbs
            and f.trigger.start not in taken
        ]
        if drafts and not frames:
            return None
        if _bare_words(sentence) < 2:
            return None  # "MAIDUGURI, June 29 (dpa) –": a dateline names no deed, whatever the model reads
        whole = Phrase(sentence.text, sentence.start, sentence.end)
        frame = frames[0] if frames else Frame("", whole, "noun")
        trigger = Trigger(
            key="model",
            kind=frame.kind,
            lemmas=frozenset([frame.lemma]),
            plover=plover,
            mode=None,
            acled=None,
        )
        return Draft(sentence, trigger, [frame])

    def _build(
        self,
        analysed: AnalysedReport,
        draft: Draft,
        attribution: AttributionRef | None,
        place: PlaceRef | None,
        entities: dict[str, Entity],
    ) -> Event:
        sentence, trigger = draft.sentence, draft.trigger
        frame = draft.frames[0]
        place = place_for(frame, sentence, place)
        contested = sentence.attribution.contested if sentence.attribution else ()
        actors = _actors(draft, entities, attribution, contested)
        acled_sub = draft.acled
        # Without a model a lexicon match is fairly sure; with one, as sure as the model is
        # of the type (a candidate the model doubts ranks below one it confirms).
        confidence = 0.6 if draft.support is None else 0.4 + 0.45 * draft.support
        if trigger.key == "model":
            confidence -= 0.1  # no trigger word: the model's reading alone
        if place is not None:
            confidence += 0.05
        if attribution is not None and attribution.sources:
            confidence += 0.05
        if frame.modality in ("will", "would", "may", "might", "could", "try", "attempt", "threaten", "plan"):
            confidence -= 0.1
        date, precision = _event_date(frame, sentence, analysed)
        report = analysed.report
        evidence = report.mentions(sentence.start, sentence.end)
        return Event(
            id=event_id(report.document_id, evidence[0], draft.type, draft.mode),
            report_id=report.id,
            document_id=report.document_id,
            type=PloverType(draft.type),
            mode=draft.mode,
            acled_event_type=(
                AcledEventType(self.lexicon.acled_event_type[acled_sub]) if acled_sub else None
            ),
            acled_sub_event_type=AcledSubEventType(acled_sub) if acled_sub else None,
            summary=_summary(frame, sentence),
            date=date,
            date_precision=precision,
            location=place.place if place else None,
            actors=actors,
            casualties=_casualties(draft),
            sources=attribution.sources if attribution else (),
            attribution=attribution.level if attribution else AttributionLevel.ASSERTED,
            contested_terms=sentence.attribution.contested if sentence.attribution else (),
            evidence=evidence,
            confidence=round(min(max(confidence, 0.05), 0.99), 2),
            details=_details(trigger, sentence),
            context=draft.context,
        )


def _harm_of_a_hazard(sentence: Sentence, drafts: list[Draft]) -> None:
    """In a report that names a natural hazard ("killed by Cyclone Kenzo", "injured in the
    earthquake"), deaths and injuries told by a generic verb or read by the model alone, and the
    destruction of homes ("every destroyed home"), in a
    sentence that names no weapon or attacker, are the hazard's: no attack with firearms. ACLED
    codes no disasters, so they get no ACLED type and no mode, and the PLOVER context
    ``disaster``; they stay records for their tolls (PLOVER has no type for disasters, so the
    type stays the deed's)."""
    if _ARMS.search(sentence.text):
        return
    for draft in drafts:
        if draft.type in _ARMED and (
            draft.trigger.key in _HAZARD_KEYS or draft.mode in _PROPERTY_MODES - {"loot"}
        ):
            draft.mode, draft.acled, draft.context = None, None, ("disaster",)


def _aftermath_arrests(events: list[Event]) -> list[Event]:
    """Arrests told after a deed of violence in the same report ("Three police officers and a
    gunman are killed during a raid ... Nine people are arrested") are its aftermath: they stay
    events, with their figures, ranked just below the deed an analyst codes."""
    deed: float | None = None
    ranked = []
    for event in events:
        if event.acled_sub_event_type == "Arrests" and deed is not None and event.confidence >= deed:
            event = replace(event, confidence=round(max(deed - 0.01, 0.05), 2))
        elif event.type in ("ASSAULT", "FIGHT", "PROTEST"):
            deed = max(deed or 0.0, event.confidence)
        ranked.append(event)
    return ranked


def _bare_words(sentence: Sentence) -> int:
    """Words of a sentence outside its place names, time expressions and brackets."""
    text = sentence.text
    for phrase in sorted(
        (*(p.phrase for p in sentence.places), *(t.phrase for t in sentence.times)), key=lambda ph: -ph.start
    ):
        start, end = phrase.start - sentence.start, phrase.end - sentence.start
        if 0 <= start <= end <= len(text):
            text = text[:start] + " " + text[end:]
    return len(re.findall(r"[^\W\d_]{2,}", re.sub(r"\([^()]*\)", " ", text)))


def _carry_speaker_channels(
    rows: list[tuple[Sentence, list[Draft], AttributionRef | None]],
) -> list[tuple[Sentence, list[Draft], AttributionRef | None]]:
    """A statement whose speaker goes on in the next sentence of the paragraph ("..., wrote
    Borrell on Twitter") takes the channel named there."""
    result = list(rows)
    for i, (sentence, drafts, attribution) in enumerate(rows[:-1]):
        following, _, next_attribution = rows[i + 1]
        if following.paragraph != sentence.paragraph or next_attribution is None:
            continue
        if not any(d.trigger.statement for d in drafts):
            continue
        speakers = {
            p.entity for d in drafts for f in d.frames for p in (f.subject,) if p is not None and p.entity
        }
        speaker_names = {s.name for s in next_attribution.sources}
        mentions = {m.text for m in following.mentions}
        if not speakers or not speaker_names & {*mentions, *_names_of(following)}:
            continue
        channels = tuple(s for s in next_attribution.sources if s.via)
        if channels:
            own = attribution.sources if attribution else ()
            merged = own + tuple(c for c in channels if c not in own)
            level = attribution.level if attribution else next_attribution.level
            result[i] = (
                sentence,
                drafts,
                AttributionRef(
                    sources=merged, level=level, contested=attribution.contested if attribution else ()
                ),
            )
    return result


def _names_of(sentence: Sentence) -> set[str]:
    return {s.name for s in sentence.attribution.sources} if sentence.attribution else set()


def _names_a_told_deed(draft: Draft, sentence: Sentence) -> bool:
    """Whether the candidate is a definite noun ("the clashes", "the fighting"): a deed the
    report has already told, at the place it told it, not one at the last place it named."""
    frame = draft.frames[0]
    if frame.kind != "noun":
        return False
    before = sentence.text[: max(frame.trigger.start - sentence.start, 0)].rstrip().lower()
    return before.endswith((" the", " these", " this")) or before in ("the", "these", "this")


def _without_argument_nouns(drafts: list[Draft]) -> list[Draft]:
    """Noun candidates that are not the object or an oblique of another candidate's verb:
    in "insurgents attacked a police checkpoint" the checkpoint is what was attacked."""
    spans = [
        (phrase.start, phrase.end)
        for d in drafts
        if d.trigger.kind == "verb"
        for f in d.frames
        for phrase in (f.object, *(p for _, p in f.obliques))
        if phrase is not None
    ]

    def inside(frame: Frame) -> bool:
        return any(start <= frame.trigger.start and frame.trigger.end <= end for start, end in spans)

    return [d for d in drafts if d.trigger.kind != "noun" or not all(inside(f) for f in d.frames)]


def _inside_quote(trigger: Phrase, sentence: Sentence) -> bool:
    """Whether a verb stands in someone's quoted words rather than in a reported deed.

    A whole quotation is words; so is a quoted infinitive ('called on the government to "stop
    killing its children"'). A quoted predicate ('troops were "combing the forests"',
    'attackers have been "eliminated"') still reports a deed, in the speaker's words.
    """
    for quote in sentence.quoted:
        if not (quote.start <= trigger.start and trigger.end <= quote.end):
            continue
        before = sentence.text[: max(quote.start - sentence.start - 1, 0)].rstrip().lower()
        if quote.label == "quotation" or before.endswith((" to", " not to")):
            return True
    return False


def _with_toll(
    event: Event,
    toll: Sequence[Figure],
    sentence: Sentence,
    report: Report,
    attribution: AttributionRef | None,
) -> Event:
    """The event with a later sentence's casualty figures, that sentence as evidence, and the
    sentence's sources beside the event's own ("... killed and 317 injured in the riot,
    citing the Interior Ministry": the ministry vouches for the toll)."""
    evidence = report.mentions(sentence.start, sentence.end)
    added = attribution.sources if attribution is not None else ()
    sources = event.sources + tuple(s for s in added if s not in event.sources)
    return replace(
        event,
        casualties=add_toll(event.casualties, toll, sentence),
        evidence=(*event.evidence, *evidence),
        sources=sources,
    )


def _with_earlier_toll(event: Event, toll: Sequence[Figure], sentence: Sentence, report: Report) -> Event:
    """The event with the casualty figures of a sentence told before it that named no deed ("A
    couple was found dead in their home. ... the deaths appear to be a murder-suicide")."""
    return replace(
        event,
        casualties=add_toll(sentence_toll(toll, sentence), event.casualties, assembled=True),
        evidence=(*report.mentions(sentence.start, sentence.end), *event.evidence),
    )


def _toll_event(
    event: Event, toll: Sequence[Figure], sentence: Sentence, report: Report, own: AttributionRef
) -> Event:
    """The clash ``event`` as a later sentence's own source tells its toll: the same deed,
    with that sentence's figures, sources, attribution level and evidence, and the confidence a
    source adds (`Coder._build`) where the clash had none."""
    evidence = report.mentions(sentence.start, sentence.end)
    confidence = event.confidence if event.sources else round(min(event.confidence + 0.05, 0.99), 2)
    return replace(
        event,
        confidence=confidence,
        id=event_id(report.document_id, evidence[0], event.type, event.mode),
        casualties=sentence_toll(toll, sentence),
        sources=own.sources,
        attribution=own.level,
        contested_terms=own.contested,
        evidence=evidence,
    )


def _context_words(frame: Frame) -> frozenset[str]:
    words: set[str] = set(frame.modifiers)
    for phrase in (frame.subject, frame.object, frame.agent):
        if phrase is not None:
            words.add(phrase.head)
            words.update(phrase.words)
    for preposition, phrase in frame.obliques:
        words.add(phrase.head)
        words.update(phrase.words)
        words.add(preposition)
    if frame.particle:
        words.add(frame.particle)
    words.update(frame.trigger.words)
    return frozenset(words)


def _actors(
    draft: Draft,
    entities: dict[str, Entity],
    attribution: AttributionRef | None,
    contested: Sequence[str] = (),
) -> tuple[Actor, ...]:
    """Actors and targets from the frames' arguments; in passive voice the subject suffers."""
    actors: list[Actor] = []
    seen: set[str] = set()

    def add(phrase: Phrase | None, role: str) -> None:
        if phrase is None:
            return
        actor = _actor_of(phrase, role, entities, contested)
        if actor is not None and actor.name.lower() not in seen:
            seen.add(actor.name.lower())
            actors.append(actor)

    for frame in draft.frames:
        if frame.kind == "verb":
            if frame.passive:
                add(frame.agent, "actor")
                add(frame.subject, "target")
                for phrase in frame.co_subjects:
                    add(phrase, "target")
            else:
                add(frame.subject, "actor")
                for phrase in frame.co_subjects:
                    add(phrase, "actor")
                # What a statement is about is not a party to it: "called for an end to quotas".
                if not draft.trigger.statement or (frame.object is not None and frame.object.entity):
                    add(frame.object, "target")
        else:
            add(frame.subject, "actor")
            for phrase in frame.co_subjects:
                add(phrase, "actor")
        for preposition, phrase in frame.obliques:
            if (
                preposition in ("between", "with", "against", "on", "at", "from", "to", "by")
                and phrase.entity
            ) or (preposition in ("between", "against", "with") and phrase.label):
                add(phrase, "actor" if preposition in ("between", "by") and not actors else "target")
    if attribution is not None and attribution.level == "claimed":
        for source in attribution.sources:
            if source.kind in ("person", "official", "government") and source.name.lower() not in seen:
                seen.add(source.name.lower())
                actors.append(Actor(name=source.name, role=ActorRole.SOURCE, kind=source.kind))
    return tuple(actors)


def _actor_of(
    phrase: Phrase, role: str, entities: dict[str, Entity], contested: Sequence[str] = ()
) -> Actor | None:
    if phrase.entity is not None and phrase.entity in entities:
        entity = entities[phrase.entity]
        if entity.kind == "place" and phrase.label != "government":
            return None
        country = entity.country or (entity.place.country if entity.place else None)
        # The words as written ride along: "France's foreign ministry" names more than "ministry".
        written = _LEADING_NOISE.sub("", re.sub(r"[“”\"„]", "", phrase.text)).strip(" ,.")
        aliases = tuple(
            a for a in (*entity.aliases, written) if a and a != entity.name and len(a.split()) <= 8
        )
        return Actor(
            name=entity.name,
            role=ActorRole(role),
            kind=phrase.label or entity.kind,
            country=country,
            entity_id=entity.id,
            aliases=tuple(dict.fromkeys(aliases)),
        )
    if phrase.head in ("that", "which", "who", "it", "they", "this", "what", "one", "some", "all") or (
        phrase.head in _NOT_PARTIES
    ):
        return None
    kind = phrase.label or ("civilians" if phrase.head in _PEOPLE else _DEFAULT_KIND.get(role, ""))
    if not kind:
        return None
    if any(term.lower() in phrase.text.lower() for term in contested):
        # A scare-quoted label ("terrorists") is the speaker's framing: never an actor's name.
        return Actor(name=kind.replace("_", " "), role=ActorRole(role), kind=kind)
    name = _LEADING_NOISE.sub("", re.sub(r"[“”\"„]", "", phrase.text)).strip(" ,.")
    name = re.sub(
        r"^(?:[\d,.]+|\w+teen|\w+ty|one|two|three|four|five|six|seven|eight|nine|ten)\s+",
        "",
        name,
        flags=re.I,
    )
    if not name:
        return None
    return Actor(name=name, role=ActorRole(role), kind=kind)


def _event_date(
    frame: Frame, sentence: Sentence, analysed: AnalysedReport
) -> tuple[str | None, TimePrecision]:
    """The date the sentence gives (nearest to the trigger), else the report's date."""
    dated = [t for t in sentence.times if t.date and t.kind == "date"]
    if dated:
        nearest = min(dated, key=lambda t: abs(t.phrase.start - frame.trigger.start))
        return nearest.date, _day_or_coarser(nearest)
    report = analysed.report
    if report.time is not None:
        return report.time.date().isoformat(), TimePrecision.DAY
    return None, TimePrecision.UNKNOWN


def _day_or_coarser(time: TimeRef) -> TimePrecision:
    coarse = (TimePrecision.DAY, TimePrecision.MONTH, TimePrecision.YEAR, TimePrecision.UNKNOWN)
    return time.precision if time.precision in coarse else TimePrecision.DAY


# Who an unrecognised noun phrase most likely is, by its role in the event.
_DEFAULT_KIND = {"actor": "unidentified", "target": "unidentified"}
# Victims named by these words are civilians unless the text says otherwise.
_PEOPLE = frozenset(
    [
        "people",
        "person",
        "resident",
        "villager",
        "civilian",
        "child",
        "woman",
        "man",
        "pupil",
        "student",
        "passenger",
        "worker",
        "farmer",
        "family",
        "journalist",
        "teacher",
        "nurse",
        "doctor",
        "patient",
        "worshipper",
        "shopper",
        "trader",
        "bystander",
    ]
)
# Objects of idioms ("opened fire", "took control", "took part") are not parties to the event.
_NOT_PARTIES = frozenset(["fire", "control", "part", "place", "action", "measure", "step", "toll"])


def _casualties(draft: Draft) -> tuple[Figure, ...]:
    """The sentence's casualty figures, as they add up (`sitrep.code.tolls.sentence_toll`)."""
    return sentence_toll(draft.sentence.figures, draft.sentence)


def _details(trigger: Trigger, sentence: Sentence) -> tuple[tuple[str, str | int | float], ...]:
    """Type-specific facts: troops, vehicles, checkpoints, aircraft counted; curfew hours."""
    details: dict[str, str | int | float] = {}
    for figure in sentence.figures:
        if figure.outcome is None and figure.category and figure.min is not None:
            details.setdefault(figure.category, figure.min)
    if "curfew" in trigger.details:
        for time in sentence.times:
            if time.kind == "range" and time.start_clock and time.end_clock:
                details["curfew_from"] = time.start_clock
                details["curfew_to"] = time.end_clock
                break
    return tuple(details.items())


def _summary(frame: Frame, sentence: Sentence) -> str:
    """A short clause: subject, trigger, object and the first argument, as written."""
    if frame.kind == "noun":
        return sentence.text if len(sentence.text) <= 200 else sentence.text[:199] + "…"
    parts = [p for p in (frame.subject, frame.trigger, frame.object) if p is not None]
    if frame.obliques:
        preposition, phrase = frame.obliques[0]
        inside = any(p.start <= phrase.start and phrase.end <= p.end for p in parts)
        if ".." not in preposition and not inside:  # "stormed the building in Nairobi": once
            parts.append(Phrase(f"{preposition} {phrase.text}", phrase.start, phrase.end))
    parts.sort(key=lambda p: p.start)
    text = " ".join(p.text for p in parts)
    if frame.passive and frame.subject is not None:
        text = text.replace(frame.trigger.text, f"{_be(frame)} {frame.trigger.text}", 1)
    elif frame.modality in _SUMMARY_MODALS and frame.trigger.text == frame.lemma:
        # "said it would send troops": the alliance would send them, not "the alliance send"
        text = text.replace(frame.trigger.text, f"{_SUMMARY_MODALS[frame.modality]} {frame.trigger.text}", 1)
    return text if len(text.split()) >= 3 else sentence.text


# How a modality is told before a bare verb: "said it would send", "tried to storm".
_SUMMARY_MODALS = {m: m for m in ("will", "would", "may", "might", "could")} | {
    "try": "tried to",
    "attempt": "attempted to",
}


def _be(frame: Frame) -> str:
    if frame.subject is None:
        return "was"
    last = frame.subject.text.lower().split()[-1]
    plural = last != frame.subject.head or last in (
        "people",
        "police",
        "children",
        "men",
        "women",
        "personnel",
    )
    return "were" if plural else "was"


def with_document_ids(events: Sequence[Event]) -> tuple[Event, ...]:
    """Events with ids made unique within their document (a sentence may repeat a type)."""
    seen: dict[str, int] = {}
    unique = []
    for event in events:
        count = seen.get(event.id, 0)
        seen[event.id] = count + 1
        unique.append(event if count == 0 else replace(event, id=f"{event.id}-{count + 1}"))
    return tuple(unique)
