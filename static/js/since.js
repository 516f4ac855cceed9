// The dates in lists: "منذ 3 ساعات" for what is under a day old. The page is
// the same bytes for every reader and may be hours old in a cache, so it
// carries the date itself and a table of labels (id="since-labels"), and the
// reader's clock picks the label, again every minute. Without JavaScript the
// date stays; the full dateline is in each <time>'s title.
"use strict";

(() => {
  const times = document.querySelectorAll("time[data-since]");
  const table = document.getElementById("since-labels");
  if (!times.length || !table) {
    return;
  }
  const labels = JSON.parse(table.textContent);

  const label = (minutes) => {
    const hours = Math.floor(minutes / 60);
    if (minutes < 0) {
      return null; // a clock behind the server's: keep the date
    }
    if (minutes < 1) {
      return labels.now;
    }
    if (minutes < 60) {
      return labels.m[minutes];
    }
    return hours < labels.h.length ? labels.h[hours] : null;
  };

  const show = () => {
    const now = Date.now();
    for (const time of times) {
      time.dataset.date ??= time.textContent;
      const minutes = Math.floor((now - Date.parse(time.dateTime)) / 60000);
      time.textContent = label(minutes) || time.dataset.date;
    }
  };

  show();
  setInterval(show, 60 * 1000);
})();
