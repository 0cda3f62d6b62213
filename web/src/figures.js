// Casualty figures over time: for each event, every source's claim as a point at the time it
// was reported, the claims listed with their sources, and disputed figures marked.
import uPlot from "uplot";
import { el, fill, figureText, formatTime, sourceText } from "./dom.js";
import { OUTCOME_COLORS } from "./colors.js";

const MAX_CHARTS = 6;

export class Figures {
  constructor(container, { onEvent }) {
    this.container = container;
    this.onEvent = onEvent;
    this.charts = [];
  }

  show(events) {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
    fill(this.container);
    const withFigures = events
      .filter((e) => e.figures && Object.keys(e.figures).length > 0)
      .sort((a, b) => claimCount(b) - claimCount(a) || highest(b) - highest(a))
      .slice(0, MAX_CHARTS);
    if (withFigures.length === 0) {
      this.container.appendChild(el("p", { class: "empty" }, "No casualty figures for these filters."));
      return;
    }
    for (const event of withFigures) this.container.appendChild(this.card(event));
  }

  card(event) {
    const chartBox = el("div", { class: "chart" });
    const rows = [];
    for (const [outcome, fig] of Object.entries(event.figures)) {
      for (const claim of fig.claims || []) rows.push({ outcome, fig, claim });
    }
    rows.sort((a, b) => (a.claim.time || "").localeCompare(b.claim.time || ""));
    const table = el(
      "table",
      { class: "claims" },
      el("thead", {}, el("tr", {}, el("th", {}, "reported"), el("th", {}, "figure"), el("th", {}, "source"), el("th", {}, "words"))),
      el(
        "tbody",
        {},
        rows.map(({ outcome, fig, claim }) =>
          el(
            "tr",
            { class: disputed(fig, claim) ? "disputed" : "" },
            el("td", {}, formatTime(claim.time)),
            el("td", { class: `outcome-${outcome}` }, `${figureText(claim)} ${outcome}`, disputed(fig, claim) ? el("span", { class: "contradiction", title: "contradicts another claim for the same moment" }, " ⚠ disputed") : null),
            el("td", {}, sourceText(claim.sources)),
            el("td", {}, el("a", { href: `?event=${encodeURIComponent(event.id)}`, onclick: (e) => { e.preventDefault(); this.onEvent(event.id, { report: claim.report_id }); } }, claim.text || "evidence")),
          ),
        ),
      ),
    );
    const summary = Object.entries(event.figures)
      .map(([outcome, f]) => `${outcome} ${figureText(f.latest)} (range ${f.low}–${f.high})${f.contradiction ? ", disputed" : ""}`)
      .join(" · ");
    const card = el(
      "article",
      { class: "figure-card", dataset: { eventId: event.id } },
      el("h3", {}, el("a", { href: `?event=${encodeURIComponent(event.id)}`, onclick: (e) => { e.preventDefault(); this.onEvent(event.id); } }, event.summary || event.id)),
      el("p", { class: "meta" }, `${event.location ? event.location.name : "place unknown"} · latest: ${summary}`),
      chartBox,
      table,
    );
    requestAnimationFrame(() => this.chart(event, chartBox));
    return card;
  }

  chart(event, box) {
    const outcomes = Object.keys(event.figures);
    const times = new Set();
    for (const o of outcomes) for (const c of event.figures[o].claims || []) if (c.time) times.add(Date.parse(c.time) / 1000);
    const xs = [...times].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
    if (xs.length === 0) return;
    const data = [xs];
    const series = [{}];
    for (const outcome of outcomes) {
      const fig = event.figures[outcome];
      const low = xs.map(() => null);
      const disputedPoints = xs.map(() => null);
      for (const claim of fig.claims || []) {
        const i = xs.indexOf(Date.parse(claim.time) / 1000);
        if (i < 0) continue;
        low[i] = Math.max(low[i] ?? 0, claim.min ?? 0);
        if (disputed(fig, claim)) disputedPoints[i] = claim.min;
      }
      const color = OUTCOME_COLORS[outcome] || "#555";
      data.push(low);
      series.push({ label: outcome, stroke: color, width: 1.5, spanGaps: true, points: { size: 7, fill: color } });
      if (fig.contradiction) {
        data.push(disputedPoints);
        series.push({ label: `${outcome} disputed`, stroke: "#e74c3c", width: 0, points: { size: 13, width: 2, fill: "transparent", stroke: "#e74c3c" } });
      }
    }
    const width = Math.max(240, box.clientWidth || 320);
    const chart = new uPlot({ width, height: 160, series, scales: { x: { time: true, range: timeRange }, y: { range: countRange } }, legend: { show: true, live: false }, cursor: { drag: { x: false, y: false } } }, data, box);
    this.charts.push(chart);
  }
}

// Claims made at one moment (or within minutes) still get a readable axis: at least six hours
// around them, and a margin so no point sits on the frame.
function timeRange(_u, min, max) {
  const pad = Math.max((max - min) * 0.08, 3 * 3600 - (max - min) / 2);
  return [min - pad, max + pad];
}

function countRange(_u, _min, max) {
  return [0, Math.max(1, Math.ceil((max || 0) * 1.15))];
}

function disputed(fig, claim) {
  if (typeof claim.disputed === "boolean") return claim.disputed;
  if (!fig.contradiction || claim.qualifier !== "exact") return false;
  return (fig.claims || []).some((other) => other !== claim && other.qualifier === "exact" && other.time === claim.time && other.min !== claim.min);
}

function claimCount(event) {
  return Object.values(event.figures).reduce((n, f) => n + (f.claims || []).length, 0);
}

function highest(event) {
  return Object.values(event.figures).reduce((n, f) => Math.max(n, f.high || 0), 0);
}
