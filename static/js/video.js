/* Videos in the article body (articles/video.py). The page carries a poster
   drawn by our own CSS and a link to the video's page, which is all a reader
   without JavaScript gets. Here the poster becomes a button; the player
   (youtube-nocookie.com, or Facebook's) is put in the same 16:9 box only when
   the reader clicks it, so nothing is asked of YouTube or Facebook before. */
(function () {
  "use strict";

  // The only players a page may frame (the CSP's frame-src says the same).
  var PLAYERS = [
    "https://www.youtube-nocookie.com/embed/",
    "https://www.facebook.com/plugins/video.php?",
  ];

  function isPlayer(url) {
    return PLAYERS.some(function (prefix) {
      return url.indexOf(prefix) === 0;
    });
  }

  function play(figure, button, url) {
    var frame = document.createElement("iframe");
    frame.className = "video__player";
    frame.src = url;
    frame.title = figure.getAttribute("data-video-title") || "";
    frame.setAttribute(
      "allow",
      "autoplay; fullscreen; picture-in-picture; encrypted-media"
    );
    frame.setAttribute("allowfullscreen", "");
    // The site sends no Referer to other hosts; YouTube's player refuses to
    // play without one, so this frame sends our origin (never the page's path).
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    button.replaceWith(frame);
    figure.classList.add("video--playing");
    frame.focus();
  }

  var figures = document.querySelectorAll(".video[data-video-player]");
  Array.prototype.forEach.call(figures, function (figure) {
    var poster = figure.querySelector("a.video__poster");
    var url = figure.getAttribute("data-video-player");
    if (!poster || !url || !isPlayer(url)) {
      return;
    }
    // The same box, the same look: a button now, since it plays in place.
    var button = document.createElement("button");
    button.type = "button";
    button.className = poster.className;
    button.setAttribute("aria-label", poster.getAttribute("aria-label") || "");
    while (poster.firstChild) {
      button.appendChild(poster.firstChild);
    }
    poster.replaceWith(button);
    button.addEventListener("click", function () {
      play(figure, button, url);
    });
  });
})();
