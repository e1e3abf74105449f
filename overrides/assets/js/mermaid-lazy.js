/* Load the vendored Mermaid only when a diagram is about to scroll into view, then draw every
 * diagram of the page. Keeps 2.6 MB of script off pages read above their diagrams. */
(function () {
  "use strict";
  var me = document.currentScript;
  var src = me && me.getAttribute("data-mermaid");
  var loading = null;
  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    }).then(function () {
      var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
      window.mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default", securityLevel: "strict" });
      // Mermaid reads the element's markup: give it a div holding the diagram source as text.
      var nodes = [];
      document.querySelectorAll("pre.hb-diagram").forEach(function (pre) {
        var div = document.createElement("div");
        div.className = "hb-diagram";
        div.textContent = pre.textContent;
        pre.replaceWith(div);
        nodes.push(div);
      });
      return window.mermaid.run({ nodes: nodes });
    });
    return loading;
  }
  function start() {
    var diagrams = document.querySelectorAll("pre.hb-diagram");
    if (!diagrams.length || !src) return;
    if (!("IntersectionObserver" in window) || window.matchMedia("print").matches) { load(); return; }
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); load(); }
    }, { rootMargin: "600px 0px" });
    diagrams.forEach(function (d) { seen.observe(d); });
    window.addEventListener("beforeprint", load);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
