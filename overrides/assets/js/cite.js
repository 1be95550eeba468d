/* A Cite menu and a "Suggest a note" link on every paragraph. */
(() => {
  "use strict";
  const { page, paragraphs, el, say, numberOf } = window.Edition;

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


  setUpCitations();
})();
