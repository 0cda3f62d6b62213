// DOM helpers. Every piece of text from a report, an event or an entity goes in through
// text nodes (textContent): nothing the news says is ever parsed as HTML.

/** Build an element: el("a", {href: "#", class: "x", onclick: fn}, "text", child, ...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "href") node.setAttribute("href", safeHref(value));
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Links the page builds itself: in-page (?…, #…) and same-origin paths only. */
export function safeHref(value) {
  const text = String(value);
  return /^(\?|#|\/(?!\/))/.test(text) ? text : "#";
}

/** Replace a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/**
 * A report's text with its facts marked: marks are {start, end, kind, ...} offsets into text.
 * Overlapping marks nest when they can and are clipped when they cannot; `decorate(mark, node)`
 * may add links or data to each <mark>.
 */
export function markedText(text, marks, decorate = () => {}) {
  const frag = document.createDocumentFragment();
  const sorted = [...marks]
    .filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.end > m.start && m.start >= 0)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const stack = [{ end: text.length, node: frag }];
  let pos = 0;
  const emit = (upTo) => {
    if (upTo > pos) stack[stack.length - 1].node.appendChild(document.createTextNode(text.slice(pos, upTo)));
    pos = Math.max(pos, upTo);
  };
  for (const mark of sorted) {
    const start = Math.max(mark.start, pos);
    while (stack.length > 1 && stack[stack.length - 1].end <= start) {
      emit(stack[stack.length - 1].end);
      stack.pop();
    }
    const end = Math.min(mark.end, stack[stack.length - 1].end, text.length);
    if (end <= start) continue;
    emit(start);
    const node = document.createElement("mark");
    node.className = `fact fact-${mark.kind}`;
    decorate(mark, node);
    stack[stack.length - 1].node.appendChild(node);
    stack.push({ end, node });
  }
  while (stack.length > 1) {
    emit(stack[stack.length - 1].end);
    stack.pop();
  }
  emit(text.length);
  return frag;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "6 Jan 2022, 22:30 +01:00": a report's time as its source's clock showed it, with the offset,
 * so a desk reads the ticker's own times; a bare date is shown as a date.
 */
export function formatTime(value, withTime = true, precision = "minute") {
  if (!value) return "";
  if (["day", "week", "month", "year", "unknown"].includes(precision)) withTime = false;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(String(value));
  if (!m) return String(value);
  const day = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] || m[2]} ${m[1]}`;
  if (!withTime || m[4] === undefined) return day;
  const zone = m[6] === undefined ? "" : m[6] === "Z" ? " UTC" : ` ${m[6]}`;
  return `${day}, ${m[4]}:${m[5]}${zone}`;
}

export function figureText(claim) {
  if (!claim) return "";
  const { min, max, qualifier } = claim;
  const value = max !== null && max !== undefined && max !== min ? `${min}–${max}` : `${min}`;
  const prefix = { at_least: "≥ ", at_most: "≤ ", approx: "≈ ", vague: "≥ " }[qualifier] || "";
  return `${prefix}${value}`;
}

export function sourceText(sources) {
  if (!sources || sources.length === 0) return "unattributed";
  return sources.map((s) => (s.via ? `${s.name} via ${s.via}` : s.name)).join("; ");
}
