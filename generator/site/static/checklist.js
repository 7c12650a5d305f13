// Interactive checklists for pcsp-kit.
//
// The page already holds a complete checklist that works and prints without this
// script. This script adds: ratings saved in this browser (localStorage, never sent
// anywhere), progress, export/import, a share link (state in the URL fragment),
// "clear my data" and a printable action plan. All text is set with textContent.

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const HASH = /^[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 1000;
const MAX_ENTRIES = 1000;

// ---- helpers shared with self-assessment.js ----

/** Read JSON from localStorage; null when absent, unreadable or storage is blocked. */
export function loadJSON(key) {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/** Write JSON to localStorage; false when the browser refuses. */
export function saveJSON(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** Remove a key from localStorage. */
export function removeKey(key) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    /* storage blocked: nothing was saved */
  }
}

/** Offer text to the user as a downloaded file. */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Today's date as YYYY-MM-DD in local time. */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Make an element with text content (never HTML). */
export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** A CSV cell, quoted, with a ' put before text a spreadsheet would run as a formula. */
export function csvCell(value) {
  let text = String(value ?? "");
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(code) {
  const b64 = code.replaceAll("-", "+").replaceAll("_", "/");
  const binary = atob(b64 + "===".slice((b64.length + 3) % 4));
  return new TextDecoder("utf-8", { fatal: true }).decode(
    Uint8Array.from(binary, (c) => c.charCodeAt(0)),
  );
}

// ---- the checklist ----

class Checklist {
  constructor(root) {
    this.root = root;
    this.id = root.dataset.checklistId;
    // Rating ids and labels come from the page (generator/content/definitions.json).
    const definitions = JSON.parse(root.dataset.pcspDefinitions);
    this.ratings = definitions.ratings;
    this.fields = definitions.fields;
    this.title = root.dataset.checklistTitle || this.id;
    this.key = `pcsp:checklist:${this.id}`;
    this.items = new Map();
    for (const li of root.querySelectorAll(".pcsp-checklist-item")) {
      this.items.set(li.dataset.itemId, {
        li,
        hash: li.dataset.itemHash,
        text: li.querySelector(".pcsp-item-text").textContent.trim(),
        section: li.closest(".pcsp-checklist-section"),
      });
    }
    this.status = root.querySelector(".pcsp-status-text");
    this.message = root.querySelector(".pcsp-message");
    this.state = this.emptyState();
  }

  emptyState() {
    return { checklist: this.id, group: "", date: "", items: {} };
  }

  start() {
    this.root.classList.add("pcsp-js");
    for (const node of this.root.querySelectorAll("[data-js-only]")) node.hidden = false;
    const stored = loadJSON(this.key);
    if (stored) {
      const { state } = this.validate(stored);
      this.state = state;
    }
    this.render();
    this.root.addEventListener("change", (e) => this.onEdit(e));
    this.root.addEventListener("input", (e) => this.onEdit(e));
    this.root.addEventListener("click", (e) => this.onClick(e));
    const importer = this.root.querySelector("[data-action=import]");
    importer?.addEventListener("change", () => this.importFile(importer));
    // The plan layout is kept for printing only when the button asked for it; printing
    // from the browser's menu prints the whole checklist.
    window.addEventListener("beforeprint", () => {
      if (!this.planRequested) document.documentElement.classList.remove("pcsp-print-plan");
      this.planRequested = false;
    });
    this.offerSharedState();
  }

  // Checks outside data (storage, a file or a link) and keeps only what is sound.
  validate(data) {
    const problems = [];
    const state = this.emptyState();
    if (!data || typeof data !== "object" || Array.isArray(data)) {
      return { state, problems: ["The data is not a saved checklist."], count: 0 };
    }
    if (data.checklist !== this.id) {
      const other = typeof data.checklist === "string" ? data.checklist : "unknown";
      return {
        state,
        problems: [`These ratings are for another checklist ('${other.slice(0, 60)}').`],
        count: 0,
      };
    }
    for (const field of ["group", "date"]) {
      const value = data[field] ?? "";
      if (typeof value !== "string" || value.length > 200) {
        problems.push(`The ${field === "group" ? "name" : "date"} is not valid and was left out.`);
      } else if (field === "date" && value && !DATE.test(value)) {
        problems.push(`The date '${value}' is not a date and was left out.`);
      } else {
        state[field] = value;
      }
    }
    const items = data.items ?? {};
    if (typeof items !== "object" || Array.isArray(items)) {
      problems.push("The list of ratings is not valid.");
      return { state, problems, count: 0 };
    }
    const entries = Object.entries(items);
    if (entries.length > MAX_ENTRIES) {
      problems.push(`The data holds ${entries.length} entries; at most ${MAX_ENTRIES} are read.`);
    }
    for (const [id, raw] of entries.slice(0, MAX_ENTRIES)) {
      if (!ID.test(id) || !raw || typeof raw !== "object") {
        problems.push(`'${id.slice(0, 60)}' is not a valid item id; it was skipped.`);
        continue;
      }
      const known = this.items.get(id);
      if (!known) problems.push(`Unknown item '${id}': it is not in this checklist.`);
      const entry = { hash: "", text: "", rating: "" };
      for (const f of this.fields) entry[f] = "";
      if (typeof raw.hash === "string" && HASH.test(raw.hash)) entry.hash = raw.hash;
      else problems.push(`Item '${id}': the item fingerprint is missing or not valid.`);
      if (typeof raw.text === "string" && raw.text.length <= MAX_TEXT) entry.text = raw.text;
      if (raw.rating !== undefined && raw.rating !== "") {
        if (Object.hasOwn(this.ratings, raw.rating)) entry.rating = raw.rating;
        else problems.push(`Item '${id}': '${String(raw.rating).slice(0, 40)}' is not a rating.`);
      }
      for (const f of this.fields) {
        const value = raw[f];
        if (value === undefined || value === "") continue;
        if (typeof value !== "string" || value.length > MAX_TEXT) {
          problems.push(`Item '${id}': the ${f} value is not valid.`);
        } else if (f === "due" && !DATE.test(value)) {
          problems.push(`Item '${id}': the due date '${value.slice(0, 40)}' is not a date.`);
        } else {
          entry[f] = value;
        }
      }
      if (!entry.rating && !this.fields.some((f) => entry[f])) continue;
      if (!known && !entry.text) entry.text = id;
      state.items[id] = entry;
    }
    return { state, problems, count: Object.keys(state.items).length };
  }

  // Puts the state into the form, flags changed items and lists removed ones.
  render() {
    this.field("group").value = this.state.group;
    this.field("date").value = this.state.date;
    for (const [id, item] of this.items) {
      const entry = this.state.items[id];
      const fresh = entry && entry.hash === item.hash;
      this.fillItem(item, fresh ? entry : null);
      this.flagChanged(item, entry && !fresh ? entry : null);
    }
    this.renderRemoved();
    this.updateProgress();
  }

  field(name) {
    return this.root.querySelector(`.pcsp-plan-details [data-field=${name}]`);
  }

  fillItem(item, entry) {
    for (const radio of item.li.querySelectorAll("input[type=radio]")) {
      radio.checked = entry !== null && radio.value === entry.rating;
    }
    for (const f of this.fields) {
      const input = item.li.querySelector(`[data-field=${f}]`);
      if (input) input.value = entry ? entry[f] : "";
    }
    item.li.dataset.rating = entry?.rating ?? "";
  }

  flagChanged(item, entry) {
    item.li.querySelector(".pcsp-changed")?.remove();
    item.li.classList.toggle("pcsp-item-changed", entry !== null);
    if (!entry) return;
    const box = el("div", null, { class: "pcsp-changed" });
    box.append(el("p", "This item changed since you rated it.", { class: "pcsp-changed-title" }));
    const before = entry.rating ? `You rated it “${this.ratings[entry.rating]}”` : "You made notes on it";
    box.append(el("p", `${before} when it said: “${entry.text}”. Please rate it again.`));
    const keep = el("button", "Keep my earlier rating", { type: "button" });
    keep.dataset.action = "keep";
    keep.dataset.itemId = item.li.dataset.itemId;
    box.append(keep);
    item.li.querySelector("fieldset").prepend(box);
  }

  renderRemoved() {
    const box = this.root.querySelector(".pcsp-removed");
    const list = box.querySelector("ul");
    list.replaceChildren();
    const gone = Object.entries(this.state.items).filter(([id]) => !this.items.has(id));
    for (const [id, entry] of gone) {
      const parts = [entry.text || id];
      if (entry.rating) parts.push(`rated “${this.ratings[entry.rating]}”`);
      if (entry.next) parts.push(`next step: ${entry.next}`);
      list.append(el("li", parts.join(". "), { "data-item-id": id }));
    }
    box.hidden = gone.length === 0;
  }

  entryFromForm(item) {
    const checked = item.li.querySelector("input[type=radio]:checked");
    const entry = { hash: item.hash, text: item.text, rating: checked ? checked.value : "" };
    for (const f of this.fields) entry[f] = item.li.querySelector(`[data-field=${f}]`)?.value ?? "";
    return entry;
  }

  onEdit(event) {
    const target = event.target;
    if (target.dataset.action === "import" || target.closest(".pcsp-share")) return;
    if (target.closest(".pcsp-plan-details")) {
      this.state.group = this.field("group").value;
      this.state.date = this.field("date").value;
      this.save();
      return;
    }
    const li = target.closest(".pcsp-checklist-item");
    if (!li || event.type === "input" && target.type === "radio") return;
    const item = this.items.get(li.dataset.itemId);
    const entry = this.entryFromForm(item);
    if (entry.rating || this.fields.some((f) => entry[f])) this.state.items[li.dataset.itemId] = entry;
    else delete this.state.items[li.dataset.itemId];
    li.dataset.rating = entry.rating;
    if (li.classList.contains("pcsp-item-changed")) this.flagChanged(item, null);
    this.save();
    this.updateProgress();
  }

  onClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const actions = {
      "export-json": () => this.exportJSON(),
      "export-csv": () => this.exportCSV(),
      share: () => this.share(),
      print: () => this.printPlan(),
      clear: () => this.clear(),
      keep: () => this.keepEarlier(button.dataset.itemId),
      "forget-removed": () => this.forgetRemoved(),
    };
    actions[button.dataset.action]?.();
  }

  save() {
    const empty = !this.state.group && !this.state.date && !Object.keys(this.state.items).length;
    if (empty) removeKey(this.key);
    else if (!saveJSON(this.key, this.state)) {
      this.say("This browser is not letting the page save; your ratings will be lost when you leave.");
    }
  }

  say(text) {
    this.message.textContent = text;
  }

  counts(items) {
    const c = { total: 0, done: 0, nearly: 0, notRelevant: 0 };
    for (const item of items) {
      const rating = item.li.dataset.rating;
      if (rating === "not-relevant") {
        c.notRelevant += 1;
        continue;
      }
      c.total += 1;
      if (rating === "done") c.done += 1;
      if (rating === "nearly-there") c.nearly += 1;
    }
    return c;
  }

  static describe(c) {
    let text = `${c.done} of ${c.total} done, ${c.nearly} nearly there`;
    if (c.notRelevant) text += `, ${c.notRelevant} not relevant`;
    return text;
  }

  updateProgress() {
    const all = this.counts(this.items.values());
    this.status.textContent = Checklist.describe(all);
    const bar = this.root.querySelector(".pcsp-status progress");
    bar.max = Math.max(all.total, 1);
    bar.value = all.done;
    for (const section of this.root.querySelectorAll(".pcsp-checklist-section")) {
      const items = [...this.items.values()].filter((i) => i.section === section);
      const c = this.counts(items);
      section.querySelector(".pcsp-section-status-text").textContent = Checklist.describe(c);
      const sbar = section.querySelector(".pcsp-section-status progress");
      sbar.max = Math.max(c.total, 1);
      sbar.value = c.done;
    }
    this.buildPlan();
  }

  exportData() {
    return { format: "pcsp-checklist", version: 1, title: this.title, exported: today(), ...this.state };
  }

  exportJSON() {
    download(`${this.id}-${today()}.json`, "application/json",
      `${JSON.stringify(this.exportData(), null, 2)}\n`);
    this.say("Your ratings were downloaded as a JSON file.");
  }

  exportCSV() {
    const head = ["Section", "Item id", "Item", "Rating", "Reason not relevant", "Next step",
      "Owner", "Due date"];
    const rows = [head];
    for (const [id, item] of this.items) {
      const e = this.entryFromForm(item);
      const section = item.section.querySelector("h2").textContent.trim();
      rows.push([section, id, item.text, this.ratings[e.rating] ?? "", e.reason, e.next, e.owner, e.due]);
    }
    const text = rows.map((r) => r.map(csvCell).join(",")).join("\r\n");
    download(`${this.id}-${today()}.csv`, "text/csv", `\ufeff${text}\r\n`);
    this.say("Your ratings were downloaded as a CSV file for a spreadsheet.");
  }

  async importFile(input) {
    const file = input.files?.[0];
    if (!file) return;
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      this.report(["The file is not a JSON file saved from this checklist."], false);
      input.value = "";
      return;
    }
    input.value = "";
    const { state, problems, count } = this.validate(data);
    if (!count && !state.group && !state.date) {
      this.report(problems.length ? problems : ["The file holds no ratings."], false);
      return;
    }
    const hasData = Object.keys(this.state.items).length || this.state.group || this.state.date;
    if (hasData && !window.confirm(
      "Replace the ratings saved in this browser with the ones in the file?")) {
      this.report(["Nothing was changed."], false);
      return;
    }
    this.state = state;
    this.save();
    this.render();
    this.report(problems, true, count);
  }

  report(problems, applied, count = 0) {
    const box = this.root.querySelector(".pcsp-problems");
    box.replaceChildren();
    this.say(applied ? `Loaded ${count} saved item${count === 1 ? "" : "s"}.` : "");
    if (!problems.length) {
      box.hidden = true;
      return;
    }
    box.append(el("p", applied ? "Some entries were left out:" : "Nothing was loaded:"));
    const list = el("ul");
    for (const p of problems) list.append(el("li", p));
    box.append(list);
    box.hidden = false;
    box.focus();
  }

  share() {
    const url = `${location.href.split("#")[0]}#state=${toBase64Url(JSON.stringify(this.state))}`;
    const box = this.root.querySelector(".pcsp-share");
    const input = box.querySelector("input");
    input.value = url;
    box.hidden = false;
    input.focus();
    input.select();
    navigator.clipboard?.writeText(url).then(
      () => this.say("Share link made and copied."),
      () => this.say("Share link made: copy it from the box."),
    );
  }

  offerSharedState() {
    if (!location.hash.startsWith("#state=")) return;
    let data = null;
    try {
      data = JSON.parse(fromBase64Url(location.hash.slice(7)));
    } catch {
      /* reported below */
    }
    const forget = () => history.replaceState(null, "", location.pathname + location.search);
    const { state, problems, count } = this.validate(data);
    const box = this.root.querySelector(".pcsp-incoming");
    box.replaceChildren();
    if (!data || (!count && !state.group)) {
      box.append(el("p", "The link you followed holds checklist ratings that could not be read."));
      this.report(problems, false);
      box.hidden = false;
      forget();
      return;
    }
    box.append(el("h2", "Ratings shared with you", { id: `pcsp-${this.id}-incoming` }));
    box.append(el("p", `The link you followed holds ${count} rated item${count === 1 ? "" : "s"}` +
      (state.group ? ` for “${state.group}”` : "") +
      ". Use them? They will replace any ratings saved in this browser for this checklist."));
    const apply = el("button", "Use the shared ratings", { type: "button" });
    const ignore = el("button", "Ignore them", { type: "button" });
    box.append(apply, " ", ignore);
    box.hidden = false;
    box.setAttribute("tabindex", "-1");
    box.focus();
    const done = () => {
      box.hidden = true;
      box.replaceChildren();
      forget();
    };
    apply.addEventListener("click", () => {
      this.state = state;
      this.save();
      this.render();
      done();
      this.report(problems, true, count);
    });
    ignore.addEventListener("click", () => {
      done();
      this.say("The shared ratings were not used.");
    });
  }

  keepEarlier(id) {
    const item = this.items.get(id);
    const entry = this.state.items[id];
    if (!item || !entry) return;
    entry.hash = item.hash;
    entry.text = item.text;
    this.fillItem(item, entry);
    this.flagChanged(item, null);
    this.save();
    this.updateProgress();
    item.li.querySelector("input[type=radio]:checked, input[type=radio]")?.focus();
  }

  forgetRemoved() {
    for (const id of Object.keys(this.state.items)) {
      if (!this.items.has(id)) delete this.state.items[id];
    }
    this.save();
    this.renderRemoved();
    this.say("Ratings for items no longer in this checklist were removed.");
  }

  clear() {
    if (!window.confirm("Remove all your ratings and notes for this checklist from this browser?")) {
      return;
    }
    removeKey(this.key);
    this.state = this.emptyState();
    this.render();
    this.report([], false);
    this.say("Your data for this checklist was removed from this browser.");
  }

  buildPlan() {
    const table = this.root.querySelector(".pcsp-plan table");
    const body = table.tBodies[0];
    body.replaceChildren();
    for (const item of this.items.values()) {
      const e = this.entryFromForm(item);
      const row = el("tr");
      row.append(el("td", item.text), el("td", this.ratings[e.rating] ?? "Not rated"),
        el("td", e.rating === "not-relevant" ? e.reason : e.next), el("td", e.owner),
        el("td", e.due));
      body.append(row);
    }
    const plan = this.root.querySelector(".pcsp-plan");
    const name = this.state.group || "____________________";
    plan.querySelector(".pcsp-plan-for").textContent =
      `For: ${name}    Date: ${this.state.date || today()}`;
  }

  printPlan() {
    this.buildPlan();
    this.planRequested = true;
    document.documentElement.classList.add("pcsp-print-plan");
    window.print();
  }
}

for (const root of document.querySelectorAll(".pcsp-checklist[data-checklist-id]")) {
  new Checklist(root).start();
}
