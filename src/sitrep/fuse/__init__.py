"""Fuse: per-report events (claims) → fused events, merged entities and figures over time.

Pure functions over records, no database: the store hands fusion what it knows about a new
claim and about the fused events its blocking keys find, and stores the decision.

    claim_view(event, report_time, entity_keys) -> ClaimView      what fusion reads of an event
    blocking_keys(claim) -> BlockKeys                              time window and place cell
    score(claim, profile) -> Match                                 how alike, and why
    decide(claim, candidates) -> Decision                          attach, merge, or a new event
    sibling_home(claim, homes) -> Match | None                      the document-level step
    find_splits(claims) -> list[list[ClaimView]]                   documents that no longer belong
    summarise_figures(claims) -> dict[outcome, FigureSummary]      latest, low, high, contradiction
    entity_keys(name, kind, aliases, roles) -> frozenset[str]      keys entities merge on

The document-context weight is calibrated on ECB+ dev topics, the threshold on the dev split of
the incident corpus (`corpus/devdata/FUSION.md`).
"""

from sitrep.fuse.cluster import Decision, decide, find_splits, group_view, profile_of, sibling_home
from sitrep.fuse.entities import entity_keys, same_entity
from sitrep.fuse.figures import FigureClaim, FigureSummary, summarise_figures
from sitrep.fuse.records import (
    BlockKeys,
    ClaimView,
    EventProfile,
    blocking_keys,
    claim_view,
    claim_words,
    content_words,
    type_group,
)
from sitrep.fuse.similarity import FusionSettings, Match, score

__all__ = [
    "BlockKeys",
    "ClaimView",
    "Decision",
    "EventProfile",
    "FigureClaim",
    "FigureSummary",
    "FusionSettings",
    "Match",
    "blocking_keys",
    "claim_view",
    "claim_words",
    "content_words",
    "decide",
    "entity_keys",
    "find_splits",
    "group_view",
    "profile_of",
    "same_entity",
    "score",
    "sibling_home",
    "summarise_figures",
    "type_group",
]
