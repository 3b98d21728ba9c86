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
