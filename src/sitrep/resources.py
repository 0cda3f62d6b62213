"""What a run loads once and passes to every document: ``Settings → Resources``.

`Resources` holds the language pipeline, the gazetteer and the event-type model. It is loaded
once (`Resources.load`), passed explicitly to `sitrep.pipeline.run_document`, and closed by
whoever owns it: the command line for one run, a server's lifespan, a Dask worker plugin.
No loader keeps anything for the life of the process, so two `Resources` with different
settings can live side by side and a closed one releases its gazetteer connections.

`Resources.segment_only` is the set without any model: documents are read into timed reports
and no events are coded (``sitrep extract --no-analysis``, the fast tests).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitrep.config import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from sitrep.code.coder import Coder
    from sitrep.code.event_model import EventTypeModel
    from sitrep.geo.gazetteer import Gazetteer
    from sitrep.nlp.analyse import TextAnalyser

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Resources:
    """The loaded language pipeline, gazetteer and event-type model of a run (or none of them).

    Use it as a context manager, or call `close` when done: the gazetteer holds open
    connections to its index.
    """

    nlp: Language | None = None
    gazetteer: Gazetteer | None = None
    event_model: EventTypeModel | None = None
    analyser: TextAnalyser | None = field(default=None, init=False)
    coder: Coder | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if (self.nlp is None) != (self.gazetteer is None):
            raise ValueError("a language pipeline and a gazetteer go together")
        if self.nlp is not None and self.gazetteer is not None:
            from sitrep.code.coder import Coder
            from sitrep.nlp.analyse import TextAnalyser

            self.analyser = TextAnalyser(self.nlp, self.gazetteer)
            self.coder = Coder(model=self.event_model)

    @classmethod
    def load(cls, settings: Settings) -> Resources:
        """Load the language pipeline, open (building once if needed) the gazetteer in
        ``settings.cache_dir`` and load the packaged event-type model.

        Raises `sitrep.errors.ResourceError` when one of them is missing or broken.
        """
        from sitrep.code.event_model import EventTypeModel
        from sitrep.geo.gazetteer import Gazetteer
        from sitrep.nlp.analyse import build_pipeline

        logger.info("loading the language pipeline and the gazetteer")
        gazetteer = Gazetteer.from_settings(settings)
        try:
            return cls(build_pipeline(gazetteer), gazetteer, EventTypeModel.load())
        except BaseException:
            gazetteer.close()
            raise

    @classmethod
    def segment_only(cls) -> Resources:
        """No models: documents are segmented into reports, and nothing is analysed."""
        return cls()

    @property
    def analyses(self) -> bool:
        """Whether documents are analysed and coded, not only segmented."""
        return self.analyser is not None

    def close(self) -> None:
        """Release the gazetteer's connections; the object must not be used afterwards."""
        if self.gazetteer is not None:
            self.gazetteer.close()

    def __enter__(self) -> Resources:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
