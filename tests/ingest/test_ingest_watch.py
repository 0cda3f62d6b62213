"""The watcher against a server on 127.0.0.1 whose feeds and ticker pages change between polls.

The sink is a list: what the watcher hands on is what a store would be asked to keep.
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from feed_texts import ITEMS, TICKER, rss, ticker_page
from served import Site
from test_ingest_feeds import LAUGHS

from sitrep.config import Settings
from sitrep.ingest.http import Fetcher, FetchSettings
from sitrep.model import RawDocument, Rejection
from sitrep.watch.poller import FolderSource, PolledSource, UrlSource, Watcher, backoff_delay

RSS = "application/rss+xml; charset=utf-8"


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchSettings(allow_private=True, timeout=5.0)) as fetching:
        yield fetching


def collect(into: list[RawDocument]) -> Callable[[RawDocument, bytes], None]:
    """A sink that keeps what it is handed (and checks each came with the bytes it was read from)."""

    def sink(document: RawDocument, data: bytes) -> None:
        assert data
        into.append(document)

    return sink


def poll_once(source: UrlSource | FolderSource) -> list[RawDocument]:
    handed: list[RawDocument] = []
    Watcher([source], collect(handed)).run(once=True)
    return handed


def test_new_feed_entries_are_handed_on_once(site: Site, fetcher: Fetcher) -> None:
    site.put("/feed", rss(ITEMS[:2]), content_type=RSS)
    source = UrlSource(site.url("/feed"), fetcher, Settings())
    first = poll_once(source)
    assert [d.title for d in first] == [ITEMS[0][1], ITEMS[1][1]]

    assert poll_once(source) == []
    assert site.seen("/feed")[-1].status == 304
    assert site.seen("/feed")[-1].headers["If-None-Match"]

    edited = (ITEMS[1][0], ITEMS[1][1], ITEMS[1][2], "<p>Police detained at least 65 people in Almaty.</p>")
    site.put("/feed", rss([ITEMS[0], edited, ITEMS[2]]), content_type=RSS)
    third = poll_once(source)
    assert [d.title for d in third] == [ITEMS[1][1], ITEMS[2][1]]
    assert third[0].id == first[1].id
    assert third[0].text == "Police detained at least 65 people in Almaty."

    assert poll_once(source) == []
    assert [r.status for r in site.seen("/feed")] == [200, 304, 200, 304]


def test_last_modified_alone_gets_a_304(site: Site, fetcher: Fetcher) -> None:
    site.put("/feed", rss(ITEMS), content_type=RSS, etag=False, last_modified="Wed, 05 Jan 2022 12:00:00 GMT")
    source = UrlSource(site.url("/feed"), fetcher, Settings())
    assert len(poll_once(source)) == 3
    assert poll_once(source) == []
    last = site.seen("/feed")[-1]
    assert last.status == 304
    assert last.headers["If-Modified-Since"] == "Wed, 05 Jan 2022 12:00:00 GMT"
    assert "If-None-Match" not in last.headers


def test_a_server_without_validators_costs_a_download_but_nothing_is_handed_twice(
    site: Site, fetcher: Fetcher
) -> None:
    site.put("/feed", rss(ITEMS), content_type=RSS, etag=False)
    source = UrlSource(site.url("/feed"), fetcher, Settings())
    assert len(poll_once(source)) == 3
    assert poll_once(source) == []
    site.put("/feed", rss(list(reversed(ITEMS))), content_type=RSS, etag=False)
    assert poll_once(source) == []


def test_a_ticker_page_is_handed_on_again_when_it_changes(site: Site, fetcher: Fetcher) -> None:
    site.put("/live", ticker_page(TICKER[:1]))
    source = UrlSource(site.url("/live"), fetcher, Settings())
    (first,) = poll_once(source)
    assert first.title == "Live: unrest in Kazakhstan"
    assert "curfew" in first.text
    assert first.url == site.url("/live")
    assert poll_once(source) == []

    site.put("/live", ticker_page(TICKER))
    (second,) = poll_once(source)
    assert second.id == first.id
    assert "At least eight members of the security forces" in second.text
    assert poll_once(source) == []


def test_a_folder_hands_on_new_and_changed_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("date 2022-01-05\nProtesters gathered in Almaty.\n")
    (tmp_path / ".hidden.txt").write_text("never read")
    source = FolderSource(str(tmp_path), Settings(), settle=0.0)
    assert [d.id for d in poll_once(source)] == ["a"]
    assert poll_once(source) == []

    (tmp_path / "b.txt").write_text("Police detained 40 people.\n")
    os.utime(tmp_path / "a.txt", ns=(1, 1))  # touched, text unchanged: not handed on again
    assert [d.id for d in poll_once(source)] == ["b"]

    (tmp_path / "b.txt").write_text("Police detained 65 people.\n")
    (changed,) = poll_once(source)
    assert changed.id == "b" and "65" in changed.text


def test_a_folder_waits_for_files_still_being_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "new.txt").write_text("Half a sentence")
    source = FolderSource(str(tmp_path), Settings(), settle=60.0)
    with caplog.at_level(logging.INFO, logger="sitrep.watch.poller"):
        assert poll_once(source) == []
    assert "1 still being written" in caplog.text
    old = time.time() - 120
    os.utime(tmp_path / "new.txt", (old, old))
    assert [d.id for d in poll_once(source)] == ["new"]


def test_a_bad_file_in_a_folder_is_rejected_and_the_rest_read(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Calm in Almaty.\n")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    rejected: list[Rejection] = []
    handed: list[RawDocument] = []
    Watcher([FolderSource(str(tmp_path), Settings(), settle=0.0)], collect(handed), rejected.append).run(
        once=True
    )
    assert [d.id for d in handed] == ["good"]
    assert [r.origin for r in rejected] == [str(tmp_path / "bad.txt")]


def test_errors_back_off_exponentially(
    site: Site, fetcher: Fetcher, caplog: pytest.LogCaptureFixture
) -> None:
    site.put("/feed", rss(ITEMS[:1]), content_type=RSS, failures=[503, 500, 502])
    handed: list[RawDocument] = []
    watcher = Watcher([UrlSource(site.url("/feed"), fetcher, Settings(), interval=0.05)], collect(handed))

    def take(document: RawDocument, data: bytes) -> None:
        handed.append(document)
        watcher.stop()

    watcher.sink = take
    with caplog.at_level(logging.INFO, logger="sitrep.watch.poller"):
        stats = watcher.run()
    seen = site.seen("/feed")
    assert [r.status for r in seen] == [503, 500, 502, 200]
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(seen)]
    # failure n waits at least half of interval * 2**n
    assert gaps[0] >= 0.05 and gaps[1] >= 0.1 and gaps[2] >= 0.2
    assert len(handed) == 1 and stats.failures == 3 and stats.documents == 1
    assert f"poll {site.url('/feed')}: HTTP 503 Service Unavailable; retry in" in caplog.text
    assert "(failure 3)" in caplog.text


def test_backoff_delay_bounds() -> None:
    rng = random.Random(7)
    for failures in range(1, 12):
        delay = backoff_delay(60.0, failures, 3600.0, rng)
        ceiling = min(3600.0, 60.0 * 2**failures)
        assert ceiling / 2 <= delay <= ceiling
    assert backoff_delay(60.0, 1, 3600.0, rng, retry_after=900.0) == 900.0
    assert backoff_delay(60.0, 1, 3600.0, rng, retry_after=99_999.0) == 3600.0
    assert 4000.0 <= backoff_delay(8000.0, 3, 3600.0, rng) <= 8000.0  # never below the interval's own cap
    delays = {round(backoff_delay(60.0, 3, 3600.0, random.Random(seed)), 3) for seed in range(20)}
    assert len(delays) > 10  # jitter: sources that failed together do not retry together


def test_an_oversized_answer_fails_the_poll(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.put("/huge", b"<p>" + b"x" * 4096, chunked=True)
    with Fetcher(FetchSettings(allow_private=True, max_bytes=64 * 1024)) as small:
        watcher = Watcher([UrlSource(site.url("/huge"), small, Settings())], lambda d, data: None)
        stats = watcher.run(once=True)
    assert stats.failures == 1
    assert f"poll {site.url('/huge')}: larger than the 64 KB limit" in caplog.text


def test_an_entity_bomb_feed_fails_the_poll_and_nothing_is_handed_on(
    site: Site, fetcher: Fetcher, caplog: pytest.LogCaptureFixture
) -> None:
    site.put("/bomb", LAUGHS, content_type=RSS)
    handed: list[RawDocument] = []
    stats = Watcher([UrlSource(site.url("/bomb"), fetcher, Settings())], collect(handed)).run(once=True)
    assert handed == [] and stats.failures == 1
    assert "feed refused: it declares XML entities" in caplog.text


def test_loopback_is_refused_without_allow_private(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.put("/feed", rss(ITEMS), content_type=RSS)
    with Fetcher(FetchSettings()) as guarded:
        stats = Watcher([UrlSource(site.url("/feed"), guarded, Settings())], lambda d, data: None).run(
            once=True
        )
    assert stats.failures == 1
    assert site.requests == []
    assert "refused: 127.0.0.1 is a loopback address (use --allow-private to allow)" in caplog.text


def test_a_redirect_to_loopback_is_refused_in_a_poll(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.put("/feed", rss(ITEMS), content_type=RSS)

    def public_site(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": site.url("/feed")})

    with Fetcher(
        FetchSettings(),
        transport=httpx.MockTransport(public_site),
        resolve=lambda host, port: [ipaddress.ip_address("93.184.215.14")],
    ) as guarded:
        watcher = Watcher([UrlSource("https://wire.example/feed", guarded, Settings())], lambda d, data: None)
        stats = watcher.run(once=True)
    assert stats.failures == 1
    assert site.requests == []
    assert (
        f"poll https://wire.example/feed: redirect to {site.url('/feed')} refused: 127.0.0.1 is a loopback"
        in caplog.text
    )


def test_a_stop_finishes_the_document_in_hand_and_the_rest_comes_next_time(
    site: Site, fetcher: Fetcher
) -> None:
    site.put("/feed", rss(ITEMS), content_type=RSS)
    source = UrlSource(site.url("/feed"), fetcher, Settings())
    handed: list[str] = []
    finished: list[str] = []
    watcher = Watcher([source], lambda d, data: None)

    def slow(document: RawDocument, data: bytes) -> None:
        handed.append(document.title or "")
        watcher.stop()  # as a signal handler would, in the middle of the first document
        time.sleep(0.05)
        finished.append(document.title or "")

    watcher.sink = slow
    watcher.run()
    assert handed == finished == [ITEMS[0][1]]

    rest: list[RawDocument] = []
    Watcher([source], collect(rest)).run(once=True)
    assert [d.title for d in rest] == [ITEMS[1][1], ITEMS[2][1]]
    assert site.seen("/feed")[-1].status == 200  # the validators of the unfinished poll were not kept


def test_stop_from_another_thread_ends_a_wait(site: Site, fetcher: Fetcher) -> None:
    site.put("/feed", rss(ITEMS[:1]), content_type=RSS)
    watcher = Watcher(
        [UrlSource(site.url("/feed"), fetcher, Settings(), interval=3600.0)], lambda d, data: None
    )
    threading.Timer(0.3, watcher.stop).start()
    began = time.monotonic()
    stats = watcher.run()
    assert time.monotonic() - began < 5
    assert stats.polls == 1


def test_each_source_keeps_its_own_interval(site: Site, fetcher: Fetcher) -> None:
    site.put("/fast", rss(ITEMS[:1]), content_type=RSS)
    site.put("/slow", rss(ITEMS[1:2]), content_type=RSS)
    watcher = Watcher(
        [
            UrlSource(site.url("/fast"), fetcher, Settings(), interval=0.1),
            UrlSource(site.url("/slow"), fetcher, Settings(), interval=10.0),
        ],
        lambda d, data: None,
    )
    polled: list[str] = []

    def count(source: PolledSource) -> None:
        polled.append(source.name)
        if polled.count(site.url("/fast")) == 4:
            watcher.stop()

    watcher.polled = count
    safety = threading.Timer(30, watcher.stop)
    safety.start()
    watcher.run()
    safety.cancel()
    assert polled.count(site.url("/fast")) == 4
    assert polled.count(site.url("/slow")) == 1
    assert len(site.seen("/slow")) == 1


def test_saved_state_takes_up_where_a_run_stopped(site: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    site.put("/feed", rss(ITEMS[:2]), content_type=RSS)
    (tmp_path / "a.txt").write_text("Calm in Almaty.\n")
    first = UrlSource(site.url("/feed"), fetcher, Settings())
    folder = FolderSource(str(tmp_path), Settings(), settle=0.0)
    assert len(poll_once(first)) == 2 and len(poll_once(folder)) == 1
    saved = json.loads(json.dumps([first.save(), folder.save()]))

    site.put("/feed", rss(ITEMS), content_type=RSS)
    again = UrlSource(site.url("/feed"), fetcher, Settings())
    again.restore(saved[0])
    refolder = FolderSource(str(tmp_path), Settings(), settle=0.0)
    refolder.restore(saved[1])
    assert [d.title for d in poll_once(again)] == [ITEMS[2][1]]
    assert poll_once(refolder) == []
    assert site.seen("/feed")[-1].headers["If-None-Match"]


@pytest.mark.parametrize(
    "state",
    [{"etag": 5}, {"seen": ["a"]}, {"seen": {"k": 1}}],
)
def test_restore_refuses_what_save_did_not_write(state: dict[str, object], fetcher: Fetcher) -> None:
    with pytest.raises(ValueError):
        UrlSource("https://desk.example/feed", fetcher, Settings()).restore(state)


def test_folder_restore_refuses_bad_stamps() -> None:
    with pytest.raises(ValueError):
        FolderSource(".", Settings()).restore({"stamps": {"a.txt": ["x", 2]}})
