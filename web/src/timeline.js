// The timeline: fused events in time order, grouped by day, each linked to its evidence.
import { el, fill, formatTime, figureText } from "./dom.js";
import { typeColor } from "./colors.js";

export class Timeline {
  constructor(list, { onEvent }) {
    this.list = list;
    this.onEvent = onEvent;
    this.events = new Map();
  }

  show(events) {
    this.events = new Map(events.map((e) => [e.id, e]));
    this.render();
  }

  upsert(event) {
    this.events.set(event.id, event);
    this.render(event.id);
  }

  render(fresh = null) {
    fill(this.list);
    const events = [...this.events.values()].sort((a, b) => eventTime(b).localeCompare(eventTime(a)));
    if (events.length === 0) {
      this.list.appendChild(el("li", { class: "empty" }, "No events match these filters."));
      return;
    }
    let day = null;
    for (const event of events) {
      const thisDay = (event.date || "").slice(0, 10) || "undated";
      if (thisDay !== day) {
        day = thisDay;
        this.list.appendChild(el("li", { class: "day" }, el("h3", {}, thisDay === "undated" ? "Undated" : formatTime(thisDay, false))));
      }
      const item = this.item(event);
      if (event.id === fresh) item.classList.add("new");
      this.list.appendChild(item);
    }
  }

  item(event) {
    const killed = event.figures && event.figures.killed;
    const injured = event.figures && event.figures.injured;
    const tolls = [];
    if (killed) tolls.push(`${figureText(killed.latest)} killed`);
    if (injured) tolls.push(`${figureText(injured.latest)} injured`);
    const contradiction = Object.values(event.figures || {}).some((f) => f.contradiction);
    const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
    swatch.style.background = typeColor(event.type);
    return el(
      "li",
      { class: "event", id: `event-${event.id}`, dataset: { eventId: event.id } },
      el(
        "a",
        {
          href: `?event=${encodeURIComponent(event.id)}`,
          onclick: (e) => {
            e.preventDefault();
            this.onEvent(event.id);
          },
        },
        swatch,
        el("span", { class: "type" }, event.type),
        event.acled ? el("span", { class: "subtype" }, event.acled.sub_event_type) : null,
        el("span", { class: "summary" }, event.summary || ""),
      ),
      el(
        "p",
        { class: "meta" },
        event.location ? event.location.name : "place unknown",
        tolls.length ? ` · ${tolls.join(", ")}` : "",
        contradiction ? el("span", { class: "contradiction", title: "sources disagree" }, " · figures disputed") : null,
        ` · ${(event.claims || []).length} claim(s), ${(event.documents || []).length} document(s)`,
      ),
    );
  }
}

function eventTime(event) {
  return `${event.date || ""}|${event.first_seen || ""}|${event.id}`;
}
