// The order of the guide's search results: Sphinx's html_search_scorer (set by
// generator/site/config.py unless conf.py sets its own). Sphinx puts this file into
// language_data.js, which the search page loads after searchtools.js, so this Scorer takes
// the place of Sphinx's default one; Sphinx calls Scorer.score(result) for each result, then
// shows the results highest score first (equal scores by title).
//
// Sphinx finds the pages that hold every word of the query, as before; only their order
// changes. From first to last:
//   1. pages whose title holds every word of the query;
//   2. pages for the people the query names (a checklist's "For:", from
//      window.pcspSearchPages) and sections whose heading holds every word;
//   3. every other result;
//   4. pages for the guide's editors (the content reference), unless their title or the
//      section's heading holds every word: readers rarely want them.
// Within each group: a title or heading that is just the query first, then one that holds
// the query's words in order, then the rest; then the result whose text (the page's, or the
// section's) says the query's words in order the most times; then Sphinx's own score.
//
// Words are compared as Sphinx's search compares them (stemmed, so "groups" finds "group");
// small words ("of", "the") count only inside a phrase. The pages' text comes from
// window.pcspSearchText (see pcsp-search.js); a page missing there counts no mentions. With
// no query (or only small words), Sphinx's own score stands.

var Scorer = (function () {
  "use strict";

  const GROUP = 1000;  // each group's scores lie above the next group's
  const CLOSE = 100;   // a title that is the query, or holds it in order
  const MOST_MENTIONS = 99;
  let known = null;  // what is worked out once per query

  function tokens(text) {
    return typeof splitQuery === "function"
      ? splitQuery(String(text).toLowerCase())
      : String(text).toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
  }

  function isSmall(word) {
    return typeof stopwords !== "undefined" && stopwords.has(word);
  }

  /** The query's words: each as [word, stem or null for a small word], with small words at
   * either end left out (they do not change what a title is about). */
  function queryWords(query, stem) {
    const words = tokens(query).map((w) => [w, isSmall(w) ? null : stem(w)]);
    while (words.length && words[0][1] === null) words.shift();
    while (words.length && words[words.length - 1][1] === null) words.pop();
    return words;
  }

  function setUp() {
    const query = new URLSearchParams(window.location.search).get("q") || "";
    if (known && known.query === query) return known;
    let stemmer = null;
    try {
      stemmer = new Stemmer();
    } catch {
      /* no stemmer for this language: words are compared as they are */
    }
    const stems = new Map();
    const stem = (word) => {
      if (!stems.has(word)) stems.set(word, stemmer ? stemmer.stemWord(word) : word);
      return stems.get(word);
    };
    const index = typeof Search !== "undefined" && Search._index ? Search._index : {};
    const files = new Map((index.docnames || []).map((name, i) => [name, i]));
    const headings = new Map();  // "file#id": the section's heading
    for (const [title, places] of Object.entries(index.alltitles || {})) {
      for (const [file, id] of places) if (id) headings.set(`${file}#${id}`, title);
    }
    known = {
      query, stem, files, headings, titles: index.titles || [],
      words: queryWords(query, stem),
      texts: new Map(),  // docname: its words, each as [word, stem]
    };
    return known;
  }

  /** A text's words, each as [word, its stem]. */
  function stemmed(text, stem) {
    return tokens(text).map((w) => [w, stem(w)]);
  }

  function same(token, word) {
    return word[1] === null ? token[0] === word[0] : token[1] === word[1];
  }

  /** How many times the query's words come in order in ``text`` (a list of [word, stem]). */
  function mentions(text, words) {
    let found = 0;
    for (let i = 0; i + words.length <= text.length; i++) {
      if (words.every((word, j) => same(text[i + j], word))) found++;
    }
    return found;
  }

  /** How close a title or heading is to the query: 3 if it is just the query (small words
   * at its start aside), 2 if it holds the query's words in order, 1 if it holds them all,
   * 0 if not. */
  function closeness(title, { words, stem }) {
    const heading = stemmed(title, stem);
    const stems = new Set(heading.map((token) => token[1]));
    if (!words.every((word) => word[1] === null || stems.has(word[1]))) return 0;
    if (!mentions(heading, words)) return 1;
    while (heading.length && isSmall(heading[0][0])) heading.shift();
    return heading.length === words.length ? 3 : 2;
  }

  /** The words of a page, or of one section of it (``anchor``), from the pages' text. */
  function textOf(docname, anchor, facts) {
    const key = `${docname}#${anchor}`;
    if (!facts.texts.has(key)) {
      const texts = window.pcspSearchText || {};
      const entry = Object.hasOwn(texts, docname) ? texts[docname] : null;
      let text = entry ? entry[0] : "";
      const span = entry && anchor && Object.hasOwn(entry[1], anchor) ? entry[1][anchor] : null;
      if (span) text = text.slice(span[0], span[1]);
      facts.texts.set(key, stemmed(text, facts.stem));
    }
    return facts.texts.get(key);
  }

  // The groups of the list at the top of this file, first to last.
  const TITLE = 4;
  const FOR_OR_HEADING = 3;
  const OTHER = 2;
  const EDITORS = 1;

  function score(result) {
    const [docname, title, anchor, , sphinxScore] = result;
    const facts = setUp();
    if (!facts.words.length) return sphinxScore;
    const id = anchor ? anchor.replace(/^#/, "") : "";
    const file = facts.files.get(docname);
    const page = (window.pcspSearchPages || {})[docname] || {};
    let group = OTHER;
    let close = 0;
    if (!id) {
      close = closeness(facts.titles[file] ?? title, facts);
      if (close) group = TITLE;
    } else {
      close = closeness(facts.headings.get(`${file}#${id}`) ?? title, facts);
      if (close) group = FOR_OR_HEADING;
    }
    if (!id && !close) {
      close = Math.max(0, ...(page.for || []).map((who) => closeness(who, facts)));
      if (close) group = FOR_OR_HEADING;
    }
    if (page.editors && !close) group = EDITORS;
    const said = Math.min(mentions(textOf(docname, id, facts), facts.words), MOST_MENTIONS);
    return group * GROUP + close * CLOSE + said + Math.max(0, Math.min(sphinxScore, 99)) / 100;
  }

  return {
    // Sphinx's default weights, which its search uses to find and first score the results.
    objNameMatch: 11,
    objPartialMatch: 6,
    objPrio: { 0: 15, 1: 5, 2: -5 },
    objPrioDefault: 0,
    title: 15,
    partialTitle: 7,
    term: 5,
    partialTerm: 2,
    score,
  };
})();
