/* A Cite menu and a "Suggest a note" link on every paragraph. */
(() => {
  "use strict";
  const { page, paragraphs, el, say, numberOf } = window.Edition;

  // The citations are formatted at build time (edition/citations.py, from CSL styles) with placeholders for
  // what differs per paragraph and per reader: the paragraph's number and today's date, the access date.
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  // MLA's abbreviations (MLA Handbook 9th ed.): May, June and July are written out.
  const MLA_MONTHS = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split(" ");

  /** Today in a style's own date form: "mdy" December 2, 2026; "dmy" 2 Dec. 2026; "iso" 2026-12-02. */
  function today(form, now = new Date()) {
    const [y, m, d] = [now.getFullYear(), now.getMonth(), now.getDate()];
    if (form === "dmy") return `${d} ${MLA_MONTHS[m]} ${y}`;
    if (form === "mdy") return `${MONTHS[m]} ${d}, ${y}`;
    return `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }

  /** Every citation of paragraph ``p``: [{key, label, texts: [[label, text], …]}], placeholders filled in. */
  function citations(p, doc) {
    const cite = doc.cite;
    if (!cite || !Array.isArray(cite.styles)) return [];
    const holes = cite.placeholders || {};
    const root = new URL(`${page.base || "."}/`, location.href).href; // used only where site_url is unset
    const fill = (text, dates) => String(text)
      .split(holes.root).join(root)
      .split(holes.paragraph).join(numberOf(p))
      .split(holes.accessed).join(today(dates))
      .split(holes.accessed_iso).join(today("iso"));
    const formats = cite.styles.map((style) => ({
      key: style.key, label: style.label,
      texts: style.texts.map(([label, text]) => [label, fill(text, style.dates)]),
    }));
    // The paragraph's address on the published site (site_url), as in the citations; this page's address
    // when the build knows no site_url.
    const url = cite.url ? fill(cite.url) : location.origin + location.pathname + "#" + p.id;
    formats.push({ key: "link", label: "Link", texts: [["Link", url]] });
    formats.push({ key: "id", label: "Id", texts: [["Id", p.dataset.id]] });
    return formats;
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

  /** One Cite button per paragraph; one panel, moved under whichever paragraph's button opened it. The panel
   * shows one format at a time (a row of toggle buttons chooses it) as selectable text, each with a Copy button. */
  function setUpCitations() {
    if (!page.doc || !paragraphs.length) return;
    const message = el("p", { class: "ed-cite__status", role: "status" });
    const heading = el("p", { class: "ed-cite__title" });
    const chooser = el("div", { class: "ed-cite__formats", role: "group", "aria-label": "Citation style" });
    const shown = el("div", { class: "ed-cite__shown" });
    const suggest = el("a", { class: "ed-cite__suggest" });
    const panel = el("div", { class: "ed-cite", id: "ed-cite-panel", role: "group", hidden: "" },
      heading, chooser, shown, suggest, message);
    let current = null; // the paragraph whose panel is open
    let opener = null;
    let formats = [];
    let chosen = "chicago";

    function show(key) {
      const format = formats.find((f) => f.key === key) || formats[0];
      if (!format) return;
      chosen = format.key;
      for (const button of chooser.children) {
        button.setAttribute("aria-pressed", String(button.dataset.format === chosen));
      }
      shown.replaceChildren(...format.texts.map(([label, text], i) => {
        const id = `ed-cite-text-${i}`;
        const block = /\n/.test(text) ? "pre" : "p";
        return el("div", { class: "ed-cite__entry" },
          el("div", { class: "ed-cite__entry-head" },
            el("span", { class: "ed-cite__label", id: `${id}-label` }, format.texts.length > 1 ? label : format.label),
            el("button", { type: "button", class: "ed-cite__copy", "data-copy": String(i),
              "aria-describedby": `${id}-label` }, "Copy")),
          el(block, { class: "ed-cite__text", id, "data-format": format.key }, text));
      }));
    }

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
      formats = citations(p, page.doc);
      chooser.replaceChildren(...formats.map(({ key, label }) =>
        el("button", { type: "button", class: "ed-cite__format", "data-format": key, "aria-pressed": "false" },
          label)));
      heading.textContent = `Cite paragraph ${numberOf(p)}`;
      panel.setAttribute("aria-label", `Cite paragraph ${numberOf(p)}`);
      suggest.href = suggestUrl(p);
      suggest.textContent = `Suggest a note on ¶${numberOf(p)}`;
      message.textContent = "";
      show(chosen);
      p.after(panel);
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      (chooser.querySelector('[aria-pressed="true"]') || chooser.firstChild || suggest).focus();
    }

    for (const p of paragraphs) {
      const button = el("button", { type: "button", class: "ed-cite-button", "aria-expanded": "false",
        "aria-controls": "ed-cite-panel", "aria-label": `Cite paragraph ${numberOf(p)}` }, "Cite");
      button.addEventListener("click", () => (current === p ? close(true) : open(p, button)));
      const num = p.querySelector(".ed-num");
      (num || p.firstChild).after(button);
    }
    panel.addEventListener("click", async (event) => {
      const choice = event.target.closest("button[data-format]");
      if (choice && current) {
        show(choice.dataset.format);
        message.textContent = "";
        return;
      }
      const button = event.target.closest("button[data-copy]");
      if (!button || !current) return;
      const format = formats.find((f) => f.key === chosen);
      const [label, text] = format.texts[Number(button.dataset.copy)];
      const name = format.texts.length > 1 ? `${format.label} ${label.toLowerCase()}` : format.label;
      const copiedOk = await copy(text, panel);
      say(message, copiedOk ? `${name} copied.` : `Could not copy: select the text above and copy it.`);
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

  window.Edition.citeToday = today;
  setUpCitations();
})();
