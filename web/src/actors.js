// Actors and who acted on whom: pairs of actor and target over the filtered events.
import { el, fill } from "./dom.js";
import { typeColor } from "./colors.js";

export class Actors {
  constructor(container, { onActor }) {
    this.container = container;
    this.onActor = onActor;
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
              el("td", { class: "num" }, String(pair.count)),
            );
          }),
        ),
      ),
    );
  }
}
