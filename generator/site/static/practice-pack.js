// The practice pack pages of the guide (see generator/site/practice_pack.py).
//
// "Make your practice pack": fills the poster, leaflet and script previews from the form,
// using the wording written into the page as JSON (from content/patient-materials.yaml and
// its translations, the same wording the printed packs use), in the language chosen on the
// form: the poster and leaflet in English, a translation, or for Wales Welsh and English
// side by side (Welsh first); the staff script stays in English, as in the printed pack.
// Everything typed is put in with textContent, never as HTML, and nothing is sent or stored
// anywhere.
//
// "Practice packs": narrows the table of published packs as you type a name, ODS code or
// postcode. Without JavaScript the whole table is shown.
//
// A classic script, not a module: Chromium refuses module scripts on pages opened from disk.

(function () {
  "use strict";

  /** Fill known {name} placeholders in one pass; inserted text is never looked at again.
   * ``pattern`` is the page's placeholder pattern (generator/content/definitions.json). */
  function fillText(text, values, pattern) {
    return text.replace(pattern, (match, name) =>
      Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match);
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function showScripted(root) {
    root.classList.add("pcsp-js");
    for (const node of root.querySelectorAll("[data-js-only]")) node.hidden = false;
    for (const node of root.querySelectorAll("[data-no-js]")) node.hidden = true;
  }

  class PracticePack {
    constructor(root) {
      this.root = root;
      const data = JSON.parse(document.getElementById("pcsp-pack-wording").textContent);
      this.wording = data.wording;
      this.fields = data.fields;
      this.placeholders = data.placeholders;
      this.serviceBlank = data.service_blank;
      this.serviceSlots = data.services;
      this.contactLines = data.contact;
      this.pattern = new RegExp(data.placeholder_pattern, "g");
      this.languages = data.languages || {choices: [], translations: {}, bilingual: null, docs: [], names: {}};
      this.languageNames = new Map();
      for (const [code, names] of Object.entries(this.languages.names)) {
        for (const name of [code, ...names]) this.languageNames.set(name.toLowerCase(), names[0]);
      }
      this.form = root.querySelector("form.pcsp-pp-form");
      this.choice = this.languages.field ? this.form.elements.namedItem(this.languages.field) : null;
      this.chosen = false;  // set once the user picks a language: the ODS code no longer does
      this.docs = [...root.querySelectorAll("article[data-doc]")];
      this.blankPart = new Map(this.docs.map((doc) => [doc, doc.querySelector("[data-part]").cloneNode(true)]));
      this.shownIn = null;
      this.form.addEventListener("input", (event) => {
        if (event.target === this.choice) this.chosen = true;
        else if (event.target.name === "ods_code") this.followOdsCode(event.target.value);
        this.update();
      });
      this.form.addEventListener("submit", (event) => event.preventDefault());
      for (const button of root.querySelectorAll("button[data-print]")) {
        button.addEventListener("click", () => this.print(button.dataset.print));
      }
      window.addEventListener("afterprint", () => this.afterPrint());
      showScripted(root);
      this.update();
    }

    /** A practice in Wales (ODS code starting with W) gets Welsh and English side by side,
     * as its printed pack does, unless the user has chosen a language. */
    followOdsCode(code) {
      const bilingual = this.languages.bilingual;
      if (!this.choice || !bilingual || this.chosen) return;
      this.choice.value = code.trim().toUpperCase().startsWith(bilingual.ods_prefix) ? bilingual.choice : "en";
    }

    /** The languages a preview is shown in: the chosen one for a translated preview, Welsh
     * then English for one made side by side, English for the staff script. */
    languagesOf(kind) {
      const chosen = this.choice ? this.choice.value : "en";
      const bilingual = this.languages.bilingual;
      if (bilingual && chosen === bilingual.choice) {
        return bilingual.docs.includes(kind) ? chosen.split("-") : ["en"];
      }
      return this.languages.docs.includes(kind) && this.languages.translations[chosen] ? [chosen] : ["en"];
    }

    /** Lay each preview out in its languages: one part each, with its lang and dir. */
    layOut() {
      const key = this.choice ? this.choice.value : "en";
      if (key === this.shownIn) return;
      this.shownIn = key;
      for (const doc of this.docs) {
        const codes = this.languagesOf(doc.dataset.doc);
        const parts = codes.map((code) => {
          const part = this.blankPart.get(doc).cloneNode(true);
          const translation = this.languages.translations[code];
          part.lang = code;
          part.dir = translation ? translation.dir : "ltr";
          return part;
        });
        doc.replaceChildren(...parts);
        doc.classList.toggle("pcsp-pp-bilingual", parts.length > 1);
        if (parts.length === 1) {
          doc.lang = parts[0].lang;
          doc.dir = parts[0].dir;
        } else {
          doc.removeAttribute("lang");
          doc.removeAttribute("dir");
        }
      }
    }

    /** The wording in a language: its translation, English where an item is not translated. */
    wordingIn(code) {
      const translation = this.languages.translations[code];
      return translation ? {...this.wording, ...translation.wording} : this.wording;
    }

    /** The form's values, trimmed, by field name. */
    values() {
      const values = {};
      for (const field of this.fields) {
        const input = this.form.elements.namedItem(field.field);
        values[field.field] = input ? input.value.trim() : "";
      }
      return values;
    }

    /** A field's value, or its gap ("[practice name]") while it is empty. */
    shown(values, key) {
      const field = this.fields.find((f) => f.field === key);
      return values[key] || (field ? field.blank : "");
    }

    /** The contact lines as [label, value], from the page's contact line definition
     * (generator/content/definitions.json: contact_lines), as the printed pack makes them:
     * optional lines only when filled in, a line written on several lines joined with commas. */
    contact(values, wording) {
      const rows = [];
      for (const line of this.contactLines) {
        let value = values[line.field] || "";
        if (line.lines) {
          const text = value.trim();
          const parts = text.includes("\n") ? text.split(/\r?\n/) : text.split(",");
          value = parts.map((p) => p.trim()).filter(Boolean).join(", ");
        }
        if (!value && line.optional) continue;
        rows.push([wording[line.label], value || this.shown(values, line.field)]);
      }
      return rows;
    }

    services(values) {
      const found = [];
      for (let n = 1; n <= this.serviceSlots.count; n++) {
        const service = {};
        for (const part of this.serviceSlots.parts) service[part] = values[`more_than_medicine.${n}.${part}`];
        if (service.name) found.push(service);
      }
      return found.length ? found : [this.serviceBlank];
    }

    /** The languages the practice can help in, each a code or a name as in a practice profile
     * (cy; pl or Welsh, Polish), named as the printed pack names them ("Cymraeg (Welsh)");
     * one the page does not know is left as typed. */
    helpLanguages(text) {
      const found = text.split(/[,;]/).map((name) => name.trim()).filter(Boolean).map((name) =>
        this.languageNames.get(name.split(/\s+/).join(" ").toLowerCase()) || name);
      return [...new Set(found)];
    }

    update() {
      this.layOut();
      const values = this.values();
      const fill = {};
      for (const [placeholder, key] of Object.entries(this.placeholders)) {
        fill[placeholder] = this.shown(values, key);
      }
      const services = this.services(values);
      const languages = this.helpLanguages(values.languages || "");
      for (const part of this.root.querySelectorAll("[data-part]")) {
        this.fillPart(part, values, fill, services, languages);
      }
    }

    /** Draw one part of a preview in its language. */
    fillPart(part, values, fill, services, languages) {
      const wording = this.wordingIn(part.lang);
      const text = (source) => fillText(source, fill, this.pattern);
      for (const node of part.querySelectorAll("[data-text]")) {
        node.textContent = text(wording[node.dataset.text]);
      }
      for (const node of part.querySelectorAll("[data-field]")) {
        node.textContent = this.shown(values, node.dataset.field);
      }
      for (const node of part.querySelectorAll("[data-points]")) {
        node.replaceChildren(...wording[node.dataset.points].map((p) => element("li", text(p))));
      }
      for (const node of part.querySelectorAll("[data-entries]")) {
        node.replaceChildren(...wording[node.dataset.entries].flatMap((e) => [
          element("dt", text(e.title)), element("dd", text(e.text))]));
      }
      for (const node of part.querySelectorAll("[data-services]")) {
        node.replaceChildren(...services.flatMap((s) => [
          element("dt", s.name), element("dd", [s.offers, s.contact].filter(Boolean).join(" "))]));
      }
      const contact = this.contact(values, wording);
      for (const node of part.querySelectorAll("[data-contact]")) {
        node.replaceChildren(...contact.flatMap(([label, value]) => [
          element("dt", label), element("dd", value)]));
      }
      for (const node of part.querySelectorAll("[data-languages]")) {
        node.textContent = `${wording["shared-languages"]} ${languages.join(", ")}.`;
        node.hidden = languages.length === 0;
      }
      const translation = this.languages.translations[part.lang];
      for (const node of part.querySelectorAll("[data-unreviewed]")) {
        node.hidden = !(translation && translation.unreviewed);
      }
    }

    /** Print one preview on its own: a copy goes at the top of the page, the rest is hidden. */
    print(kind) {
      this.afterPrint();
      const doc = this.root.querySelector(`article[data-doc="${kind}"]`);
      const holder = element("div", undefined, "pcsp-pp-print-root");
      holder.append(doc.cloneNode(true));
      document.body.append(holder);
      document.documentElement.classList.add("pcsp-pp-printing");
      window.print();
    }

    afterPrint() {
      document.documentElement.classList.remove("pcsp-pp-printing");
      for (const node of document.querySelectorAll(".pcsp-pp-print-root")) node.remove();
    }
  }

  class PackList {
    constructor(root) {
      this.root = root;
      this.rows = [...root.querySelectorAll("tbody tr")];
      this.input = root.querySelector("#pcsp-pp-filter");
      this.count = root.querySelector(".pcsp-pp-count");
      this.none = root.querySelector(".pcsp-pp-none");
      this.input.addEventListener("input", () => this.filter());
      showScripted(root);
      this.filter();
    }

    filter() {
      const words = this.input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const row of this.rows) {
        const match = words.every((w) => row.dataset.search.includes(w));
        row.hidden = !match;
        shown += match;
      }
      // The words come from the page (data-words), in the guide's language.
      this.count.textContent = this.count.dataset.words
        .replace("{shown}", String(shown)).replace("{total}", String(this.rows.length));
      this.none.hidden = shown > 0;
    }
  }

  const form = document.querySelector(".pcsp-practice-pack");
  if (form) new PracticePack(form);
  const list = document.querySelector(".pcsp-practice-packs");
  if (list) new PackList(list);
})();
