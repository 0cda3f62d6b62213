// The dashboard: filters in the URL, the five views, the evidence drawer, and live updates.
import { ApiError, filterParams, followChanges, getJSON, setToken } from "./api.js";
import { bindForm, readState, syncForm, writeState } from "./filters.js";
import { el, fill } from "./dom.js";
import { TYPE_COLORS, typeColor } from "./colors.js";
import { Ticker } from "./ticker.js";
import { Timeline } from "./timeline.js";
import { EventMap } from "./map.js";
import { Figures } from "./figures.js";
import { Actors } from "./actors.js";
import { renderEvent } from "./evidence.js";

const PAGE = 100;
const $ = (id) => document.getElementById(id);

class Dashboard {
  constructor() {
    this.state = readState();
    this.events = new Map();
    this.reportOffset = 0;
    this.eventOffset = 0;
    const open = (id, focus) => this.openEvent(id, focus);
    this.ticker = new Ticker($("ticker"), { onEvent: open });
    this.timeline = new Timeline($("timeline"), { onEvent: open });
    this.map = new EventMap($("map"), { onEvent: open });
    this.figures = new Figures($("figures"), { onEvent: open });
    this.actors = new Actors($("actors"), { onActor: (name) => this.apply({ ...this.filters(), actor: name }), onEvent: open });
    this.form = $("filters");
    bindForm(this.form, this.state, (filters) => this.apply(filters));
    $("use-map").addEventListener("click", () => {
      this.form.elements.namedItem("bbox").value = this.map.bbox();
      this.form.requestSubmit();
    });
    $("close-evidence").addEventListener("click", () => this.closeEvent());
    $("more-reports").addEventListener("click", () => this.loadReports(true));
    $("more-events").addEventListener("click", () => this.loadEvents(true));
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.closeEvent();
    });
    window.addEventListener("popstate", () => {
      this.state = readState();
      syncForm(this.form, this.state);
      this.reload();
    });
    this.setupTabs();
    this.fillLegend();
    // On a phone the filters fold away (open when the link carries some).
    if (window.matchMedia("(max-width: 760px)").matches && !Object.keys(this.filters()).length) $("filter-box").open = false;
  }

  filters() {
    return filterParams(this.state);
  }

  apply(filters) {
    this.state = { ...this.state, ...filters, event: "" };
    writeState(this.state);
    this.reload();
  }

  async start() {
    const params = new URLSearchParams(window.location.hash.slice(1));
    if (params.get("token")) {
      setToken(params.get("token"));
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    try {
      this.meta = await getJSON("/api/meta");
      const select = this.form.elements.namedItem("type");
      for (const type of this.meta.event_types || Object.keys(TYPE_COLORS)) select.appendChild(el("option", { value: type }, type));
      select.value = this.state.type || "";
    } catch (error) {
      this.showError(error);
    }
    await this.reload();
    followChanges((kind, change) => this.onChange(kind, change), (state) => this.setLive(state));
  }

  async reload() {
    this.hideError();
    const bboxNote = $("bbox-note");
    bboxNote.hidden = !this.state.bbox;
    bboxNote.textContent = this.state.bbox ? `Only events inside the map area ${this.state.bbox}.` : "";
    await Promise.all([this.loadReports(false), this.loadEvents(false), this.loadActors()]);
    if (this.state.event) this.openEvent(this.state.event, { report: this.state.report }, false);
    document.body.dataset.ready = "true";
  }

  async loadReports(more) {
    try {
      this.reportOffset = more ? this.reportOffset : 0;
      const page = await getJSON("/api/reports", { ...this.filters(), limit: PAGE, offset: this.reportOffset });
      if (more) this.ticker.append(page.reports);
      else this.ticker.show(page.reports);
      this.reportOffset += page.reports.length;
      $("more-reports").hidden = this.reportOffset >= page.total;
    } catch (error) {
      this.showError(error);
    }
  }

  async loadEvents(more) {
    try {
      this.eventOffset = more ? this.eventOffset : 0;
      const page = await getJSON("/api/events", { ...this.filters(), limit: PAGE, offset: this.eventOffset });
      if (!more) this.events = new Map();
      for (const event of page.events) this.events.set(event.id, event);
      this.eventOffset += page.events.length;
      this.total = page.total;
      $("more-events").hidden = this.eventOffset >= page.total;
      this.renderEvents();
    } catch (error) {
      this.showError(error);
    }
  }

  async loadActors() {
    try {
      this.actors.show(await getJSON("/api/actors", this.filters()));
    } catch (error) {
      this.showError(error);
    }
  }

  renderEvents() {
    const events = [...this.events.values()];
    this.timeline.show(events);
    this.map.show(events);
    this.figures.show(events);
    $("event-total").textContent = `${this.total} event${this.total === 1 ? "" : "s"}`;
    $("counts").textContent = `${this.total} events`;
  }

  /** A change from the server's stream: fetch what changed, if it passes the filters. */
  async onChange(kind, change) {
    const filters = this.filters();
    try {
      if (kind === "report") {
        const page = await getJSON("/api/reports", { ...filters, ids: change.ids.join(",") });
        for (const report of page.reports) this.ticker.prepend(report);
      } else {
        const page = await getJSON("/api/events", { ...filters, ids: change.ids.join(","), limit: PAGE });
        const known = new Set(page.events.map((e) => e.id));
        for (const id of change.ids) if (!known.has(id) && this.events.has(id)) this.events.delete(id);
        for (const event of page.events) {
          const fresh = !this.events.has(event.id);
          this.events.set(event.id, event);
          if (fresh) this.total = (this.total || 0) + 1;
          this.timeline.upsert(event);
          this.map.upsert(event);
        }
        this.figures.show([...this.events.values()]);
        $("event-total").textContent = `${this.total} events`;
        $("counts").textContent = `${this.total} events`;
        this.loadActors();
      }
    } catch (error) {
      this.showError(error);
    }
  }

  async openEvent(id, focus = {}, push = true) {
    const drawer = $("evidence");
    try {
      const detail = await getJSON(`/api/events/${encodeURIComponent(id)}`);
      renderEvent($("evidence-body"), detail, focus);
      drawer.hidden = false;
      const event = this.events.get(id) || detail.event;
      this.map.focus(event);
      if (push && this.state.event !== id) {
        this.state = { ...this.state, event: id, report: focus.report || "" };
        writeState(this.state);
      }
    } catch (error) {
      this.showError(error);
    }
  }

  closeEvent() {
    const drawer = $("evidence");
    if (drawer.hidden) return;
    drawer.hidden = true;
    this.state = { ...this.state, event: "", report: "" };
    writeState(this.state);
  }

  setLive(state) {
    const live = $("live");
    live.className = `live ${state}`;
    live.textContent = { live: "live", reconnecting: "reconnecting…", off: "offline" }[state] || state;
  }

  showError(error) {
    const box = $("error");
    box.hidden = false;
    box.textContent = error instanceof ApiError ? `${error.message} (${error.status} ${error.code})` : `Could not reach the server: ${error.message}`;
  }

  hideError() {
    $("error").hidden = true;
  }

  fillLegend() {
    const legend = $("legend");
    for (const type of ["ASSAULT", "FIGHT", "PROTEST", "COERCE", "MOBILIZE", "DEMAND", "THREATEN", "AID"]) {
      const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
      swatch.style.background = typeColor(type);
      legend.appendChild(el("li", {}, swatch, type));
    }
    legend.appendChild(el("li", {}, "other types: grey-blue; larger circle, more killed and injured"));
  }

  /** On a phone the views are tabs; the chosen one is kept in the URL. */
  setupTabs() {
    const show = (tab) => {
      document.body.dataset.tab = tab;
      for (const a of document.querySelectorAll(".tabs a")) a.classList.toggle("active", a.dataset.tab === tab);
      if (tab === "map") setTimeout(() => this.map.invalidate(), 0);
    };
    for (const a of document.querySelectorAll(".tabs a")) {
      a.addEventListener("click", (e) => {
        e.preventDefault();
        this.state = { ...this.state, tab: a.dataset.tab };
        writeState(this.state, { replace: true });
        show(a.dataset.tab);
      });
    }
    show(this.state.tab || "ticker");
  }
}

function boot() {
  new Dashboard().start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
