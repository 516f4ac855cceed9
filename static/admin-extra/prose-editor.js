// The article body editor (django-prose-editor) in an Arabic admin under a
// strict Content Security Policy. A classic script: it runs before the
// editor's deferred modules, so it is ready for their first editor.
/* global gettext, gettext_noop */
"use strict";

(() => {
  // Tiptap writes its base CSS into a new <style> element, which style-src
  // 'self' blocks: a CSP violation on every page, and ProseMirror without its
  // base rules. Tiptap reuses any element matching style[data-tiptap-style]
  // instead. The one placed here is a "style" outside the HTML and SVG
  // namespaces: a plain element that no browser reads as a style sheet (even
  // an empty HTML <style> counts as inline CSS). prose-editor.css carries
  // Tiptap's rules.
  if (!document.querySelector("style[data-tiptap-style]")) {
    const placeholder = document.createElementNS("urn:x-tiptap-style", "style");
    placeholder.setAttribute("data-tiptap-style", "");
    document.head.append(placeholder);
  }

  // The editor's dialogs translate their own words through window.gettext (the
  // admin's JavaScript catalogue); listed here so that makemessages keeps them.
  gettext_noop("URL");
  gettext_noop("Title");
  gettext_noop("Edit Link");
  gettext_noop("Update");
  gettext_noop("Cancel");
  gettext_noop("Insert Figure");
  gettext_noop("Edit Figure");
  gettext_noop("Edit Image");
  gettext_noop("Image URL");
  gettext_noop("Alternative Text");
  gettext_noop("Caption");
  gettext_noop("Insert");
  gettext_noop("Add caption");
  gettext_noop("Remove caption");

  // The toolbar's tooltips, which the editor writes in English.
  const TOOLTIPS = {
    paragraph: gettext("Paragraph"),
    "heading 2": gettext("Heading 2"),
    "heading 3": gettext("Heading 3"),
    "unordered list": gettext("Bulleted list"),
    "ordered list": gettext("Numbered list"),
    blockquote: gettext("Quotation"),
    figure: gettext("Image"),
    bold: gettext("Bold"),
    italic: gettext("Italic"),
    "insert link": gettext("Insert link"),
    "remove link": gettext("Remove link"),
    undo: gettext("Undo"),
    redo: gettext("Redo"),
  };

  const OPTIONS = {
    heading2: TOOLTIPS["heading 2"],
    heading3: TOOLTIPS["heading 3"],
    paragraph: TOOLTIPS.paragraph,
  };

  const translate = (menubar) => {
    for (const button of menubar.querySelectorAll("[title]")) {
      const arabic = TOOLTIPS[button.title];
      if (arabic) {
        button.title = arabic;
        button.setAttribute("aria-label", arabic);
      }
    }
    for (const option of menubar.querySelectorAll("[data-name]")) {
      const arabic = OPTIONS[option.dataset.name];
      const label = option.firstElementChild;
      // Only when it differs: a text change is itself a mutation observed below.
      if (arabic && label && !label.classList.length && label.textContent !== arabic) {
        label.textContent = arabic;
      }
    }
  };

  // The toolbar is built once the editor has been created, and the heading
  // menu swaps its buttons in and out as the cursor moves: each is translated
  // when it appears.
  const translateToolbar = (editor) => {
    const menubar = editor.view.dom.parentElement.querySelector(".prose-menubar");
    if (!menubar) return;
    translate(menubar);
    new MutationObserver(() => translate(menubar)).observe(menubar, {
      childList: true,
      subtree: true,
    });
  };

  document.addEventListener("prose-editor:ready", (event) => {
    const { editor } = event.detail;
    // Articles are Arabic whatever the admin's language: the writing area runs
    // right to left (ProseMirror keeps attributes it did not set itself).
    editor.view.dom.setAttribute("dir", "rtl");
    if (editor.isInitialized) translateToolbar(editor);
    else editor.on("create", () => translateToolbar(editor));
  });
})();
