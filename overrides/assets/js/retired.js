/* Notices for retired and unknown anchors: an old citation still reaches the text it meant, a wrong one
 * says so. Runs last, after the
 * speaker filter, so that a successor the filter hides is shown. */
(() => {
  "use strict";
  const Edition = window.Edition;
  const { page, paragraphs, el, say, numberOf, fragment } = Edition;

  /** Opening #p14 after ¶14 was retired: land on its successor (the paragraph whose data-retired names it)
   * and say why, so an old citation still reaches the text it meant. */
  function followRetiredAnchor() {
    for (const old of document.querySelectorAll(".ed-notice")) old.remove();
    for (const old of document.querySelectorAll(".ed-target")) old.classList.remove("ed-target");
    const id = fragment();
    if (!/^p\w+$/.test(id) || document.getElementById(id)) return;
    for (const p of paragraphs) {
      for (const entry of (p.dataset.retired || "").split(/\s+/)) {
        const [retired, reason, since] = entry.split("|");
        if (retired !== id) continue;
        const notice = el("p", { class: "ed-notice", role: "status" });
        p.before(notice);
        p.classList.add("ed-target");
        Edition.showParagraph(p);
        notice.scrollIntoView({ block: "start" });
        const was = `¶${id.slice(1)} was ${reason || "removed"} on ${since}`;
        // The revisions page keeps the removed text and says what replaced it.
        const revisions = el("a", { href: `${page.base || "."}/revisions/` }, "What changed");
        say(notice, `${was}; showing its successor ¶${numberOf(p)}. `, revisions);
        return;
      }
    }
    unknownParagraph(id);
  }

  /** Opening #p99 of a text with 20 paragraphs, a number never issued: say so, instead of showing the top of
   * the page as if the link had worked, and offer the last paragraph (a link past the end is the usual slip). */
  function unknownParagraph(id) {
    if (!paragraphs.length) return;
    const last = paragraphs[paragraphs.length - 1];
    const notice = el("p", { class: "ed-notice ed-notice--unknown", role: "status" });
    paragraphs[0].before(notice);
    notice.scrollIntoView({ block: "start" });
    const count = paragraphs.length === 1 ? "1 paragraph" : `${paragraphs.length}`;
    say(notice, `There is no paragraph ${id.slice(1)} in this text; it has ${count} — `,
      el("a", { href: `#${last.id}` }, "go to the last"), ".");
  }


  followRetiredAnchor();
  window.addEventListener("hashchange", () => {
    followRetiredAnchor();
    const target = document.getElementById(fragment());
    if (target && target.classList.contains("ed-p")) Edition.showParagraph(target);
  });
})();
