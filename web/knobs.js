// Knobs built from the rows of GET /params. A knob's travel follows the server's KnobTravel
// (Sources/API/KnobTravel.swift): exponential parameters travel evenly in octaves, whole
// numbers snap, arrow keys turn by a hundredth of the travel and Page Up/Down by a tenth.

const TRAVEL = 1000;
const FINE = 100;
const COARSE = 10;

function octaves(row) { return row.curve === "exponential" && row.min > 0; }

/** Four significant digits: a turned knob reads 1497, not 1496.9873. */
function tidy(number) { return Number(number.toPrecision(4)); }

/** Where a number sits on the knob's travel, 0...1. */
export function position(row, value) {
  if (row.max <= row.min) return 0;
  const clamped = Math.min(Math.max(value, row.min), row.max);
  if (octaves(row)) return Math.log(clamped / row.min) / Math.log(row.max / row.min);
  return (clamped - row.min) / (row.max - row.min);
}

/** The value at a place on the travel (0...1), snapped to the parameter's kind. */
export function valueAt(row, place) {
  const p = Math.min(Math.max(place, 0), 1);
  if (row.kind === "int") return Math.round(row.min + p * (row.max - row.min));
  const exact = octaves(row) ? row.min * Math.pow(row.max / row.min, p) : row.min + p * (row.max - row.min);
  return Math.min(Math.max(tidy(exact), row.min), row.max);
}

function describe(row, value) { return row.unit ? `${value} ${row.unit}` : String(value); }

/**
 * One control per parameter. `onChange(key, value)` is called as the visitor moves it; `show`
 * puts a value from elsewhere on it unless the visitor is moving it right now.
 */
export class Knob {
  constructor(row, onChange) {
    this.row = row;
    this.onChange = onChange;
    this.touchedAt = 0;
    this.element = document.createElement("div");
    this.element.className = "knob";
    const id = `knob-${row.key}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = row.label;
    this.element.append(label);
    if (row.kind === "enum" || row.kind === "bool") {
      this.select = document.createElement("select");
      this.select.id = id;
      this.select.dataset.key = row.key;
      const names = row.kind === "bool" ? ["off", "on"] : row.choices;
      for (const name of names) this.select.append(new Option(name, name));
      this.select.addEventListener("change", () => {
        this.touch();
        const picked = this.select.value;
        this.onChange(row.key, row.kind === "bool" ? picked === "on" : picked);
      });
      this.element.append(this.select);
      return;
    }
    const range = document.createElement("span");
    range.className = "range";
    range.textContent = `${row.min}–${row.max}${row.unit ? ` ${row.unit}` : ""}`;
    label.append(" ", range);
    this.slider = document.createElement("input");
    Object.assign(this.slider, { type: "range", id, min: "0", max: String(TRAVEL), step: "1" });
    this.slider.dataset.key = row.key;
    this.number = document.createElement("input");
    Object.assign(this.number, { type: "number", min: String(row.min), max: String(row.max), step: row.kind === "int" ? "1" : "any" });
    this.number.id = `value-${row.key}`;
    this.number.dataset.key = row.key;
    this.number.setAttribute("aria-label", `${row.label} exact value${row.unit ? ` in ${row.unit}` : ""}`);
    const unit = document.createElement("span");
    unit.className = "unit";
    unit.textContent = row.unit;
    const exact = document.createElement("span");
    exact.append(this.number, " ", unit);
    this.element.append(this.slider, exact);

    this.slider.addEventListener("input", () => this.moved(valueAt(row, Number(this.slider.value) / TRAVEL)));
    this.slider.addEventListener("keydown", (event) => this.turn(event));
    this.number.addEventListener("change", () => {
      const typed = Number(this.number.value);
      if (this.number.value.trim() === "" || !Number.isFinite(typed)) return;
      this.touch();
      this.slider.value = String(Math.round(position(row, typed) * TRAVEL));
      this.slider.setAttribute("aria-valuetext", describe(row, typed));
      this.onChange(row.key, typed);
    });
  }

  touch() { this.touchedAt = performance.now(); }

  /** The visitor is on it: moved in the last second and a half. */
  get busy() { return performance.now() - this.touchedAt < 1500; }

  moved(value) {
    this.touch();
    this.number.value = String(value);
    this.slider.setAttribute("aria-valuetext", describe(this.row, value));
    this.onChange(this.row.key, value);
  }

  turn(event) {
    const steps = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 1, PageDown: -1 }[event.key];
    if (steps === undefined) return;
    event.preventDefault();
    const coarse = event.key.startsWith("Page");
    const current = Number(this.number.value);
    let next;
    if (this.row.kind === "int") {
      const step = coarse ? Math.max(1, Math.round((this.row.max - this.row.min) / COARSE)) : 1;
      next = Math.min(Math.max(Math.round(current) + steps * step, this.row.min), this.row.max);
    } else {
      next = valueAt(this.row, position(this.row, current) + steps / (coarse ? COARSE : FINE));
    }
    this.slider.value = String(Math.round(position(this.row, next) * TRAVEL));
    this.moved(next);
  }

  show(value) {
    if (this.busy) return;
    if (this.select) {
      const name = this.row.kind === "bool" ? (value ? "on" : "off") : String(value);
      if (this.select.value !== name) this.select.value = name;
      return;
    }
    if (document.activeElement === this.number) return;
    if (Number(this.number.value) !== value || this.number.value === "") this.number.value = String(value);
    this.slider.value = String(Math.round(position(this.row, value) * TRAVEL));
    this.slider.setAttribute("aria-valuetext", describe(this.row, value));
  }
}

/** The knobs of every parameter, one fieldset per schema group, in the schema's order. */
export function buildKnobs(rows, container, onChange) {
  const knobs = new Map();
  const groups = new Map();
  for (const row of rows) {
    let fieldset = groups.get(row.group);
    if (!fieldset) {
      fieldset = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = row.group;
      fieldset.append(legend);
      groups.set(row.group, fieldset);
      container.append(fieldset);
    }
    const knob = new Knob(row, onChange);
    fieldset.append(knob.element);
    knobs.set(row.key, knob);
  }
  return knobs;
}
