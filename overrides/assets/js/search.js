/* A search that finds paragraphs. Only this site's own search/ files are fetched, and only once the search box
 * is used: the head of the index, then for each query the term shards of its words and the chunks of rows that
 * may hold them (edition/search.py says how the index is cut). */
(() => {
  "use strict";
  const { page, el } = window.Edition;

  // A word: letters or digits, with inner apostrophes ("Ukraine’s"). Folded to lower case without accents
  // or apostrophes, so "ukraines", "Ukraine's" and "Ukraine’s" are one word.
  const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
  // Compatibility decomposition can turn one character into several words (U+FDFA is 18 characters with
  // spaces), which would shift every word after it: whatever is not a letter or digit is dropped after
  // folding, and a word that folds to nothing keeps its own lower-case form.
  const fold = (word) => word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "") || word.toLowerCase();
  const words = (text) => Array.from(text.matchAll(WORD), (m) => ({ w: fold(m[0]), start: m.index,
    end: m.index + m[0].length }));
  const MAX_RESULTS = 50; // results shown at first; each "Search further" shows as many more
  const CONCURRENT = 4; // chunks of rows in flight at once
  const BUDGET = 16; // chunks fetched before the reader is asked whether to search further

  /** 32-bit FNV-1a over the code points of a text: the term shard a word's first letters are in (as
   * edition/search.py computes it). */
  function fnv1a(text) {
    let h = 0x811c9dc5;
    for (const c of text) h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0;
    return h >>> 0;
  }

  /** Whether a row holds the query: the exact phrase (its last word may be unfinished) is tier 0; naming a
   * register entry one of whose phrasings starts with the phrase ("Kyiv" finds "Kiev") tier 1; every word
   * tier 2. Results sort by tier, paragraphs before notes, then in the edition's order. */
  function match(row, terms, phrase) {
    const at = row.hay.indexOf(phrase);
    if (at >= 0) return { row, tier: 0, at };
    const alias = row.names.find((n) => n.hays.some((hay) => hay.startsWith(phrase)));
    if (alias) return { row, tier: 1, at: -1, alias };
    if (terms.every((t) => row.hay.includes(" " + t))) return { row, tier: 2, at: -1 };
    return null;
  }
  const ranked = (a, b) => a.tier - b.tier || a.row.kind - b.row.kind || a.row.order - b.row.order;

  /** A short excerpt of a row's text around the match, the matched words in <mark>. */
  function excerpt(hit, terms) {
    const text = hit.row.text;
    const tokens = words(text);
    if (!tokens.length) return el("span", { class: "ed-hit__text" }, text);
    const { alias } = hit;
    const inAlias = (t) => alias && t.start >= alias.start && t.end <= alias.end;
    const first = hit.at >= 0 ? hit.row.hay.slice(0, hit.at + 1).split(" ").length - 2
      : alias ? Math.max(0, tokens.findIndex(inAlias))
        : Math.max(0, tokens.findIndex((t) => t.w.startsWith(terms[0])));
    const marked = (i) => (hit.tier === 0 ? i >= first && i < first + terms.length
      : alias ? inAlias(tokens[i]) : terms.some((t) => tokens[i].w.startsWith(t)));
    const from = tokens[Math.max(0, first - 8)];
    const upto = tokens[Math.min(tokens.length - 1, first + 30)];
    const parts = [from.start > 0 ? "…" : ""];
    let pos = from.start;
    tokens.forEach((t, i) => {
      if (t.start < from.start || t.end > upto.end || !marked(i)) return;
      parts.push(text.slice(pos, t.start), el("mark", {}, text.slice(t.start, t.end)));
      pos = t.end;
    });
    parts.push(text.slice(pos, upto.end), upto.end < text.length ? "…" : "");
    return el("span", { class: "ed-hit__text" }, ...parts);
  }

  function setUpSearch() {
    const input = document.getElementById("ed-search-input");
    const toggle = document.getElementById("__search");
    if (!input || !toggle) return;
    const list = document.getElementById("ed-search-list");
    const meta = document.getElementById("ed-search-meta");
    const dialog = input.closest(".ed-search");
    const base = (page.base || ".").replace(/\/$/, "");
    let head = null; // search/index.json: documents, speakers, register names, how the rest is cut
    let loading = null;
    let phrasings = [];
    const files = new Map(); // path → promise of its data, so a file is fetched once a visit
    let current = null; // the search being shown; a newer one makes an older one stop
    const further = el("button", { type: "button", class: "ed-search__further", hidden: "" }, "");
    list.after(further);

    const hayOf = (text) => " " + words(text).map((t) => t.w).join(" ") + " ";

    const fetchJSON = (path) => fetch(`${base}/search/${path}`).then((response) => {
      if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
      return response.json();
    });
    /** A file of the index, fetched once and kept as ``prepare`` makes it; forgotten if it failed. */
    function getJSON(path, prepare = (data) => data) {
      if (!files.has(path)) {
        files.set(path, fetchJSON(path).then(prepare).catch((error) => {
          files.delete(path); // try again next time
          throw error;
        }));
      }
      return files.get(path);
    }

    /** The rows a delta-coded list names (each number is the gap from the one before). */
    function decode(gaps, into = new Set()) {
      let at = 0;
      for (const gap of gaps) into.add((at += gap));
      return into;
    }

    /** A chunk's rows, ready to search: each with where it links, how it is labelled, and its words folded
     * ("hay"). Paragraph rows are [document, number, speaker, text, named?], note rows [url, title, text]. */
    function chunk(k) {
      return getJSON(`rows/${k}.json`, (data) => data.map((fields, i) => {
        const order = k * head.chunk + i;
        if (typeof fields[0] === "string") {
          const [url, title, text] = fields;
          const full = `${title}. ${text}`;
          return { order, kind: 1, text: full, names: [], title, href: `${base}/${url}`, where: "Note",
            speaker: "", hay: hayOf(full) };
        }
        const [d, number, s, text, named] = fields;
        const [slug, title, label] = head.documents[d];
        const names = (named || []).map(([e, start, end]) => ({ hays: phrasings[e], start, end,
          form: text.slice(start, end) }));
        return { order, kind: 0, text, names, title, href: `${base}/${slug}/#p${number}`,
          where: `${label} ¶${number}`, speaker: head.speakers[s] || "", hay: hayOf(text) };
      }));
    }

    /** The rows that may hold the query, in order, or null for "any row": those holding a word that starts
     * with each term long and rare enough to look up, and those naming an entry a phrasing of which starts
     * with the phrase. Shorter or commoner terms are only checked against the text. */
    async function candidates(terms, phrase) {
      const looked = terms.filter((t) => Array.from(t).length >= head.prefix
        && !head.frequent.some((word) => word.startsWith(t)));
      if (!looked.length) return null;
      const rowsOf = async (term) => {
        const shard = fnv1a(Array.from(term).slice(0, head.prefix).join("")) % head.shards;
        const postings = await getJSON(`terms/${shard}.json`);
        const found = new Set();
        for (const [word, gaps] of Object.entries(postings)) if (word.startsWith(term)) decode(gaps, found);
        return found;
      };
      const entries = phrasings.flatMap((hays, e) => (hays.some((hay) => hay.startsWith(phrase)) ? [e] : []));
      const [sets, named] = await Promise.all([Promise.all(looked.map(rowsOf)),
        Promise.all(entries.map((e) => getJSON(`names/${e}.json`)))]);
      sets.sort((a, b) => a.size - b.size);
      const found = new Set([...sets[0]].filter((r) => sets.every((set) => set.has(r))));
      for (const gaps of named) decode(gaps, found);
      return [...found].sort((a, b) => a - b);
    }

    // The head of the index is fetched once, when the reader first reaches for the box, never with the page.
    function load() {
      loading = loading || getJSON("index.json")
        .then((data) => {
          head = data;
          phrasings = (head.names || []).map((forms) => forms.map(hayOf));
          run();
        })
        .catch((error) => {
          loading = null; // try again next time
          meta.textContent = "The search index could not be loaded.";
          throw error;
        });
      return loading;
    }

    /** Show what a search has found so far, and say whether there is more to search. */
    function show(search) {
      list.replaceChildren();
      const hits = search.hits.sort(ranked);
      for (const hit of hits.slice(0, search.limit)) {
        const { row } = hit;
        const where = el("span", { class: "ed-hit__where" }, el("strong", {}, row.where),
          row.speaker ? ` · ${row.speaker}` : "",
          hit.alias ? el("span", { class: "ed-hit__form" }, ` · the text says “${hit.alias.form}”`) : "");
        list.append(el("li", { class: "ed-search__item" }, el("a", { class: "ed-hit", href: row.href },
          where, el("span", { class: "ed-hit__title" }, row.title), excerpt(hit, search.terms))));
      }
      const left = search.left();
      const n = hits.length;
      const results = `${n.toLocaleString("en")} result${n === 1 ? "" : "s"}`;
      const more = n > search.limit ? `; the first ${search.limit} are shown` : "";
      meta.textContent = left ? `${results} so far; ${left.toLocaleString("en")} more paragraphs and notes `
          + `may hold these words${search.busy ? "…" : ""}`
        : !n ? "No paragraph holds all these words" : results + more;
      further.textContent = `Search ${left.toLocaleString("en")} more paragraphs and notes`;
      further.hidden = !left || search.busy;
    }

    /** Fetch and check the next chunks of a search, in the edition's order, until enough results rank first
     * or the budget is spent; showing the results as they come. */
    async function searchFurther(search) {
      const batch = search.chunks.slice(search.next, search.next + BUDGET);
      const pending = [];
      search.busy = true;
      try {
        for (let i = 0; i < batch.length; i += 1) {
          for (let j = i; j < Math.min(batch.length, i + CONCURRENT); j += 1) pending[j] ||= chunk(batch[j]);
          const rows = await pending[i];
          if (search !== current) return;
          search.next += 1;
          for (const row of rows) {
            if (search.wanted && !search.wanted.has(row.order)) continue;
            const hit = match(row, search.terms, search.phrase);
            if (hit) search.hits.push(hit);
          }
          if (search.hits.filter((h) => h.tier < 2).length >= search.limit) break;
          if (i < batch.length - 1) show(search);
        }
      } catch (error) {
        if (search === current) meta.textContent = "The search index could not be loaded.";
        throw error;
      } finally {
        search.busy = false;
      }
      if (search === current) show(search);
    }

    async function run() {
      const query = input.value;
      const terms = words(query).map((t) => t.w);
      current = null;
      list.replaceChildren();
      further.hidden = true;
      if (!head) return;
      if (!terms.length || query.trim().length < 2) {
        meta.textContent = "Type a phrase to find the paragraph it is in";
        return;
      }
      const search = { terms, phrase: " " + terms.join(" "), hits: [], next: 0, busy: true,
        limit: MAX_RESULTS };
      current = search;
      let wanted;
      try {
        wanted = await candidates(terms, search.phrase);
      } catch (error) {
        if (search === current) meta.textContent = "The search index could not be loaded.";
        return;
      }
      if (search !== current) return;
      const size = head.chunk;
      const count = new Map(); // chunk → how many of its rows may hold the query
      if (wanted) for (const r of wanted) count.set(Math.floor(r / size), (count.get(Math.floor(r / size)) || 0) + 1);
      else for (let k = 0; k * size < head.rows; k += 1) count.set(k, Math.min(size, head.rows - k * size));
      search.wanted = wanted && new Set(wanted);
      search.chunks = [...count.keys()];
      search.left = () => search.chunks.slice(search.next).reduce((sum, k) => sum + count.get(k), 0);
      searchFurther(search).catch(() => {});
    }
    further.addEventListener("click", () => {
      if (!current || current.busy) return;
      current.limit += MAX_RESULTS; // until as many more results rank first, or the budget is spent again
      searchFurther(current).catch(() => {});
    });

    // The toggle is the theme's: a change is announced, so the theme does what it does with it (Material locks
    // the page's scrolling on a phone while the box is open, and unlocks it only on a change event).
    const setOpen = (state) => {
      if (toggle.checked === state) return;
      toggle.checked = state;
      toggle.dispatchEvent(new Event("change"));
    };
    const open = () => { setOpen(true); load().catch(() => {}); };
    const close = () => { input.blur(); setOpen(false); };
    input.addEventListener("focus", open);
    // A query runs once the reader pauses: each letter typed in a burst would fetch chunks nobody reads.
    let typing = null;
    input.addEventListener("input", () => {
      clearTimeout(typing);
      current = null; // what is shown answers the query before this letter
      list.replaceChildren();
      further.hidden = true;
      typing = setTimeout(run, 120);
    });
    // The box is open while the cursor is in it. The theme closes its search on its own a moment after the
    // address or its fragment changes (Material clicks the toggle 125 ms later): a reader who has begun to
    // type by then keeps the box. The edition's own ways to close it (Escape, a result, the overlay, the back
    // arrow, focus leaving) take the cursor out of the box first.
    toggle.addEventListener("change", () => {
      if (toggle.checked) input.focus();
      else if (document.activeElement === input) setOpen(true);
    });
    for (const label of dialog.querySelectorAll('label[for="__search"]')) {
      label.addEventListener("click", () => input.blur());
    }
    input.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const first = list.querySelector("a");
      if (first) first.click();
    });
    input.form.addEventListener("reset", () => setTimeout(run));

    // A result on this very page: close the box first, then go to the paragraph. Left to the browser, the
    // address changes while the box still covers the page (on a phone, the whole screen), so nothing scrolls.
    list.addEventListener("click", (event) => {
      const link = event.target.closest("a");
      if (!link) return;
      close();
      const target = new URL(link.href, location.href);
      if (target.pathname !== location.pathname || !target.hash) return;
      event.preventDefault();
      const paragraph = () => document.getElementById(decodeURIComponent(target.hash.slice(1)));
      requestAnimationFrame(() => {
        if (location.hash === target.hash) paragraph()?.scrollIntoView();
        else location.hash = target.hash; // the browser scrolls, marks :target and keeps the way back
        // On a phone the theme gives the page back its scroll position when the box closes, at a moment of
        // its own; if that undid the jump, go to the paragraph again.
        setTimeout(() => {
          const element = paragraph();
          const box = element?.getBoundingClientRect();
          if (box && (box.bottom < 0 || box.top > innerHeight)) element.scrollIntoView();
        }, 250);
      });
    });

    // Focus that leaves the box (Tab past its last result, or a click elsewhere) closes it.
    document.addEventListener("focusin", (event) => {
      if (toggle.checked && !dialog.contains(event.target)) setOpen(false);
    });

    // Keys as in Material's own search: "/" or "s" opens it, Escape closes, arrows move through results.
    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest("input, textarea, select, [contenteditable]");
      const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
      if (!typing && plain && (event.key === "/" || event.key === "s")) {
        event.preventDefault();
        setOpen(true);
        input.focus();
      } else if (event.key === "Escape" && toggle.checked) {
        close();
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && toggle.checked) {
        const links = [input, ...list.querySelectorAll("a")];
        const at = links.indexOf(document.activeElement);
        if (at < 0) return;
        event.preventDefault();
        links[Math.max(0, Math.min(links.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))].focus();
      }
    });
  }

  // How this script cuts and folds words and picks a word's term shard, for tests/browser/test_search_index.py
  // to hold against edition/search.py: the two must agree, or the index would send the browser elsewhere.
  window.Edition.search = Object.freeze({
    words: (text) => words(text).map((t) => t.w),
    shard: (word, shards) => fnv1a(Array.from(word).slice(0, 3).join("")) % shards,
  });
  setUpSearch();
})();
