"""The watcher writing into the store: nothing stored twice, an updated ticker adds what is new,
and (with the trained model) an updated figure becomes a new claim on the same fused event."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from feed_texts import ITEMS, rss, ticker_page
from served import Site
from test_ingest_watch_cli import invoke

from sitrep.config import Settings
from sitrep.ingest.http import Fetcher, FetchSettings
from sitrep.resources import Resources
from sitrep.store import Store
from sitrep.watch.command import Delivery
from sitrep.watch.poller import UrlSource, Watcher

BEFORE = [
    (
        "10.05 a.m.",
        "Clashes in Almaty",
        "Armed men clashed with security forces in front of the town hall in Almaty on Thursday morning.",
    ),
    (
        "1.30 p.m.",
        "Officers killed",
        "At least eight members of the security forces were killed in the clashes in Almaty, "
        "the Interior Ministry said.",
    ),
]
AFTER = [
    *BEFORE,
    (
        "4.00 p.m.",
        "Death toll rises",
        "At least 18 members of the security forces have now been killed in the clashes in Almaty, "
        "state television reported.",
    ),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(str(tmp_path / "sitrep.db")) as opened:
        yield opened


def test_watch_into_a_database_stores_each_document_once(site: Site, tmp_path: Path) -> None:
    site.put("/feed", rss(ITEMS), content_type="application/rss+xml")
    site.put("/live", ticker_page(BEFORE))
    db = str(tmp_path / "sitrep.db")
    args = ("watch", site.url("/feed"), site.url("/live"), "--once", "--allow-private", "--no-analysis")
    first = invoke(*args, "--db", db)
    assert first.exit_code == 0, first.output
    assert "sitrep/1" not in first.output  # stored, not printed
    assert "4 document(s) handed on, 4 stored" in first.output

    again = invoke(*args, "--db", db)  # a new run without --state: the store itself says what it has
    assert again.exit_code == 0, again.output
    assert again.output.count("stored already") == 4
    assert "0 stored" in again.output

    site.put("/live", ticker_page(AFTER))
    third = invoke(*args, "--db", db)
    assert f"127-0-0-1-{site.port}-live: updated, 1 report(s) added, 0 changed" in third.output
    with Store.open(db) as store:
        counts = store.counts()
        assert store.check() == []
    assert (counts.documents, counts.reports, counts.raw_inputs) == (4, 6, 3)


def test_a_bad_database_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("watch", str(tmp_path), "--once", "--db", str(tmp_path / "no" / "such" / "x.db"))
    assert result.exit_code == 2
    assert "sitrep: error:" in result.output and "no such folder" in result.output


@pytest.mark.model
def test_an_updated_figure_is_a_new_claim_on_the_same_fused_event(
    site: Site, store: Store, model_resources: Resources
) -> None:
    settings = Settings()
    delivery = Delivery(settings, model_resources, None, store)
    site.put("/live", ticker_page(BEFORE))
    with Fetcher(FetchSettings(allow_private=True)) as fetcher:
        source = UrlSource(site.url("/live"), fetcher, settings)
        Watcher([source], delivery).run(once=True)
        (before,) = [e for e in store.events() if "killed" in e.figures]
        site.put("/live", ticker_page(AFTER))
        Watcher([source], delivery).run(once=True)
        Watcher([source], delivery).run(once=True)  # unchanged: a 304, nothing stored
    assert site.seen("/live")[-1].status == 304
    (after,) = [e for e in store.events() if "killed" in e.figures]
    assert after.id == before.id
    assert after.documents == before.documents == (f"127-0-0-1-{site.port}-live",)
    new_claims = [c for c in after.claims if c not in before.claims]
    assert all(c in after.claims for c in before.claims)
    assert {c["report_id"] for c in new_claims} == {f"127-0-0-1-{site.port}-live-r3"}
    killed = after.figures["killed"]
    assert killed.latest.min == 18 and killed.latest.qualifier == "at_least"
    assert (killed.low, killed.high, killed.contradiction) == (8, 18, False)
    assert [c.min for c in killed.claims] == [8, 18]
    # the earlier claim keeps its own source beside the new one
    assert ("Interior Ministry", "government", None) in killed.claims[0].sources
    assert store.check() == []


def test_watch_polls_the_feeds_registered_in_the_database(site: Site, tmp_path: Path) -> None:
    site.put("/feed", rss(ITEMS), content_type="application/rss+xml")
    db = str(tmp_path / "sitrep.db")
    with Store.open(db) as opened:
        assert opened.register_feed(site.url("/feed"), 60.0)
        assert not opened.register_feed(site.url("/feed"), 30.0)  # again: the interval changes
    result = invoke("watch", "--db", db, "--once", "--allow-private", "--no-analysis")
    assert result.exit_code == 0, result.output
    assert f"watching {site.url('/feed')} (every 30 s)" in result.output
    assert "3 document(s) handed on, 3 stored" in result.output
    assert invoke("watch", "--once", "--no-analysis").exit_code == 2  # no --db, nothing named


def test_ingest_reads_urls_and_refuses_loopback_unless_allowed(site: Site, tmp_path: Path) -> None:
    site.put("/feed", rss(ITEMS), content_type="application/rss+xml")
    db = str(tmp_path / "sitrep.db")
    refused = invoke("ingest", site.url("/feed"), "--db", db)
    assert refused.exit_code == 1
    assert f"skipped {site.url('/feed')}: refused: 127.0.0.1 is a loopback address" in refused.output
    first = invoke("ingest", site.url("/feed"), "--db", db, "--allow-private")
    assert first.exit_code == 0, first.output
    again = invoke("ingest", site.url("/feed"), "--db", db, "--allow-private")
    assert again.exit_code == 0 and "3 unchanged" in again.output, again.output
    with Store.open(db) as opened:
        assert opened.counts().documents == 3 and opened.check() == []
