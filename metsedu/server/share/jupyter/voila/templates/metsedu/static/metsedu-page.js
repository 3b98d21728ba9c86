// The high-contrast switch. The choice stays in this browser only (localStorage);
// the server never learns it. Applied in <head> so the page never flashes.
(function () {
  var KEY = "metsedu-high-contrast";
  var root = document.documentElement;
  function stored() {
    try { return window.localStorage.getItem(KEY) === "on"; } catch (e) { return false; }
  }
  function apply(on) {
    root.classList.toggle(KEY, on);
    var button = document.querySelector(".metsedu-contrast");
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  apply(stored());
  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
    var button = document.querySelector(".metsedu-contrast");
    if (!button) return;
    button.addEventListener("click", function () {
      var on = !root.classList.contains(KEY);
      try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode */ }
      apply(on);
    });
  });
})();

// Learner progress: which parts of each lesson were read, the best quiz result, and where
// to continue. Kept only in this browser (localStorage); nothing here talks to the server,
// so it survives a refresh, a server restart and a culled kernel, and the server never
// learns who read what. The words come from content/ through data-metsedu-progress.
(function () {
  var STORE = "metsedu-progress";
  var SAFE_PAGE = /^[\w.-]+\.ipynb$/;
  var SAFE_ID = /^[\w-]+$/;

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      if (data && typeof data === "object" && data.lessons && typeof data.lessons === "object") {
        return data;
      }
    } catch (e) { /* unreadable: start again */ }
    return { lessons: {} };
  }
  function save(data) {
    try { window.localStorage.setItem(STORE, JSON.stringify(data)); } catch (e) { /* private mode */ }
  }
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }
  function pageName() {
    return decodeURIComponent(window.location.pathname.split("/").pop() || "");
  }

  // --- on a lesson page ---------------------------------------------------------------
  var lessonId = null;
  var seen = new WeakSet();
  var watcher = null;

  function record(update) {
    var data = load();
    var entry = data.lessons[lessonId] || { visited: [] };
    update(entry, data);
    data.lessons[lessonId] = entry;
    save(data);
  }

  function partsOnPage() {
    return Array.prototype.slice.call(document.querySelectorAll("main .metsedu-part h2[id]"));
  }

  // "Continue where you left off" goes to the furthest part read, not merely the last one
  // on screen: a refresh shows the top of the lesson again, and that is not progress.
  function visit(heading) {
    record(function (entry, data) {
      var parts = partsOnPage().map(function (h) { return h.id; });
      if (entry.visited.indexOf(heading.id) < 0) entry.visited.push(heading.id);
      entry.total = parts.length;
      var furthest = entry.visited.reduce(function (best, id) {
        return parts.indexOf(id) > parts.indexOf(best) ? id : best;
      }, heading.id);
      data.last = { lesson: lessonId, page: pageName(), part: furthest, title: entry.title };
    });
  }

  function startLesson(header) {
    lessonId = header.getAttribute("data-metsedu-lesson");
    if (!SAFE_ID.test(lessonId)) { lessonId = null; return; }
    var title = header.querySelector("h1");
    record(function (entry, data) {
      entry.title = title ? title.textContent : lessonId;
      entry.page = pageName();
      data.last = data.last && data.last.lesson === lessonId
        ? data.last : { lesson: lessonId, page: entry.page, part: "", title: entry.title };
    });
    if ("IntersectionObserver" in window) {
      watcher = new IntersectionObserver(function (items) {
        items.forEach(function (item) { if (item.isIntersecting) visit(item.target); });
      });
    }
    document.addEventListener("metsedu-quiz-finished", function (event) {
      var right = Number(event.detail && event.detail.right);
      var total = Number(event.detail && event.detail.total);
      if (!isFinite(right) || !isFinite(total) || total <= 0) return;
      record(function (entry) {
        if (!entry.best || right > entry.best.right) entry.best = { right: right, total: total };
        entry.finished = true;
      });
    });
  }

  function watchParts() {
    partsOnPage().forEach(function (heading) {
      if (seen.has(heading)) return;
      seen.add(heading);
      if (watcher) watcher.observe(heading); else visit(heading);
    });
  }

  // Voilà draws the lesson after the page loads, so the browser cannot jump to #part itself.
  // Jump once the page has been still for a moment (widgets draw last), unless the learner
  // has already started to move around.
  var jumped = !window.location.hash;
  var jumpTimer = null;
  ["keydown", "pointerdown", "wheel", "touchstart"].forEach(function (name) {
    window.addEventListener(name, function () { jumped = true; }, { once: true, capture: true });
  });
  function jumpToPart() {
    if (jumped) return;
    window.clearTimeout(jumpTimer);
    jumpTimer = window.setTimeout(function () {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = SAFE_ID.test(id) && document.getElementById(id);
      var shown = document.getElementById("rendered_cells");
      if (jumped || !target || !shown || shown.style.display === "none") return;
      jumped = true;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "start" });
    }, 400);
  }

  // --- on the start page --------------------------------------------------------------
  function showProgress(box) {
    var words;
    try { words = JSON.parse(box.getAttribute("data-metsedu-progress")); } catch (e) { return; }
    var data = load();
    var any = false;
    document.querySelectorAll("li[data-metsedu-lesson]").forEach(function (item) {
      var entry = data.lessons[item.getAttribute("data-metsedu-lesson")];
      var line = item.querySelector(".metsedu-lesson-progress");
      if (!line) {
        line = document.createElement("p");
        line.className = "metsedu-lesson-progress";
        item.appendChild(line);
      }
      var parts = [];
      if (!entry) {
        parts.push(words.not_started);
      } else {
        any = true;
        var total = Math.max(Number(entry.total) || 0, (entry.visited || []).length);
        parts.push(fill(words.visited, { visited: (entry.visited || []).length, total: total }));
        if (entry.best) parts.push(fill(words.best, { score: entry.best.right, total: entry.best.total }));
        if (entry.finished) parts.push(words.finished);
      }
      line.textContent = parts.join(" ");
    });
    var next = box.querySelector(".metsedu-continue");
    next.replaceChildren();
    var last = data.last;
    if (last && SAFE_PAGE.test(last.page || "") && SAFE_ID.test(last.lesson || "")) {
      var link = document.createElement("a");
      link.href = last.page + (last.part && SAFE_ID.test(last.part) ? "#" + last.part : "");
      link.textContent = fill(words.continue_link, { title: last.title || last.lesson });
      next.appendChild(link);
    }
    if (any) box.hidden = false;
    var forget = box.querySelector(".metsedu-forget");
    if (forget && !forget.dataset.ready) {
      forget.dataset.ready = "yes";
      forget.addEventListener("click", function () {
        try { window.localStorage.removeItem(STORE); } catch (e) { /* nothing stored */ }
        showProgress(box);
        box.querySelector(".metsedu-forgotten").textContent = words.forgotten;
      });
    }
  }

  function setUp() {
    var header = document.querySelector("header[data-metsedu-lesson]");
    if (header && lessonId === null) startLesson(header);
    if (lessonId) watchParts();
    jumpToPart();
    var box = document.querySelector("[data-metsedu-progress]");
    if (box && !box.dataset.shown) {
      box.dataset.shown = "yes";
      showProgress(box);
    }
  }

  new MutationObserver(setUp).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["style"] });
  document.addEventListener("DOMContentLoaded", setUp);
})();

// Links out of the lesson pages to the server's own pages (the facilitator pages). The page
// treats relative links in lesson output as notebook files and keeps them; these must leave.
document.addEventListener("click", function (event) {
  var link = event.target && event.target.closest && event.target.closest("a[data-metsedu-leave]");
  if (!link || event.defaultPrevented || event.button > 0 || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  event.stopPropagation();
  window.location.assign(new URL(link.getAttribute("href"), window.location.href).href);
}, true);
