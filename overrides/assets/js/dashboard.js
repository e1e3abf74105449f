/* Trainers' dashboard: which markets have no quick-reference PDF yet. PDFs are printed after
 * the pages are built, so the page asks the site itself (HEAD requests, same origin only). */
(function () {
  "use strict";

  function init() {
    var box = document.querySelector(".hb-dash-pdfs");
    if (!box || box.getAttribute("data-ready") === "1") { return; }
    box.setAttribute("data-ready", "1");
    var t = JSON.parse(box.getAttribute("data-i18n") || "{}");
    var data = JSON.parse(box.querySelector(".hb-dash-pdf-list").textContent);
    var out = box.querySelector("[aria-live]");
    var codes = Object.keys(data.files);
    var checks = codes.map(function (code) {
      return Promise.all(data.files[code].map(function (href) {
        return fetch(href, { method: "HEAD" }).then(function (r) { return r.ok; }, function () { return false; });
      })).then(function (found) { return found.every(Boolean) ? null : code; });
    });
    Promise.all(checks).then(function (results) {
      var missing = results.filter(Boolean);
      box.setAttribute("data-missing", missing.join(" "));
      out.textContent = missing.length
        ? t.pdfs_missing + missing.map(function (c) { return data.names[c] + " (" + c + ")"; }).join(", ")
        : t.pdfs_none;
    });
  }

  window.hbOnPage(init);
})();
