"""Two writers on one PostgreSQL database at once: the store's version counter (`Store.version`,
the dashboard's cache key) moves once per stored document, strictly upwards, and readers on
their own connections see it move."""

from __future__ import annotations

import itertools
import threading

from pg_server import new_database
from records_factory import MARN, OSKEL, Entry, make

from sitrep.store import Store

DOCUMENTS = 12
"""Documents each writer stores."""


def writer_doc(writer: str, n: int) -> tuple:
    """A document only this writer stores (its own place, outlet and source, so the two writers
    never file under the same event or add the same source)."""
    place = MARN if writer == "a" else OSKEL
    text = f"Security forces clashed with armed men in {place.name} ({writer}{n})."
    spec = {"type": "FIGHT", "words": text, "place": place, "sources": [f"Ministry {writer}"]}
    return make(f"{writer}-{n}", [Entry(9, text, [spec], day=n % 20 + 1)], outlet=f"{writer}.example")


def test_two_writers_move_the_version_once_a_document_and_readers_see_it(pg_base: str) -> None:
    url = new_database(pg_base)
    with Store.open(url) as setup:
        start = int(setup.version())
    seen: dict[str, list[int]] = {"a": [], "b": []}
    failures: list[BaseException] = []
    barrier = threading.Barrier(3, timeout=60)
    done = threading.Event()
    # Each its own store (engine, connections, fusion cache), opened here: opening runs the migrations.
    stores = {name: Store.open(url) for name in (*seen, "reader")}

    def write(name: str) -> None:
        try:
            barrier.wait()
            for n in range(DOCUMENTS):
                stores[name].ingest(*writer_doc(name, n))
                seen[name].append(int(stores[name].version()))  # after its own commit
        except BaseException as exc:
            failures.append(exc)

    read: list[int] = []

    def watch() -> None:
        try:
            barrier.wait()
            while not done.is_set():
                read.append(int(stores["reader"].version()))
            read.append(int(stores["reader"].version()))
        except BaseException as exc:
            failures.append(exc)

    writers = [threading.Thread(target=write, args=(name,), daemon=True) for name in seen]
    watcher = threading.Thread(target=watch, daemon=True)
    for thread in (*writers, watcher):
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    done.set()
    watcher.join(timeout=30)
    for store in stores.values():
        store.close()
    assert not failures, failures
    for name, values in seen.items():
        assert len(values) == DOCUMENTS
        assert all(b > a for a, b in itertools.pairwise(values)), (name, values)
    assert read == sorted(read), "a reader saw the version go back"
    assert read[-1] == start + 2 * DOCUMENTS, "every stored document moves the version once"
    with Store.open(url) as check:
        assert int(check.version()) == start + 2 * DOCUMENTS
        assert check.counts().documents == 2 * DOCUMENTS
        assert check.check() == []
