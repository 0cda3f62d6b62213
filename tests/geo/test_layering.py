"""geo is a stage of its own: it resolves places without the language pipeline."""

from __future__ import annotations

import subprocess
import sys


def test_geo_imports_neither_spacy_nor_the_nlp_stage() -> None:
    probe = (
        "import sys, sitrep.geo.gazetteer, sitrep.geo.build; "
        "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith(('spacy.', 'sitrep.nlp', 'sitrep.code'))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
