"""The REST API and live stream of `sitrep serve` (FastAPI): fused events, figures over time,
reports, entities, rejections, exports, writes, and server-sent changes.

    stored record (store/) ──Catalog──▶ routes (one module a resource) ──▶ JSON / SSE / files
"""
