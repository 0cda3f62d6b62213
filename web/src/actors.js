// Actors and who acted on whom: pairs of actor and target over the filtered events, each
// with links to its events' evidence.
import { el, fill } from "./dom.js";
import { typeColor } from "./colors.js";

export class Actors {
  constructor(container, { onActor, onEvent }) {
    this.container = container;
    this.onActor = onActor;
    this.onEvent = onEvent;
  }

  show(data) {
    fill(this.container);
    const pairs = data.pairs || [];
    if (pairs.length === 0) {
      this.container.appendChild(el("p", { class: "empty" }, "No actors for these filters."));
      return;
    }
    const name = (actor) =>
      el("button", { type: "button", class: `actor kind-${actor.kind || "unknown"}`, title: `${actor.kind || ""} — show only events with this actor`, onclick: () => this.onActor(actor.name) }, actor.name);
    this.container.appendChild(
      el(
        "table",
        { class: "pairs" },
        el("thead", {}, el("tr", {}, el("th", {}, "who"), el("th", {}, "did"), el("th", {}, "to whom"), el("th", {}, "events"))),
        el(
          "tbody",
          {},
          pairs.map((pair) => {
            const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
            swatch.style.background = typeColor(pair.type);
            return el(
              "tr",
              {},
              el("td", {}, name(pair.actor)),
              el("td", {}, swatch, pair.type),
              el("td", {}, pair.target ? name(pair.target) : "—"),
              el("td", { class: "num events" }, eventLinks(pair.event_ids, this.onEvent)),
            );
          }),
        ),
      ),
    );
  }
}

const SHOWN_EVENTS = 5;

/** The pair's count, then its first events as links that open their evidence. */
function eventLinks(ids, onEvent) {
  const links = ids.slice(0, SHOWN_EVENTS).map((id, i) =>
    el("a", { href: `?event=${encodeURIComponent(id)}`, title: `event ${id}: its evidence`, onclick: (e) => { e.preventDefault(); onEvent(id); } }, ` ${i + 1}`),
  );
  return [`${ids.length} ·`, links, ids.length > SHOWN_EVENTS ? " …" : null];
}
