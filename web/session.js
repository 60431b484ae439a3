// A session's page: the player for anyone holding a listen id, and with the control token
// also every knob, presets, randomize and undo. The token stays in this page's URL and goes
// only to this origin's API.
import { api, showError } from "./api.js";
import { ChangeSender } from "./changes.js";
import { buildKnobs, valueAt } from "./knobs.js";
import { Player } from "./player.js";

const POLL_MS = 500;
const UNDO_DEPTH = 50;
const $ = (id) => document.getElementById(id);

const id = decodeURIComponent(location.pathname.split("/")[2] ?? "");
const sessionPath = `/sessions/${encodeURIComponent(id)}`;

let session;
try {
  session = await api("GET", sessionPath);
} catch (error) {
  showError(error.status === 404 ? `This session cannot be played: ${error.message}` : error.message);
  $("play").disabled = true;
}
if (session) await showSession();

/** Everything on the page of a session that exists. */
async function showSession() {
  const control = typeof session.id === "string";
  const listen = encodeURIComponent(session.listen_id);
  const player = new Player({
    audio: $("audio"), button: $("play"), volume: $("volume"), status: $("status"),
    streamURL: `/stream?id=${listen}`, hlsURL: `/hls/${listen}/live-ts.m3u8`,
  });

  function showTitle(preset) {
    $("title").textContent = preset;
    document.title = `${preset} · Synthcast`;
    player.title = preset;
  }
  showTitle(session.preset);

  // Sharing hands out the listen-only id, never the control token.
  $("share-page").value = `${location.origin}/play/${listen}`;
  $("share-stream").value = session.listen_url;
  $("share-hls").value = session.hls_url;
  $("share-button").addEventListener("click", () => {
    const share = $("share");
    share.hidden = !share.hidden;
    $("share-button").setAttribute("aria-expanded", String(!share.hidden));
    if (!share.hidden) $("share-page").select();
  });

  // A download renders the settings in force when it is asked for; the link names the listen id.
  function pointDownload() {
    const seconds = $("download-seconds").value, format = $("download-format").value;
    $("download").href = `/sessions/${listen}/download?seconds=${seconds}&format=${format}`;
  }
  $("download-seconds").addEventListener("change", pointDownload);
  $("download-format").addEventListener("change", pointDownload);
  pointDownload();

  function showState(info) {
    const count = info.listeners;
    $("listeners").textContent = `${count} listener${count === 1 ? "" : "s"}`;
    // The level is linear RMS; its square root reads more like loudness on a bar.
    $("level").value = Math.min(1, Math.sqrt(Math.max(0, info.level)));
  }
  showState(session);

  let knobs = new Map();
  // While a change of a key is on its way, the server's value of it may be older.
  let pendingKey = () => false;
  if (control) knobs = await setUpControls();

  function showValues(params, except = () => false) {
    for (const [key, value] of Object.entries(params)) {
      if (!except(key)) knobs.get(key)?.show(value);
    }
  }

  async function setUpControls() {
    const [schema, presetList] = await Promise.all([api("GET", "/params"), api("GET", "/presets")]);
    const rows = schema.params;
    const undo = [];
    let lastMoved = { key: null, at: 0 };

    const remember = () => {
      undo.push({ ...session.params });
      if (undo.length > UNDO_DEPTH) undo.shift();
      $("undo").disabled = false;
    };
    const sender = new ChangeSender(async (changes) => {
      const reply = await api("PATCH", `${sessionPath}/params`, changes);
      Object.assign(session.params, reply?.params ?? changes);
    }, (error) => showError(error.message));

    const made = buildKnobs(rows, $("knobs"), (key, value) => {
      // One drag of one knob is one step of undo.
      const now = performance.now();
      if (lastMoved.key !== key || now - lastMoved.at > 1500) remember();
      lastMoved = { key, at: now };
      showError(null);
      sender.set(key, value);
    });

    async function apply(params) {
      showError(null);
      try {
        const reply = await api("PATCH", `${sessionPath}/params`, params);
        session.params = { ...session.params, ...(reply?.params ?? params) };
        showValues(session.params);
      } catch (error) {
        showError(error.message);
      }
    }

    $("randomize").addEventListener("click", () => {
      remember();
      const params = {};
      for (const row of rows.filter((row) => row.randomizable)) {
        if (row.kind === "enum") params[row.key] = row.choices[Math.floor(Math.random() * row.choices.length)];
        else if (row.kind === "bool") params[row.key] = Math.random() < 0.5;
        else params[row.key] = valueAt(row, Math.random());
      }
      apply(params);
    });
    $("undo").addEventListener("click", () => {
      const previous = undo.pop();
      $("undo").disabled = undo.length === 0;
      if (previous) apply(previous);
    });

    const choice = $("preset-choice");
    const fillPresets = (presets) => choice.replaceChildren(...presets.map((preset) => new Option(preset.name, preset.name)));
    fillPresets(presetList.presets);
    choice.value = session.preset;
    $("load-preset").addEventListener("click", async () => {
      showError(null);
      remember();
      try {
        const reply = await api("POST", `${sessionPath}/preset`, { name: choice.value });
        session.preset = reply.preset;
        session.params = reply.params;
        showTitle(reply.preset);
        showValues(reply.params);
      } catch (error) {
        showError(error.message);
      }
    });

    $("save-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      showError(null);
      const name = $("save-name").value.trim();
      const preset = { name, description: `Saved from a session of ${session.preset}.`, seed: session.seed, params: session.params };
      const path = `/presets/${encodeURIComponent(name)}`;
      try {
        try {
          await api("PUT", path, preset);
        } catch (error) {
          if (error.status !== 409) throw error;
          if (!confirm(`A preset named “${name}” exists. Replace it?`)) return;
          await api("PUT", `${path}?overwrite=true`, preset);
        }
        player.say(`Saved as preset “${name}”.`);
        fillPresets((await api("GET", "/presets")).presets);
        choice.value = name;
      } catch (error) {
        showError(error.message);
      }
    });

    knobs = made;
    showValues(session.params);
    $("controls").hidden = false;
    pendingKey = (key) => sender.isPending(key);
    return made;
  }

  // Changes made elsewhere (the TUI, curl, another tab) show within a poll.
  async function poll() {
    try {
      const info = await api("GET", sessionPath);
      session = { ...info, params: { ...info.params } };
      showState(info);
      if (control) {
        if (info.preset !== $("title").textContent) showTitle(info.preset);
        showValues(info.params, pendingKey);
      }
    } catch (error) {
      if (error.status === 404) {
        player.stop("This session has ended.");
        showError(error.message);
        return;
      }
    }
    setTimeout(poll, POLL_MS);
  }
  setTimeout(poll, POLL_MS);
}
