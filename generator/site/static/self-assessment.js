// NPT self-assessment for pcsp-kit.
//
// The page holds the sixteen statements as a plain form. This script scores each
// construct (mean of answered statements, 1-5), draws a radar chart as inline SVG
// with the same figures in a table, reveals the advice for the weakest construct(s),
// and keeps answers and dated snapshots in this browser only (localStorage).

import { download, el, loadJSON, removeKey, saveJSON, today } from "./checklist.js";

const KEY = "pcsp:self-assessment";
const SVG = "http://www.w3.org/2000/svg";
const MAX_TEXT = 1000;
const MAX_SNAPSHOTS = 200;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Mean of the answered (1-5) values, rounded to one decimal; null when none answered. */
export function constructScore(values) {
  const numbers = values.filter((v) => /^[0-9]+$/.test(v)).map(Number);
  if (!numbers.length) return null;
  const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
  return Math.round(mean * 10) / 10;
}

const fmt = (score) => (score === null ? "Not answered" : score.toFixed(1));

class SelfAssessment {
  constructor(root) {
    this.root = root;
    // Answer ids and labels come from the page (generator/content/definitions.json).
    this.scale = JSON.parse(root.dataset.pcspDefinitions).scale;
    this.constructs = [...root.querySelectorAll(".pcsp-sa-construct")].map((section) => ({
      id: section.dataset.constructId,
      title: section.dataset.constructTitle,
      statements: [...section.querySelectorAll(".pcsp-sa-statement")].map((f) => f.dataset.statementId),
    }));
    this.statementIds = new Set(this.constructs.flatMap((c) => c.statements));
    this.state = { answers: {}, notes: {}, snapshots: [] };
    this.message = root.querySelector(".pcsp-message");
  }

  start() {
    this.root.classList.add("pcsp-js");
    for (const node of this.root.querySelectorAll("[data-js-only]")) node.hidden = false;
    for (const node of this.root.querySelectorAll("[data-no-js]")) node.hidden = true;
    const stored = loadJSON(KEY);
    if (stored) this.state = this.validate(stored).state;
    this.fillForm();
    this.root.addEventListener("change", (e) => this.onEdit(e));
    this.root.addEventListener("input", (e) => this.onEdit(e));
    this.root.addEventListener("click", (e) => this.onClick(e));
    const importer = this.root.querySelector("[data-action=import]");
    importer.addEventListener("change", () => this.importFile(importer));
    this.update();
  }

  validateAnswers(raw, where, problems) {
    const answers = {};
    const notes = {};
    for (const [kind, target] of [["answers", answers], ["notes", notes]]) {
      const data = raw?.[kind] ?? {};
      if (typeof data !== "object" || Array.isArray(data)) {
        problems.push(`${where}: the ${kind} are not valid.`);
        continue;
      }
      for (const [id, value] of Object.entries(data)) {
        if (!this.statementIds.has(id)) {
          problems.push(`${where}: unknown statement '${String(id).slice(0, 60)}' was skipped.`);
        } else if (kind === "answers" && !Object.hasOwn(this.scale, value)) {
          problems.push(`${where}: '${String(value).slice(0, 40)}' is not an answer; skipped.`);
        } else if (kind === "notes" && (typeof value !== "string" || value.length > MAX_TEXT)) {
          problems.push(`${where}: the note on '${id}' is not valid; skipped.`);
        } else if (value !== "") {
          target[id] = String(value);
        }
      }
    }
    return { answers, notes };
  }

  // Checks outside data (storage or a file) and keeps only what is sound.
  validate(data) {
    const problems = [];
    const state = { answers: {}, notes: {}, snapshots: [] };
    if (!data || typeof data !== "object" || data.format && data.format !== "pcsp-self-assessment") {
      return { state, problems: ["The data is not a saved self-assessment."] };
    }
    Object.assign(state, this.validateAnswers(data, "Current answers", problems));
    const snapshots = Array.isArray(data.snapshots) ? data.snapshots : [];
    if (data.snapshots !== undefined && !Array.isArray(data.snapshots)) {
      problems.push("The snapshots are not valid.");
    }
    for (const [n, snap] of snapshots.slice(0, MAX_SNAPSHOTS).entries()) {
      const where = `Snapshot ${n + 1}`;
      if (!snap || typeof snap !== "object" || !DATE.test(snap.date ?? "")) {
        problems.push(`${where}: it has no valid date; skipped.`);
        continue;
      }
      const label = typeof snap.label === "string" ? snap.label.slice(0, 200) : "";
      state.snapshots.push({ date: snap.date, label, ...this.validateAnswers(snap, where, problems) });
    }
    return { state, problems };
  }

  fillForm() {
    for (const fieldset of this.root.querySelectorAll(".pcsp-sa-statement")) {
      const id = fieldset.dataset.statementId;
      for (const radio of fieldset.querySelectorAll("input[type=radio]")) {
        radio.checked = radio.value === this.state.answers[id];
      }
      fieldset.querySelector("[data-field=note]").value = this.state.notes[id] ?? "";
    }
  }

  onEdit(event) {
    const fieldset = event.target.closest(".pcsp-sa-statement");
    if (!fieldset) {
      if (event.target.closest(".pcsp-sa-compare-controls")) this.renderCompare();
      return;
    }
    const id = fieldset.dataset.statementId;
    const checked = fieldset.querySelector("input[type=radio]:checked");
    if (checked) this.state.answers[id] = checked.value;
    const note = fieldset.querySelector("[data-field=note]").value;
    if (note) this.state.notes[id] = note;
    else delete this.state.notes[id];
    this.save();
    if (event.type === "change") this.update();
  }

  onClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const actions = {
      snapshot: () => this.snapshot(),
      "export-json": () => this.exportJSON(),
      print: () => window.print(),
      clear: () => this.clear(),
      "delete-snapshot": () => this.deleteSnapshot(Number(button.dataset.index)),
    };
    actions[button.dataset.action]?.();
  }

  save() {
    if (!saveJSON(KEY, this.state)) {
      this.message.textContent =
        "This browser is not letting the page save; your answers will be lost when you leave.";
    }
  }

  scores(answers) {
    return this.constructs.map((c) => ({
      ...c,
      answered: c.statements.filter((s) => /^[1-5]$/.test(answers[s] ?? "")).length,
      score: constructScore(c.statements.map((s) => answers[s] ?? "")),
    }));
  }

  update() {
    const scores = this.scores(this.state.answers);
    const table = this.root.querySelector(".pcsp-sa-scores");
    for (const s of scores) {
      const row = table.querySelector(`tr[data-construct-id="${s.id}"]`);
      row.querySelector(".pcsp-sa-score").textContent = fmt(s.score);
      row.querySelector(".pcsp-sa-answered").textContent = `${s.answered} of ${s.statements.length}`;
    }
    this.root.querySelector(".pcsp-sa-chart").replaceChildren(
      this.chart([{ name: "Your answers", scores }], "pcsp-sa-chart-main"));
    this.diagnose(scores);
    this.root.querySelector(".pcsp-sa-print-date").textContent = `Summary printed on ${today()}`;
    this.renderSnapshots();
  }

  diagnose(scores) {
    const scored = scores.filter((s) => s.score !== null);
    const box = this.root.querySelector(".pcsp-sa-diagnosis");
    const lowest = scored.length ? Math.min(...scored.map((s) => s.score)) : null;
    const weakest = scored.filter((s) => s.score === lowest);
    for (const advice of this.root.querySelectorAll(".pcsp-sa-advice")) {
      advice.hidden = !weakest.some((w) => w.id === advice.dataset.constructId);
    }
    if (!weakest.length) {
      box.textContent = "Answer at least one statement on the agree scale to see your results.";
    } else if (weakest.length === 1) {
      box.textContent = `Your weakest area is ${weakest[0].title}, with a score of ` +
        `${fmt(lowest)}. Read what often goes wrong there and what helps, below.`;
    } else {
      box.textContent = `Your weakest areas, with an equal score of ${fmt(lowest)}, are ` +
        `${weakest.map((w) => w.title).join(", ")}. Read what often goes wrong there and what helps, below.`;
    }
  }

  // A radar chart: one axis per construct, 0 at the centre, 5 at the edge.
  chart(series, id) {
    const width = 560;
    const height = 330;
    const cx = width / 2;
    const cy = height / 2;
    const radius = 120;
    const n = this.constructs.length;
    const point = (i, value) => {
      const angle = (Math.PI * 2 * i) / n - Math.PI / 2;
      return [cx + Math.cos(angle) * radius * (value / 5), cy + Math.sin(angle) * radius * (value / 5)];
    };
    const svg = document.createElementNS(SVG, "svg");
    const add = (parent, tag, attrs, text) => {
      const node = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      if (text !== undefined) node.textContent = text;
      parent.append(node);
      return node;
    };
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("class", "pcsp-radar");
    svg.setAttribute("aria-labelledby", `${id}-title ${id}-desc`);
    const names = series.map((s) => s.name).join(" and ");
    add(svg, "title", { id: `${id}-title` }, `Radar chart of scores for each area: ${names}`);
    const desc = series.map((s) =>
      `${s.name}: ${s.scores.map((x) => `${x.title} ${fmt(x.score)}`).join(", ")}`).join(". ");
    add(svg, "desc", { id: `${id}-desc` }, `${desc}. The same figures are in the table.`);
    for (let ring = 1; ring <= 5; ring += 1) {
      const pts = this.constructs.map((_, i) => point(i, ring).join(",")).join(" ");
      add(svg, "polygon", { points: pts, class: "pcsp-radar-ring" });
      const [, y] = point(0, ring);
      add(svg, "text", { x: cx + 4, y: y + 12, class: "pcsp-radar-scale" }, String(ring));
    }
    this.constructs.forEach((construct, i) => {
      const [x, y] = point(i, 5);
      add(svg, "line", { x1: cx, y1: cy, x2: x, y2: y, class: "pcsp-radar-axis" });
      const side = Math.abs(x - cx) < 1 ? "middle" : x > cx ? "start" : "end";
      const lx = side === "middle" ? x : x + (side === "start" ? 10 : -10);
      const ly = side !== "middle" ? y + 5 : y < cy ? y - 10 : y + 22;
      add(svg, "text", { x: lx, y: ly, "text-anchor": side, class: "pcsp-radar-label" },
        construct.title);
    });
    series.forEach((s, k) => {
      const pts = s.scores.map((x, i) => point(i, x.score ?? 0).join(",")).join(" ");
      add(svg, "polygon", { points: pts, class: `pcsp-radar-series pcsp-radar-series-${k}` });
    });
    if (series.length > 1) {
      series.forEach((s, k) => {
        const y = height - 28 + k * 16;
        add(svg, "line", { x1: 8, y1: y - 4, x2: 32, y2: y - 4,
          class: `pcsp-radar-key-line pcsp-radar-series-${k}` });
        add(svg, "text", { x: 38, y, class: "pcsp-radar-key" }, s.name);
      });
    }
    return svg;
  }

  snapshotName(snap) {
    return snap.label ? `${snap.date}: ${snap.label}` : snap.date;
  }

  snapshot() {
    const label = this.root.querySelector("[data-field=snapshot-label]");
    this.state.snapshots.push({
      date: today(),
      label: label.value.trim().slice(0, 200),
      answers: { ...this.state.answers },
      notes: { ...this.state.notes },
    });
    label.value = "";
    this.save();
    this.renderSnapshots();
    this.message.textContent = `Snapshot saved for ${today()}.`;
  }

  deleteSnapshot(index) {
    const snap = this.state.snapshots[index];
    if (!snap || !window.confirm(`Delete the snapshot “${this.snapshotName(snap)}”?`)) return;
    this.state.snapshots.splice(index, 1);
    this.save();
    this.renderSnapshots();
    this.message.textContent = "Snapshot deleted.";
  }

  renderSnapshots() {
    const list = this.root.querySelector(".pcsp-sa-snapshot-list");
    list.replaceChildren();
    this.state.snapshots.forEach((snap, i) => {
      const item = el("li", this.snapshotName(snap));
      const del = el("button", "Delete", { type: "button", "data-action": "delete-snapshot",
        "data-index": String(i), "aria-label": `Delete snapshot ${this.snapshotName(snap)}` });
      item.append(" ", del);
      list.append(item);
    });
    this.root.querySelector(".pcsp-sa-no-snapshots").hidden = this.state.snapshots.length > 0;
    for (const select of this.root.querySelectorAll(".pcsp-sa-compare-controls select")) {
      const before = select.value;
      select.replaceChildren(el("option", "Current answers", { value: "current" }));
      this.state.snapshots.forEach((snap, i) => {
        select.append(el("option", this.snapshotName(snap), { value: String(i) }));
      });
      select.value = [...select.options].some((o) => o.value === before) ? before : "current";
    }
    this.renderCompare();
  }

  answersFor(choice) {
    return choice === "current" ? this.state.answers : this.state.snapshots[Number(choice)].answers;
  }

  nameFor(choice) {
    return choice === "current" ? "Current answers" : this.snapshotName(this.state.snapshots[Number(choice)]);
  }

  renderCompare() {
    const [a, b] = [...this.root.querySelectorAll(".pcsp-sa-compare-controls select")].map((s) => s.value);
    const first = { name: this.nameFor(a), scores: this.scores(this.answersFor(a)) };
    const second = { name: this.nameFor(b), scores: this.scores(this.answersFor(b)) };
    this.root.querySelector(".pcsp-sa-compare-chart").replaceChildren(
      this.chart([first, second], "pcsp-sa-chart-compare"));
    const table = this.root.querySelector(".pcsp-sa-compare");
    table.querySelector(".pcsp-sa-compare-a").textContent = first.name;
    table.querySelector(".pcsp-sa-compare-b").textContent = second.name;
    first.scores.forEach((s, i) => {
      const row = table.querySelector(`tr[data-construct-id="${s.id}"]`);
      const other = second.scores[i].score;
      const diff = s.score === null || other === null ? null : Math.round((other - s.score) * 10) / 10;
      const change = diff === null ? "" : `${diff > 0 ? "+" : ""}${diff.toFixed(1)}`;
      row.querySelector(".pcsp-sa-a").textContent = fmt(s.score);
      row.querySelector(".pcsp-sa-b").textContent = fmt(other);
      row.querySelector(".pcsp-sa-change").textContent = change;
    });
  }

  exportJSON() {
    const data = { format: "pcsp-self-assessment", version: 1, exported: today(), ...this.state };
    download(`self-assessment-${today()}.json`, "application/json", `${JSON.stringify(data, null, 2)}\n`);
    this.message.textContent = "Your answers and snapshots were downloaded as a JSON file.";
  }

  async importFile(input) {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    let data = null;
    try {
      data = JSON.parse(await file.text());
    } catch {
      /* reported below */
    }
    const { state, problems } = this.validate(data);
    const empty = !Object.keys(state.answers).length && !state.snapshots.length;
    if (!data || empty) {
      this.report(problems.length ? problems : ["The file holds no answers."], false);
      return;
    }
    const hasData = Object.keys(this.state.answers).length || this.state.snapshots.length;
    if (hasData && !window.confirm(
      "Replace the answers and snapshots saved in this browser with the ones in the file?")) {
      this.report(["Nothing was changed."], false);
      return;
    }
    this.state = state;
    this.save();
    this.fillForm();
    this.update();
    this.report(problems, true);
  }

  report(problems, applied) {
    const box = this.root.querySelector(".pcsp-problems");
    box.replaceChildren();
    this.message.textContent = applied ? "Answers loaded from the file." : "";
    box.hidden = !problems.length;
    if (!problems.length) return;
    box.append(el("p", applied ? "Some entries were left out:" : "Nothing was loaded:"));
    const list = el("ul");
    for (const p of problems) list.append(el("li", p));
    box.append(list);
    box.focus();
  }

  clear() {
    if (!window.confirm("Remove your answers, notes and snapshots from this browser?")) return;
    removeKey(KEY);
    this.state = { answers: {}, notes: {}, snapshots: [] };
    this.fillForm();
    this.update();
    this.report([], false);
    this.message.textContent = "Your self-assessment data was removed from this browser.";
  }
}

for (const root of document.querySelectorAll(".pcsp-self-assessment")) {
  new SelfAssessment(root).start();
}
