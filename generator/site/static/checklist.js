// Interactive checklists for pcsp-kit.
//
// The page already holds a complete checklist that works and prints without this
// script. This script adds: ratings saved in this browser (localStorage, never sent
// anywhere), progress, export/import, a share link (state in the URL fragment),
// "clear my data" and a printable action plan. All text is set with textContent, and every
// word shown comes from the page (data-pcsp-words: generator/site/locale/<language>.json).
//
// A classic script (it must run from file:// too); pcsp-common.js (window.pcsp) loads first.
//
// Saved data is kept per site (pcsp:<site folder>:checklist:<id>) as a list of entries, each
// for one item id and one wording of it (a 12-hex hash of its text). Every published
// version of the guide shows the entry for its own wording, so a rating kept or changed
// in version 1.1 never changes what version 1.0 shows.

(function () {
  "use strict";

  const { el, today } = window.pcsp;
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
      this.fieldLabels = definitions.field_labels || {};
      this.w = window.pcsp.words(root);
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
        problems.push(this.w.t("checklist_script.not-a-checklist"));
        return result;
      }
      if (data.checklist !== this.id) {
        const other = typeof data.checklist === "string" ? data.checklist : this.w.t("checklist_script.unknown");
        problems.push(this.w.t("checklist_script.other-checklist", { name: other.slice(0, 60) }));
        return result;
      }
      result.fatal = false;
      for (const field of ["group", "date"]) {
        const value = data[field] ?? "";
        if (typeof value !== "string" || value.length > 200) {
          problems.push(this.w.t(field === "group" ? "checklist_script.bad-name" : "checklist_script.bad-date"));
        } else if (field === "date" && value && !this.dateFits(value)) {
          problems.push(this.w.t("checklist_script.not-a-date", { value }));
        } else {
          result[field] = value;
        }
      }
      if (data.items !== undefined && (typeof data.items !== "object" || Array.isArray(data.items)
          || data.items === null)) {
        problems.push(this.w.t("checklist_script.bad-list"));
        return result;
      }
      const ids = new Set();
      let unknown = 0;
      let invalid = 0;
      let read = 0;
      for (const [rawId, raw] of this.rawEntries(data)) {
        if (typeof rawId !== "string" || !ID.test(rawId) || !raw || typeof raw !== "object") {
          invalid += 1;
          if (invalid <= 20) problems.push(this.w.t("checklist_script.bad-id", { id: String(rawId).slice(0, 60) }));
          continue;
        }
        // A file or link from an earlier version may use an item's old id. This browser's
        // own storage keeps old ids as they are (the earlier version's page still uses them).
        const id = !trusted && Object.hasOwn(this.renamed, rawId) ? this.renamed[rawId] : rawId;
        if (!trusted && !this.items.has(id) && !this.saved.has(id)) {
          unknown += 1;
          if (unknown <= 20) problems.push(this.w.t("checklist_script.unknown-item", { id }));
          continue;
        }
        read += 1;
        if (read > MAX_ENTRIES) continue;
        const entry = this.blankEntry();
        let hash = "";
        if (typeof raw.hash === "string" && HASH.test(raw.hash)) hash = raw.hash;
        else problems.push(this.w.t("checklist_script.bad-hash", { id }));
        if (typeof raw.text === "string" && raw.text.length <= MAX_TEXT) entry.text = raw.text;
        if (typeof raw.v === "string" && raw.v.length <= 40) entry.v = raw.v;
        if (raw.rating !== undefined && raw.rating !== "") {
          if (Object.hasOwn(this.ratings, raw.rating)) entry.rating = raw.rating;
          else problems.push(this.w.t("checklist_script.bad-rating", { id, rating: String(raw.rating).slice(0, 40) }));
        }
        for (const f of this.fields) {
          const value = raw[f];
          if (value === undefined || value === "") continue;
          if (typeof value !== "string" || value.length > MAX_TEXT) {
            problems.push(this.w.t("checklist_script.bad-field", { id, field: this.fieldLabels[f] ?? f }));
          } else if (f === "due" && !this.dateFits(value)) {
            problems.push(this.w.t("checklist_script.bad-due", { id, value: value.slice(0, 40) }));
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
      if (invalid > 20) problems.push(this.w.t("checklist_script.more-invalid", { n: invalid - 20 }));
      if (unknown > 20) problems.push(this.w.t("checklist_script.more-unknown", { n: unknown - 20 }));
      if (read > MAX_ENTRIES) {
        problems.push(this.w.t("checklist_script.too-many", { n: read, max: MAX_ENTRIES }));
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
      const w = this.w;
      box.append(el("p", w.t("checklist_script.changed-title"), { class: "pcsp-changed-title" }));
      const before = entry.rating ? w.t("checklist_script.you-rated", { rating: this.ratings[entry.rating] })
        : w.t("checklist_script.you-noted");
      const where = entry.v && entry.v !== this.site.version
        ? w.t("checklist_script.in-version", { version: entry.v }) : "";
      const said = entry.text && entry.text !== item.li.dataset.itemId
        ? w.t("checklist_script.when-it-said", { text: entry.text }) : w.t("checklist_script.in-another-version");
      box.append(el("p", w.t("checklist_script.rate-again", { before, where, said })));
      const keep = el("button", w.t("checklist_script.keep"), { type: "button" });
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
        if (entry.rating) parts.push(this.w.t("checklist_script.removed-rated", { rating: this.ratings[entry.rating] }));
        if (entry.next) parts.push(this.w.t("checklist_script.removed-next", { next: entry.next }));
        list.append(el("li", parts.join(this.w.t("checklist_script.removed-join")), { "data-item-id": id }));
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
      box.append(el("h2", this.w.t("checklist_script.updates-heading"), { id: heading }));
      box.setAttribute("role", "region");
      box.setAttribute("aria-labelledby", heading);
      if (changed.length) {
        box.append(el("p", this.w.n("checklist_script.changed-items", changed.length)));
        const list = el("ul");
        for (const id of changed) {
          const li = el("li");
          li.append(el("a", this.items.get(id).text, { href: `#item-${id}` }));
          list.append(li);
        }
        box.append(list);
      }
      if (removed) {
        const p = el("p", this.w.n("checklist_script.removed-items", removed));
        p.append(el("a", this.w.t("checklist_script.removed-heading"), {
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
        this.say(this.w.t("checklist_script.not-saving"));
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

    describe(c) {
      const values = { done: c.done, total: c.total, nearly: c.nearly, not_relevant: c.notRelevant };
      return this.w.t(c.notRelevant ? "checklist_script.progress-not-relevant" : "checklist_script.progress", values);
    }

    updateProgress() {
      const all = this.counts(this.items.values());
      this.status.textContent = this.describe(all);
      const bar = this.root.querySelector(".pcsp-status progress");
      bar.max = Math.max(all.total, 1);
      bar.value = all.done;
      for (const section of this.root.querySelectorAll(".pcsp-checklist-section")) {
        const items = [...this.items.values()].filter((i) => i.section === section);
        const c = this.counts(items);
        section.querySelector(".pcsp-section-status-text").textContent = this.describe(c);
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
      this.say(this.w.t("checklist_script.downloaded-json"));
    }

    exportCSV() {
      const rows = [this.w.raw("checklist_script.csv-columns")];
      for (const [id, item] of this.items) {
        const e = this.current(id) ?? this.blankEntry();
        const section = item.section.querySelector("h2").textContent.trim();
        rows.push([section, id, item.text, this.ratings[e.rating] ?? "", e.reason, e.next, e.owner, e.due]);
      }
      const text = rows.map((r) => r.map(window.pcsp.csvCell).join(",")).join("\r\n");
      window.pcsp.download(`${this.id}-${today()}.csv`, "text/csv", `\ufeff${text}\r\n`);
      this.say(this.w.t("checklist_script.downloaded-csv"));
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
        this.report([this.w.t("checklist_script.not-json")], false);
        return;
      }
      const found = this.read(data);
      if (!found.count) {
        this.report(found.fatal ? found.problems
          : [...found.problems, this.w.t("checklist_script.no-ratings-in-file")], false);
        return;
      }
      if (!this.hasData()) {
        this.apply(found, "replace");
        return;
      }
      this.ask(this.root.querySelector(".pcsp-import-choice"), found, {
        heading: this.w.t("checklist_script.load-file-heading", { file: file.name.slice(0, 100) }),
        headingId: `pcsp-${this.id}-import-heading`,
        intro: [],
        replace: this.w.t("checklist_script.replace-mine"),
        merge: this.w.t("checklist_script.merge-mine"),
        cancel: this.w.t("common.cancel"),
        cancelled: this.w.t("common.nothing-changed"),
        source: "checklist_script.in-the-file",
      });
    }

    /** Ask whether to replace what is saved here with incoming ratings, merge, or neither. */
    ask(box, found, words, done = () => {}) {
      const here = this.saved.size;
      const lines = [...words.intro,
        this.w.t(words.source, { incoming: this.w.n("checklist_script.ratings", found.count),
          here: this.w.n("checklist_script.ratings", here) }),
        this.w.t("checklist_script.or-merge")];
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
        this.say(this.w.t(kept ? "checklist_script.merged-kept" : "checklist_script.merged", {
          added: this.w.n("checklist_script.ratings", added), kept: this.w.n("checklist_script.items", kept) }));
      } else {
        this.report(found.problems, true, found.count);
      }
    }

    report(problems, applied, n = 0) {
      const box = this.root.querySelector(".pcsp-problems");
      box.replaceChildren();
      this.say(applied ? this.w.t("checklist_script.loaded", { items: this.w.n("checklist_script.saved-items", n) }) : "");
      if (!problems.length) {
        box.hidden = true;
        return;
      }
      box.append(el("p", this.w.t(applied ? "common.left-out" : "common.nothing-loaded")));
      box.append(window.pcsp.problemList(problems, this.w));
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
        () => this.say(this.w.t("checklist_script.link-copied")),
        () => this.say(this.w.t("checklist_script.link-made")),
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
        window.pcsp.askInBox(box, this.w.t("checklist_script.shared-heading"), headingId,
          [this.w.t("checklist_script.shared-unreadable")],
          [["close", this.w.t("checklist_script.close")]], () => {
            box.hidden = true;
            this.message.focus();
          });
        this.report(found.problems, false);
        box.focus();
        return;
      }
      const items = this.w.n("checklist_script.rated-items", found.count);
      const holds = found.group
        ? this.w.t("checklist_script.shared-holds-for", { items, group: found.group.slice(0, 200) })
        : this.w.t("checklist_script.shared-holds", { items });
      if (!this.hasData()) {
        window.pcsp.askInBox(box, this.w.t("checklist_script.shared-heading"), headingId,
          [holds, this.w.t("checklist_script.use-them")],
          [["use", this.w.t("checklist_script.use-shared")], ["ignore", this.w.t("checklist_script.ignore")]], (choice) => {
            box.hidden = true;
            box.replaceChildren();
            forget();
            if (choice === "use") this.apply(found, "replace");
            else this.say(this.w.t("checklist_script.not-used"));
            this.message.focus();
          });
        return;
      }
      this.ask(box, found, {
        heading: this.w.t("checklist_script.shared-heading"), headingId, intro: [holds],
        replace: this.w.t("checklist_script.use-shared"), merge: this.w.t("checklist_script.merge-shared"),
        cancel: this.w.t("checklist_script.ignore"), cancelled: this.w.t("checklist_script.not-used"),
        source: "checklist_script.in-the-link",
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
      this.say(this.w.t("checklist_script.kept-earlier", { item: item.text.slice(0, 80) }));
    }

    forgetRemoved() {
      for (const id of this.removedIds()) this.saved.delete(id);
      this.save();
      this.renderRemoved();
      this.say(this.w.t("checklist_script.old-removed"));
      this.message.focus();
    }

    clear() {
      if (!window.confirm(this.w.t("checklist_script.confirm-clear"))) {
        return;
      }
      window.pcsp.removeKey(this.key);
      window.pcsp.removeKey(this.oldKey);
      this.saved = new Map();
      this.group = "";
      this.date = "";
      this.render();
      this.report([], false);
      this.say(this.w.t("checklist_script.cleared"));
    }

    buildPlan() {
      const table = this.root.querySelector(".pcsp-plan table");
      const body = table.tBodies[0];
      body.replaceChildren();
      for (const [id, item] of this.items) {
        const e = this.current(id) ?? this.blankEntry();
        const row = el("tr");
        row.append(el("td", item.text), el("td", this.ratings[e.rating] ?? this.w.t("checklist_script.not-rated")),
          el("td", e.rating === "not-relevant" ? e.reason : e.next), el("td", e.owner),
          el("td", this.w.date(e.due)));
        body.append(row);
      }
      const plan = this.root.querySelector(".pcsp-plan");
      const name = this.group || "____________________";
      plan.querySelector(".pcsp-plan-for").textContent =
        this.w.t("checklist_script.plan-for", { name, date: this.w.date(this.date || today()) });
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
