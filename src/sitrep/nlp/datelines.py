"""Datelines: the place (and date) a report was filed from, at the start of its text.

``GOMA, Feb 11 –``, ``IDLIB –``, ``Almaty –``, ``MAIDUGURI, June 29 (dpa) –``. The parser would
read the place as the subject of the first sentence; these patterns let the pipeline cut it off
as a sentence of its own and treat it as a place of filing, not of the event.
"""

from __future__ import annotations

import re

# "GOMA, Feb 11 –", "IDLIB –", "Almaty –": the place a report was filed from.
DATELINE = re.compile(r"^([A-Z][A-Za-z'’.]+(?:[ /-][A-Z][A-Za-z'’.]+){0,3})(?:,[^–—\n]{1,30})?\s+[–—-]\s")
WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z'’./ -]{1,40},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?(?:\s*\([^)]{1,30}\))?\s*[–—-]"
)
