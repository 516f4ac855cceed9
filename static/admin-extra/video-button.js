// The body editor's video button. It asks for a YouTube or Facebook address
// and inserts it as a paragraph of its own holding only that link: readers
// get such a paragraph as a video (articles/video.py), and the body keeps
// nothing but a plain link. The check here only spares the editor a link that
// would stay a link; the server decides again on every render.
// A classic script, like prose-editor.js: ready before the editor's modules.
/* global gettext */
"use strict";

(() => {
  const YOUTUBE_HOSTS = new Set([
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
  ]);
  const FACEBOOK_HOSTS = new Set(["facebook.com", "www.facebook.com", "m.facebook.com"]);
  const FB_WATCH_HOSTS = new Set(["fb.watch", "www.fb.watch"]);
  const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
  const START = /^(?:(\d{1,2})h)?(?:(\d{1,4})m)?(?:(\d{1,5})s?)?$/;

  const youtube = (id, params) => {
    if (!YOUTUBE_ID.test(id)) return null;
    let url = `https://www.youtube.com/watch?v=${id}`;
    const start = params.get("t") || params.get("start");
    const match = start && START.exec(start);
    if (match) {
      const [hours, minutes, seconds] = match.slice(1).map((n) => Number(n || 0));
      const total = hours * 3600 + minutes * 60 + seconds;
      if (total) url += `&t=${total}s`;
    }
    return url;
  };

  // The video's address as the site will print it, or null: the same rules
  // as articles/video.py's recognise().
  const videoAddress = (text) => {
    const address = text.trim();
    if (!address || address.length > 500) return null;
    // Whitespace, control characters, quotes, angle brackets, backslashes.
    if (/[\s\x00-\x1f\\"'<>`]/.test(address)) return null;
    // The whole authority must be a known host name: no user, no port.
    const authority = /^https?:\/\/([^/?#]*)/i.exec(address);
    if (!authority) return null;
    const host = authority[1].toLowerCase();
    let url;
    try {
      url = new URL(address);
    } catch {
      return null;
    }
    const path = url.pathname;
    const params = url.searchParams;
    let match;
    if (YOUTUBE_HOSTS.has(host)) {
      if (path === "/watch" || path === "/watch/") {
        const ids = params.getAll("v");
        return ids.length === 1 ? youtube(ids[0], params) : null;
      }
      match = /^\/(?:shorts|live|embed|v)\/([A-Za-z0-9_-]{11})\/?$/.exec(path);
      return match ? youtube(match[1], params) : null;
    }
    if (host === "youtu.be") {
      match = /^\/([A-Za-z0-9_-]{11})$/.exec(path);
      return match ? youtube(match[1], params) : null;
    }
    if (FACEBOOK_HOSTS.has(host)) {
      match = /^\/([A-Za-z0-9.]{1,80})\/videos\/(?:[^/]{1,200}\/)?([0-9]{1,20})\/?$/.exec(
        path
      );
      if (match && !/^\.|\.$/.test(match[1])) {
        return `https://www.facebook.com/${match[1]}/videos/${match[2]}/`;
      }
      match = /^\/reel\/([0-9]{1,20})\/?$/.exec(path);
      if (match) return `https://www.facebook.com/reel/${match[1]}/`;
      if (["/watch", "/watch/", "/video.php"].includes(path)) {
        const ids = params.getAll("v");
        if (ids.length === 1 && /^[0-9]{1,20}$/.test(ids[0])) {
          return `https://www.facebook.com/watch/?v=${ids[0]}`;
        }
      }
      return null;
    }
    if (FB_WATCH_HOSTS.has(host) && !url.search) {
      match = /^\/([A-Za-z0-9_-]{1,20})\/?$/.exec(path);
      if (match) return `https://fb.watch/${match[1]}/`;
    }
    return null;
  };

  const element = (tag, properties = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), properties);
    node.append(...children);
    return node;
  };

  // A dialog like the editor's own (the same classes, so the same look),
  // which keeps the editor's words and says what is wrong with an address.
  const askForVideo = (editor) =>
    new Promise((resolve) => {
      const id = `video-dialog-${Date.now()}`;
      const address = element("input", {
        id: `${id}-address`,
        name: "address",
        type: "text",
        inputMode: "url",
        dir: "ltr",
        size: 50,
        required: true,
        autocomplete: "off",
      });
      const title = element("input", {
        id: `${id}-title`,
        name: "title",
        type: "text",
        dir: "auto",
        size: 50,
      });
      const error = element("p", {
        id: `${id}-error`,
        className: "prose-editor-video-error",
        hidden: true,
      });
      error.setAttribute("role", "alert");
      address.setAttribute("aria-describedby", error.id);
      const submit = element("button", {
        type: "submit",
        textContent: gettext("Insert"),
      });
      const cancel = element("button", {
        type: "button",
        textContent: gettext("Cancel"),
      });
      const form = element("form", { noValidate: true }, [
        element("h3", {
          className: "prose-editor-dialog-title",
          textContent: gettext("Insert a video"),
        }),
        element("div", { className: "prose-editor-dialog-field" }, [
          element("label", {
            htmlFor: address.id,
            textContent: gettext("Address of the video on YouTube or Facebook"),
          }),
          address,
          error,
        ]),
        element("div", { className: "prose-editor-dialog-field" }, [
          element("label", {
            htmlFor: title.id,
            textContent: gettext("Title shown under the video (optional)"),
          }),
          title,
        ]),
        element("div", { className: "prose-editor-dialog-buttons" }, [submit, cancel]),
      ]);
      const dialog = element("dialog", { className: "prose-editor-dialog" }, [form]);
      const wrapper = element("div", {}, [dialog]);
      let answer = null;

      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const url = videoAddress(address.value);
        if (!url) {
          error.textContent = address.value.trim()
            ? gettext(
                "This is not the address of a YouTube or Facebook video. Open the video on YouTube or Facebook and copy the address of its page."
              )
            : gettext("Paste the address of the video.");
          error.hidden = false;
          address.setAttribute("aria-invalid", "true");
          address.focus();
          return;
        }
        answer = { url, title: title.value.trim() };
        dialog.close();
      });
      cancel.addEventListener("click", () => dialog.close());
      dialog.addEventListener("close", () => {
        wrapper.remove();
        resolve(answer);
      });
      editor.view.dom.parentElement.append(wrapper);
      dialog.showModal();
      address.focus();
    });

  // The video's paragraph after the block the cursor is in (in its place if
  // that block is an empty paragraph), and an empty one after it if it ends
  // the body, so that the next words are not typed into the link.
  const insertVideo = (editor, { url, title }) => {
    const { state } = editor;
    const { $from, to } = state.selection;
    const paragraph = {
      type: "paragraph",
      content: [{ type: "text", text: title || url, marks: [{ type: "link", attrs: { href: url } }] }],
    };
    let range = to;
    if ($from.depth >= 1) {
      const block = $from.node(1);
      range =
        block.type.name === "paragraph" && block.content.size === 0
          ? { from: $from.before(1), to: $from.after(1) }
          : $from.after(1);
    }
    const end = typeof range === "number" ? range : range.to;
    const last = end >= state.doc.content.size;
    const content = last ? [paragraph, { type: "paragraph" }] : [paragraph];
    editor.chain().focus().insertContentAt(range, content).run();
  };

  const addButton = (editor) => {
    const storage = editor.storage.menu;
    if (!storage || !storage.dom || storage.dom.querySelector("[data-name=video]")) {
      return;
    }
    const label = gettext("Insert a video (YouTube or Facebook)");
    const button = storage.buttons.material("ondemand_video", label);
    storage.menu.defineItem({
      name: "video",
      groups: "video",
      button,
      command(editor) {
        askForVideo(editor).then((answer) => {
          if (answer) insertVideo(editor, answer);
          else editor.commands.focus();
        });
      },
    });
    const group = storage.menu.buttonGroup({ editor }, storage.menu.items("video"));
    // Beside the image button: both put something other than text in the body.
    const figure = storage.dom.querySelector("[data-name=figure]");
    const beside = figure && figure.closest(".prose-menubar__group");
    if (beside) beside.after(group);
    else storage.dom.append(group);
  };

  document.addEventListener("prose-editor:ready", (event) => {
    const { editor } = event.detail;
    if (editor.isInitialized) addButton(editor);
    else editor.on("create", () => addButton(editor));
  });
})();
