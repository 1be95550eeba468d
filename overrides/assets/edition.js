/* The edition's reading room: a Cite menu and a "Suggest a note" link on every paragraph, notices for
 * retired anchors, the speaker filter on interviews, footnotes on touch screens, and a search that finds
 * paragraphs. No dependency and no request to another host: the only thing fetched is this site's own
 * search/paragraphs.json, and only once the search box is used. Runs once per page load (Material's
 * instant navigation is off), after Material's bundle. */
(() => {
  "use strict";

  // What the page template (overrides/main.html) says about this page: {base, site, repo, doc}.
  const pageData = document.getElementById("ed-page");
  const page = pageData ? JSON.parse(pageData.textContent) : {};
  const article = document.querySelector("article.md-content__inner");
  const paragraphs = article ? Array.from(article.querySelectorAll("p.ed-p[id]")) : [];
  const numberOf = (p) => p.id.slice(1); // id "p12" → "12"

  /** A new element with attributes and children (strings become text: data never becomes markup). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  /** Fill a live region a moment after emptying it, so that screen readers announce the change. */
  function say(region, ...content) {
    region.replaceChildren();
    setTimeout(() => region.replaceChildren(...content), 60);
  }

  /* ---------------------------------------------------------------- citations */

  const MONTHS = ("January February March April May June July August September October November December")
    .split(" ");
  const MLA_MONTHS = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split(" ");

  /** "Gordon Hahn" → {given: "Gordon", family: "Hahn"}: the last word is taken as the family name. */
  function splitName(name) {
    const words = name.trim().split(/\s+/);
    return { family: words.pop(), given: words.join(" ") };
  }
  const inverted = (name) => {
    const { family, given } = splitName(name);
    return given ? `${family}, ${given}` : family;
  };

  /** "2023-10-09" → [2023, 10, 9]; a year or year-month alone is allowed; null when there is no date. */
  function dateParts(iso) {
    const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso || "");
    return m ? m.slice(1).filter(Boolean).map(Number) : null;
  }

  /** A title in quotation marks with the closing period inside, unless it already ends a sentence.
   * Quotation marks inside the title become single ones, as both styles ask. */
  function quoted(title) {
    const inner = title.replace(/“/g, "‘").replace(/”/g, "’");
    return `“${inner}${/[.?!]$/.test(inner) ? "" : "."}”`;
  }

  /** The four citation formats of one paragraph, as text ready for the clipboard. */
  function citations(p, doc) {
    const url = location.origin + location.pathname + "#" + p.id;
    const n = numberOf(p);
    const authors = doc.authors || [];
    const date = dateParts(doc.date);
    const site = page.site || document.title;
    const sentence = (parts) => parts.filter(Boolean).join(", ");

    // Chicago (bibliography): "Family, Given, and Given Family." / MLA: "Family, Given, et al." from three.
    const chicagoNames = authors.map((a, i) => (i === 0 ? inverted(a) : a));
    const chicagoAuthors = chicagoNames.length > 1
      ? chicagoNames.slice(0, -1).join(", ") + ", and " + chicagoNames[chicagoNames.length - 1]
      : chicagoNames[0];
    const mlaAuthors = authors.length > 2 ? `${inverted(authors[0])}, et al`
      : authors.length === 2 ? `${inverted(authors[0])}, and ${authors[1]}` : chicagoNames[0];
    const chicagoDate = !date ? "n.d." : [date[1] && MONTHS[date[1] - 1], date[2] && `${date[2]},`, date[0]]
      .filter(Boolean).join(" ");
    const mlaDate = date && [date[2], date[1] && MLA_MONTHS[date[1] - 1], date[0]].filter(Boolean).join(" ");
    const stop = (text) => (text ? text.replace(/\.?$/, ". ") : ""); // "n.d." and "et al." keep one period

    const chicago = `${stop(chicagoAuthors)}${quoted(doc.title)} ${stop(sentence([doc.outlet, chicagoDate]))}`
      + `${site}, par. ${n}. ${url}.`;
    const mla = `${stop(mlaAuthors)}${quoted(doc.title)} ${stop(sentence([doc.outlet, mlaDate]))}`
      + `${site}, par. ${n}, ${url}.`;

    // BibTeX: LaTeX's special characters escaped in text fields; double braces keep the title's capitals.
    const tex = (s) => String(s).replace(/[\\{}&%$#_^~]/g, (c) => ({ "\\": "\\textbackslash{}", "^": "\\^{}",
      "~": "\\~{}" }[c] || "\\" + c));
    const fields = [
      ["author", authors.map((a) => tex(inverted(a))).join(" and ")],
      ["title", `{${tex(doc.title)}}`],
      ["howpublished", doc.outlet && tex(doc.outlet)],
      ["year", date && String(date[0])],
      ["date", doc.date],
      ["note", `Paragraph ${n}, in ${tex(site)}`],
      ["url", url],
    ].filter(([, value]) => value);
    const bibtex = `@misc{${doc.slug}-p${n},\n`
      + fields.map(([key, value]) => `  ${key} = {${value}}`).join(",\n") + "\n}";

    const csl = JSON.stringify([{
      id: p.dataset.id,
      type: doc.kind === "interview" ? "interview" : "webpage",
      title: doc.title,
      author: authors.map(splitName),
      "container-title": doc.outlet || undefined,
      issued: date ? { "date-parts": [date] } : undefined,
      note: `Paragraph ${n}, in ${site}`,
      URL: url,
    }], null, 2);

    return { chicago, mla, bibtex, csl, link: url, id: p.dataset.id };
  }

  /** Copy text, the old execCommand way where the Clipboard API is missing or refused. The text to select is
   * put inside ``where`` (the open panel), so that focusing it does not count as leaving the panel. */
  async function copy(text, where) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      const area = el("textarea", { class: "ed-offscreen", readonly: "", "aria-hidden": "true" }, text);
      const back = document.activeElement;
      where.append(area);
      area.select();
      const done = document.execCommand("copy");
      area.remove();
      back.focus();
      return done;
    }
  }

  /** A paragraph's own words: without its number, buttons, speaker tag and footnote marks. */
  function textOf(p) {
    const copy = p.cloneNode(true);
    for (const extra of copy.querySelectorAll(".ed-num, .ed-cite-button, .ed-speaker, sup")) extra.remove();
    return copy.textContent.trim();
  }

  /** GitHub's new-file page in the repository, with a note about this paragraph already filled in. */
  function suggestUrl(p) {
    const id = p.dataset.id;
    const opening = textOf(p).split(/\s+/).slice(0, 12).join(" ");
    const note = [
      "---",
      'title: "The shared claim or question, put neutrally"',
      "kind: cross-reference",
      "authors: [Your Name]",
      "targets:",
      `  - id: ${id}`,
      '    gloss: "What this paragraph says about the claim, in one sentence."',
      "  # add the other paragraphs that make, answer or contest the claim, each with a gloss",
      `# ${id} begins: ${opening} …`,
      "---",
      "A few neutral sentences on how the passages relate. See CONTRIBUTING.md for each field.",
      "",
    ].join("\n");
    const file = `notes/${id.replace(".", "-")}.md`;
    return `${page.repo}/new/main?filename=${encodeURI(file)}&value=${encodeURIComponent(note)}`;
  }

  const FORMATS = [["chicago", "Chicago"], ["mla", "MLA"], ["bibtex", "BibTeX"], ["csl", "CSL-JSON"],
    ["link", "Link"], ["id", "Id"]];

  /** One Cite button per paragraph; one panel, moved under whichever paragraph's button opened it. */
  function setUpCitations() {
    if (!page.doc || !paragraphs.length) return;
    const message = el("p", { class: "ed-cite__status", role: "status" });
    const heading = el("p", { class: "ed-cite__title" });
    const suggest = el("a", { class: "ed-cite__suggest" });
    const buttons = FORMATS.map(([key, label]) =>
      el("button", { type: "button", class: "ed-cite__copy", "data-format": key }, label));
    const panel = el("div", { class: "ed-cite", id: "ed-cite-panel", role: "group", hidden: "" },
      heading, el("div", { class: "ed-cite__formats" }, ...buttons), suggest, message);
    let current = null; // the paragraph whose panel is open
    let opener = null;

    function close(refocus) {
      if (!current) return;
      panel.hidden = true;
      opener.setAttribute("aria-expanded", "false");
      if (refocus) opener.focus();
      current = opener = null;
    }
    function open(p, button) {
      close(false);
      current = p;
      opener = button;
      heading.textContent = `Cite paragraph ${numberOf(p)}, or copy:`;
      panel.setAttribute("aria-label", `Cite paragraph ${numberOf(p)}`);
      suggest.href = suggestUrl(p);
      suggest.textContent = `Suggest a note on ¶${numberOf(p)}`;
      message.textContent = "";
      p.after(panel);
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      buttons[0].focus();
    }

    for (const p of paragraphs) {
      const button = el("button", { type: "button", class: "ed-cite-button", "aria-expanded": "false",
        "aria-controls": "ed-cite-panel", "aria-label": `Cite paragraph ${numberOf(p)}` }, "Cite");
      button.addEventListener("click", () => (current === p ? close(true) : open(p, button)));
      const num = p.querySelector(".ed-num");
      (num || p.firstChild).after(button);
    }
    panel.addEventListener("click", async (event) => {
      const button = event.target.closest("button[data-format]");
      if (!button || !current) return;
      const text = citations(current, page.doc)[button.dataset.format];
      const label = button.textContent;
      const copiedOk = await copy(text, panel);
      say(message, copiedOk ? `${label} copied.` : `Could not copy; select it here: ${text}`);
    });
    // Escape or focus leaving both the panel and its button closes the panel, like any disclosure.
    panel.addEventListener("keydown", (event) => { if (event.key === "Escape") close(true); });
    document.addEventListener("focusin", (event) => {
      if (current && !panel.contains(event.target) && event.target !== opener) close(false);
    });
    document.addEventListener("click", (event) => {
      if (current && !panel.contains(event.target) && !opener.contains(event.target)) close(false);
    });
  }

  /* ---------------------------------------------------------------- retired anchors */

  /** Opening #p14 after ¶14 was retired: land on its successor (the paragraph whose data-retired names it)
   * and say why, so an old citation still reaches the text it meant. */
  function followRetiredAnchor() {
    for (const old of document.querySelectorAll(".ed-notice")) old.remove();
    for (const old of document.querySelectorAll(".ed-target")) old.classList.remove("ed-target");
    const id = decodeURIComponent(location.hash.slice(1));
    if (!/^p\w+$/.test(id) || document.getElementById(id)) return;
    for (const p of paragraphs) {
      for (const entry of (p.dataset.retired || "").split(/\s+/)) {
        const [retired, reason, since] = entry.split("|");
        if (retired !== id) continue;
        const notice = el("p", { class: "ed-notice", role: "status" });
        p.before(notice);
        p.classList.add("ed-target");
        showParagraph(p);
        notice.scrollIntoView({ block: "start" });
        const was = `¶${id.slice(1)} was ${reason || "removed"} on ${since}`;
        // The revisions page keeps the removed text and says what replaced it.
        const revisions = el("a", { href: `${page.base || "."}/revisions/` }, "What changed");
        say(notice, `${was}; showing its successor ¶${numberOf(p)}. `, revisions);
        return;
      }
    }
  }

  /* ---------------------------------------------------------------- speaker filter */

  let showParagraph = () => {}; // replaced by the speaker filter: un-hides a paragraph a link points at

  /** On an interview, radio buttons that show one speaker's paragraphs only ("Everyone" resets). */
  function setUpSpeakerFilter() {
    if (!page.doc || page.doc.kind !== "interview") return;
    const speakers = new Map(); // data-speaker → [name, role]
    for (const p of paragraphs) {
      const tag = p.querySelector(".ed-speaker");
      if (p.dataset.speaker && !speakers.has(p.dataset.speaker)) {
        speakers.set(p.dataset.speaker, [p.dataset.speakerName, tag ? tag.dataset.role : ""]);
      }
    }
    if (speakers.size < 2) return;
    const count = el("p", { class: "ed-filter__count", role: "status" });
    const option = (value, label, role, checked) => el("label", { class: "ed-filter__option" },
      el("input", { type: "radio", name: "ed-speaker", value, checked }), " ", label,
      role ? el("span", { class: "ed-filter__role" }, ` (${role})`) : null);
    const fieldset = el("fieldset", { class: "ed-filter" }, el("legend", {}, "Show the paragraphs of"),
      option("", "everyone", "", true),
      ...Array.from(speakers, ([slug, [name, role]]) => option(slug, name, role, false)), count);
    paragraphs[0].before(fieldset);

    function apply(slug) {
      let shown = 0;
      for (const p of paragraphs) {
        p.hidden = Boolean(slug) && p.dataset.speaker !== slug;
        if (!p.hidden) shown += 1;
      }
      const by = slug && speakers.get(slug)[0];
      say(count, slug ? `Showing ${shown} of ${paragraphs.length} paragraphs, by ${by}.` : "");
    }
    fieldset.addEventListener("change", (event) => apply(event.target.value));
    // A link to a paragraph the filter hides (a footnote, a search result) resets the filter first.
    showParagraph = (p) => {
      if (!p.hidden) return;
      fieldset.querySelector("input[value='']").checked = true;
      apply("");
      p.scrollIntoView({ block: "start" });
    };
  }

  /* ---------------------------------------------------------------- footnotes on touch screens */

  /** Material shows a footnote's popover while its mark has focus or the pointer; a tap, though, would also
   * follow the link to the list at the page's end. So the first tap on a mark only focuses it (the popover
   * opens, its links usable); a second tap follows it. Keyboard and mouse keep the usual behaviour. */
  function setUpTouchFootnotes() {
    if (!article) return;
    let pointer = "";
    let armed = null;
    article.addEventListener("pointerdown", (event) => { pointer = event.pointerType; }, true);
    article.addEventListener("click", (event) => {
      const ref = event.target.closest("a.footnote-ref");
      if (!ref || pointer !== "touch" || armed === ref) return;
      event.preventDefault();
      armed = ref;
      ref.focus();
      ref.addEventListener("blur", () => { armed = null; }, { once: true });
    });
  }

  /* ---------------------------------------------------------------- search */

  // A word: letters or digits, with inner apostrophes ("Ukraine’s"). Folded to lower case without accents
  // or apostrophes, so "ukraines", "Ukraine's" and "Ukraine’s" are one word.
  const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
  const fold = (word) => word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['’]/g, "");
  const words = (text) => Array.from(text.matchAll(WORD), (m) => ({ w: fold(m[0]), start: m.index,
    end: m.index + m[0].length }));
  const MAX_RESULTS = 50;

  /** Find the query in each row: the exact phrase (its last word may be unfinished) ranks first, then rows
   * holding every word; paragraphs before notes, then in the edition's order. */
  function find(rows, query) {
    const terms = words(query).map((t) => t.w);
    if (!terms.length || query.trim().length < 2) return [];
    const phrase = " " + terms.join(" ");
    const hits = [];
    for (const row of rows) {
      const at = row.hay.indexOf(phrase);
      if (at >= 0) hits.push({ row, tier: 0, at });
      else if (terms.every((t) => row.hay.includes(" " + t))) hits.push({ row, tier: 1, at: -1 });
    }
    return hits.sort((a, b) => a.tier - b.tier || a.row.kind - b.row.kind || a.row.order - b.row.order);
  }

  /** A short excerpt of a row's text around the match, the matched words in <mark>. */
  function excerpt(hit, terms) {
    const text = hit.row.text;
    const tokens = words(text);
    if (!tokens.length) return el("span", { class: "ed-hit__text" }, text);
    const first = hit.at >= 0 ? hit.row.hay.slice(0, hit.at + 1).split(" ").length - 2
      : Math.max(0, tokens.findIndex((t) => t.w.startsWith(terms[0])));
    const marked = (i) => (hit.tier === 0 ? i >= first && i < first + terms.length
      : terms.some((t) => tokens[i].w.startsWith(t)));
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
    const base = (page.base || ".").replace(/\/$/, "");
    let rows = null;
    let loading = null;

    /** Rows ready to search: each with where it links, how it is labelled, and its words folded ("hay"). */
    function prepare(data) {
      const row = (fields, kind, order) => ({ ...fields, kind, order,
        hay: " " + words(fields.text).map((t) => t.w).join(" ") + " " });
      const paragraphRows = data.paragraphs.map(([d, number, s, text], i) => {
        const doc = data.documents[d];
        return row({ text, title: doc.title, href: `${base}/${doc.url}#p${number}`,
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
          row.speaker ? ` · ${row.speaker}` : "");
        list.append(el("li", { class: "md-search-result__item" }, el("a", { class: "ed-hit", href: row.href },
          where, el("span", { class: "ed-hit__title" }, row.title), excerpt(hit, terms))));
      }
      const more = hits.length > MAX_RESULTS ? `; the first ${MAX_RESULTS} are shown` : "";
      meta.textContent = query.trim().length < 2 ? "Type a phrase to find the paragraph it is in"
        : !hits.length ? "No paragraph holds all these words"
          : `${hits.length} result${hits.length === 1 ? "" : "s"}${more}`;
    }

    const open = () => { if (!toggle.checked) { toggle.checked = true; } load().catch(() => {}); };
    const close = () => { toggle.checked = false; input.blur(); };
    input.addEventListener("focus", open);
    input.addEventListener("input", run);
    toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });
    input.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const first = list.querySelector("a");
      if (first) first.click();
    });
    input.form.addEventListener("reset", () => setTimeout(run));
    list.addEventListener("click", (event) => { if (event.target.closest("a")) close(); });

    // Keys as in Material's own search: "/" or "s" opens it, Escape closes, arrows move through results.
    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest("input, textarea, select, [contenteditable]");
      const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
      if (!typing && plain && (event.key === "/" || event.key === "s")) {
        event.preventDefault();
        toggle.checked = true;
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

  /* ---------------------------------------------------------------- start */

  setUpCitations();
  setUpSpeakerFilter();
  setUpTouchFootnotes();
  setUpSearch();
  followRetiredAnchor();
  window.addEventListener("hashchange", () => {
    followRetiredAnchor();
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.classList.contains("ed-p")) showParagraph(target);
  });
})();
