"""Every table of the store, imported in one place so the metadata is complete."""

from sitrep.store.base import Base
from sitrep.store.briefs import BriefRow
from sitrep.store.facts import (
    ClaimActor,
    ClaimRow,
    ClaimSource,
    EntityKey,
    EntityName,
    EntityRow,
    FigureRow,
    MentionRow,
    SourceRow,
)
from sitrep.store.feeds import StoreVersion, WatchedFeed
from sitrep.store.fused import FusedEventRow, FusionStep
from sitrep.store.inputs import (
    DocumentBand,
    DocumentRow,
    DocumentVersionRow,
    RawInput,
    RejectionRow,
    ReportRow,
)

__all__ = [
    "Base",
    "BriefRow",
    "ClaimActor",
    "ClaimRow",
    "ClaimSource",
    "DocumentBand",
    "DocumentRow",
    "DocumentVersionRow",
    "EntityKey",
    "EntityName",
    "EntityRow",
    "FigureRow",
    "FusedEventRow",
    "FusionStep",
    "MentionRow",
    "RawInput",
    "RejectionRow",
    "ReportRow",
    "SourceRow",
    "StoreVersion",
    "WatchedFeed",
]
