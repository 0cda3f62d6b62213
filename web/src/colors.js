// One colour an event type (PLOVER), shared by the map, the timeline and the legend.
export const TYPE_COLORS = {
  ASSAULT: "#c0392b",
  FIGHT: "#e67e22",
  COERCE: "#8e44ad",
  PROTEST: "#2980b9",
  MOBILIZE: "#16a085",
  CRIME: "#7f8c8d",
  THREATEN: "#d35400",
  SANCTION: "#6c3483",
  DEMAND: "#2471a3",
  DISAPPROVE: "#b7950b",
  REJECT: "#a04000",
  AID: "#229954",
  AGREE: "#1e8449",
  CONSULT: "#5499c7",
  SUPPORT: "#45b39d",
  CONCEDE: "#58d68d",
  COOPERATE: "#48c9b0",
  RETREAT: "#95a5a6",
  INVESTIGATE: "#5d6d7e",
};

export function typeColor(type) {
  return TYPE_COLORS[type] || "#566573";
}

export const OUTCOME_COLORS = {
  killed: "#b03a2e",
  injured: "#d68910",
  arrested: "#2e86c1",
  missing: "#7d3c98",
  displaced: "#117a65",
};
