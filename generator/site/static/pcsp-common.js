// Helpers shared by the guide's interactive pages (checklists, self-assessment), as one
// global object, window.pcsp. A classic script, not a module: Chromium refuses module
// scripts on pages opened from disk (file://), and the guide must work from a shared drive.
// Loaded before the page's own script. All text is set with textContent, never as HTML.
// Every word shown comes from the page: the component's data-pcsp-words attribute holds
// its interface words (generator/site/locale/<language>.json), read with words(root).

(function () {
  "use strict";

  const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

  /** Read JSON from localStorage; null when absent, unreadable or storage is blocked. */
  function loadJSON(key) {
    try {
      const raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch {
      return null;
    }
  }

  /** Write JSON to localStorage; false when the browser refuses. */
  function saveJSON(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  }

  /** Remove a key from localStorage. */
  function removeKey(key) {
    try {
      window.localStorage.removeItem(key);
    } catch {
      /* storage blocked: nothing was saved */
    }
  }

  /** The folder of the whole site (above every published version), as a path: saved data
   * is kept per site, so two guides on one host (or two folders on a disk) never share it.
   * ``root`` carries data-pcsp-site-root, the site's folder relative to this version's. */
  function siteFolder(root) {
    const content = document.documentElement.dataset.content_root || "./";
    const up = (root && root.dataset.pcspSiteRoot) || "";
    return new URL(content + up, window.location.href).pathname;
  }

  /** The localStorage key for ``name`` on this site. */
  function siteKey(root, name) {
    return `pcsp:${siteFolder(root)}:${name}`;
  }

  /** Saved data under this site's key; data saved by an earlier release of the guide under
   * ``oldKey`` (one key for every site on the host) is moved to this site's key first. */
  function loadSiteJSON(key, oldKey) {
    const stored = loadJSON(key);
    if (stored !== null) return stored;
    const old = loadJSON(oldKey);
    if (old === null) return null;
    if (saveJSON(key, old)) removeKey(oldKey);
    return old;
  }

  /** Offer text to the user as a downloaded file. */
  function download(name, type, text) {
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
  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  /** Whether ``text`` is a real date written YYYY-MM-DD (four-digit year). */
  function isDate(text) {
    const m = ISO_DATE.exec(text);
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  /** A date as people write it in Britain, the month named in the page's language
   * (``months`` from the page's words): 2026-06-01 -> 1 June 2026. */
  function longDate(iso, months) {
    if (!isDate(iso)) return iso;
    const [year, month, day] = iso.split("-").map(Number);
    return `${day} ${months[month - 1]} ${year}`;
  }

  // ---- the page's words ----

  const PLACEHOLDER = /\{([a-z_]+)\}/g;
  const wordsByNode = new WeakMap();

  /** Fill {name} placeholders from ``values`` in one pass. */
  function fill(text, values = {}) {
    return text.replace(PLACEHOLDER, (match, name) => (Object.hasOwn(values, name) ? String(values[name]) : match));
  }

  /** The interface words of the component holding ``node`` (its data-pcsp-words, by
   * section): ``t("section.key", {name: value})`` for words, ``n("section.key", count)``
   * for words that depend on a number, ``date(iso)`` for a date. A key the page lacks is
   * shown as itself, so a missing word is seen, never silently English. */
  function words(node) {
    const holder = node.closest("[data-pcsp-words]");
    if (!holder) throw new Error("pcsp: data-pcsp-words?");
    if (wordsByNode.has(holder)) return wordsByNode.get(holder);
    const data = JSON.parse(holder.dataset.pcspWords);
    const raw = (key) => {
      const [section, name] = key.split(".", 2);
      return Object.hasOwn(data, section) && Object.hasOwn(data[section], name) ? data[section][name] : key;
    };
    const api = Object.freeze({
      raw,
      t: (key, values) => fill(raw(key), values),
      n: (key, n, values = {}) => {
        const forms = raw(key);
        const form = typeof forms === "object" ? forms[n === 1 ? "one" : "other"] : forms;
        return fill(form, { n, ...values });
      },
      date: (iso) => longDate(iso, data.dates.months),
    });
    wordsByNode.set(holder, api);
    return api;
  }

  /** Make an element with text content (never HTML). */
  function el(tag, text, attrs = {}) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }

  /** A CSV cell, quoted, with a ' put before text a spreadsheet would run as a formula. */
  function csvCell(value) {
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

  // ---- dates: checked when entered, one Tab stop each ----

  /** What is wrong with the date in a date field, or "" when it is empty or fine. The
   * field's min and max come from generator/content/definitions.json (date_limits). */
  function dateProblem(input) {
    const value = input.value;
    const w = words(input);
    const range = w.t("common.date-range", { from: w.date(input.min), to: w.date(input.max) });
    if (input.validity && input.validity.badInput) {
      return w.t("common.date-incomplete", { range });
    }
    if (!value) return "";
    if (!isDate(value) || (input.min && value < input.min) || (input.max && value > input.max)) {
      return w.t("common.date-wrong", { range });
    }
    return "";
  }

  /** Show (or clear) the problem with a date field next to it; true when the date is fine. */
  function checkDate(input) {
    const problem = dateProblem(input);
    const id = `${input.id}-problem`;
    let note = document.getElementById(id);
    if (!problem) {
      note?.remove();
      input.removeAttribute("aria-invalid");
      const rest = (input.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== id);
      if (rest.length) input.setAttribute("aria-describedby", rest.join(" "));
      else input.removeAttribute("aria-describedby");
      return true;
    }
    if (!note) {
      note = el("span", "", { id, class: "pcsp-field-problem" });
      input.after(note);
      const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      input.setAttribute("aria-describedby", [...described, id].join(" "));
    }
    note.textContent = problem;
    input.setAttribute("aria-invalid", "true");
    return false;
  }

  const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

  /** The page's Tab stops in order (one per radio group, as the browser has it). */
  function tabStops(backwards) {
    const stops = [];
    const groups = new Map();
    for (const node of document.querySelectorAll(FOCUSABLE)) {
      if (node.disabled || node.tabIndex < 0 || node.type === "hidden") continue;
      if (!node.getClientRects().length || getComputedStyle(node).visibility === "hidden") continue;
      if (node.tagName === "SUMMARY" && node.parentElement?.querySelector("summary") !== node) continue;
      if (node.type === "radio" && node.name) {
        if (!groups.has(node.name)) {
          groups.set(node.name, stops.length);
          stops.push(node);
        } else {
          const at = groups.get(node.name);
          if (!stops[at].checked && (node.checked || backwards)) stops[at] = node;
        }
        continue;
      }
      stops.push(node);
    }
    return stops;
  }

  /** Make each date field one Tab stop: Tab and Shift+Tab leave it instead of walking
   * through its day, month and year (the arrow keys still move between those). */
  function oneTabStopPerDate(root) {
    root.addEventListener("keydown", (event) => {
      const input = event.target;
      if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey
          || !(input instanceof HTMLInputElement) || input.type !== "date") return;
      const stops = tabStops(event.shiftKey);
      const at = stops.indexOf(input);
      const next = at < 0 ? null : stops[at + (event.shiftKey ? -1 : 1)];
      if (!next) return;
      event.preventDefault();
      next.focus();
    });
  }

  /** Show the parts of a component that need JavaScript; hide the words for pages without it. */
  function showScripted(root) {
    root.classList.add("pcsp-js");
    for (const node of root.querySelectorAll("[data-js-only]")) node.hidden = false;
    for (const node of root.querySelectorAll("[data-no-js]")) node.hidden = true;
  }

  /** A list of problems, at most ``limit`` of them, then how many more there were
   * (``w``: the page's words). */
  function problemList(problems, w, limit = 50) {
    const list = el("ul");
    for (const p of problems.slice(0, limit)) list.append(el("li", p));
    if (problems.length > limit) {
      list.append(el("li", w.t("common.more-problems", { n: problems.length - limit })));
    }
    return list;
  }

  /** A box asking what to do with incoming data: text lines, then one button per choice.
   * Focus moves to the box and it is scrolled into view; ``choose`` gets the picked id. */
  function askInBox(box, heading, headingId, lines, choices, choose) {
    box.replaceChildren();
    if (heading) box.append(el("h2", heading, { id: headingId }));
    for (const line of lines) box.append(el("p", line));
    const buttons = el("p", null, { class: "pcsp-choice-buttons" });
    for (const [id, label] of choices) {
      const button = el("button", label, { type: "button" });
      button.addEventListener("click", () => choose(id));
      buttons.append(button, " ");
    }
    box.append(buttons);
    box.setAttribute("tabindex", "-1");
    if (heading) {
      box.setAttribute("role", "region");
      box.setAttribute("aria-labelledby", headingId);
    }
    box.hidden = false;
    box.scrollIntoView({ block: "start" });
    box.focus({ preventScroll: true });
  }

  window.pcsp = Object.freeze({
    loadJSON, saveJSON, removeKey, siteKey, loadSiteJSON, download, today, isDate, longDate,
    words, el, csvCell, toBase64Url, fromBase64Url, dateProblem, checkDate, oneTabStopPerDate,
    showScripted, problemList, askInBox,
  });
})();
