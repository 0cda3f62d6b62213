"""A `Brief` as one self-contained HTML page (no script, no external file): inline SVG map and
chart, footnotes linking each sentence to the event and the words of its evidence, A4 print
styles."""

from __future__ import annotations

from html import escape

from sitrep.report.brief import Brief, Citation
from sitrep.report.svg import chart_svg, map_svg
from sitrep.vocab import BriefSection

STYLE = """
@page { size: A4; margin: 16mm 14mm; }
body { font: 11pt/1.45 Georgia, 'DejaVu Serif', serif; color: #1d1d1d; max-width: 180mm; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 17pt; margin: 0 0 .2em; } h2 { font-size: 13pt; border-bottom: 1px solid #bbb; margin-top: 1.2em; break-after: avoid; }
p.meta { color: #555; font-size: 9.5pt; } ul { padding-left: 1.2em; } li { margin: .2em 0; break-inside: avoid; }
sup a { text-decoration: none; color: #8a1c10; } figure { margin: .8em 0; break-inside: avoid; }
svg { width: 100%; height: auto; max-height: 120mm; } figcaption { font-size: 9pt; color: #555; }
ol.notes { font-size: 8.5pt; color: #333; } ol.notes li { overflow-wrap: anywhere; }
code { font-size: 8.5pt; }
"""


def brief_html(brief: Brief) -> str:
    notes: dict[Citation, int] = {}
    body = [
        f"<h1>{escape(brief.title)}</h1>",
        f'<p class="meta">Made {brief.made_at:%Y-%m-%d %H:%M} UTC from {len(brief.events)} stored events.'
        + (
            f" Changes are since the previous report, made {brief.since:%Y-%m-%d %H:%M} UTC."
            if brief.since
            else ""
        )
        + "</p>",
    ]
    figures = [
        (map_svg(brief.events), "Located events (number of events at each place)"),
        (chart_svg(brief.events), "Figures: lowest to highest across sources"),
    ]
    pictures = [
        f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>" for svg, caption in figures if svg
    ]
    if not brief.section(BriefSection.KEY_POINTS):
        body += pictures
    for section in BriefSection:
        sentences = brief.section(section)
        if section is BriefSection.HEADLINE and brief.section(BriefSection.KEY_POINTS):
            body += pictures  # the key points first, then the map and the chart
        if not sentences:
            continue
        body.append(f"<h2>{escape(section.value)}</h2><ul>")
        for sentence in sentences:
            marks = []
            for citation in dict.fromkeys(sentence.citations):
                number = notes.setdefault(citation, len(notes) + 1)
                marks.append(f'<a href="#n{number}">{number}</a>')
            body.append(f"<li>{escape(sentence.text)}<sup>{','.join(marks)}</sup></li>")
        body.append("</ul>")
    body.append('<h2>Sources</h2><ol class="notes">')
    for citation, number in notes.items():
        body.append(
            f'<li id="n{number}">Event <code>{escape(citation.event_id)}</code>, report '
            f"<code>{escape(citation.report_id)}</code>: “{escape(citation.quote)}”</li>"
        )
    body.append("</ol>")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(brief.title)}</title>'
        f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )
