"""Store documents into a database from a separate process, as `sitrep ingest` does:
``python ingest_process.py DB FILE...``. The dashboard tests run it while a server is open on the
same database, to show that what another process stores reaches the page."""

from __future__ import annotations

import sys

from sitrep.api.store_catalog import StoreCatalog
from sitrep.config import Settings
from sitrep.ingest import read_inputs
from sitrep.model import RawDocument
from sitrep.resources import Resources
from sitrep.store import Store


def ingest_files(db: str, paths: list[str], settings: Settings | None = None) -> None:
    settings = settings or Settings()
    with Store.open(db) as store:
        catalog = StoreCatalog(store, settings, lambda: Resources.load(settings))
        documents = [d for d in read_inputs(paths, settings) if isinstance(d, RawDocument)]
        catalog.ingest(documents)


if __name__ == "__main__":
    ingest_files(sys.argv[1], sys.argv[2:])
