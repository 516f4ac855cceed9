/* The share row's two buttons. The links beside them work without this file;
   the buttons stay hidden unless the browser can do what they offer:
   - "Copy link" puts the article's canonical address on the clipboard and
     says so in the status line (read out by screen readers);
   - "Share…" opens the phone's own share sheet (Web Share API).
   Nothing here talks to any server. */
(function () {
  "use strict";

  var share = document.querySelector(".share[data-share-url]");
  if (!share) {
    return;
  }
  var url = share.getAttribute("data-share-url");
  var title = share.getAttribute("data-share-title") || document.title;
  var status = share.querySelector(".share__status");
  var copyItem = share.querySelector(".share__copy");
  var nativeItem = share.querySelector(".share__native");

  function say(message) {
    // Emptied first so that saying the same thing twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  if (copyItem && navigator.clipboard && navigator.clipboard.writeText) {
    copyItem.hidden = false;
    copyItem.querySelector("button").addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(
        function () {
          say(share.getAttribute("data-copied"));
        },
        function () {
          say(share.getAttribute("data-copy-failed"));
        }
      );
    });
  }

  if (nativeItem && typeof navigator.share === "function") {
    nativeItem.hidden = false;
    nativeItem.querySelector("button").addEventListener("click", function () {
      navigator.share({ title: title, url: url }).catch(function () {
        // The reader closed the share sheet: nothing to say.
      });
    });
  }
})();
