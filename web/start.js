// The start page: the presets as a gallery, each with a button that starts a session of it.
import { api, showError } from "./api.js";

async function newSession(preset, button) {
  button.disabled = true;
  try {
    const session = await api("POST", "/sessions", { preset });
    location.assign(`/play/${encodeURIComponent(session.id)}`);
  } catch (error) {
    showError(error.message);
    button.disabled = false;
  }
}

function card(preset) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  heading.textContent = preset.name;
  const description = document.createElement("p");
  description.textContent = preset.description ?? "";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "New session";
  button.setAttribute("aria-label", `New session of ${preset.name}`);
  button.dataset.preset = preset.name;
  button.addEventListener("click", () => newSession(preset.name, button));
  item.append(heading, description, button);
  return item;
}

try {
  const { presets } = await api("GET", "/presets");
  document.getElementById("presets").replaceChildren(...presets.map(card));
} catch (error) {
  showError(`The presets cannot be listed. ${error.message}`);
}
