// The dashboard's one door to the server: JSON requests, the error shape, the live stream.

export const FILTER_KEYS = ["since", "until", "type", "place", "bbox", "actor", "source", "q"];

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function token() {
  return window.sessionStorage.getItem("sitrep-token") || "";
}

export function setToken(value) {
  if (value) window.sessionStorage.setItem("sitrep-token", value);
  else window.sessionStorage.removeItem("sitrep-token");
}

export async function getJSON(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const headers = { Accept: "application/json" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const response = await fetch(url, { headers });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body && body.error ? body.error : { code: "http_error", message: response.statusText };
    throw new ApiError(response.status, error.code, error.message);
  }
  return body;
}

/** Only the filters the API knows, without empty values. */
export function filterParams(filters) {
  const params = {};
  for (const key of FILTER_KEYS) if (filters[key]) params[key] = filters[key];
  return params;
}

/**
 * Follow the server's change stream. EventSource reconnects by itself and sends the last
 * event id, so nothing stored while the connection was down is missed.
 */
export function followChanges(onChange, onState) {
  const url = token() ? `/api/stream?token=${encodeURIComponent(token())}` : "/api/stream";
  const source = new EventSource(url);
  source.addEventListener("open", () => onState("live"));
  source.addEventListener("error", () => onState(source.readyState === EventSource.CLOSED ? "off" : "reconnecting"));
  for (const kind of ["report", "event", "figures"]) {
    source.addEventListener(kind, (message) => {
      try {
        onChange(kind, JSON.parse(message.data));
      } catch (error) {
        console.warn("sitrep: unreadable change", error);
      }
    });
  }
  return source;
}
