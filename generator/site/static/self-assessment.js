// NPT self-assessment for pcsp-kit.
//
// The page holds the sixteen statements as a plain form. This script scores each
// construct (mean of answered statements, 1-5), draws a radar chart as inline SVG
// with the same figures in a table, reveals the advice for the weakest construct(s),
// and keeps answers and dated snapshots in this browser only (localStorage, one key per
// site). A classic script (it must run from file:// too); pcsp-common.js loads first.
// Every word shown comes from the page (data-pcsp-words: generator/site/locale/<language>.json).

(function () {
  "use strict";

  const { el, today } = window.pcsp;
  const OLD_KEY = "pcsp:self-assessment";
  const SVG = "http://www.w3.org/2000/svg";
  const MAX_TEXT = 1000;
  const MAX_SNAPSHOTS = 200;
  const SAME = 1e-9;

  /** Mean of the answered (1-5) values, not rounded (scores are compared as they are and
   * only rounded when shown); null when none answered. */
  function constructScore(values) {
    const numbers = values.filter((v) => /^[0-9]+$/.test(v)).map(Number);
    if (!numbers.length) return null;
    return numbers.reduce((a, b) => a + b, 0) / numbers.length;
  }


  class SelfAssessment {
    constructor(root) {
      this.root = root;
      // Answer ids and labels come from the page (generator/content/definitions.json).
      const definitions = JSON.parse(root.dataset.pcspDefinitions);
      this.scale = definitions.scale;
      this.w = window.pcsp.words(root);
      this.dates = definitions.dates;
      this.key = window.pcsp.siteKey(root, "self-assessment");
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
      window.pcsp.showScripted(this.root);
      const stored = window.pcsp.loadSiteJSON(this.key, OLD_KEY);
      if (stored) this.state = this.validate(stored).state;
      this.fillForm();
      this.snapshotDate = this.root.querySelector("[data-field=snapshot-date]");
      this.snapshotDate.value = today();
      this.snapshotDate.max = today() < this.snapshotDate.max ? today() : this.snapshotDate.max;
      this.root.addEventListener("change", (e) => this.onEdit(e));
      this.root.addEventListener("input", (e) => this.onEdit(e));
      this.root.addEventListener("focusout", (e) => {
        if (e.target === this.snapshotDate) this.checkSnapshotDate();
      });
      this.root.addEventListener("click", (e) => this.onClick(e));
      window.pcsp.oneTabStopPerDate(this.root);
      const importer = this.root.querySelector("[data-action=import]");
      importer.addEventListener("change", () => this.importFile(importer));
      this.update();
    }

    /** A score as shown: two decimals, so scores that differ never look the same. */
    fmt(score) {
      return score === null ? this.w.t("self_assessment_script.not-answered") : score.toFixed(2);
    }

    validateAnswers(raw, where, problems) {
      const answers = {};
      const notes = {};
      for (const [kind, target] of [["answers", answers], ["notes", notes]]) {
        const data = raw?.[kind] ?? {};
        if (typeof data !== "object" || Array.isArray(data)) {
          problems.push(this.w.t(kind === "answers" ? "self_assessment_script.bad-answers"
            : "self_assessment_script.bad-notes", { where }));
          continue;
        }
        for (const [id, value] of Object.entries(data)) {
          if (!this.statementIds.has(id)) {
            problems.push(this.w.t("self_assessment_script.unknown-statement", { where, id: String(id).slice(0, 60) }));
          } else if (kind === "answers" && !Object.hasOwn(this.scale, value)) {
            problems.push(this.w.t("self_assessment_script.not-an-answer", { where, value: String(value).slice(0, 40) }));
          } else if (kind === "notes" && (typeof value !== "string" || value.length > MAX_TEXT)) {
            problems.push(this.w.t("self_assessment_script.bad-note", { where, id }));
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
        return { state, problems: [this.w.t("self_assessment_script.not-an-assessment")] };
      }
      Object.assign(state, this.validateAnswers(data, this.w.t("self_assessment_script.current-answers"), problems));
      const snapshots = Array.isArray(data.snapshots) ? data.snapshots : [];
      if (data.snapshots !== undefined && !Array.isArray(data.snapshots)) {
        problems.push(this.w.t("self_assessment_script.bad-snapshots"));
      }
      for (const [n, snap] of snapshots.slice(0, MAX_SNAPSHOTS).entries()) {
        const where = this.w.t("self_assessment_script.snapshot-n", { n: n + 1 });
        if (!snap || typeof snap !== "object" || !this.dateFits(snap.date)) {
          problems.push(this.w.t("self_assessment_script.snapshot-no-date", { where }));
          continue;
        }
        const label = typeof snap.label === "string" ? snap.label.slice(0, 200) : "";
        state.snapshots.push({ date: snap.date, label, ...this.validateAnswers(snap, where, problems) });
      }
      return { state, problems };
    }

    dateFits(value) {
      return typeof value === "string" && window.pcsp.isDate(value) && value >= this.dates.min
        && value <= this.dates.max;
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
        if (event.target === this.snapshotDate && (this.snapshotDate.value
            || document.getElementById(`${this.snapshotDate.id}-problem`))) this.checkSnapshotDate();
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
      if (!window.pcsp.saveJSON(this.key, this.state)) {
        this.message.textContent = this.w.t("self_assessment_script.not-saving");
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
        row.querySelector(".pcsp-sa-score").textContent = this.fmt(s.score);
        row.querySelector(".pcsp-sa-answered").textContent =
          this.w.t("self_assessment_script.answered", { answered: s.answered, total: s.statements.length });
      }
      this.root.querySelector(".pcsp-sa-chart").replaceChildren(
        this.chart([{ name: this.w.t("self_assessment_script.your-answers"), scores }], "pcsp-sa-chart-main"));
      this.diagnose(scores);
      this.root.querySelector(".pcsp-sa-print-date").textContent =
        this.w.t("self_assessment_script.printed-on", { date: this.w.date(today()) });
      this.renderSnapshots();
    }

    diagnose(scores) {
      const scored = scores.filter((s) => s.score !== null);
      const box = this.root.querySelector(".pcsp-sa-diagnosis");
      const lowest = scored.length ? Math.min(...scored.map((s) => s.score)) : null;
      const weakest = scored.filter((s) => s.score - lowest < SAME);
      for (const advice of this.root.querySelectorAll(".pcsp-sa-advice")) {
        advice.hidden = !weakest.some((w) => w.id === advice.dataset.constructId);
      }
      const unanswered = scores.filter((s) => s.score === null).map((s) => s.title);
      const list = this.w.t("common.list");
      const rest = unanswered.length && weakest.length
        ? this.w.t("self_assessment_script.not-compared", { areas: unanswered.join(list) }) : "";
      if (!weakest.length) {
        box.textContent = this.w.t("self_assessment_script.answer-first");
      } else if (weakest.length === 1) {
        box.textContent = this.w.t("self_assessment_script.weakest",
          { area: weakest[0].title, score: this.fmt(lowest), rest });
      } else {
        box.textContent = this.w.t("self_assessment_script.weakest-tied",
          { areas: weakest.map((w) => w.title).join(list), score: this.fmt(lowest), rest });
      }
    }

    // A radar chart: one axis per construct, 0 at the centre, 5 at the edge. It is drawn 330
    // units wide and at most 24rem on the page (interactive.css), about one unit to a CSS pixel
    // on a 360px wide phone, so its text (15-16 units) stays at least 14px tall there. The axes
    // point to the corners and each label, wrapped to lines that fit half the width, sits above
    // or below the end of its axis; the scale's digits run along the gap between two axes.
    chart(series, id) {
      const width = 330;
      const radius = 105;
      const font = 16;
      const line = 19;
      const perLine = 15; // characters of a label's line (0.6em each fit half the width)
      const cx = width / 2;
      const n = this.constructs.length;
      const angle = (i) => (Math.PI * 2 * i) / n - Math.PI / 2 + Math.PI / n;
      const wrap = (text, size) => {
        const lines = [];
        for (const word of text.split(/\s+/).filter(Boolean)) {
          const last = lines.length - 1;
          if (last >= 0 && lines[last].length + 1 + word.length <= size) lines[last] += ` ${word}`;
          else lines.push(word);
        }
        return lines.length ? lines : [""];
      };
      const w = this.w;
      const answeredIn = (i) => series.filter((s) => s.scores[i].score !== null).length;
      // What each label says: the construct's lines, then a note when some series has no score.
      const labels = this.constructs.map((construct, i) => {
        const missing = series.filter((s) => s.scores[i].score === null).map((s) => s.name);
        const note = !missing.length ? ""
          : missing.length === series.length ? w.t("self_assessment_script.chart-not-answered")
            : w.t("self_assessment_script.chart-not-answered-in", { names: missing.join(w.t("common.or")) });
        return { title: wrap(construct.title, perLine), note: note ? wrap(`(${note})`, perLine) : [] };
      });
      // Room above and below the axes for the most lines a label has there.
      const above = (i) => Math.sin(angle(i)) < 0;
      const most = (up) => Math.max(1, ...labels.filter((_, i) => above(i) === up)
        .map((l) => l.title.length + l.note.length));
      const reach = Math.max(...this.constructs.map((_, i) => Math.abs(Math.sin(angle(i))))) * radius;
      const cy = Math.ceil(4 + font + 10 + (most(true) - 1) * line + reach);
      const bottom = Math.ceil(cy + reach + 10 + font + (most(false) - 1) * line + 4);
      const keyLines = series.length > 1 ? series.map((s) => wrap(s.name, 30)) : [];
      const height = bottom + (keyLines.length ? 4 + keyLines.flat().length * line : 0);
      const point = (i, value) => [cx + Math.cos(angle(i)) * radius * (value / 5),
        cy + Math.sin(angle(i)) * radius * (value / 5)];
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
      const names = series.map((s) => s.name).join(w.t("common.and"));
      add(svg, "title", { id: `${id}-title` }, w.t("self_assessment_script.chart-title", { names }));
      const desc = series.map((s) =>
        `${s.name}: ${s.scores.map((x) => `${x.title} ${this.fmt(x.score)}`).join(w.t("common.list"))}`).join(". ");
      add(svg, "desc", { id: `${id}-desc` }, w.t("self_assessment_script.chart-desc", { desc }));
      const between = -Math.PI / 2 + (Math.PI * 2) / n; // halfway between the first two axes
      for (let ring = 1; ring <= 5; ring += 1) {
        const pts = this.constructs.map((_, i) => point(i, ring).join(",")).join(" ");
        add(svg, "polygon", { points: pts, class: "pcsp-radar-ring" });
        const edge = (radius * ring / 5) * Math.cos(Math.PI / n) - 3;
        add(svg, "text", { x: cx + Math.cos(between) * edge, y: cy + Math.sin(between) * edge,
          "text-anchor": "end", "dominant-baseline": "central", class: "pcsp-radar-scale" }, String(ring));
      }
      // An area no series has answered is drawn dashed and labelled "not answered": it is
      // left out of the shapes rather than put at the centre, where it would look the worst.
      this.constructs.forEach((construct, i) => {
        const [x, y] = point(i, 5);
        add(svg, "line", { x1: cx, y1: cy, x2: x, y2: y,
          class: answeredIn(i) === 0 ? "pcsp-radar-axis pcsp-radar-axis-unanswered" : "pcsp-radar-axis" });
        const side = Math.abs(x - cx) < 1 ? "middle" : x > cx ? "start" : "end";
        const lx = side === "middle" ? x : cx + (side === "start" ? 8 : -8);
        const { title, note } = labels[i];
        const count = title.length + note.length;
        const first = above(i) ? y - 10 - (count - 1) * line : y + 10 + font * 0.8;
        const label = add(svg, "text", { x: lx, y: first, "text-anchor": side, class: "pcsp-radar-label" });
        // Lines end in a space (but the last), so the label's text reads as the title does.
        const lines = [...title.map((t, k) => [t, k < title.length - 1, ""]),
          ...note.map((t, k) => [t, k < note.length - 1, "pcsp-radar-unanswered"])];
        lines.forEach(([text, more, cls], k) => {
          const attrs = { x: lx, y: first + k * line };
          if (cls) attrs.class = cls;
          add(label, "tspan", attrs, more ? `${text} ` : text);
        });
      });
      series.forEach((s, k) => {
        const answered = s.scores.map((x, i) => [x.score, i]).filter(([score]) => score !== null);
        const pts = answered.map(([score, i]) => point(i, score).join(",")).join(" ");
        const cls = `pcsp-radar-series pcsp-radar-series-${k}`;
        if (answered.length > 2) add(svg, "polygon", { points: pts, class: cls });
        else if (answered.length === 2) add(svg, "polyline", { points: pts, class: cls });
        for (const [score, i] of answered) {
          const [x, y] = point(i, score);
          add(svg, "circle", { cx: x, cy: y, r: 4, class: `pcsp-radar-point pcsp-radar-series-${k}` });
        }
      });
      let keyY = bottom + font;
      keyLines.forEach((lines, k) => {
        add(svg, "line", { x1: 8, y1: keyY - 5, x2: 32, y2: keyY - 5,
          class: `pcsp-radar-key-line pcsp-radar-series-${k}` });
        const key = add(svg, "text", { x: 38, y: keyY, class: "pcsp-radar-key" });
        lines.forEach((text, j) => add(key, "tspan", { x: 38, y: keyY + j * line },
          j < lines.length - 1 ? `${text} ` : text));
        keyY += lines.length * line;
      });
      return svg;
    }

    snapshotName(snap) {
      return snap.label ? `${this.w.date(snap.date)}: ${snap.label}` : this.w.date(snap.date);
    }

    /** Show what is wrong with the snapshot date beside it; the date, or "" when it is wrong. */
    checkSnapshotDate() {
      const input = this.snapshotDate;
      if (!window.pcsp.checkDate(input)) {
        this.message.textContent = window.pcsp.dateProblem(input);
        return "";
      }
      return input.value || today();
    }

    snapshot() {
      const label = this.root.querySelector("[data-field=snapshot-label]");
      const date = this.checkSnapshotDate();
      if (!date) {
        this.snapshotDate.focus();
        return;
      }
      this.state.snapshots.push({
        date,
        label: label.value.trim().slice(0, 200),
        answers: { ...this.state.answers },
        notes: { ...this.state.notes },
      });
      // Oldest first, so a baseline entered late still comes first (saving order breaks ties).
      this.state.snapshots = this.state.snapshots.map((snap, n) => [snap, n])
        .sort(([a, m], [b, n]) => (a.date < b.date ? -1 : a.date > b.date ? 1 : m - n))
        .map(([snap]) => snap);
      label.value = "";
      this.snapshotDate.value = today();
      this.save();
      this.renderSnapshots();
      this.message.textContent = this.w.t("self_assessment_script.snapshot-saved", { date: this.w.date(date) });
    }

    deleteSnapshot(index) {
      const snap = this.state.snapshots[index];
      if (!snap || !window.confirm(this.w.t("self_assessment_script.confirm-delete", { name: this.snapshotName(snap) }))) return;
      this.state.snapshots.splice(index, 1);
      this.save();
      this.renderSnapshots();
      this.message.textContent = this.w.t("self_assessment_script.snapshot-deleted");
    }

    renderSnapshots() {
      const list = this.root.querySelector(".pcsp-sa-snapshot-list");
      list.replaceChildren();
      this.state.snapshots.forEach((snap, i) => {
        const item = el("li", this.snapshotName(snap));
        const del = el("button", this.w.t("self_assessment_script.delete"), { type: "button",
          "data-action": "delete-snapshot", "data-index": String(i),
          "aria-label": this.w.t("self_assessment_script.delete-snapshot", { name: this.snapshotName(snap) }) });
        item.append(" ", del);
        list.append(item);
      });
      this.root.querySelector(".pcsp-sa-no-snapshots").hidden = this.state.snapshots.length > 0;
      for (const select of this.root.querySelectorAll(".pcsp-sa-compare-controls select")) {
        const before = select.value;
        select.replaceChildren(el("option", this.w.t("self_assessment_script.current-answers"), { value: "current" }));
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
      return choice === "current" ? this.w.t("self_assessment_script.current-answers")
        : this.snapshotName(this.state.snapshots[Number(choice)]);
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
        const diff = s.score === null || other === null ? null : other - s.score;
        const shown = diff === null ? "" : Math.abs(diff) < SAME ? "0.00" : diff.toFixed(2);
        const change = diff === null ? "" : `${diff > SAME ? "+" : ""}${shown}`;
        row.querySelector(".pcsp-sa-a").textContent = this.fmt(s.score);
        row.querySelector(".pcsp-sa-b").textContent = this.fmt(other);
        row.querySelector(".pcsp-sa-change").textContent = change;
      });
    }

    exportJSON() {
      const data = { format: "pcsp-self-assessment", version: 1, exported: today(), ...this.state };
      window.pcsp.download(`self-assessment-${today()}.json`, "application/json", `${JSON.stringify(data, null, 2)}\n`);
      this.message.textContent = this.w.t("self_assessment_script.downloaded-json");
    }

    describe(state) {
      const parts = [];
      const answers = Object.keys(state.answers).length;
      if (answers) parts.push(this.w.n("self_assessment_script.answers", answers));
      if (state.snapshots.length) parts.push(this.w.n("self_assessment_script.snapshots", state.snapshots.length));
      return parts.join(this.w.t("common.and"));
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
        this.report([...problems, this.w.t("self_assessment_script.no-answers-in-file")], false);
        return;
      }
      const here = this.describe(this.state);
      if (!here) {
        this.apply(state, problems, "replace");
        return;
      }
      const box = this.root.querySelector(".pcsp-import-choice");
      const w = this.w;
      window.pcsp.askInBox(box, w.t("self_assessment_script.load-file-heading", { file: file.name.slice(0, 100) }),
        "pcsp-sa-import-heading",
        [w.t("self_assessment_script.in-the-file", { incoming: this.describe(state), here }),
          w.t("self_assessment_script.or-merge")],
        [["replace", w.t("self_assessment_script.replace-mine")], ["merge", w.t("self_assessment_script.merge-mine")],
          ["cancel", w.t("common.cancel")]],
        (choice) => {
          box.hidden = true;
          box.replaceChildren();
          if (choice === "cancel") {
            this.report([], false);
            this.message.textContent = this.w.t("common.nothing-changed");
          } else {
            this.apply(state, problems, choice);
          }
          this.message.focus();
        });
    }

    apply(state, problems, how) {
      if (how === "merge") {
        this.state.answers = { ...state.answers, ...this.state.answers };
        this.state.notes = { ...state.notes, ...this.state.notes };
        const known = new Set(this.state.snapshots.map((s) => JSON.stringify(s)));
        this.state.snapshots.push(...state.snapshots.filter((s) => !known.has(JSON.stringify(s))));
        this.state.snapshots.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      } else {
        this.state = state;
      }
      this.save();
      this.fillForm();
      this.update();
      this.report(problems, true);
      if (how === "merge") this.message.textContent = this.w.t("self_assessment_script.merged");
    }

    report(problems, applied) {
      const box = this.root.querySelector(".pcsp-problems");
      box.replaceChildren();
      this.message.textContent = applied ? this.w.t("self_assessment_script.loaded") : "";
      box.hidden = !problems.length;
      if (!problems.length) return;
      box.append(el("p", this.w.t(applied ? "common.left-out" : "common.nothing-loaded")));
      box.append(window.pcsp.problemList(problems, this.w));
      box.focus();
    }

    clear() {
      if (!window.confirm(this.w.t("self_assessment_script.confirm-clear"))) return;
      window.pcsp.removeKey(this.key);
      window.pcsp.removeKey(OLD_KEY);
      this.state = { answers: {}, notes: {}, snapshots: [] };
      this.fillForm();
      this.update();
      this.report([], false);
      this.message.textContent = this.w.t("self_assessment_script.cleared");
    }
  }

  for (const root of document.querySelectorAll(".pcsp-self-assessment")) {
    new SelfAssessment(root).start();
  }
})();
