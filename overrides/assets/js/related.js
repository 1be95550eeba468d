/* Related claims: the panel under an annotated paragraph, and "back to where you were".
 *
 * The panels are written by the build (edition/render_claims.py) as native <details>, so they open by
 * keyboard (Enter, Space) and by touch without this script. Here: Escape closes a panel and returns focus
 * to its control; and a link followed from a panel, a footnote or a claim page's passage remembers, for this
 * tab only (sessionStorage), where the reader was, so that the page it leads to offers the way back. */
(() => {
  "use strict";
  const { article, el } = window.Edition;
  if (!article) return;
  const KEY = "edition.from";

  // ----------------------------------------------------------------- Escape closes the panel

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const panel = document.activeElement && document.activeElement.closest("details.ed-related[open]");
    if (!panel) return;
    panel.open = false;
    panel.querySelector("summary").focus();
    event.stopPropagation();
  });

  // ----------------------------------------------------------------- remembering where the reader was

  /** Where a link inside the article was followed from, as {back, label}; null for links that need no
   * way back (the table of contents, permalinks). */
  function origin(link) {
    const here = location.href.split("#")[0];
    const panel = link.closest("details.ed-related");
    if (panel) return { back: `${here}#${panel.dataset.for}`, label: panel.dataset.label };
    const footnote = link.closest(".footnote li");
    if (footnote) {
      const backref = footnote.querySelector("a.footnote-backref");
      const ref = backref && document.getElementById(decodeURIComponent(backref.hash.slice(1)));
      const paragraph = ref && ref.closest(".ed-p");
      if (!paragraph) return null;
      const its = document.querySelector(`details.ed-related[data-for="${paragraph.id}"]`);
      return { back: `${here}#${paragraph.id}`, label: its ? its.dataset.label : `¶${paragraph.id.slice(1)}` };
    }
    if (link.closest(".ed-passages")) {
      const title = article.querySelector("h1");
      return { back: here, label: title ? title.textContent.trim() : document.title };
    }
    return null;
  }

  article.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || link.closest(".ed-back")) return;
    const from = origin(link);
    if (!from) return;
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ ...from, to: link.href }));
    } catch (error) {
      // storage refused (private mode, quota): the link still works, without the way back
    }
  });

  /** The remembered origin if it led here, else null. */
  function arrival() {
    let from = null;
    try {
      from = JSON.parse(sessionStorage.getItem(KEY) || "null");
    } catch (error) {
      return null;
    }
    if (!from || typeof from.to !== "string" || typeof from.back !== "string") return null;
    return from.to === location.href ? from : null;
  }

  /** Offer the way back: above the paragraph the reader arrived at, or under the page's title. */
  function offerWayBack() {
    for (const old of article.querySelectorAll(".ed-back")) old.remove();
    const from = arrival();
    if (!from) return;
    const back = el("a", { href: from.back }, "Back to where you were");
    const notice = el("p", { class: "ed-back" }, "← ", back, from.label ? `: ${from.label}` : "");
    back.addEventListener("click", () => {
      try {
        sessionStorage.removeItem(KEY);
      } catch (error) {
        // nothing to forget
      }
    });
    const id = location.hash.slice(1);
    const target = id && document.getElementById(id);
    if (target && target.classList.contains("ed-p")) {
      target.before(notice);
      notice.scrollIntoView({ block: "start" }); // the way back and the paragraph, both under the header
    } else {
      const title = article.querySelector("h1");
      if (title) title.after(notice);
      else article.prepend(notice);
    }
  }

  offerWayBack();
  window.addEventListener("hashchange", offerWayBack);
})();
