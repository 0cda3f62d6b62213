"""The store's public face: open a database, keep raw inputs, ingest documents, query.

    store = Store.open("sitrep.db")                    # or postgresql://user@host/db
    raw_id = store.keep_raw(data, origin)              # bytes as received, before processing
    outcome = store.ingest(raw_document, result, raw_input_id=raw_id)   # one transaction
    store.events(EventQuery(type="FIGHT"))             # fused events with claims and figures
    store.event_page(EventQuery(limit=50), offset)     # (total, page); report_page, entity_page, ...
    store.version()                                    # moves with every write: a cache key

Opening runs the Alembic migrations shipped in the package. Each document is stored in one
transaction, committed or rolled back whole: a crash never leaves half a document. Rows never
leave this package; callers get the records of `sitrep.store.records`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, bindparam, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from sitrep.errors import StoreError
from sitrep.fuse import FigureSummary, FusionSettings
from sitrep.model import Extraction, RawDocument, Rejection
from sitrep.store import browse, database, reader, writer
from sitrep.store.browse import StoreChange
from sitrep.store.fusion import Fuser
from sitrep.store.records import Change, EventQuery, IngestOutcome, StoreCounts, StoredFusedEvent
from sitrep.store.tables import (
    ClaimRow,
    DocumentRow,
    EntityRow,
    FusedEventRow,
    RawInput,
    RejectionRow,
    ReportRow,
    StoreVersion,
    WatchedFeed,
)

logger = logging.getLogger(__name__)


_RAW_BY_DIGEST = select(RawInput.id).where(RawInput.sha256 == bindparam("digest"))
_KEEP_RAW = insert(RawInput).returning(RawInput.id)


class Store:
    """A living record in one database (SQLite file or PostgreSQL)."""

    def __init__(self, url: str, engine: Engine, read_engine: Engine, fusion: FusionSettings | None) -> None:
        self.url = url
        self._engine = engine
        self._read_engine = read_engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._reads = sessionmaker(read_engine)
        self._fuser = Fuser(fusion)

    @classmethod
    def open(cls, url: str, *, fusion: FusionSettings | None = None, create: bool = True) -> Store:
        """Open (creating and migrating as needed) the database at ``url`` or an SQLite path;
        with ``create=False`` a missing SQLite file is an error instead of a new store."""
        engine = database.create(url, must_exist=not create)
        read_engine = database.create(url, writer=False) if engine.dialect.name == "sqlite" else engine
        database.migrate(engine)
        return cls(url, engine, read_engine, fusion)

    def close(self) -> None:
        self._engine.dispose()
        self._read_engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One unit of work for the store's own modules (`briefs`, `exchange`): a session
        committed whole, or rolled back whole. Rows must not leave ``sitrep.store``."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except SQLAlchemyError as exc:
            self._fuser.forget()
            raise StoreError(
                f"cannot write to the database: {database._reason(exc)}", origin=self.url
            ) from exc
        except BaseException:
            self._fuser.forget()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read transaction for the store's own modules (on SQLite never blocked by the
        writer). Rows must not leave ``sitrep.store``."""
        session = self._reads()
        try:
            with session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the database: {database._reason(exc)}", origin=self.url) from exc
        finally:
            session.close()

    def keep_raw(self, data: bytes, origin: str) -> int:
        """Store an input's bytes as received (once per content); returns its id."""
        digest = hashlib.sha256(data).hexdigest()
        with self.writing() as session:
            connection = session.connection()
            found = connection.execute(_RAW_BY_DIGEST, {"digest": digest}).scalar()
            if found is not None:
                return int(found)
            values = {"sha256": digest, "origin": origin, "size": len(data), "data": data}
            return int(connection.execute(_KEEP_RAW, values).scalar_one())

    def register_feed(self, url: str, interval: float) -> bool:
        """Register a feed or page for ``sitrep watch --db`` to poll every ``interval`` seconds;
        a URL registered already takes the new interval. Returns whether it is new."""
        with self.writing() as session:
            row = session.scalar(select(WatchedFeed).where(WatchedFeed.url == url))
            if row is not None:
                row.interval = interval
                return False
            session.add(WatchedFeed(url=url, interval=interval))
            return True

    def watched_feeds(self) -> list[tuple[str, float]]:
        """Every registered feed's ``(url, interval)``, oldest first."""
        with self.reading() as session:
            rows = session.execute(select(WatchedFeed.url, WatchedFeed.interval).order_by(WatchedFeed.id))
            return [(url, interval) for url, interval in rows]

    def raw(self, raw_input_id: int) -> bytes:
        """The bytes of a stored raw input."""
        with self.reading() as session:
            row = session.get(RawInput, raw_input_id)
            if row is None:
                raise StoreError(f"no raw input {raw_input_id}", origin=self.url)
            return row.data

    def seen(self, raw: RawDocument) -> bool:
        """Whether this exact text of this document is stored (so the pipeline can skip it)."""
        with self.reading() as session:
            return writer.is_known(session, raw)

    def ingest(
        self, raw: RawDocument | None, result: Extraction | Rejection, *, raw_input_id: int | None = None
    ) -> IngestOutcome:
        """Store one document's extraction (or its rejection) in one transaction."""
        with self.writing() as session:
            if isinstance(result, Rejection):
                outcome = writer.store_rejection(session, result, raw_input_id)
            elif raw is None:
                raise ValueError("an extraction needs the raw document it was read from")
            else:
                outcome = writer.store_extraction(session, raw, result, raw_input_id, self._fuser)
            if outcome.change not in (Change.UNCHANGED, Change.REJECTED):
                session.execute(update(StoreVersion).values(counter=StoreVersion.counter + 1))
            return outcome

    def events(self, query: EventQuery | None = None) -> list[StoredFusedEvent]:
        """Fused events matching ``query``, with their claims, documents and figures."""
        with self.reading() as session:
            return reader.fused_events(session, query or EventQuery())

    def event_page(self, query: EventQuery, offset: int = 0) -> tuple[int, list[StoredFusedEvent]]:
        """A page of the events matching ``query`` (``query.limit`` from ``offset``) and how many match."""
        with self.reading() as session:
            return browse.page_events(session, query, offset)

    def report_page(
        self, query: EventQuery, document: str | None, limit: int, offset: int, keys: tuple[str, ...] = ()
    ) -> tuple[int, list[dict[str, Any]]]:
        """A page of current reports, newest arrival first, with their claims and mentions: those
        holding a claim on an event matching ``query``, of ``document``, with one of ``keys``."""
        with self.reading() as session:
            return browse.page_reports(session, query, document, limit, offset, keys)

    def reports(self, keys: list[str]) -> list[dict[str, Any]]:
        """These reports (the current version of each key), in the order asked."""
        with self.reading() as session:
            return browse.reports_by_key(session, keys)

    def entity_page(
        self, q: str | None, kind: str | None, limit: int, offset: int
    ) -> tuple[int, list[dict[str, Any]]]:
        """A page of entities by name or alias words and kind, and how many match."""
        with self.reading() as session:
            return browse.page_entities(session, q, kind, limit, offset)

    def entity(self, key: str) -> dict[str, Any] | None:
        with self.reading() as session:
            return browse.entity_by_key(session, key)

    def rejection_page(self, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """Rejected inputs, newest first, and how many there are."""
        with self.reading() as session:
            return browse.page_rejections(session, limit, offset)

    def change_cursor(self) -> str:
        """Where the record's changes stand (opaque), for `changes_since`."""
        with self.reading() as session:
            return browse.change_cursor(session)

    def changes_since(self, cursor: str) -> tuple[str, list[StoreChange]]:
        """What any process stored after ``cursor``, and the cursor after it."""
        with self.reading() as session:
            return browse.changes_since(session, cursor)

    def version(self) -> str:
        """An opaque version that moves with every document stored or changed (by
        any process on this database, in commit order): a key for caching pages."""
        with self.reading() as session:
            return str(session.scalar(select(StoreVersion.counter)) or 0)

    def figures(
        self, query: EventQuery | None = None
    ) -> list[tuple[StoredFusedEvent, dict[str, FigureSummary]]]:
        """Casualty figures over time of the matching events that have any."""
        return [(event, event.figures) for event in self.events(query) if event.figures]

    def counts(self) -> StoreCounts:
        with self.reading() as session:

            def count(column: object, *where: object) -> int:
                return int(session.scalar(select(func.count(column)).where(*where)) or 0)  # type: ignore[arg-type]

            return StoreCounts(
                raw_inputs=count(RawInput.id),
                documents=count(DocumentRow.id),
                reports=count(ReportRow.id),
                claims=count(ClaimRow.id),
                fused_events=count(FusedEventRow.id, FusedEventRow.status == "active"),
                entities=count(EntityRow.id),
                rejections=count(RejectionRow.id),
            )

    def check(self) -> list[str]:
        """Integrity problems, if any: the database's own check, and the record's invariants."""
        with self.reading() as session:
            return reader.integrity_problems(session)
