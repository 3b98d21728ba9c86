// What this script reads from the lesson HTML (written by metsedu/lesson/html.py, kept in
// step by tests/lesson/test_page.py and the ui-tests). Change one side, change the other:
//   header[data-metsedu-lesson="<id>"]   a lesson page, and which lesson (progress is kept per id)
//   main .metsedu-part h2[id]            a part of the page; read once it has been on screen
//   main .metsedu-quiz h2[id]            the quiz, a part too for the reading place (quiz.js)
//   li[data-metsedu-lesson="<id>"]       a lesson in the start page's list (its progress line)
//   [data-metsedu-progress="<json>"]     the start page's progress box, with its words as JSON
//   a[data-metsedu-leave]                a link to the server's own pages, out of the lessons
// What it writes: html[data-metsedu-recover="<why>"] when the page reloads into a fresh kernel.
// Attributes for tests and styles only, never read here: data-metsedu-sign and
// data-metsedu-level (a shown sign), data-metsedu-group (a level's group),
// data-metsedu-picture (a teaching picture, metsedu/lesson/pictures.py).

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
  // A {name} with no value stays as written, as in the widgets' quiz.js (which says why).
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return values[key] == null ? all : String(values[key]);
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
        items.forEach(function (item) {
          if (item.isIntersecting) visit(headingOf.get(item.target) || item.target);
        });
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

  // The whole part is watched, not its heading: parts off screen are not laid out
  // (content-visibility in lesson.css), and a heading inside one can be scrolled past
  // without the browser ever reporting it, while the part itself always is.
  var headingOf = new WeakMap();
  function watchParts() {
    partsOnPage().forEach(function (heading) {
      if (seen.has(heading)) return;
      seen.add(heading);
      var part = heading.closest(".metsedu-part") || heading;
      headingOf.set(part, heading);
      if (watcher) watcher.observe(part); else visit(heading);
    });
  }

  // Voilà draws the lesson after the page loads, so the browser cannot jump to #part itself.
  // Jump once the page has been still for a moment (widgets draw last), unless the learner
  // has already started to move around. Parts below the screen are laid out only when near
  // it (content-visibility), and a widget may still be drawing, so what is above the part can
  // grow after the jump: for a few seconds, until the learner moves, the part is kept at the
  // top of the screen.
  var KEEP_IN_PLACE_MS = 5000;
  var jumped = !window.location.hash;
  var moved = false;
  var jumpTimer = null;
  ["keydown", "pointerdown", "wheel", "touchstart"].forEach(function (name) {
    window.addEventListener(name, function () { jumped = true; moved = true; }, { once: true, capture: true });
  });
  function keepInPlace(target, shown) {
    if (!window.ResizeObserver) return;
    var until = Date.now() + KEEP_IN_PLACE_MS;
    var observer = new ResizeObserver(function () {
      if (moved || Date.now() > until) { observer.disconnect(); return; }
      var top = target.getBoundingClientRect().top - shown.getBoundingClientRect().top;
      if (Math.abs(top) > 2) target.scrollIntoView({ block: "start" });
    });
    Array.prototype.forEach.call(shown.children, function (child) { observer.observe(child); });
    window.setTimeout(function () { observer.disconnect(); }, KEEP_IN_PLACE_MS);
  }
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
      keepInPlace(target, shown);
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

// The part the learner is reading: the last part heading at or above the top of the screen.
// The quiz (drawn by quiz.js, not a .metsedu-part) counts as a part too.
function metseduPartInView() {
  var headings = document.querySelectorAll("main .metsedu-part h2[id], main .metsedu-quiz h2[id]");
  var current = "";
  for (var i = 0; i < headings.length; i++) {
    if (!headings[i].getClientRects().length) continue;  // not shown (a hidden box): no place
    if (headings[i].getBoundingClientRect().top <= 120) current = headings[i].id;
  }
  return /^[\w-]+$/.test(current) ? current : "";
}

// The language choice (issue 17): the same part of the same page in another language. The
// choice is kept in this browser only, as a cookie holding nothing but the language's code,
// so the server can answer its own pages (not found, busy, the nurse's) in it too, and the
// next page opened in the other language comes in this one (index.html.j2).
//
// Which part: the one being read. A keyboard learner goes back up to the language link with
// Shift+Tab, and each step focuses an earlier link of the lesson and scrolls it into view, so
// by the time the link is reached the lesson shows its top. So the place is kept as the
// lesson scrolls, except while the learner is tabbing backwards.
(function () {
  var reading = "";
  var tabbingBack = false;
  function track() { if (!tabbingBack) reading = metseduPartInView(); }
  document.addEventListener("keydown", function (event) {
    // Shift alone (pressed again, or repeating while held) neither starts nor ends it: the
    // scroll of the step before may not have arrived yet.
    if (event.key === "Shift") return;
    tabbingBack = event.key === "Tab" && event.shiftKey;
  }, true);
  ["pointerdown", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, function () { tabbingBack = false; }, { capture: true, passive: true });
  });
  document.addEventListener("scroll", track, { capture: true, passive: true });

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest && event.target.closest("a[data-metsedu-lang]");
    if (!link || event.defaultPrevented || event.button > 0 || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    event.stopPropagation();
    var lang = link.getAttribute("data-metsedu-lang");
    if (/^[a-z]{2}$/.test(lang)) {
      document.cookie = "metsedu_lang=" + lang + "; path=/; max-age=31536000; samesite=lax";
    }
    var part = tabbingBack || event.detail === 0 ? reading : metseduPartInView();
    var url = new URL(link.getAttribute("href"), window.location.href);
    url.search = window.location.search;  // a group session's ?join=... goes along
    url.hash = part ? "#" + part : window.location.hash;
    window.location.assign(url.href);
  }, true);
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

// Never a page that silently lacks its quiz (issue 15). The quiz lives in the page's kernel
// on the server. If that kernel is gone (shut down under the page, culled while a phone was
// asleep, the server restarted) or a widget fails to load, the page says so in plain words
// and reloads into a fresh kernel, keeping the learner's place (the part in view, as #part;
// progress is in localStorage already). It first tells the server why, for the log.
// The words come from content/ through #metsedu-recover.
(function () {
  // A kernel shut down on the server leaves the page's websocket open and silent, so the page
  // looks: every few seconds (a 150-byte reply), at once when the learner touches the page,
  // and when the page comes back into view.
  var CHECK_EVERY_MS = 10000;
  var TOUCH_CHECK_GAP_MS = 3000;   // at most one look per this long from the learner's touches
  var RELOAD_AFTER_MS = 2500;      // time to read the message before the page reloads
  var MAX_RELOADS = 2;             // automatic reloads per page within LOOP_WINDOW_MS
  var LOOP_WINDOW_MS = 5 * 60 * 1000;
  var WIDGET_FAILED = [
    [/widget model not found/i, "widget model not found"],
    [/model for kernel id .* does not exist/i, "model for kernel does not exist"],
  ];
  var config = null;
  var leaving = false;
  var acting = false;

  function kernelConfig() {
    if (config) return config;
    var element = document.getElementById("jupyter-config-data");
    try { config = element ? JSON.parse(element.textContent) : {}; } catch (e) { config = {}; }
    return config;
  }
  function kernelId() { return kernelConfig().kernelId || ""; }
  function kernelUrl() {
    var base = kernelConfig().baseUrl || "/";
    return base + "api/kernels/" + encodeURIComponent(kernelId()) + "?" + Date.now();
  }
  function pageName() {
    return decodeURIComponent(window.location.pathname.split("/").pop() || "");
  }

  function partInView() { return metseduPartInView(); }

  function recentReloads() {
    try {
      var now = Date.now();
      var key = "metsedu-reloads:" + pageName();
      var times = JSON.parse(window.sessionStorage.getItem(key) || "[]").filter(function (t) {
        return typeof t === "number" && now - t < LOOP_WINDOW_MS;
      });
      return { key: key, times: times };
    } catch (e) { return { key: "", times: [] }; }
  }

  function say(text) {
    var box = document.getElementById("metsedu-recover");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
  }

  // The server takes a POST only with its anti-forgery token: the _xsrf cookie the lesson
  // page set, sent back in a header (see metsedu/server/anti_forgery.py).
  function xsrfToken() {
    var found = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
    return found ? found[1] : "";
  }

  function tellServer(reason, detail) {
    var body = JSON.stringify({ page: pageName(), kernel: kernelId(), reason: reason, detail: detail });
    try {
      return window.fetch((kernelConfig().baseUrl || "/") + "metsedu/page-problem", {
        method: "POST", body: body, keepalive: true,
        headers: { "Content-Type": "application/json", "X-XSRFToken": xsrfToken() },
      }).catch(function () { /* the log is a courtesy: reload anyway */ });
    } catch (e) { return Promise.resolve(); }
  }

  function recover(reason, detail) {
    if (acting || leaving) return;
    acting = true;
    var box = document.getElementById("metsedu-recover");
    var reloads = recentReloads();
    document.documentElement.setAttribute("data-metsedu-recover", reason);
    if (reloads.times.length >= MAX_RELOADS) {
      say(box ? box.getAttribute("data-broken") : "");
      tellServer(reason, detail);
      return;
    }
    say(box ? box.getAttribute("data-reloading") : "");
    var part = partInView();
    Promise.resolve(tellServer(reason, detail)).then(function () {
      window.setTimeout(function () {
        if (leaving) return;
        try {
          reloads.times.push(Date.now());
          if (reloads.key) window.sessionStorage.setItem(reloads.key, JSON.stringify(reloads.times));
        } catch (e) { /* private mode: no loop guard, still recover */ }
        // The address keeps the part (#part), so the fresh page opens there (see jumpToPart).
        var url = window.location.pathname + window.location.search + (part ? "#" + part : "");
        try { window.history.replaceState(window.history.state, "", url); } catch (e) { /* keep */ }
        window.location.reload();
      }, RELOAD_AFTER_MS);
    });
  }

  // Is the page's kernel still on the server? A 404 means gone; a network failure or a
  // server restarting is looked at again at the next check.
  function checkKernel() {
    if (acting || leaving || !kernelId() || !window.fetch) return;
    window.fetch(kernelUrl(), { cache: "no-store" }).then(function (reply) {
      if (reply.status === 404) recover("kernel-gone", "kernel dead");
    }, function () { /* offline for now */ });
  }

  // Watch the kernel's websocket: when it closes (the server went away, a network change),
  // look at once whether the kernel is gone.
  var RealWebSocket = window.WebSocket;
  if (RealWebSocket) {
    var Watched = function (url, protocols) {
      var socket = protocols === undefined ? new RealWebSocket(url) : new RealWebSocket(url, protocols);
      if (/\/api\/kernels\/[^/]+\/channels/.test(String(url))) {
        socket.addEventListener("close", function () { window.setTimeout(checkKernel, 500); });
      }
      return socket;
    };
    Watched.prototype = RealWebSocket.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) { Watched[name] = RealWebSocket[name]; });
    window.WebSocket = Watched;
  }

  // A widget that fails to load says so only in the console: listen there.
  function widgetFailure(text) {
    for (var i = 0; i < WIDGET_FAILED.length; i++) {
      if (WIDGET_FAILED[i][0].test(text)) return WIDGET_FAILED[i][1];
    }
    return "";
  }
  function heard(values) {
    var text = Array.prototype.map.call(values, function (value) {
      return value && value.message ? value.message : String(value);
    }).join(" ");
    var detail = widgetFailure(text);
    if (detail) recover("widget-failed", detail);
  }
  var realError = window.console && window.console.error;
  if (realError) {
    window.console.error = function () {
      realError.apply(window.console, arguments);
      heard(arguments);
    };
  }
  window.addEventListener("error", function (event) { heard([event.error || event.message]); });
  window.addEventListener("unhandledrejection", function (event) { heard([event.reason]); });

  window.addEventListener("beforeunload", function () { leaving = true; });
  window.addEventListener("pagehide", function () { leaving = true; });
  window.addEventListener("pageshow", function (event) {
    leaving = false;
    if (event.persisted) checkKernel(); // back from the browser's page cache: kernel may be gone
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") checkKernel(); // a phone woken after a while
  });
  window.addEventListener("load", function () { window.setTimeout(checkKernel, 1000); });
  var lastTouchCheck = 0;
  ["pointerdown", "keydown"].forEach(function (name) {
    window.addEventListener(name, function () {
      if (Date.now() - lastTouchCheck < TOUCH_CHECK_GAP_MS) return;
      lastTouchCheck = Date.now();
      checkKernel();
    }, { capture: true, passive: true });
  });
  window.setInterval(checkKernel, CHECK_EVERY_MS);
})();
