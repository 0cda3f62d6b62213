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

/** "6 Jan 2022, 22:30" in the viewer's locale, or the raw value when it does not parse. */
export function formatTime(value, withTime = true) {
  if (!value) return "";
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return String(value);
  const options = { day: "numeric", month: "short", year: "numeric" };
  if (withTime && value.length > 10) Object.assign(options, { hour: "2-digit", minute: "2-digit" });
  if (value.length === 10) options.timeZone = "UTC";
  return date.toLocaleString(undefined, options);
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
