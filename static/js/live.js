// A live page: new updates appear by themselves. Every few seconds
// (data-live-every) the page asks the poll address; the browser revalidates
// its copy with the ETag, so an unchanged answer is a 304 from the cache. New
// updates go on top at once while the reader is at the top of the list; further
// down, a "New updates" button says so instead of moving the text they read.
"use strict";

(() => {
  const section = document.querySelector("[data-live-poll]");
  if (!section) {
    return;
  }
  const list = section.querySelector(".live__updates");
  const notice = section.querySelector(".live__notice");
  const labels = JSON.parse(section.dataset.agoLabels || "{}");
  const every = Math.max(2, Number(section.dataset.liveEvery) || 30) * 1000;
  let stamp = section.dataset.liveStamp;
  let waiting = null;
  let timer = null;

  const fromHtml = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content;
  };

  // "5 minutes ago" for the last day's updates; older ones keep their date.
  const showAges = () => {
    const now = Date.now();
    for (const ago of section.querySelectorAll("[data-ago]")) {
      const minutes = Math.floor((now - Date.parse(ago.dataset.ago)) / 60000);
      const hours = Math.floor(minutes / 60);
      let text = "";
      if (minutes < 1) {
        text = labels.now || "";
      } else if (minutes < 60) {
        text = (labels.m || [])[minutes] || "";
      } else if (hours < (labels.h || []).length) {
        text = labels.h[hours];
      }
      ago.textContent = text;
      ago.closest(".live-update").classList.toggle("live-update--recent", !!text);
    }
  };

  const atTop = () => list.getBoundingClientRect().top > -40;

  const apply = (answer) => {
    const existing = new Map(
      [...list.querySelectorAll(":scope > .live-update")].map((li) => [li.id, li]),
    );
    const sent = new Map(answer.updates.map(([id, version, html]) => [id, [version, html]]));
    const items = [];
    for (const id of answer.ids) {
      const current = existing.get(`update-${id}`);
      const fresh = sent.get(id);
      if (fresh && (!current || current.dataset.stamp !== fresh[0])) {
        items.push(fromHtml(fresh[1]).firstElementChild);
      } else if (current) {
        items.push(current);
      }
    }
    // Withdrawn updates are not in `ids`: they go.
    list.replaceChildren(...items);
    section.querySelector(".live__key-events-slot").replaceChildren(fromHtml(answer.key_events));
    section.querySelector(".live__empty")?.remove();
    if (!answer.running) {
      for (const badge of document.querySelectorAll("[data-live-badge]")) {
        badge.remove();
      }
      section.querySelector(".live__status").replaceChildren(fromHtml(answer.ended));
      section.removeAttribute("data-live-running");
    }
    stamp = answer.stamp;
    section.dataset.liveStamp = stamp;
    waiting = null;
    notice.hidden = true;
    showAges();
  };

  const poll = async () => {
    timer = null;
    try {
      const response = await fetch(section.dataset.livePoll, {
        headers: { Accept: "application/json" },
      });
      if (response.ok) {
        const answer = await response.json();
        if (answer.stamp !== stamp) {
          const added = answer.ids.some((id) => !document.getElementById(`update-${id}`));
          if (!added || atTop() || !answer.running) {
            apply(answer);
          } else {
            waiting = answer;
            notice.hidden = false;
          }
        }
        if (!answer.running) {
          return; // The coverage ended: nothing more will come.
        }
      }
    } catch {
      // Offline for a moment: the next round tries again.
    }
    schedule();
  };

  const schedule = () => {
    if (timer === null && !document.hidden) {
      // A little jitter: a thousand readers do not ask in the same second.
      timer = setTimeout(poll, every * (0.9 + Math.random() * 0.2));
    }
  };

  notice.addEventListener("click", () => {
    if (waiting) {
      apply(waiting);
    }
    section.scrollIntoView({ block: "start" });
  });
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else if (section.hasAttribute("data-live-running")) {
      poll();
    }
  });

  showAges();
  setInterval(showAges, 30000);
  if (section.hasAttribute("data-live-running")) {
    schedule();
  }
})();
