// The ticker: reports as they arrived, newest first, with the extracted facts marked in the
// text and linked to their events.
import { el, fill, formatTime, markedText } from "./dom.js";

const KIND_LABELS = {
  evidence: "event",
  casualty: "casualty figure",
  person: "person",
  organization: "organisation",
  group: "group",
  place: "place",
  source: "source",
};

export class Ticker {
  constructor(list, { onEvent }) {
    this.list = list;
    this.onEvent = onEvent;
    this.ids = new Set();
  }

  show(reports) {
    this.ids = new Set();
    fill(this.list);
    this.append(reports);
    if (reports.length === 0) this.list.appendChild(el("li", { class: "empty" }, "No reports match these filters."));
  }

  append(reports) {
    for (const report of reports) {
      if (this.ids.has(report.id)) continue;
      this.ids.add(report.id);
      this.list.appendChild(this.item(report));
    }
  }

  /** A report that arrived live goes on top, flagged as new. */
  prepend(report) {
    if (this.ids.has(report.id)) return;
    this.ids.add(report.id);
    const empty = this.list.querySelector(".empty");
    if (empty) empty.remove();
    const item = this.item(report);
    item.classList.add("new");
    this.list.prepend(item);
  }

  item(report) {
    const text = el("p", { class: "report-text" });
    text.appendChild(markedText(report.text || "", report.marks || [], (mark, node) => this.decorate(mark, node)));
    return el(
      "li",
      { class: "report", id: `report-${report.id}`, dataset: { reportId: report.id } },
      el(
        "p",
        { class: "meta" },
        el("time", { datetime: report.time || "" }, formatTime(report.time, true, report.time_precision) || "time unknown"),
        " · ",
        el("span", { class: "outlet" }, report.outlet || report.document_id),
      ),
      report.headline ? el("h3", {}, report.headline) : null,
      text,
    );
  }

  decorate(mark, node) {
    const label = mark.label ? `${KIND_LABELS[mark.kind] || mark.kind}: ${mark.label}` : KIND_LABELS[mark.kind] || mark.kind;
    node.title = label;
    if (mark.event_id) {
      node.dataset.eventId = mark.event_id;
      node.tabIndex = 0;
      node.setAttribute("role", "link");
      const open = (event) => {
        event.stopPropagation();
        this.onEvent(mark.event_id, { report: mark.report_id, start: mark.start, end: mark.end });
      };
      node.addEventListener("click", open);
      node.addEventListener("keydown", (event) => {
        if (event.key === "Enter") open(event);
      });
    }
  }
}
