"""What sitrep's lexicon-driven spaCy components share: settings, the find-then-annotate call,
and saving their lexicon files with the pipeline (``nlp.to_disk`` / ``nlp.from_disk``).

A component names its bundled data folder, the files in it and how to load them; it finds
its items (`find`) and writes them to ``doc.spans`` (`set_annotations`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

L = TypeVar("L")


class LexiconComponent(Generic[L]):
    """Base of a component that reads a folder of lexicon files and writes one span group."""

    default_data_dir: ClassVar[Path]
    default_spans_key: ClassVar[str]
    lexicon_files: ClassVar[tuple[str, ...]]

    def __init__(
        self,
        nlp: Language,
        name: str | None = None,
        *,
        spans_key: str | None = None,
        data_dir: str | Path | None = None,
        overwrite: bool = True,
    ) -> None:
        """nlp: the pipeline (unused beyond the component protocol; no model is loaded).
        name: the component's name; default: its spans key.
        spans_key: the ``doc.spans`` key to write to; default: the component's own.
        data_dir: a folder with the lexicon files; default: the component's bundled folder.
        overwrite: replace spans already under ``spans_key`` (else add to them).
        """
        self.nlp = nlp
        self.spans_key = spans_key or self.default_spans_key
        self.name = name or self.spans_key
        self.overwrite = overwrite
        self.data_dir = Path(data_dir) if data_dir is not None else self.default_data_dir
        self.lexicon: L = self.load_lexicon(self.data_dir)

    def load_lexicon(self, folder: Path) -> L:
        raise NotImplementedError

    def find(self, doc: Doc) -> Any:
        raise NotImplementedError

    def set_annotations(self, doc: Doc, found: Any) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the lexicon files to ``path`` (called by ``nlp.to_disk``)."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for name in self.lexicon_files:
            shutil.copyfile(self.data_dir / name, folder / name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LexiconComponent[L]:
        """Read the lexicon files from ``path`` (called by ``nlp.from_disk``)."""
        self.data_dir = Path(path)
        self.lexicon = self.load_lexicon(self.data_dir)
        return self
