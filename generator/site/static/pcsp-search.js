// Search result snippets that work when the guide is opened from disk (file://).
//
// Sphinx's search fetches each result's page to show a snippet of its text, which browsers
// refuse for files on disk. The search page loads every page's text instead
// (window.pcspSearchText in _static/pcsp-search-text.js, written by the build:
// {docname: [text, {section id: [start, end]}]}); this script turns Sphinx's own fetching
// off and adds the snippet Sphinx would show: up to 240 characters around a search word, from
// the section the result points to. Over HTTP the same text is used, so both ways show the
// same. Text is set with textContent only.

(function () {
  "use strict";

  const results = document.getElementById("search-results");
  if (!results || typeof DOCUMENTATION_OPTIONS === "undefined") return;
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  const suffix = DOCUMENTATION_OPTIONS.LINK_SUFFIX || ".html";
  let terms = null;

  /** The query's stemmed search words and its words to highlight, as Sphinx's search has them. */
  function queryTerms() {
    if (terms) return terms;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const words = query.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
    terms = { search: words, highlight: words };
    try {
      const [, search, , highlight] = Search._parseQuery(query);
      terms = { search: [...search], highlight: [...highlight] };
    } catch {
      /* Sphinx's search is not there: use the words as typed */
    }
    return terms;
  }

  /** Up to 240 characters of a page (or of one section of it) around the last search word
   * found, as Sphinx's makeSearchSummary takes them. */
  function snippet(docname, anchor, words) {
    const texts = window.pcspSearchText || {};  // loaded after this script
    const entry = Object.hasOwn(texts, docname) ? texts[docname] : null;
    if (!entry) return "";
    let text = entry[0];
    const span = anchor && Object.hasOwn(entry[1], anchor) ? entry[1][anchor] : null;
    if (span) text = text.slice(span[0], span[1]).trim();
    if (!text) return "";
    const lower = text.toLowerCase();
    const found = words.map((w) => lower.indexOf(w.toLowerCase())).filter((i) => i > -1);
    const start = Math.max((found.length ? found[found.length - 1] : 0) - 120, 0);
    const top = start === 0 ? "" : "...";
    const tail = start + 240 < text.length ? "..." : "";
    return top + text.substr(start, 240).trim() + tail;
  }

  function addSnippet(item) {
    if (item.querySelector("p.context, span")) return;
    const link = item.querySelector("a");
    if (!link) return;
    const [path, anchor = ""] = (link.getAttribute("href") || "").split("#");
    const docname = path.endsWith(suffix) ? path.slice(0, path.length - suffix.length) : path;
    const { search, highlight } = queryTerms();
    const text = snippet(docname, decodeURIComponent(anchor), search);
    if (!text) return;
    const summary = document.createElement("p");
    summary.className = "context";
    summary.textContent = text;
    item.append(summary);
    if (typeof _highlightText === "function" && typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined"
        && SPHINX_HIGHLIGHT_ENABLED) {
      for (const word of highlight) _highlightText(summary, word, "highlighted");
    }
  }

  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "LI"
            && node.parentElement?.matches("ul.search")) {
          addSnippet(node);
        }
      }
    }
  }).observe(results, { childList: true, subtree: true });
})();
