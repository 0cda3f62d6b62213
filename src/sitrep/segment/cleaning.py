"""Paragraphs and noise: a document's body as paragraphs, with captions, credits, author tags,
boilerplate and link asterisks found and cut out.

``(text, body_start) → list[Paragraph]``. A `Paragraph` keeps its place in the document and the
ranges of the document that survive cleaning, so every character of a report can be traced
back to the document as read. Removed pieces become `Noise` records (a credit names a
photographer: that is a fact worth keeping, just not part of the news).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from sitrep.model import Noise, NoiseKind

_TERMINAL = re.compile(r"[.!?…:;,][\"'”“’»«)\]]*\s*$")
_QUOTE_OR_DASH = re.compile(r"^[\"'“”‘’„«»]")
# A line crediting a wire service at its end is its story's sentence, not a headline.
_WIRE_CREDIT = re.compile(
    r"\((?:Reuters|AFP|AP|dpa|DPA|Xinhua|Anadolu|EFE|ANSA|Kyodo|Yonhap|TASS|UPI|PTI|IANS|ANI|Bernama)\)\W*$"
)


@dataclass(frozen=True, slots=True)
class NoisePatterns:
    """The compiled patterns of ``data/noise.json``."""

    credit_tail: tuple[re.Pattern[str], ...]
    author_tag_tail: tuple[re.Pattern[str], ...]
    boilerplate_inline: tuple[re.Pattern[str], ...]
    boilerplate_paragraph: tuple[re.Pattern[str], ...]
    link_marker: re.Pattern[str]


@cache
def load_noise_patterns() -> NoisePatterns:
    """Load and compile the packaged noise patterns (once a process)."""
    data = json.loads(files("sitrep.segment").joinpath("data/noise.json").read_text("utf-8"))

    def compile_all(key: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, flags) for p in data[key])

    return NoisePatterns(
        credit_tail=compile_all("credit_tail"),
        author_tag_tail=compile_all("author_tag_tail", 0),
        boilerplate_inline=compile_all("boilerplate_inline"),
        boilerplate_paragraph=compile_all("boilerplate_paragraph"),
        link_marker=re.compile(data["link_marker"]),
    )


@dataclass(slots=True)
class Paragraph:
    """A paragraph of the body: its document span and the ranges kept after cleaning."""

    start: int
    end: int
    kept: list[tuple[int, int]] = field(default_factory=list)
    caption: bool = False

    def kept_text(self, text: str) -> str:
        """The paragraph's cleaned text (kept ranges joined, inner cuts closed up)."""
        return join_ranges(text, self.kept)


def split_paragraphs(text: str, body_start: int) -> list[Paragraph]:
    """Split the body into paragraphs: one a line, soft-wrapped lines joined."""
    paragraphs: list[Paragraph] = []
    position = body_start
    for line in text[body_start:].splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = position + (len(line) - len(line.lstrip()))
            end = start + len(stripped)
            if paragraphs and _is_soft_wrap(
                text[paragraphs[-1].start : paragraphs[-1].end], stripped, text, position
            ):
                paragraphs[-1].end = end
            else:
                paragraphs.append(Paragraph(start, end))
        position += len(line)
    for paragraph in paragraphs:
        paragraph.kept = [(paragraph.start, paragraph.end)]
    return paragraphs


def _is_soft_wrap(previous: str, line: str, text: str, line_start: int) -> bool:
    """A line continues the previous one when that one stops mid-sentence and no blank line
    stands between them and this line starts in lower case."""
    blank_before = text[max(0, line_start - 2) : line_start].count("\n") >= 2
    return not blank_before and not _TERMINAL.search(previous) and line[:1].islower()


def clean_paragraph(paragraph: Paragraph, text: str, patterns: NoisePatterns) -> list[Noise]:
    """Cut noise out of ``paragraph`` (in place) and return what was cut."""
    noise: list[Noise] = []
    body = text[paragraph.start : paragraph.end]
    for pattern in patterns.boilerplate_paragraph:
        if pattern.search(body):
            paragraph.kept = []
            return [Noise(NoiseKind.BOILERPLATE, body, paragraph.start, paragraph.end)]
    for pattern in patterns.credit_tail:
        match = pattern.search(body)
        if match:
            credit_start = (
                paragraph.start + match.start() + (len(match.group()) - len(match.group().lstrip()))
            )
            noise.append(
                Noise(NoiseKind.CREDIT, text[credit_start : paragraph.end], credit_start, paragraph.end)
            )
            caption = text[paragraph.start : credit_start].rstrip()
            if caption:
                noise.append(
                    Noise(NoiseKind.CAPTION, caption, paragraph.start, paragraph.start + len(caption))
                )
            paragraph.kept = []
            paragraph.caption = True
            return noise
    cuts: list[tuple[int, int, NoiseKind]] = []
    for pattern in patterns.boilerplate_inline:
        cuts.extend((m.start(), m.end(), NoiseKind.BOILERPLATE) for m in pattern.finditer(body))
    cuts.extend((m.start(), m.end(), NoiseKind.LINK_MARKER) for m in patterns.link_marker.finditer(body))
    # An author tag closes the paragraph, but may stand before trailing boilerplate.
    tail_end = len(body)
    for start, end, _ in sorted(cuts, reverse=True):
        if not body[end:tail_end].strip():
            tail_end = start
    for pattern in patterns.author_tag_tail:
        match = pattern.search(body[:tail_end].rstrip())
        if match:
            cuts.append((match.start(), match.end(), NoiseKind.AUTHOR_TAG))
    kept: list[tuple[int, int]] = []
    cursor = 0
    for start, end, kind in sorted(_drop_nested(cuts)):
        piece = body[start:end]
        lead = len(piece) - len(piece.lstrip())
        noise.append(
            Noise(
                kind,
                piece.strip(),
                paragraph.start + start + lead,
                paragraph.start + start + lead + len(piece.strip()),
            )
        )
        if start > cursor:
            kept.append((paragraph.start + cursor, paragraph.start + start))
        cursor = max(cursor, end)
    if cursor < len(body):
        kept.append((paragraph.start + cursor, paragraph.end))
    paragraph.kept = _trim_ranges(text, kept)
    return noise


def _drop_nested(cuts: list[tuple[int, int, NoiseKind]]) -> list[tuple[int, int, NoiseKind]]:
    """Keep the outermost of overlapping cuts (a boilerplate sentence swallows its asterisk)."""
    result: list[tuple[int, int, NoiseKind]] = []
    for cut in sorted(cuts, key=lambda c: (c[0], -(c[1] - c[0]))):
        if result and cut[0] < result[-1][1]:
            continue
        result.append(cut)
    return result


def _trim_ranges(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Strip white space at range ends and drop ranges left empty."""
    trimmed: list[tuple[int, int]] = []
    for start, end in ranges:
        piece = text[start:end]
        new_start = start + len(piece) - len(piece.lstrip())
        new_end = end - (len(piece) - len(piece.rstrip()))
        if new_end > new_start:
            trimmed.append((new_start, new_end))
    return trimmed


def join_ranges(text: str, ranges: list[tuple[int, int]]) -> str:
    """The text of ``ranges``, joined as the document joined them: by a space where white space
    stood in the cut, directly where the cut was inside a word (``USA*`` → ``USA``)."""
    return "".join(separator(text, ranges, i) + text[start:end] for i, (start, end) in enumerate(ranges))


def separator(text: str, ranges: list[tuple[int, int]], i: int) -> str:
    """What stands between range ``i - 1`` and range ``i`` in cleaned text."""
    if i == 0:
        return ""
    gap = text[ranges[i - 1][1] : ranges[i][0]]
    return " " if gap[:1].isspace() or gap[-1:].isspace() else ""


def is_headline_like(cleaned: str) -> bool:
    """A short line without closing sentence punctuation reads as a headline."""
    if not cleaned or len(cleaned) > 180 or len(cleaned.split()) > 24:
        return False
    if _TERMINAL.search(cleaned) or _QUOTE_OR_DASH.match(cleaned) or _WIRE_CREDIT.search(cleaned):
        return False
    return cleaned[:1].isupper() or cleaned[:1].isdigit()


@dataclass(slots=True)
class TextBuilder:
    """Builds a report's text from document ranges and records how it maps back."""

    parts: list[str] = field(default_factory=list)
    pieces: list[tuple[int, int, int]] = field(default_factory=list)
    length: int = 0

    def add_paragraph(self, text: str, ranges: list[tuple[int, int]]) -> None:
        """Append the ranges as one paragraph (joined by spaces; paragraphs by a blank line)."""
        if not ranges:
            return
        if self.parts:
            self._append("\n\n")
        for i, (start, end) in enumerate(ranges):
            self._append(separator(text, ranges, i))
            self.pieces.append((self.length, start, end - start))
            self._append(text[start:end])

    def _append(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def text(self) -> str:
        return "".join(self.parts)
