"""Tables for what came in: raw inputs byte for byte, documents and their versions, reports,
near-duplicate bands and rejections."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sitrep.store.base import Base, Id, UtcTime, utc_now


class RawInput(Base):
    """An input's bytes exactly as received, stored before anything reads them."""

    __tablename__ = "raw_inputs"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str] = mapped_column(Text)
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)


class DocumentRow(Base):
    """One document, by the id its input gave it; its text versions are `DocumentVersionRow`s."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    outlet: Mapped[str | None] = mapped_column(String(256))
    url: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(Text)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    """A near-duplicate (a syndicated copy) points at the document it copies; it adds no claims."""
    similarity: Mapped[float | None]
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The MinHash signature of the latest text (little-endian uint64s)."""
    first_seen: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)
    last_seen: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)

    versions: Mapped[list[DocumentVersionRow]] = relationship(
        back_populates="document", order_by="DocumentVersionRow.version"
    )


class DocumentVersionRow(Base):
    """One text of a document as read (a live ticker has one per change); offsets point into it."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    version: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    raw_input_id: Mapped[int | None] = mapped_column(ForeignKey("raw_inputs.id"), index=True)
    read_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)

    document: Mapped[DocumentRow] = relationship(back_populates="versions")


class ReportRow(Base):
    """One dated entry of a document. A changed entry is a new row; the old one is kept and
    points at its successor."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("document_id", "key"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(String(600))
    """The report's id in output (``doc-r3``), stable across updates of its ticker."""
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    entry: Mapped[str] = mapped_column(Text)
    """What identifies the entry within its ticker: its stamp and time."""
    sha256: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    time: Mapped[str | None] = mapped_column(String(40))
    time_utc: Mapped[datetime | None] = mapped_column(UtcTime, index=True)
    time_precision: Mapped[str] = mapped_column(String(16))
    headline: Mapped[str | None] = mapped_column(Text)
    stamp: Mapped[str | None] = mapped_column(Text)
    doc_start: Mapped[int]
    doc_end: Mapped[int]
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))


class DocumentBand(Base):
    """One locality-sensitive band of a document's MinHash: documents sharing a band are
    near-duplicate candidates (looked up by index, never by comparing with every document)."""

    __tablename__ = "document_bands"
    __table_args__ = (Index("ix_document_bands_band_hash", "band", "hash"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    band: Mapped[int]
    hash: Mapped[str] = mapped_column(String(32))


class RejectionRow(Base):
    """An input or document that could not be processed: where from, at which stage, why."""

    __tablename__ = "rejections"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    origin: Mapped[str] = mapped_column(Text)
    document_key: Mapped[str | None] = mapped_column(String(512), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    raw_input_id: Mapped[int | None] = mapped_column(ForeignKey("raw_inputs.id"))
    at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)
