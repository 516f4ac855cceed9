/* The comment form, improved. Everything here also works without it:
   - the reader's details are remembered in this browser only, when they ask
     (the server never renders them, so article pages stay the same for all);
   - "Reply" moves the form under the comment instead of reloading the page;
   - when the reader starts writing, the form's stamp (shared by every reader
     of this cached page, and accepted for a short while only) is exchanged
     for one of their own, which lasts (comments/stamps.py). */
(function () {
  "use strict";

  var STORAGE_KEY = "comments.commenter";
  var respond = document.getElementById("respond");
  var form = document.getElementById("commentform");
  if (!respond || !form) {
    return;
  }
  var home = document.getElementById("respond-home");
  var fields = form.elements;

  /* 1. Remember my details (name, email, website) in this browser. */
  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // Storage switched off: the form simply forgets.
    }
  }

  function restoreDetails() {
    var store = storage();
    var saved = null;
    try {
      saved = store && JSON.parse(store.getItem(STORAGE_KEY) || "null");
    } catch (error) {
      saved = null;
    }
    if (!saved || typeof saved !== "object") {
      return;
    }
    ["name", "email", "url"].forEach(function (name) {
      var field = fields.namedItem(name);
      if (field && !field.value && typeof saved[name] === "string") {
        field.value = saved[name];
      }
    });
    if (fields.namedItem("consent")) {
      fields.namedItem("consent").checked = true;
    }
  }

  function saveDetails() {
    var store = storage();
    var consent = fields.namedItem("consent");
    if (!store || !consent) {
      return;
    }
    try {
      if (consent.checked) {
        store.setItem(
          STORAGE_KEY,
          JSON.stringify({
            name: fields.namedItem("name").value,
            email: fields.namedItem("email").value,
            url: fields.namedItem("url").value,
          })
        );
      } else {
        store.removeItem(STORAGE_KEY);
      }
    } catch (error) {
      // A full or refused storage must not stop the comment from being sent.
    }
  }

  /* 2. Reply without reloading the page. */
  var parentField = fields.namedItem("parent");
  var titleNew = respond.querySelector(".respond__title-new");
  var titleReply = respond.querySelector(".respond__title-reply");
  var cancel = document.getElementById("cancel-reply");
  var textarea = fields.namedItem("body");

  function showReplyTo(comment) {
    var author = comment.querySelector(".comment__author bdi");
    titleReply.querySelector("bdi").textContent = author ? author.textContent : "";
    titleNew.hidden = true;
    titleReply.hidden = false;
    cancel.hidden = false;
  }

  function startReply(link) {
    var item = document.getElementById("comment-" + link.dataset.replyTo);
    if (!item) {
      return false;
    }
    var box = item.querySelector(".comment__box");
    box.insertAdjacentElement("afterend", respond);
    parentField.value = link.dataset.replyTo;
    showReplyTo(box);
    textarea.focus();
    return true;
  }

  function cancelReply() {
    if (home) {
      home.appendChild(respond);
    }
    parentField.value = "";
    titleNew.hidden = false;
    titleReply.hidden = true;
    cancel.hidden = true;
    textarea.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-reply-to]");
    if (link && startReply(link)) {
      event.preventDefault();
    }
  });

  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    cancelReply();
  });

  form.addEventListener("submit", saveDetails);
  restoreDetails();

  /* 3. A form stamp of the reader's own, once, when they start writing. */
  var served = fields.namedItem("served");
  var stampUrl = form.dataset.stampUrl;
  var stampAsked = false;

  function fetchOwnStamp() {
    if (stampAsked || !served || !stampUrl || !window.fetch) {
      return;
    }
    stampAsked = true;
    var body = new URLSearchParams();
    body.append("served", served.value);
    window
      .fetch(stampUrl, {
        method: "POST",
        body: body,
        credentials: "omit",
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && typeof data.served === "string") {
          served.value = data.served;
        }
      })
      .catch(function () {
        // Offline or refused: the page's own stamp is sent, as without script.
      });
  }

  form.addEventListener("input", fetchOwnStamp);
  form.addEventListener("focusin", fetchOwnStamp);

  /* After a refused post, start the reader at the list of what to fix. */
  var alertBox = document.getElementById("commentform-errors");
  if (alertBox) {
    // After "load": scrolling to the page's #respond would take focus away.
    window.addEventListener("load", function () {
      alertBox.focus();
    });
  }
})();
