// Filters live in the URL (a view is shared by its link) and mirror the API's parameters.
import { FILTER_KEYS } from "./api.js";

const VIEW_KEYS = ["event", "report", "tab"];

export function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = {};
  for (const key of [...FILTER_KEYS, ...VIEW_KEYS]) state[key] = params.get(key) || "";
  return state;
}

export function writeState(state, { replace = false } = {}) {
  const params = new URLSearchParams();
  for (const key of [...FILTER_KEYS, ...VIEW_KEYS]) if (state[key]) params.set(key, state[key]);
  const url = params.toString() ? `?${params}` : window.location.pathname;
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
}

/** Bind the filter form to the state: fill it, and call `onChange(filters)` on submit or reset. */
export function bindForm(form, state, onChange) {
  for (const key of FILTER_KEYS) {
    const input = form.elements.namedItem(key);
    if (input) input.value = state[key] || "";
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = {};
    for (const key of FILTER_KEYS) {
      const input = form.elements.namedItem(key);
      next[key] = input ? input.value.trim() : state[key];
    }
    onChange(next);
  });
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    const next = {};
    for (const key of FILTER_KEYS) {
      next[key] = "";
      const input = form.elements.namedItem(key);
      if (input) input.value = "";
    }
    onChange(next);
  });
}

export function syncForm(form, state) {
  for (const key of FILTER_KEYS) {
    const input = form.elements.namedItem(key);
    if (input) input.value = state[key] || "";
  }
}
