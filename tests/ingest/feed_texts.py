"""Feeds and live-ticker pages written for the fetch and watch tests (fictional reporting)."""

from __future__ import annotations

from html import escape

Item = tuple[str, str, str, str]
"""(guid, title, RFC 2822 date, HTML body)"""

ITEMS: list[Item] = [
    (
        "urn:desk:1001",
        "Protesters gather in the main square of Almaty",
        "Wed, 05 Jan 2022 09:15:00 +0600",
        "<p>Several thousand protesters gathered in the main square of Almaty on Wednesday morning, "
        "the regional news agency Vesti reported.</p>",
    ),
    (
        "urn:desk:1002",
        "Police detain dozens after night of clashes",
        "Wed, 05 Jan 2022 13:40:00 +0600",
        "<p>Police detained at least 40 people after a night of clashes in Almaty, "
        "the Interior Ministry said.</p><p>Shops in the city centre stayed closed.</p>",
    ),
    (
        "urn:desk:1003",
        "Airport closed as unrest spreads",
        "Wed, 05 Jan 2022 18:05:00 +0600",
        "<p>The airport of Almaty was closed on Wednesday evening, a spokesman for the airport said.</p>",
    ),
]


def rss(items: list[Item], *, title: str = "Desk wire: Kazakhstan") -> str:
    body = "".join(
        f'<item><guid isPermaLink="false">{guid}</guid><title>{escape(head)}</title>'
        f"<link>https://desk.example/news/{guid.rsplit(':', 1)[-1]}</link>"
        f"<pubDate>{date}</pubDate><description>{escape(html)}</description></item>\n"
        for guid, head, date, html in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://desk.example/</link><language>en-GB</language>\n"
        f"{body}</channel></rss>\n"
    )


def atom(items: list[Item]) -> str:
    body = "".join(
        f'<entry><id>{guid}</id><title>{escape(head)}</title><link href="https://desk.example/a/{guid[-4:]}"/>'
        f"<published>2022-01-05T{10 + n:02d}:00:00+06:00</published>"
        f'<content type="html">{escape(html)}</content><author><name>Desk staff</name></author></entry>\n'
        for n, (guid, head, _date, html) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Desk live</title><id>urn:desk:feed</id><updated>2022-01-05T18:00:00+06:00</updated>\n"
        f"{body}</feed>\n"
    )


Entry = tuple[str, str, str]
"""(stamp, headline, text)"""

TICKER: list[Entry] = [
    (
        "10.05 a.m.",
        "Curfew in Almaty",
        "The city administration of Almaty announced a curfew from 11 p.m. to 7 a.m.",
    ),
    (
        "1.30 p.m.",
        "Eight security officers killed",
        "At least eight members of the security forces were killed in Almaty, the Interior Ministry said.",
    ),
]


def ticker_page(entries: list[Entry]) -> str:
    """A live-ticker page, newest entry first, as a desk's CMS might render it."""
    blocks = "".join(
        f"<section><h2>{escape(stamp)}: {escape(head)}</h2><p>{escape(text)}</p></section>\n"
        for stamp, head, text in reversed(entries)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Live: unrest in Kazakhstan</title>"
        '<meta property="article:published_time" content="2022-01-06T08:00:00+06:00">'
        '<meta property="og:site_name" content="Desk Live"></head>'
        f"<body><main><h1>Live: unrest in Kazakhstan</h1>\n{blocks}</main></body></html>\n"
    )
