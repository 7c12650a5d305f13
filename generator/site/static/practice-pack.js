// The practice pack pages of the guide (see generator/site/practice_pack.py).
//
// "Make your practice pack": fills the poster, leaflet and script previews from the form,
// using the wording written into the page as JSON (from content/patient-materials.yaml,
// the same wording the printed packs use). Everything typed is put in with textContent,
// never as HTML, and nothing is sent or stored anywhere.
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
      this.form = root.querySelector("form.pcsp-pp-form");
      this.form.addEventListener("input", () => this.update());
      this.form.addEventListener("submit", (event) => event.preventDefault());
      for (const button of root.querySelectorAll("button[data-print]")) {
        button.addEventListener("click", () => this.print(button.dataset.print));
      }
      window.addEventListener("afterprint", () => this.afterPrint());
      showScripted(root);
      this.update();
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
    contact(values) {
      const rows = [];
      for (const line of this.contactLines) {
        let value = values[line.field] || "";
        if (line.lines) {
          const text = value.trim();
          const parts = text.includes("\n") ? text.split(/\r?\n/) : text.split(",");
          value = parts.map((p) => p.trim()).filter(Boolean).join(", ");
        }
        if (!value && line.optional) continue;
        rows.push([this.wording[line.label], value || this.shown(values, line.field)]);
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

    update() {
      const values = this.values();
      const fill = {};
      for (const [placeholder, key] of Object.entries(this.placeholders)) {
        fill[placeholder] = this.shown(values, key);
      }
      const text = (id) => fillText(this.wording[id], fill, this.pattern);
      for (const node of this.root.querySelectorAll("[data-text]")) {
        node.textContent = text(node.dataset.text);
      }
      for (const node of this.root.querySelectorAll("[data-field]")) {
        node.textContent = this.shown(values, node.dataset.field);
      }
      for (const node of this.root.querySelectorAll("[data-points]")) {
        node.replaceChildren(...this.wording[node.dataset.points].map((p) => element("li", fillText(p, fill, this.pattern))));
      }
      for (const node of this.root.querySelectorAll("[data-entries]")) {
        node.replaceChildren(...this.wording[node.dataset.entries].flatMap((e) => [
          element("dt", fillText(e.title, fill, this.pattern)), element("dd", fillText(e.text, fill, this.pattern))]));
      }
      const services = this.services(values);
      for (const node of this.root.querySelectorAll("[data-services]")) {
        node.replaceChildren(...services.flatMap((s) => [
          element("dt", s.name), element("dd", [s.offers, s.contact].filter(Boolean).join(" "))]));
      }
      const contact = this.contact(values);
      for (const node of this.root.querySelectorAll("[data-contact]")) {
        node.replaceChildren(...contact.flatMap(([label, value]) => [
          element("dt", label), element("dd", value)]));
      }
      const languages = values.languages.split(",").map((l) => l.trim()).filter(Boolean);
      for (const node of this.root.querySelectorAll("[data-languages]")) {
        node.textContent = `${this.wording["shared-languages"]} ${languages.join(", ")}.`;
        node.hidden = languages.length === 0;
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
      this.count.textContent = `Showing ${shown} of ${this.rows.length} practices.`;
      this.none.hidden = shown > 0;
    }
  }

  const form = document.querySelector(".pcsp-practice-pack");
  if (form) new PracticePack(form);
  const list = document.querySelector(".pcsp-practice-packs");
  if (list) new PackList(list);
})();
