// The same origin's JSON API, with refusals turned into messages a visitor can read.

export class APIError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const explanations = {
  401: "The server wants the admin token for this.",
  403: "The server does not allow this.",
  404: "Not found.",
  409: "It already exists.",
  429: "Too many changes at once; slow down a moment.",
  503: "The server is busy; try again shortly.",
};

/** Calls the API; resolves to the JSON reply (or null), rejects with an APIError. */
export async function api(method, path, body) {
  const init = { method, headers: { Accept: "application/json" }, cache: "no-store" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new APIError(0, "The server cannot be reached; check the connection.");
  }
  const text = await response.text();
  let reply = null;
  try { reply = text ? JSON.parse(text) : null; } catch { reply = null; }
  if (!response.ok) {
    const said = reply && typeof reply.error === "string" ? reply.error : "";
    const retry = response.headers.get("Retry-After");
    const general = explanations[response.status] ?? `The server refused (${response.status}).`;
    const wait = retry && (response.status === 429 || response.status === 503) ? ` (retry in ${retry} s)` : "";
    throw new APIError(response.status, said ? `${general}${wait} ${said}` : general + wait);
  }
  return reply;
}

/** Shows a message in a page's alert region, or hides it. */
export function showError(message) {
  const element = document.getElementById("error");
  element.textContent = message ?? "";
  element.hidden = !message;
}
