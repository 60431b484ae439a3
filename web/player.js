// A session's audio in an <audio> element: the MP3 stream (HLS where the browser plays only
// that natively), play/pause and volume, reconnecting by itself after a network drop, and
// MediaSession metadata so lock screens and media keys show and control it.

const RETRY_SECONDS = [1, 2, 4, 8];

export class Player {
  constructor({ audio, button, volume, status, streamURL, hlsURL }) {
    Object.assign(this, { audio, button, status, streamURL, hlsURL });
    this.wanted = false;
    this.failures = 0;
    this.retry = null;
    this.source = streamURL;
    audio.volume = Number(volume.value);
    volume.addEventListener("input", () => { audio.volume = Number(volume.value); });
    button.addEventListener("click", () => (this.wanted ? this.pause() : this.play()));
    audio.addEventListener("playing", () => { this.failures = 0; this.say("Playing"); });
    audio.addEventListener("waiting", () => { if (this.wanted) this.say("Buffering…"); });
    audio.addEventListener("error", () => this.dropped());
    audio.addEventListener("ended", () => this.dropped());
    if ("mediaSession" in navigator) {
      navigator.mediaSession.setActionHandler("play", () => this.play());
      navigator.mediaSession.setActionHandler("pause", () => this.pause());
      navigator.mediaSession.setActionHandler("stop", () => this.pause());
    }
  }

  set title(name) {
    if ("mediaSession" in navigator && "MediaMetadata" in window) {
      navigator.mediaSession.metadata = new MediaMetadata({ title: name, artist: "Synthcast", album: "Endless session" });
    }
  }

  play() {
    this.wanted = true;
    this.button.textContent = "Pause";
    this.button.setAttribute("aria-pressed", "true");
    this.connect();
  }

  /** Pausing a live stream drops the connection: playing again starts at the live edge. */
  pause() {
    this.wanted = false;
    clearTimeout(this.retry);
    this.button.textContent = "Play";
    this.button.setAttribute("aria-pressed", "false");
    this.audio.pause();
    this.audio.removeAttribute("src");
    this.audio.load();
    this.say("Paused");
    if ("mediaSession" in navigator) navigator.mediaSession.playbackState = "paused";
  }

  /** Stops for good (the session ended), saying why. */
  stop(reason) {
    this.pause();
    this.button.disabled = true;
    this.say(reason);
  }

  connect() {
    clearTimeout(this.retry);
    this.say("Connecting…");
    this.audio.src = this.source;
    this.audio.play().catch((error) => {
      if (error.name === "NotAllowedError") {
        this.pause();
        this.say("Press Play to listen.");
      }
    });
    if ("mediaSession" in navigator) navigator.mediaSession.playbackState = "playing";
  }

  dropped() {
    if (!this.wanted || this.button.disabled) return;
    const unsupported = this.audio.error?.code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED;
    if (unsupported && this.source === this.streamURL && this.audio.canPlayType("application/vnd.apple.mpegurl")) {
      this.source = this.hlsURL;
      this.connect();
      return;
    }
    const seconds = RETRY_SECONDS[Math.min(this.failures, RETRY_SECONDS.length - 1)];
    this.failures += 1;
    this.say(`Connection lost; trying again in ${seconds} s…`);
    this.retry = setTimeout(() => { if (this.wanted) this.connect(); }, seconds * 1000);
  }

  say(text) { this.status.textContent = text; }
}
