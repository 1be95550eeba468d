/* The edition's reading room, shared part: what the page template says about the page, the paragraphs, and
 * two tiny DOM helpers. Every feature is its own file (cite.js, speakers.js, footnotes.js, search.js,
 * retired.js), loaded after this one in the order mkdocs.yml lists them; they share only `window.Edition`.
 * No dependency and no request to another host. */
(() => {
  "use strict";

  // What the page template (overrides/main.html) says about this page: {base, site, repo, doc}.
  const pageData = document.getElementById("ed-page");
  let page = {};
  try {
    page = pageData ? JSON.parse(pageData.textContent) : {};
  } catch (error) {
    page = {}; // a damaged data block leaves the page readable, with no reader features
  }
  const article = document.querySelector("article.md-content__inner, article");
  const paragraphs = article ? Array.from(article.querySelectorAll("p.ed-p[id]")) : [];

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

  /** The address's fragment, percent-decoded where it decodes; as typed where it does not ("#%E0%A4%A"). */
  function fragment() {
    const raw = location.hash.slice(1);
    try {
      return decodeURIComponent(raw);
    } catch (error) {
      return raw;
    }
  }

  window.Edition = {
    page,
    article,
    paragraphs,
    el,
    say,
    fragment,
    numberOf: (p) => p.id.slice(1), // id "p12" → "12"
    // Replaced by the speaker filter: un-hides a paragraph that a link points at.
    showParagraph: () => {},
  };
})();
