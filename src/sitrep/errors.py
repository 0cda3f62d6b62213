"""The one error hierarchy of sitrep.

    SitrepError                      anything sitrep reports to a user as one line
     ├── InputError                  an input cannot be read as a document
     │    ├── EmptyInput             nothing but white space
     │    ├── BinaryInput            bytes that are not text (NUL bytes, images, archives)
     │    ├── EncodingError          text in no encoding we can decode
     │    ├── InputTooLarge          over the configured size limit
     │    ├── MalformedInput         truncated or broken HTML, JSON lines, feeds
     │    └── FetchError             a URL could not be fetched (timeout, HTTP status, too large)
     │         └── AddressRefused    a URL leads to a private, loopback or reserved address
     ├── ConfigError                 a bad setting or option value
     ├── StoreError                  the database cannot be opened, migrated or written
     └── ResourceError               a bundled resource (model, gazetteer) is missing or broken

Every error carries the input it is about (`origin`: a path, ``-`` for stdin, ``file.jsonl:12``
for a line) and a reason; ``str(error)`` is the one line a user sees. Third-party exceptions
are mapped to these at the boundary where they arise.
"""

from __future__ import annotations

from sitrep.vocab import Stage


class SitrepError(Exception):
    """Base of every error sitrep reports to a user."""

    def __init__(self, reason: str, *, origin: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.origin = origin

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}" if self.origin else self.reason


class InputError(SitrepError):
    """An input cannot be read as a document."""

    stage = Stage.INGEST


class EmptyInput(InputError):
    """The input holds nothing but white space."""


class BinaryInput(InputError):
    """The input is binary data, not text."""


class EncodingError(InputError):
    """The input's bytes decode in no encoding we accept."""


class InputTooLarge(InputError):
    """The input exceeds the configured size limit."""


class MalformedInput(InputError):
    """The input is truncated or structurally broken."""


class FetchError(InputError):
    """A URL could not be fetched: network failure, timeout, HTTP error status, too large.

    ``retry_after`` holds the seconds a server asked us to wait (``Retry-After``), if any.
    """

    def __init__(self, reason: str, *, origin: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason, origin=origin)
        self.retry_after = retry_after


class AddressRefused(FetchError):
    """A URL (or a redirect) leads to a private, loopback, link-local or reserved address."""


class ConfigError(SitrepError):
    """A setting or option has a value sitrep cannot use."""


class StoreError(SitrepError):
    """The database cannot be opened, migrated or written."""


class ResourceError(SitrepError):
    """A bundled resource (language model, gazetteer, lexicon) is missing or broken."""
