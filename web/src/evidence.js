// One event with all its claims: each claim's evidence shown inside its report, the span marked.
import { el, fill, figureText, formatTime, markedText, sourceText } from "./dom.js";
import { typeColor } from "./colors.js";

export function renderEvent(body, detail, focus = {}) {
  const event = detail.event;
  const reports = new Map((detail.reports || []).map((r) => [r.id, r]));
  const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
  swatch.style.background = typeColor(event.type);
  const loc = event.location;
  const facts = [
    ["when", `${event.date || "undated"}${event.date_precision ? ` (${event.date_precision})` : ""}`],
    ["where", loc ? `${loc.name}${loc.admin1 ? `, ${loc.admin1}` : ""}${loc.country ? ` (${loc.country})` : ""}${typeof loc.lat === "number" ? ` · ${loc.lat.toFixed(3)}, ${loc.lon.toFixed(3)}` : ""}` : "unknown"],
    ["ACLED", event.acled && event.acled.event_type ? `${event.acled.event_type} / ${event.acled.sub_event_type}` : ""],
    ["mode", event.mode || ""],
    ["actors", (event.actors || []).map((a) => `${a.name} (${a.role}${a.kind ? `, ${a.kind}` : ""})`).join("; ")],
    ["sources", sourceText(event.sources)],
    ["attribution", event.attribution || ""],
    ["contested terms", (event.contested_terms || []).join(", ")],
    ["confidence", typeof event.confidence === "number" ? event.confidence.toFixed(2) : ""],
    ["documents", (event.documents || []).join(", ")],
  ].filter(([, v]) => v);
  const figureRows = Object.entries(event.figures || {}).map(([outcome, f]) =>
    el("li", { class: f.contradiction ? "disputed" : "" }, `${outcome}: latest ${figureText(f.latest)}, lowest ${f.low}, highest ${f.high}`, f.contradiction ? el("span", { class: "contradiction" }, " ⚠ sources disagree") : null),
  );
  fill(
    body,
    el("h2", {}, swatch, `${event.type} · `, event.summary || event.id),
    el("dl", { class: "facts" }, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    figureRows.length ? [el("h3", {}, "Figures"), el("ul", { class: "figure-list" }, figureRows)] : null,
    el("h3", {}, `Evidence (${(event.claims || []).length} claim${(event.claims || []).length === 1 ? "" : "s"})`),
    el("ol", { class: "claims-list" }, (event.claims || []).map((claim) => claimItem(claim, reports.get(claim.report_id), focus, event.id))),
  );
  const target = body.querySelector(".focus") || body.querySelector(".claim");
  if (target) target.scrollIntoView({ block: "nearest" });
}

function claimItem(claim, report, focus, eventId) {
  const spans = (claim.evidence || []).filter((e) => e.report_id === claim.report_id || !e.report_id);
  const marks = spans.map((s) => ({ start: s.start, end: s.end, kind: "evidence" }));
  // The report's own marks for this event (its casualty figures) and the entities it names.
  for (const m of (report && report.marks) || []) {
    if (m.kind !== "evidence" && (!m.event_id || m.event_id === eventId)) marks.push(m);
  }
  const isFocus = focus.report && focus.report === claim.report_id;
  const text = report ? el("p", { class: "report-text" }, markedText(report.text || "", marks)) : el("p", { class: "report-text" }, spans.map((s) => s.text).join(" … "));
  return el(
    "li",
    { class: `claim${isFocus ? " focus" : ""}`, id: `claim-${claim.report_id}` },
    el(
      "p",
      { class: "meta" },
      report ? formatTime(report.time, true, report.time_precision) : "",
      report && report.outlet ? ` · ${report.outlet}` : "",
      ` · ${claim.document_id} / ${claim.report_id} · ${claim.attribution || "asserted"} by ${sourceText(claim.sources)}`,
    ),
    report && report.headline ? el("h4", {}, report.headline) : null,
    text,
  );
}
