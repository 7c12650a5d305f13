// Interactive checklists for pcsp-kit.
//
// The page already holds a complete checklist that works and prints without this
// script. This script adds: ratings saved in this browser (localStorage, never sent
// anywhere), progress, export/import, a share link (state in the URL fragment),
// "clear my data" and a printable action plan. All text is set with textContent.
//
// A classic script (it must run from file:// too); pcsp-common.js (window.pcsp) loads first.
//
// Saved data is kept per site (pcsp:<site folder>:checklist:<id>) as a list of entries, each
// for one item id and one wording of it (a 12-hex hash of its text). Every published
// version of the guide shows the entry for its own wording, so a rating kept or changed
// in version 1.1 never changes what version 1.0 shows.

(function () {
  "use strict";

  const { el, count, longDate, today } = window.pcsp;
  const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  const HASH = /^[0-9a-f]{12}$/;
  const MAX_TEXT = 1000;
  const MAX_ENTRIES = 1000;
  const SHARE_FORMAT = 2;

  class Checklist {
    constructor(root) {
      this.root = root;
      this.id = root.dataset.checklistId;
      // Rating ids, labels and codes, plan fields and date limits come from the page
      // (generator/content/definitions.json); the site's folder and versions from the build.
      const definitions = JSON.parse(root.dataset.pcspDefinitions);
      this.ratings = Object.fromEntries(definitions.ratings.map((r) => [r.id, r.label]));
      this.codes = Object.fromEntries(definitions.ratings.map((r) => [r.id, r.code]));
      this.byCode = Object.fromEntries(definitions.ratings.map((r) => [r.code, r.id]));
      this.fields = definitions.fields;
      this.dates = definitions.dates;
      this.renamed = definitions.renamed || {};
      this.site = JSON.parse(root.dataset.pcspSite || "{}");
      this.title = root.dataset.checklistTitle || this.id;
      this.key = window.pcsp.siteKey(root, `checklist:${this.id}`);
      this.oldKey = `pcsp:checklist:${this.id}`;
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
      this.group = "";
      this.date = "";
      this.saved = new Map(); // item id -> Map(wording hash -> entry), oldest first
    }

    start() {
      window.pcsp.showScripted(this.root);
      // The skip link to the items goes first on the page, before the site's navigation.
      const skip = this.root.querySelector(".pcsp-skip-link");
      if (skip) document.body.prepend(skip);
      const stored = window.pcsp.loadSiteJSON(this.key, this.oldKey);
      if (stored) this.use(this.read(stored, { trusted: true }), "replace");
      this.followRenames();
      this.render();
      this.root.addEventListener("change", (e) => this.onEdit(e));
      this.root.addEventListener("input", (e) => this.onEdit(e));
      this.root.addEventListener("focusout", (e) => this.onLeave(e));
      this.root.addEventListener("click", (e) => this.onClick(e));
      window.pcsp.oneTabStopPerDate(this.root);
      const importer = this.root.querySelector("[data-action=import]");
      importer?.addEventListener("change", () => this.importFile(importer));
      // The plan layout is kept for printing only when the button asked for it; printing
      // from the browser's menu prints the whole checklist.
      window.addEventListener("beforeprint", () => {
        if (!this.planRequested) document.documentElement.classList.remove("pcsp-print-plan");
        this.planRequested = false;
      });
      window.addEventListener("hashchange", () => this.offerSharedState());
      this.offerSharedState();
    }

    // ---- reading outside data (storage, a file, a link) ----

    blankEntry() {
      const entry = { text: "", rating: "", v: "" };
      for (const f of this.fields) entry[f] = "";
      return entry;
    }

    /** The raw entries in any format this page has ever written: the stored list, an
     * exported file (other_versions, then items: the latest last) or an older file, storage
     * or link (items). */
    rawEntries(data) {
      const found = [];
      const add = (id, raw) => found.push([id, raw]);
      const other = data.other_versions;
      if (other && typeof other === "object" && !Array.isArray(other)) {
        for (const [id, list] of Object.entries(other)) {
          if (Array.isArray(list)) for (const raw of list) add(id, raw);
        }
      }
      const items = data.items ?? {};
      if (items && typeof items === "object" && !Array.isArray(items)) {
        for (const [id, raw] of Object.entries(items)) add(id, raw);
      }
      if (Array.isArray(data.entries)) {
        for (const raw of data.entries) add(raw && typeof raw === "object" ? raw.id : "", raw);
      }
      return found;
    }

    /** Checks outside data and keeps only what is sound: entries for this checklist's items
     * and for items it had before (renamed ones, or ones already saved in this browser).
     * ``trusted`` is this browser's own storage, where every sound entry is kept. */
    read(data, { trusted = false } = {}) {
      const problems = [];
      const result = { group: "", date: "", entries: [], problems, count: 0, fatal: true };
      if (!data || typeof data !== "object" || Array.isArray(data)) {
        problems.push("The data is not a saved checklist.");
        return result;
      }
      if (data.checklist !== this.id) {
        const other = typeof data.checklist === "string" ? data.checklist : "unknown";
        problems.push(`These ratings are for another checklist ('${other.slice(0, 60)}').`);
        return result;
      }
      result.fatal = false;
      for (const field of ["group", "date"]) {
        const value = data[field] ?? "";
        if (typeof value !== "string" || value.length > 200) {
          problems.push(`The ${field === "group" ? "name" : "date"} is not valid and was left out.`);
        } else if (field === "date" && value && !this.dateFits(value)) {
          problems.push(`The date '${value}' is not a date and was left out.`);
        } else {
          result[field] = value;
        }
      }
      if (data.items !== undefined && (typeof data.items !== "object" || Array.isArray(data.items)
          || data.items === null)) {
        problems.push("The list of ratings is not valid.");
        return result;
      }
      const ids = new Set();
      let unknown = 0;
      let invalid = 0;
      let read = 0;
      for (const [rawId, raw] of this.rawEntries(data)) {
        if (typeof rawId !== "string" || !ID.test(rawId) || !raw || typeof raw !== "object") {
          invalid += 1;
          if (invalid <= 20) problems.push(`'${String(rawId).slice(0, 60)}' is not a valid item id; it was skipped.`);
          continue;
        }
        // A file or link from an earlier version may use an item's old id. This browser's
        // own storage keeps old ids as they are (the earlier version's page still uses them).
        const id = !trusted && Object.hasOwn(this.renamed, rawId) ? this.renamed[rawId] : rawId;
        if (!trusted && !this.items.has(id) && !this.saved.has(id)) {
          unknown += 1;
          if (unknown <= 20) problems.push(`Unknown item '${id}': it is not in this checklist; skipped.`);
          continue;
        }
        read += 1;
        if (read > MAX_ENTRIES) continue;
        const entry = this.blankEntry();
        let hash = "";
        if (typeof raw.hash === "string" && HASH.test(raw.hash)) hash = raw.hash;
        else problems.push(`Item '${id}': the item fingerprint is missing or not valid.`);
        if (typeof raw.text === "string" && raw.text.length <= MAX_TEXT) entry.text = raw.text;
        if (typeof raw.v === "string" && raw.v.length <= 40) entry.v = raw.v;
        if (raw.rating !== undefined && raw.rating !== "") {
          if (Object.hasOwn(this.ratings, raw.rating)) entry.rating = raw.rating;
          else problems.push(`Item '${id}': '${String(raw.rating).slice(0, 40)}' is not a rating.`);
        }
        for (const f of this.fields) {
          const value = raw[f];
          if (value === undefined || value === "") continue;
          if (typeof value !== "string" || value.length > MAX_TEXT) {
            problems.push(`Item '${id}': the ${f} value is not valid.`);
          } else if (f === "due" && !this.dateFits(value)) {
            problems.push(`Item '${id}': the due date '${value.slice(0, 40)}' is not a date.`);
          } else {
            entry[f] = value;
          }
        }
        if (!this.usable(entry)) continue;
        const item = this.items.get(id);
        if (item && hash === item.hash && !entry.text) entry.text = item.text;
        if (!item && !entry.text) entry.text = id;
        result.entries.push({ id, hash, entry });
        ids.add(id);
      }
      if (invalid > 20) problems.push(`… and ${invalid - 20} more entries that are not valid; skipped.`);
      if (unknown > 20) problems.push(`… and ${unknown - 20} more unknown items; skipped.`);
      if (read > MAX_ENTRIES) {
        problems.push(`The data holds ${read} entries for this checklist; the first ${MAX_ENTRIES} were read.`);
      }
      result.count = ids.size;
      return result;
    }

    dateFits(value) {
      return window.pcsp.isDate(value) && value >= this.dates.min && value <= this.dates.max;
    }

    usable(entry) {
      return Boolean(entry.rating || this.fields.some((f) => entry[f]));
    }

    /** Put read data into this browser's state: "replace" what is here, or "merge" (what
     * is here stays where both have an entry for the same item and wording). Returns how
     * many entries were added. */
    use(data, how) {
      if (how === "replace") {
        this.saved = new Map();
        this.group = data.group;
        this.date = data.date;
      } else {
        this.group ||= data.group;
        this.date ||= data.date;
      }
      let added = 0;
      for (const { id, hash, entry } of data.entries) {
        if (!this.saved.has(id)) this.saved.set(id, new Map());
        const wordings = this.saved.get(id);
        if (how === "merge" && wordings.has(hash)) continue;
        wordings.delete(hash);
        wordings.set(hash, entry);
        added += 1;
      }
      return added;
    }

    // ---- what the page shows ----

    /** The entry for this page's wording of an item, or null. */
    current(id) {
      const item = this.items.get(id);
      return this.saved.get(id)?.get(item.hash) ?? null;
    }

    /** The latest entry for an item in any other wording, as [hash, entry], or null. */
    earlier(id, except) {
      const wordings = [...(this.saved.get(id) ?? new Map())].filter(([h]) => h !== except);
      return wordings.length ? wordings[wordings.length - 1] : null;
    }

    /** Whether an entry was made in a newer version of the guide than this page's. */
    newer(entry) {
      const order = this.site.versions || [];
      const at = order.indexOf(entry.v);
      const here = order.indexOf(this.site.version);
      return at >= 0 && here >= 0 && at < here;
    }

    /** Ratings saved under an item's old id (checklist's renamed_items) are copied to its new
     * id, and the old id's stay for the earlier versions' pages. */
    followRenames() {
      for (const [old, id] of Object.entries(this.renamed)) {
        if (this.saved.has(old) && !this.saved.has(id) && this.items.has(id)) {
          this.saved.set(id, new Map(this.saved.get(old)));
        }
      }
    }

    /** Ids saved here for items this page does not have (left out: items added later, and
     * old ids of renamed items). */
    removedIds() {
      return [...this.saved.keys()].filter((id) => {
        if (this.items.has(id) || Object.hasOwn(this.renamed, id)) return false;
        const last = this.earlier(id, null);
        return last && !this.newer(last[1]);
      });
    }

    changedIds() {
      return [...this.items.keys()].filter((id) => !this.current(id) && this.earlier(id, this.items.get(id).hash));
    }

    // Puts the state into the form, flags changed items and lists removed ones.
    render() {
      this.field("group").value = this.group;
      this.field("date").value = this.date;
      for (const [id, item] of this.items) {
        const entry = this.current(id);
        this.fillItem(item, entry);
        this.flagChanged(item, entry ? null : this.earlier(id, item.hash));
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
        if (!input) continue;
        input.value = entry ? entry[f] : "";
        if (input.type === "date") window.pcsp.checkDate(input);
      }
      item.li.dataset.rating = entry?.rating ?? "";
    }

    flagChanged(item, earlier) {
      item.li.querySelector(".pcsp-changed")?.remove();
      item.li.classList.toggle("pcsp-item-changed", earlier !== null);
      if (!earlier) return;
      const [, entry] = earlier;
      const box = el("div", null, { class: "pcsp-changed" });
      box.append(el("p", "This item changed since you rated it.", { class: "pcsp-changed-title" }));
      const before = entry.rating ? `You rated it “${this.ratings[entry.rating]}”` : "You made notes on it";
      const where = entry.v && entry.v !== this.site.version ? ` in version ${entry.v}` : "";
      const said = entry.text && entry.text !== item.li.dataset.itemId
        ? ` when it said: “${entry.text}”` : " in another version of this checklist";
      box.append(el("p", `${before}${where}${said}. Please rate it again.`));
      const keep = el("button", "Keep my earlier rating", { type: "button" });
      keep.dataset.action = "keep";
      keep.dataset.itemId = item.li.dataset.itemId;
      box.append(keep);
      item.li.querySelector("fieldset").prepend(box);
    }

    renderRemoved() {
      const box = this.root.querySelector(".pcsp-kept-ratings");
      const list = box.querySelector("ul");
      list.replaceChildren();
      const gone = this.removedIds();
      for (const id of gone) {
        const [, entry] = this.earlier(id, null);
        const parts = [entry.text || id];
        if (entry.rating) parts.push(`rated “${this.ratings[entry.rating]}”`);
        if (entry.next) parts.push(`next step: ${entry.next}`);
        list.append(el("li", parts.join(". "), { "data-item-id": id }));
      }
      box.hidden = gone.length === 0;
      this.renderUpdates(gone.length);
    }

    /** At the top of the page: which rated items changed or were removed, and where they are. */
    renderUpdates(removed) {
      const box = this.root.querySelector(".pcsp-updates");
      const changed = this.changedIds();
      box.replaceChildren();
      box.hidden = !changed.length && !removed;
      if (box.hidden) return;
      const heading = `pcsp-${this.id}-updates`;
      box.append(el("h2", "The checklist has changed since you rated it", { id: heading }));
      box.setAttribute("role", "region");
      box.setAttribute("aria-labelledby", heading);
      if (changed.length) {
        box.append(el("p", `${count(changed.length, "item you rated has", "items you rated have")} ` +
          "new wording. Each is marked “This item changed since you rated it”: rate it again, " +
          "or keep your earlier rating."));
        const list = el("ul");
        for (const id of changed) {
          const li = el("li");
          li.append(el("a", this.items.get(id).text, { href: `#item-${id}` }));
          list.append(li);
        }
        box.append(list);
      }
      if (removed) {
        const p = el("p", `${count(removed, "item you rated is", "items you rated are")} no longer ` +
          "in this checklist. Your ratings are kept at the end of the page, under ");
        p.append(el("a", "Ratings for items no longer in this checklist", {
          href: `#pcsp-${this.id}-removed`,
        }), ".");
        box.append(p);
      }
    }

    entryFromForm(item) {
      const checked = item.li.querySelector("input[type=radio]:checked");
      const entry = this.blankEntry();
      entry.text = item.text;
      entry.rating = checked ? checked.value : "";
      entry.v = this.site.version || "";
      const before = this.current(item.li.dataset.itemId);
      for (const f of this.fields) {
        const input = item.li.querySelector(`[data-field=${f}]`);
        if (!input) continue;
        // A date that is not a date is refused (and said so beside the field).
        entry[f] = input.type === "date" && window.pcsp.dateProblem(input) ? before?.[f] ?? "" : input.value;
      }
      return entry;
    }

    onEdit(event) {
      const target = event.target;
      if (target.dataset.action === "import" || target.closest(".pcsp-share")) return;
      if (target.type === "date" && (target.value || document.getElementById(`${target.id}-problem`))) {
        if (!window.pcsp.checkDate(target) && event.type === "change") {
          this.say(window.pcsp.dateProblem(target));
        }
      }
      if (target.closest(".pcsp-plan-details")) {
        this.group = this.field("group").value;
        const date = this.field("date");
        if (!window.pcsp.dateProblem(date)) this.date = date.value;
        this.save();
        return;
      }
      const li = target.closest(".pcsp-checklist-item");
      if (!li || event.type === "input" && target.type === "radio") return;
      const id = li.dataset.itemId;
      const item = this.items.get(id);
      const entry = this.entryFromForm(item);
      if (!this.saved.has(id)) this.saved.set(id, new Map());
      const wordings = this.saved.get(id);
      wordings.delete(item.hash);
      if (this.usable(entry)) wordings.set(item.hash, entry);
      if (!wordings.size) this.saved.delete(id);
      li.dataset.rating = entry.rating;
      if (li.classList.contains("pcsp-item-changed") && this.usable(entry)) {
        this.flagChanged(item, null);
        this.renderRemoved();
      }
      this.save();
      this.updateProgress();
    }

    onLeave(event) {
      const target = event.target;
      if (target.type === "date" && !window.pcsp.checkDate(target)) {
        this.say(window.pcsp.dateProblem(target));
      }
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

    /** Every entry, oldest first, as stored. */
    entries() {
      const out = [];
      for (const [id, wordings] of this.saved) {
        for (const [hash, entry] of wordings) out.push({ id, hash, ...entry });
      }
      return out;
    }

    save() {
      const entries = this.entries();
      if (!this.group && !this.date && !entries.length) {
        window.pcsp.removeKey(this.key);
      } else if (!window.pcsp.saveJSON(this.key, {
        format: "pcsp-checklist-saved", version: 2, checklist: this.id, group: this.group,
        date: this.date, entries,
      })) {
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

    // ---- export and import ----

    /** What this page shows of each item (its own wording's entry, else the latest). */
    shownEntries() {
      const items = {};
      for (const id of this.saved.keys()) {
        const item = this.items.get(id);
        const current = item ? this.current(id) : null;
        const [hash, entry] = current ? [item.hash, current] : this.earlier(id, null);
        items[id] = { hash, ...entry };
      }
      return items;
    }

    exportData() {
      const items = this.shownEntries();
      const other = {};
      for (const { id, hash, ...entry } of this.entries()) {
        if (items[id].hash !== hash) (other[id] ??= []).push({ hash, ...entry });
      }
      const data = { format: "pcsp-checklist", version: 2, title: this.title, exported: today(),
        checklist: this.id, group: this.group, date: this.date, items };
      if (Object.keys(other).length) data.other_versions = other;
      return data;
    }

    exportJSON() {
      window.pcsp.download(`${this.id}-${today()}.json`, "application/json",
        `${JSON.stringify(this.exportData(), null, 2)}\n`);
      this.say("Your ratings were downloaded as a JSON file.");
    }

    exportCSV() {
      const head = ["Section", "Item id", "Item", "Rating", "Reason not relevant", "Next step",
        "Owner", "Due date"];
      const rows = [head];
      for (const [id, item] of this.items) {
        const e = this.current(id) ?? this.blankEntry();
        const section = item.section.querySelector("h2").textContent.trim();
        rows.push([section, id, item.text, this.ratings[e.rating] ?? "", e.reason, e.next, e.owner, e.due]);
      }
      const text = rows.map((r) => r.map(window.pcsp.csvCell).join(",")).join("\r\n");
      window.pcsp.download(`${this.id}-${today()}.csv`, "text/csv", `\ufeff${text}\r\n`);
      this.say("Your ratings were downloaded as a CSV file for a spreadsheet.");
    }

    hasData() {
      return this.saved.size > 0;
    }

    async importFile(input) {
      const file = input.files?.[0];
      if (!file) return;
      input.value = "";
      let data;
      try {
        data = JSON.parse(await file.text());
      } catch {
        this.report(["The file is not a JSON file saved from this checklist."], false);
        return;
      }
      const found = this.read(data);
      if (!found.count) {
        this.report(found.fatal ? found.problems
          : [...found.problems, "The file holds no ratings for this checklist, so nothing was changed."], false);
        return;
      }
      if (!this.hasData()) {
        this.apply(found, "replace");
        return;
      }
      this.ask(this.root.querySelector(".pcsp-import-choice"), found, {
        heading: `Load the ratings in “${file.name.slice(0, 100)}”?`,
        headingId: `pcsp-${this.id}-import-heading`,
        intro: [],
        replace: "Replace my ratings",
        merge: "Merge with my ratings",
        cancel: "Cancel",
        cancelled: "Nothing was changed.",
        source: "in the file",
      });
    }

    /** Ask whether to replace what is saved here with incoming ratings, merge, or neither. */
    ask(box, found, words, done = () => {}) {
      const here = this.saved.size;
      const lines = [...words.intro,
        `${count(found.count, "rating", "ratings")} ${words.source}; ` +
        `${count(here, "rating", "ratings")} saved here will be replaced.`,
        "Or merge them: the ratings are added to yours, and where both have rated the same " +
        "item, the rating saved here is kept."];
      window.pcsp.askInBox(box, words.heading, words.headingId, lines,
        [["replace", words.replace], ["merge", words.merge], ["cancel", words.cancel]],
        (choice) => {
          box.hidden = true;
          box.replaceChildren();
          done();
          if (choice === "cancel") {
            this.report([], false);
            this.say(words.cancelled);
          } else {
            this.apply(found, choice);
          }
          this.message.focus();
        });
    }

    apply(found, how) {
      const added = this.use(found, how);
      this.save();
      this.render();
      if (how === "merge") {
        this.report(found.problems, true);
        const kept = found.entries.length - added;
        this.say(`Merged: ${count(added, "rating", "ratings")} added` +
          (kept ? `; ${count(kept, "item", "items")} kept the rating saved here.` : "."));
      } else {
        this.report(found.problems, true, found.count);
      }
    }

    report(problems, applied, n = 0) {
      const box = this.root.querySelector(".pcsp-problems");
      box.replaceChildren();
      this.say(applied ? `Loaded ${count(n, "saved item", "saved items")}.` : "");
      if (!problems.length) {
        box.hidden = true;
        return;
      }
      box.append(el("p", applied ? "Some entries were left out:" : "Nothing was loaded:"));
      box.append(window.pcsp.problemList(problems));
      box.hidden = false;
      box.focus();
    }

    // ---- share links: ids, wording hashes, ratings and notes; never the items' wording ----

    shareCode() {
      const rows = [];
      for (const [id, item] of this.items) {
        const entry = this.current(id);
        if (!entry) continue;
        const row = [id, item.hash, this.codes[entry.rating] ?? "", ...this.fields.map((f) => entry[f])];
        while (row.length > 3 && row[row.length - 1] === "") row.pop();
        rows.push(row);
      }
      const head = [SHARE_FORMAT, this.id, this.group, this.date];
      return window.pcsp.toBase64Url(JSON.stringify([...head, ...rows]));
    }

    /** A share link's data in the form read() takes (links made before version 2 held the
     * saved state itself). */
    fromShareCode(code) {
      const data = JSON.parse(window.pcsp.fromBase64Url(code));
      if (!Array.isArray(data)) return data;
      const [format, checklist, group, date, ...rows] = data;
      if (format !== SHARE_FORMAT) return null;
      const entries = rows.filter(Array.isArray).map(([id, hash, code, ...values]) => {
        const raw = { id, hash, rating: Object.hasOwn(this.byCode, code) ? this.byCode[code] : code || "" };
        this.fields.forEach((f, n) => { raw[f] = values[n] ?? ""; });
        return raw;
      });
      return { checklist, group, date, entries };
    }

    share() {
      const url = `${location.href.split("#")[0]}#state=${this.shareCode()}`;
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
        data = this.fromShareCode(location.hash.slice(7));
      } catch {
        /* reported below */
      }
      const forget = () => history.replaceState(null, "", location.pathname + location.search);
      const found = this.read(data);
      const box = this.root.querySelector(".pcsp-incoming");
      const headingId = `pcsp-${this.id}-incoming`;
      if (!data || !found.count) {
        forget();
        window.pcsp.askInBox(box, "Ratings shared with you", headingId,
          ["The link you followed holds checklist ratings that could not be read."],
          [["close", "Close"]], () => {
            box.hidden = true;
            this.message.focus();
          });
        this.report(found.problems, false);
        box.focus();
        return;
      }
      const holds = `The link you followed holds ${count(found.count, "rated item", "rated items")}` +
        (found.group ? ` for “${found.group.slice(0, 200)}”.` : ".");
      if (!this.hasData()) {
        window.pcsp.askInBox(box, "Ratings shared with you", headingId,
          [holds, "Use them? They will be saved in this browser for this checklist."],
          [["use", "Use the shared ratings"], ["ignore", "Ignore them"]], (choice) => {
            box.hidden = true;
            box.replaceChildren();
            forget();
            if (choice === "use") this.apply(found, "replace");
            else this.say("The shared ratings were not used.");
            this.message.focus();
          });
        return;
      }
      this.ask(box, found, {
        heading: "Ratings shared with you", headingId, intro: [holds],
        replace: "Use the shared ratings", merge: "Merge them with mine", cancel: "Ignore them",
        cancelled: "The shared ratings were not used.", source: "in the link",
      }, forget);
    }

    // ---- the rest of the toolbar ----

    keepEarlier(id) {
      const item = this.items.get(id);
      const earlier = item && this.earlier(id, item.hash);
      if (!earlier) return;
      const entry = { ...earlier[1], text: item.text, v: this.site.version || "" };
      this.saved.get(id).set(item.hash, entry);
      this.fillItem(item, entry);
      this.flagChanged(item, null);
      this.save();
      this.renderRemoved();
      this.updateProgress();
      const radios = item.li.querySelectorAll("input[type=radio]");
      (item.li.querySelector("input[type=radio]:checked") ?? radios[0])?.focus();
      this.say(`Your earlier rating of “${item.text.slice(0, 80)}” was kept.`);
    }

    forgetRemoved() {
      for (const id of this.removedIds()) this.saved.delete(id);
      this.save();
      this.renderRemoved();
      this.say("Ratings for items no longer in this checklist were removed.");
      this.message.focus();
    }

    clear() {
      if (!window.confirm("Remove all your ratings and notes for this checklist from this browser?")) {
        return;
      }
      window.pcsp.removeKey(this.key);
      window.pcsp.removeKey(this.oldKey);
      this.saved = new Map();
      this.group = "";
      this.date = "";
      this.render();
      this.report([], false);
      this.say("Your data for this checklist was removed from this browser.");
    }

    buildPlan() {
      const table = this.root.querySelector(".pcsp-plan table");
      const body = table.tBodies[0];
      body.replaceChildren();
      for (const [id, item] of this.items) {
        const e = this.current(id) ?? this.blankEntry();
        const row = el("tr");
        row.append(el("td", item.text), el("td", this.ratings[e.rating] ?? "Not rated"),
          el("td", e.rating === "not-relevant" ? e.reason : e.next), el("td", e.owner),
          el("td", longDate(e.due)));
        body.append(row);
      }
      const plan = this.root.querySelector(".pcsp-plan");
      const name = this.group || "____________________";
      plan.querySelector(".pcsp-plan-for").textContent =
        `For: ${name}    Date: ${longDate(this.date || today())}`;
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
})();
