/* The only search code every page loads (about 1 KB): it waits for the reader to reach for
 * search (focus, a click, "/", "s", Ctrl+K, or a ?q= link) and only then loads the search UI,
 * which loads Pagefind. What was typed before the UI arrived is searched once it has. */
(function () {
  "use strict";
  var box = document.querySelector("[data-hb-search]");
  if (!box) return;
  var input = box.querySelector("input");
  var state = "idle";

  function load() {
    if (state !== "idle") return;
    state = "loading";
    var s = document.createElement("script");
    s.src = box.getAttribute("data-module");
    s.onload = function () { state = "ready"; window.hbSearch.attach(box); };
    s.onerror = function () { state = "idle"; };
    document.head.appendChild(s);
  }

  function typing(target) {
    if (!target || target === input) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  input.addEventListener("focus", load);
  // Escape before the search code has arrived still closes the search.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && state !== "ready") input.blur();
  });
  input.addEventListener("pointerdown", load);
  document.addEventListener("keydown", function (event) {
    var key = event.key;
    var ctrlK = (event.ctrlKey || event.metaKey) && (key === "k" || key === "K");
    if (!ctrlK && (event.ctrlKey || event.metaKey || event.altKey)) return;
    if (ctrlK || ((key === "/" || key === "s" || key === "S") && !typing(event.target) && document.activeElement !== input)) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
  // A shared link such as ?q=退货&market=DE opens the search with its filters.
  if (/[?&]q=/.test(window.location.search)) load();
})();
