"""Report: the living record's events → a situation report (Markdown, self-contained HTML with an
SVG map and figure chart) and exports (sitrep/1 JSON and JSON Lines, CSV in ACLED's columns,
PLOVER records, GeoJSON).

    build_brief(events, made_at, previous=..., max_words=...) -> Brief
    brief_markdown(brief) -> str; brief_html(brief) -> str
    export_text(events, format) -> Iterator[str]
"""
