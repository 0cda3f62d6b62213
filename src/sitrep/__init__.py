"""sitrep: live crisis news into a structured, source-attributed event record."""

__version__ = "0.1.0"
