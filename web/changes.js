// Sends a session's changes at most every `interval` ms, one request at a time, merged: a
// drag of a hundred steps becomes a few requests, and the last value always goes out.

export class ChangeSender {
  constructor(send, onError, interval = 50) {
    this.send = send;
    this.onError = onError;
    this.interval = interval;
    this.pending = {};
    this.sending = {};
    this.inFlight = false;
    this.timer = null;
    this.lastSent = 0;
  }

  set(key, value) {
    this.pending[key] = value;
    this.schedule();
  }

  /** A change of this key is waiting or on its way: what the server says may be older. */
  isPending(key) { return key in this.pending || key in this.sending; }

  schedule() {
    if (this.inFlight || this.timer !== null || Object.keys(this.pending).length === 0) return;
    const wait = Math.max(0, this.lastSent + this.interval - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  async flush() {
    this.timer = null;
    this.sending = this.pending;
    this.pending = {};
    this.inFlight = true;
    this.lastSent = performance.now();
    try {
      await this.send(this.sending);
    } catch (error) {
      this.onError(error);
    } finally {
      this.sending = {};
      this.inFlight = false;
      this.schedule();
    }
  }
}
