"""`sitrep watch` and `sitrep extract URL` as a user runs them, against a server on 127.0.0.1."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from feed_texts import ITEMS, TICKER, rss, ticker_page
from served import Site
from typer.core import TyperGroup
from typer.testing import CliRunner, Result

from sitrep.cli import app

RSS = "application/rss+xml"


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def invoke(*args: str) -> Result:
    """In-process, for what needs no real process (usage errors, one-off polls)."""
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "400"})


@contextmanager
def started(*args: str) -> Iterator[subprocess.Popen[str]]:
    """A sitrep process; killed if the test leaves it running."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sitrep", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def read_lines(process: subprocess.Popen[str], count: int, timeout: float = 60) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while len(lines) < count and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
    return lines


def test_extract_reads_a_url(site: Site) -> None:
    site.put("/live", ticker_page(TICKER))
    result = run("extract", site.url("/live"), "--allow-private", "--no-analysis")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    (document,) = payload["documents"]
    assert document["id"] == f"127-0-0-1-{site.port}-live"
    assert document["url"] == site.url("/live")
    assert document["origin"] == site.url("/live")
    assert len(payload["reports"]) == 2


def test_extract_reads_a_feed_url_and_files_in_order(site: Site, tmp_path: Path) -> None:
    site.put("/feed", rss(ITEMS[:2]), content_type=RSS)
    note = tmp_path / "note.txt"
    note.write_text("Calm returned to Almaty.\n")
    result = run("extract", str(note), site.url("/feed"), "--allow-private", "--no-analysis")
    assert result.returncode == 0, result.stderr
    titles = [d["title"] for d in json.loads(result.stdout)["documents"]]
    assert titles == [None, ITEMS[0][1], ITEMS[1][1]]


def test_extract_refuses_loopback_without_allow_private(site: Site) -> None:
    site.put("/live", ticker_page(TICKER))
    result = invoke("extract", site.url("/live"), "--no-analysis")
    assert result.exit_code == 1
    assert (
        f"sitrep: skipped {site.url('/live')}: refused: 127.0.0.1 is a loopback address "
        "(use --allow-private to allow)"
    ) in result.output
    assert site.requests == []


def test_watch_once_prints_each_new_document(site: Site, tmp_path: Path) -> None:
    site.put("/feed", rss(ITEMS), content_type=RSS)
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "wire.txt").write_text("date 2022-01-05\nPolice detained 40 people in Almaty.\n")
    result = run("watch", site.url("/feed"), str(folder), "--once", "--allow-private", "--no-analysis")
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["schema"] for o in objects] == ["sitrep/1"] * 4
    assert [o["documents"][0]["title"] for o in objects[:3]] == [item[1] for item in ITEMS]
    assert objects[3]["documents"][0]["id"] == "wire"
    assert f"poll {site.url('/feed')}: feed of 3 entries, 3 new or changed" in result.stderr
    assert "4 document(s) handed on, 0 rejected" in result.stderr


def test_watch_reads_a_sources_file_with_intervals(site: Site, tmp_path: Path) -> None:
    site.put("/feed", rss(ITEMS[:1]), content_type=RSS)
    listing = tmp_path / "sources.txt"
    listing.write_text(f"# desk sources\n{site.url('/feed')} 60\n\n")
    out = tmp_path / "out.jsonl"
    result = run(
        "watch", "--sources", str(listing), "--once", "--allow-private", "--no-analysis", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert len(out.read_text().splitlines()) == 1


def test_watch_usage_errors(tmp_path: Path) -> None:
    missing = invoke("watch", str(tmp_path / "nowhere"), "--once")
    assert missing.exit_code == 2
    assert (
        f"sitrep: error: {tmp_path / 'nowhere'}: not a URL (http:// or https://) or a folder"
        in missing.output
    )
    listing = tmp_path / "sources.txt"
    listing.write_text("https://desk.example/feed soon\n")
    bad = invoke("watch", "--sources", str(listing), "--once")
    assert bad.exit_code == 2
    assert f"sitrep: error: {listing}:1: not an interval in seconds: 'soon'" in bad.output
    listing.write_text("https://desk.example/feed 60 extra\n")
    assert "expected TARGET [INTERVAL-SECONDS]" in invoke("watch", "--sources", str(listing)).output
    nothing = invoke("watch")
    assert nothing.exit_code == 2 and "nothing to watch" in nothing.output


def test_watch_once_fails_when_a_poll_fails(site: Site) -> None:
    site.put("/feed", rss(ITEMS), content_type=RSS)
    result = invoke("watch", site.url("/feed"), "--once", "--no-analysis")
    assert result.exit_code == 1
    assert f"WARNING poll {site.url('/feed')}: refused: 127.0.0.1 is a loopback address" in result.output
    assert "sitrep/1" not in result.output


def test_sigterm_stops_the_watcher_cleanly(site: Site) -> None:
    site.put("/feed", rss(ITEMS[:2]), content_type=RSS)
    with started(
        "watch", site.url("/feed"), "--interval", "0.2", "--allow-private", "--no-analysis"
    ) as process:
        first = read_lines(process, 2)
        assert len(first) == 2
        site.put("/feed", rss(ITEMS), content_type=RSS)
        third = read_lines(process, 1)
        assert len(third) == 1
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert stdout == ""  # nothing new after the third entry: nothing printed twice
    titles = [json.loads(line)["documents"][0]["title"] for line in first + third]
    assert titles == [item[1] for item in ITEMS]
    assert "3 document(s) handed on" in stderr
    assert "Traceback" not in stderr
    statuses = [r.status for r in site.seen("/feed")]
    assert statuses.count(200) == 2 and 304 in statuses


def test_ctrl_c_ends_a_long_wait(site: Site) -> None:
    site.put("/feed", rss(ITEMS[:1]), content_type=RSS)
    with started(
        "watch", site.url("/feed"), "--interval", "3600", "--allow-private", "--no-analysis"
    ) as process:
        assert len(read_lines(process, 1)) == 1
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "1 document(s) handed on" in stderr


def test_every_watch_option_is_documented() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Watch feeds, pages and folders", 1)[1].split("\n## ", 1)[0]
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    for parameter in group.commands["watch"].params:
        for option in parameter.opts:
            if option.startswith("--") and option != "--help":
                assert f"`{option}" in section, option
    use = readme.split("## Use", 1)[1].split("\n## ", 1)[0]
    assert "`--allow-private`" in use and "`--timeout S`" in use


def test_a_state_file_carries_over_between_runs(site: Site, tmp_path: Path) -> None:
    site.put("/feed", rss(ITEMS[:2]), content_type=RSS)
    state = tmp_path / "watch-state.json"
    args = ("watch", site.url("/feed"), "--once", "--allow-private", "--no-analysis", "--state", str(state))
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    assert first.output.count('"schema": "sitrep/1"') == 2
    assert json.loads(state.read_text())["version"] == 1

    again = invoke(*args)
    assert again.exit_code == 0, again.output
    assert "sitrep/1" not in again.output
    assert site.seen("/feed")[-1].status == 304

    site.put("/feed", rss(ITEMS), content_type=RSS)
    third = invoke(*args)
    assert third.output.count('"schema": "sitrep/1"') == 1


def test_an_unreadable_state_file_is_a_usage_error(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{not json")
    result = invoke("watch", str(tmp_path), "--once", "--no-analysis", "--state", str(state))
    assert result.exit_code == 2
    assert f"sitrep: error: {state}: not a readable watch state file" in result.output
