// Search result snippets that work when the guide is opened from disk (file://).
//
// Sphinx's search fetches each result's page to show a snippet of its text, which browsers
// refuse for files on disk. The search page loads every page's text instead
// (window.pcspSearchText in _static/pcsp-search-text.js, written by the build:
// {docname: [text, {section id: [start, end]}]}; the text is what a reader reads on the page,
// without its breadcrumb trail, title and controls, each block on a line of its own). This
// script turns Sphinx's own fetching off and adds a snippet: up to 240 characters of the page
// (or of the section the result points to) from a little before the first place the query's
// words come (all of them in order if they do), whole words only. Over HTTP the same text is
// used, so both ways show the same. Text is set with textContent only.

(function () {
  "use strict";

  const results = document.getElementById("search-results");
  if (!results || typeof DOCUMENTATION_OPTIONS === "undefined") return;
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  const suffix = DOCUMENTATION_OPTIONS.LINK_SUFFIX || ".html";
  let terms = null;

  /** The query's stemmed search words and its words to highlight, as Sphinx's search has
   * them, and all its words as typed (small words too), in order. */
  function queryTerms() {
    if (terms) return terms;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const words = query.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
    terms = { search: words, highlight: words, words };
    try {
      const [, search, , highlight] = Search._parseQuery(query);
      terms = { search: [...search], highlight: [...highlight], words };
    } catch {
      /* Sphinx's search is not there: use the words as typed */
    }
    return terms;
  }

  const LENGTH = 240;  // characters of text in a snippet, as Sphinx's search shows
  const BEFORE = 60;   // of them, before the first match
  const LETTER = "[\\p{L}\\p{N}_]";
  const NOT_LETTERS = "[^\\p{L}\\p{N}_]+";

  let stemmer = null;
  /** The part of a word that its other forms share ("group" of "groups"), as Sphinx's search
   * stems it, if the word starts with it; else the word. */
  function wordStart(word) {
    try {
      stemmer = stemmer || new Stemmer();
      const stem = stemmer.stemWord(word);
      return stem && word.startsWith(stem) ? stem : word;
    } catch {
      return word;  // (no stemmer: the word as typed)
    }
  }

  function escaped(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /** Where the query's words first come in ``text`` (lower case), each at the start of a
   * word: all of them in order if they come so, else any one of them (as typed or as
   * searched for); -1 if none does. */
  function firstMatch(text, { search, highlight, words }) {
    if (words.length > 1) {
      const phrase = words.map((word) => escaped(wordStart(word)))
        .join(`${LETTER}*${NOT_LETTERS}`);
      const found = text.search(new RegExp(`(?<!${LETTER})${phrase}`, "u"));
      if (found > -1) return found;
    }
    const any = [...new Set([...highlight, ...search])].filter(Boolean).map(escaped);
    return any.length ? text.search(new RegExp(`(?<!${LETTER})(?:${any.join("|")})`, "u")) : -1;
  }

  /** Up to LENGTH characters of a page (or of one section of it) from a little before the
   * query's first match (from the start of its sentence if that is close), cut at spaces,
   * with "..." where text is left out. */
  function snippet(docname, anchor, query) {
    const texts = window.pcspSearchText || {};  // loaded after this script
    const entry = Object.hasOwn(texts, docname) ? texts[docname] : null;
    if (!entry) return "";
    let text = entry[0];
    const span = anchor && Object.hasOwn(entry[1], anchor) ? entry[1][anchor] : null;
    if (span) text = text.slice(span[0], span[1]);
    text = text.trim();
    if (!text) return "";
    const found = firstMatch(text.toLowerCase(), query);
    let start = Math.max(found - BEFORE, 0);
    if (start < BEFORE / 2) start = 0;
    if (start > 0) {  // from a line or sentence that starts close before the match, or a word
      const before = text.slice(start - 1, found);
      const sentence = before.search(/(?:\n|[.!?]\s)(?![^]*(?:\n|[.!?]\s))/u);
      const space = before.search(/\s/u);
      if (sentence > -1) start += sentence;
      else if (space > -1) start += space;
      while (/\s/u.test(text[start] || "")) start++;
    }
    let end = Math.min(start + LENGTH, text.length);
    if (end < text.length) {
      const space = Math.max(text.lastIndexOf(" ", end), text.lastIndexOf("\n", end));
      if (space > start + LENGTH / 2) end = space;
    }
    return (start > 0 ? "..." : "") + text.slice(start, end).replace(/\s+/gu, " ").trim()
      + (end < text.length ? "..." : "");
  }

  function addSnippet(item) {
    if (item.querySelector("p.context, span")) return;
    const link = item.querySelector("a");
    if (!link) return;
    const [path, anchor = ""] = (link.getAttribute("href") || "").split("#");
    const docname = path.endsWith(suffix) ? path.slice(0, path.length - suffix.length) : path;
    const query = queryTerms();
    const text = snippet(docname, decodeURIComponent(anchor), query);
    if (!text) return;
    const summary = document.createElement("p");
    summary.className = "context";
    summary.textContent = text;
    item.append(summary);
    if (typeof _highlightText === "function" && typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined"
        && SPHINX_HIGHLIGHT_ENABLED) {
      for (const word of query.highlight) _highlightText(summary, word, "highlighted");
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
