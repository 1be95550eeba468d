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
    Edition.showParagraph = (p) => {
      if (!p.hidden) return;
      fieldset.querySelector("input[value='']").checked = true;
      apply("");
      p.scrollIntoView({ block: "start" });
    };
  }


  setUpSpeakerFilter();
})();
