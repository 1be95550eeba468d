/* A search that finds paragraphs. The only thing fetched is this site's own search/paragraphs.json, and only
 * once the search box is used. */
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
  const MAX_RESULTS = 50;

  /** Find the query in each row: the exact phrase (its last word may be unfinished) ranks first; then rows
   * naming a register entry one of whose phrasings starts with the phrase ("Kyiv" finds "Kiev"); then rows
   * holding every word; paragraphs before notes, then in the edition's order. */
  function find(rows, query) {
    const terms = words(query).map((t) => t.w);
    if (!terms.length || query.trim().length < 2) return [];
    const phrase = " " + terms.join(" ");
    const hits = [];
    for (const row of rows) {
      const at = row.hay.indexOf(phrase);
      const alias = at < 0 && row.names.find((n) => n.hays.some((hay) => hay.startsWith(phrase)));
      if (at >= 0) hits.push({ row, tier: 0, at });
      else if (alias) hits.push({ row, tier: 1, at: -1, alias });
      else if (terms.every((t) => row.hay.includes(" " + t))) hits.push({ row, tier: 2, at: -1 });
    }
    return hits.sort((a, b) => a.tier - b.tier || a.row.kind - b.row.kind || a.row.order - b.row.order);
  }

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
    let rows = null;
    let loading = null;

    /** Rows ready to search: each with where it links, how it is labelled, and its words folded ("hay"). */
    function prepare(data) {
      const hayOf = (text) => " " + words(text).map((t) => t.w).join(" ") + " ";
      const row = (fields, kind, order) => ({ names: [], ...fields, kind, order, hay: hayOf(fields.text) });
      // Each register entry's phrasings, folded like the text; a row keeps where it names the entry.
      const phrasings = (data.names || []).map((forms) => forms.map(hayOf));
      const paragraphRows = data.paragraphs.map(([d, number, s, text, named], i) => {
        const doc = data.documents[d];
        const names = (named || []).map(([e, start, end]) => ({ hays: phrasings[e], start, end,
          form: text.slice(start, end) }));
        return row({ text, names, title: doc.title, href: `${base}/${doc.url}#p${number}`,
          where: `${doc.label} ¶${number}`, speaker: data.speakers[s] || "" }, 0, i);
      });
      const noteRows = data.notes.map(([url, title, text], i) =>
        row({ text: `${title}. ${text}`, title, href: `${base}/${url}`, where: "Note", speaker: "" }, 1, i));
      return paragraphRows.concat(noteRows);
    }

    // The index is fetched once, when the reader first reaches for the box, never with the page.
    function load() {
      loading = loading || fetch(`${base}/search/paragraphs.json`)
        .then((response) => {
          if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
          return response.json();
        })
        .then((data) => { rows = prepare(data); run(); })
        .catch((error) => {
          loading = null; // try again next time
          meta.textContent = "The search index could not be loaded.";
          throw error;
        });
      return loading;
    }

    function run() {
      const query = input.value;
      list.replaceChildren();
      if (!rows) return;
      const hits = find(rows, query);
      const terms = words(query).map((t) => t.w);
      for (const hit of hits.slice(0, MAX_RESULTS)) {
        const { row } = hit;
        const where = el("span", { class: "ed-hit__where" }, el("strong", {}, row.where),
          row.speaker ? ` · ${row.speaker}` : "",
          hit.alias ? el("span", { class: "ed-hit__form" }, ` · the text says “${hit.alias.form}”`) : "");
        list.append(el("li", { class: "ed-search__item" }, el("a", { class: "ed-hit", href: row.href },
          where, el("span", { class: "ed-hit__title" }, row.title), excerpt(hit, terms))));
      }
      const more = hits.length > MAX_RESULTS ? `; the first ${MAX_RESULTS} are shown` : "";
      meta.textContent = query.trim().length < 2 ? "Type a phrase to find the paragraph it is in"
        : !hits.length ? "No paragraph holds all these words"
          : `${hits.length} result${hits.length === 1 ? "" : "s"}${more}`;
    }

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
    input.addEventListener("input", run);
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

  setUpSearch();
})();
