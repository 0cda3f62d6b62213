"""A `Brief` as Markdown: sections in order, each sentence followed by the ids it cites."""

from __future__ import annotations

from sitrep.report.brief import Brief
from sitrep.vocab import BriefSection


def brief_markdown(brief: Brief) -> str:
    lines = [
        f"# {brief.title}",
        "",
        f"Made {brief.made_at:%Y-%m-%d %H:%M} UTC from {len(brief.events)} stored events.",
    ]
    if brief.since is not None:
        lines.append(f"Changes are since the previous report, made {brief.since:%Y-%m-%d %H:%M} UTC.")
    for section in BriefSection:
        sentences = brief.section(section)
        if not sentences:
            continue
        lines += ["", f"## {section.value}", ""]
        for sentence in sentences:
            ids = ", ".join(dict.fromkeys(c.event_id for c in sentence.citations))
            lines.append(f"- {sentence.text} [{ids}]")
    return "\n".join(lines) + "\n"
