/* Footnotes on touch screens. */
(() => {
  "use strict";
  const { article } = window.Edition;

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

  /** A footnote mark is a bare number; its accessible name and tooltip say which note it is ("26, note:
   * Crimea across the texts"), taken from the note's title at the head of its footnote. */
  function nameFootnoteMarks() {
    if (!article) return;
    for (const ref of article.querySelectorAll("a.footnote-ref")) {
      const id = decodeURIComponent(ref.hash.slice(1));
      const item = document.getElementById(id);
      const title = item && item.querySelector("strong");
      if (!title) continue;
      const name = title.textContent.trim();
      ref.setAttribute("aria-label", `${ref.textContent.trim()}, note: ${name}`);
      ref.setAttribute("title", name);
    }
  }

  nameFootnoteMarks();
  setUpTouchFootnotes();
})();
