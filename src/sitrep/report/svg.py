"""Inline SVG for the HTML report: a map of the located events over the admin-1 shapes the
dashboard ships (Natural Earth, built from npm into sitrep/web/dist/geo), and a bar chart of the
figure ranges."""

from __future__ import annotations

import json
import math
from html import escape
from pathlib import Path
from typing import Any

from sitrep.web import DIST

WIDTH, HEIGHT = 640, 360


def _topo_rings(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every polygon ring of a quantized TopoJSON file, as (lon, lat) points."""
    scale = topo.get("transform", {}).get("scale", [1, 1])
    shift = topo.get("transform", {}).get("translate", [0, 0])
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + shift[0], y * scale[1] + shift[1]))
        arcs.append(points)
    rings = []
    for obj in topo["objects"].values():
        for geometry in obj.get("geometries", []):
            polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            for polygon in polygons if geometry["type"] in ("Polygon", "MultiPolygon") else []:
                for ring in polygon:
                    points = []
                    for index in ring:
                        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                        points.extend(arc)
                    rings.append(points)
    return rings


def _shapes(countries: set[str], dist: Path) -> list[list[tuple[float, float]]]:
    rings = []
    for code in sorted(countries):
        path = dist / "geo" / "admin1" / f"{code}.json"
        if path.is_file():
            rings.extend(_topo_rings(json.loads(path.read_text(encoding="utf-8"))))
    return rings


def map_svg(events: tuple[dict[str, Any], ...], dist: Path = DIST) -> str:
    """The located events as numbered dots on their countries' provinces."""
    located = [e for e in events if isinstance((e.get("location") or {}).get("lat"), int | float)]
    if not located:
        return ""
    lons = [e["location"]["lon"] for e in located]
    lats = [e["location"]["lat"] for e in located]
    west, east, south, north = min(lons) - 2, max(lons) + 2, min(lats) - 1.5, max(lats) + 1.5
    aspect = math.cos(math.radians((south + north) / 2))
    span = max((east - west) * aspect / WIDTH, (north - south) / HEIGHT)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (
            WIDTH / 2 + (lon - (west + east) / 2) * aspect / span,
            HEIGHT / 2 - (lat - (south + north) / 2) / span,
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Map of the located events" class="map">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#eef3f7"/>',
    ]
    countries = {e["location"].get("country") for e in located if e["location"].get("country")}
    for ring in _shapes({c for c in countries if c}, dist):
        ring_lons = [lon for lon, _ in ring]
        ring_lats = [lat for _, lat in ring]
        if max(ring_lons) < west or min(ring_lons) > east or max(ring_lats) < south or min(ring_lats) > north:
            continue
        d = " ".join(f"{x:.0f},{y:.0f}" for x, y in (xy(lon, lat) for lon, lat in ring))
        parts.append(f'<polygon points="{d}" fill="#fbfaf5" stroke="#9aa5ad" stroke-width="0.6"/>')
    places: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for event in located:
        places.setdefault((event["location"]["lon"], event["location"]["lat"]), []).append(event)
    for (lon, lat), here in places.items():
        x, y = xy(lon, lat)
        radius = 4 + 2 * math.sqrt(len(here))
        name = escape(str(here[0]["location"].get("name") or ""))
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#c0392b" fill-opacity="0.75"/>'
        )
        left = x > WIDTH * 0.7
        anchor = ' text-anchor="end"' if left else ""
        parts.append(
            f'<text x="{x - radius - 2 if left else x + radius + 2:.1f}" y="{y + 4:.1f}" font-size="12"'
            f"{anchor}>{name} ({len(here)})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def chart_svg(events: tuple[dict[str, Any], ...]) -> str:
    """One bar a figure: its range across sources (low solid, up to high lighter)."""
    bars = []
    for event in events:
        for outcome, summary in (event.get("figures") or {}).items():
            place = (event.get("location") or {}).get("name") or event["id"]
            bars.append(
                (
                    f"{outcome}, {place} ({event['id']})",
                    int(summary.get("low") or 0),
                    int(summary.get("high") or 0),
                )
            )
    if not bars:
        return ""
    top = max(high for _, _, high in bars) or 1
    row, label = 26, 230
    height = row * len(bars) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Figures as ranges across sources" class="chart">'
    ]
    for i, (name, low, high) in enumerate(bars):
        y = 5 + i * row
        scale = (WIDTH - label - 70) / top
        parts.append(
            f'<text x="{label - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(name)}</text>'
        )
        parts.append(
            f'<rect x="{label}" y="{y + 3}" width="{max(high * scale, 1):.1f}" height="16" fill="#f0b7a4"/>'
        )
        parts.append(
            f'<rect x="{label}" y="{y + 3}" width="{max(low * scale, 1):.1f}" height="16" fill="#c0392b"/>'
        )
        value = str(low) if low == high else f"{low}–{high}"
        parts.append(f'<text x="{label + high * scale + 6:.1f}" y="{y + 15}" font-size="12">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)
