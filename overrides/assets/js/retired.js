/* Notices for retired anchors: an old citation still reaches the text it meant. Runs last, after the
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
  }


  followRetiredAnchor();
  window.addEventListener("hashchange", () => {
    followRetiredAnchor();
    const target = document.getElementById(fragment());
    if (target && target.classList.contains("ed-p")) Edition.showParagraph(target);
  });
})();
