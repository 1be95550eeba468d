/* The speaker filter on interviews. */
(() => {
  "use strict";
  const Edition = window.Edition;
  const { page, paragraphs, el, say } = Edition;

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
    const stubs = new Map(); // paragraph → its stub, made the first time it is hidden
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
        hide(p, Boolean(slug) && p.dataset.speaker !== slug);
        if (!p.hidden) shown += 1;
      }
      const by = slug && speakers.get(slug)[0];
      say(count, slug ? `Showing ${shown} of ${paragraphs.length} paragraphs, by ${by}; the others as one line each.`
        : "");
    }

    /** Hide a paragraph (and its related-claims panel) behind a one-line stub, "3 Amati asks: Is it true…",
     * so that the dialogue still reads and the numbers do not jump; the stub shows the paragraph again. */
    function hide(p, hidden) {
      p.hidden = hidden;
      const panel = p.parentElement.querySelector(`details.ed-related[data-for="${p.id}"]`);
      if (panel) panel.hidden = hidden;
      const stub = stubs.get(p);
      if (!hidden) {
        if (stub) stub.hidden = true;
        return;
      }
      if (stub) {
        stub.hidden = false;
        return;
      }
      const made = makeStub(p);
      stubs.set(p, made);
      p.before(made);
    }

    function makeStub(p) {
      const [name, role] = speakers.get(p.dataset.speaker) || [p.dataset.speakerName || "", ""];
      const text = p.cloneNode(true);
      for (const extra of text.querySelectorAll(".ed-num, .ed-speaker, sup, .ed-cite-button, .ed-cite")) {
        extra.remove();
      }
      const words = text.textContent.trim().split(/\s+/);
      const opening = words.slice(0, 8).join(" ") + (words.length > 8 ? "…" : "");
      // "asks" only where the words are a question: an interviewer also introduces, and sometimes asks
      // without a question mark; then the name alone.
      const verb = role === "interviewer" && /\?\W*$/.test(text.textContent.trim()) ? " asks" : "";
      const who = name ? `${name.split(" ").pop()}${verb}: ` : "";
      const number = Edition.numberOf(p);
      const button = el("button", { type: "button", class: "ed-stub__button",
        "aria-label": `Paragraph ${number}, hidden by the filter: ${who}${opening} Show it` },
        el("span", { class: "ed-stub__num" }, number), " ", who, opening);
      button.addEventListener("click", () => {
        hide(p, false);
        const link = p.querySelector(".ed-num");
        if (link) link.focus();
      });
      return el("p", { class: "ed-stub", "data-for": p.id }, button);
    }
    fieldset.addEventListener("change", (event) => apply(event.target.value));
    // A link to a paragraph the filter hides (a footnote, a search result) resets the filter first.
    Edition.showParagraph = (p) => {
      if (!p.hidden) return;
      fieldset.querySelector("input[value='']").checked = true;
      apply("");
      p.scrollIntoView({ block: "start" });
    };
  }


  setUpSpeakerFilter();
})();
