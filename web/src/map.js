// The map: a basemap that ships with the project (Natural Earth countries, and the provinces of
// every country with events), events placed by their coordinates, sized by casualties,
// coloured by type. No tiles, nothing fetched from elsewhere.
import L from "leaflet";
import { feature } from "topojson-client";
import { el, figureText } from "./dom.js";
import { typeColor } from "./colors.js";

export class EventMap {
  constructor(container, { onEvent }) {
    this.onEvent = onEvent;
    // Zoom 1 (the world in 512 px) lets a phone's map hold events from the Americas to Asia.
    this.map = L.map(container, { attributionControl: false, worldCopyJump: true, minZoom: 1, maxZoom: 12 });
    this.map.setView([30, 40], 2);
    this.map.createPane("admin1");
    this.map.getPane("admin1").style.zIndex = 350;
    this.base = L.layerGroup().addTo(this.map);
    this.markers = L.layerGroup().addTo(this.map);
    this.byId = new Map();
    this.provinces = new Map();
    this.fitted = false;
    this.loadCountries();
    const credit = L.control({ position: "bottomright" });
    credit.onAdd = () => el("div", { class: "map-credit" }, "Natural Earth · GeoNames");
    credit.addTo(this.map);
  }

  async loadCountries() {
    const response = await fetch("/assets/geo/countries.json");
    const topo = await response.json();
    L.geoJSON(unwrapped(feature(topo, topo.objects.countries)), {
      interactive: false,
      style: { color: "#8a9aa9", weight: 0.8, fillColor: "#eef1f3", fillOpacity: 1 },
    }).addTo(this.base);
  }

  async loadProvinces(country) {
    if (!country || this.provinces.has(country)) return;
    this.provinces.set(country, null);
    if (!this.shipped) this.shipped = fetch("/assets/geo/admin1/index.json").then((r) => r.json()).then((list) => new Set(list));
    if (!(await this.shipped).has(country)) return;
    const response = await fetch(`/assets/geo/admin1/${encodeURIComponent(country)}.json`);
    if (!response.ok) return;
    const topo = await response.json();
    const layer = L.geoJSON(feature(topo, topo.objects.admin1), {
      pane: "admin1",
      interactive: false,
      style: { color: "#a9b5c0", weight: 0.6, dashArray: "2 3", fill: false },
    }).addTo(this.base);
    this.provinces.set(country, layer);
  }

  show(events) {
    this.markers.clearLayers();
    this.byId = new Map();
    for (const event of events) this.upsert(event, false);
    this.fit();
  }

  upsert(event, flash = true) {
    const old = this.byId.get(event.id);
    if (old) this.markers.removeLayer(old);
    const loc = event.location;
    if (!loc || typeof loc.lat !== "number" || typeof loc.lon !== "number") return;
    this.loadProvinces(loc.country);
    const marker = L.circleMarker([loc.lat, loc.lon], {
      radius: radius(event),
      color: "#1b2631",
      weight: flash ? 2.5 : 1,
      fillColor: typeColor(event.type),
      fillOpacity: 0.75,
      className: `event-marker event-${cssId(event.id)}${flash ? " new" : ""}`,
    });
    marker.bindTooltip(tooltip(event));
    marker.on("click", () => this.onEvent(event.id));
    marker.addTo(this.markers);
    this.byId.set(event.id, marker);
    if (!this.fitted) this.fit();
  }

  fit() {
    const points = [...this.byId.values()].map((m) => m.getLatLng());
    if (points.length === 0) return;
    this.fitted = true;
    this.map.fitBounds(L.latLngBounds(points).pad(0.4), { maxZoom: 7 });
  }

  focus(event) {
    const marker = this.byId.get(event.id);
    if (marker) this.map.setView(marker.getLatLng(), Math.max(this.map.getZoom(), 6));
  }

  /** The visible area as the API's bbox filter: west,south,east,north. */
  bbox() {
    const b = this.map.getBounds();
    const round = (x) => Math.round(x * 1000) / 1000;
    const west = Math.max(-180, b.getWest());
    const east = Math.min(180, b.getEast());
    return [west, Math.max(-90, b.getSouth()), east, Math.min(90, b.getNorth())].map(round).join(",");
  }

  invalidate() {
    this.map.invalidateSize();
  }
}

/** Shapes cut at the antimeridian (Chukotka, Fiji) keep one side: a ring that spans more than
 * half the globe has its western points moved past 180°, so Leaflet draws no band across the map. */
function unwrapped(collection) {
  const ring = (points) => {
    let west = Infinity;
    let east = -Infinity;
    for (const [lon] of points) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
    }
    return east - west > 180 ? points.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]) : points;
  };
  for (const f of collection.features) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === "Polygon") g.coordinates = g.coordinates.map(ring);
    else if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((polygon) => polygon.map(ring));
  }
  return collection;
}

function radius(event) {
  let total = 0;
  for (const outcome of ["killed", "injured"]) {
    const f = event.figures && event.figures[outcome];
    if (f) total += f.high || 0;
  }
  return Math.min(30, 5 + 2.2 * Math.sqrt(total));
}

function cssId(id) {
  return String(id).replace(/[^A-Za-z0-9_-]/g, "_");
}

function tooltip(event) {
  const lines = [el("strong", {}, `${event.type} · ${event.location.name}`), el("br"), event.summary || ""];
  for (const [outcome, fig] of Object.entries(event.figures || {})) {
    lines.push(el("br"), `${outcome}: ${figureText(fig.latest)}${fig.contradiction ? " (disputed)" : ""}`);
  }
  return el("div", { class: "tip" }, lines);
}
