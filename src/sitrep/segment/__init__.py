"""Segment stage: ``RawDocument → Document`` with dated `Report`s and removed `Noise`."""

from sitrep.segment.ticker import segment_document

__all__ = ["segment_document"]
