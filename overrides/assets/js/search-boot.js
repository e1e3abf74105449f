/* The only search code every page loads (about 1.5 KB). Once the page is idle it fetches the
 * answer index (search/answers-<lang>.json) and the search code, so the first answers need no
 * round trip after the agent starts typing (a link to a host abroad costs 300 ms a request); it
 * also loads them at once when the reader reaches for search first (focus, a click, "/", "s",
 * Ctrl+K, or a ?q= link). What was typed before the UI arrived is searched once it has. */
(function () {
  "use strict";
  var box = document.querySelector("[data-hb-search]");
  if (!box) return;
  var input = box.querySelector("input");
  var state = "idle";
  var root = new URL(box.getAttribute("data-root"), window.location.href).href;
  var offline = window.location.protocol === "file:";
  var answers = null;

  function script(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  window.hbLoadScript = script;
  // One fetch of the answer index per page, shared with the search UI (window.hbAnswers).
  window.hbAnswers = function (lang) {
    if (!answers) {
      answers = offline ? script(root + "search/answers-" + lang + ".js").then(function () { return window.__hbAnswers; })
                        : fetch(root + "search/answers-" + lang + ".json").then(function (r) {
                            if (!r.ok) throw new Error("answers " + r.status);
                            return r.json();
                          });
      answers.catch(function () { answers = null; });  // a failed fetch is tried again on use
    }
    return answers;
  };

  function load() {
    if (state !== "idle") return;
    state = "loading";
    window.hbAnswers(document.documentElement.lang || "zh");
    script(box.getAttribute("data-ranker")).then(function () { return script(box.getAttribute("data-module")); })
      .then(function () { state = "ready"; window.hbSearch.attach(box); }, function () { state = "idle"; });
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
  // Otherwise while the page is idle: the agent's first question is answered from memory.
  else if (window.requestIdleCallback) window.requestIdleCallback(load, { timeout: 3000 });
  else window.setTimeout(load, 1500);
})();
