/* Case library filter: market, stage, category, level and free text. The filter lives in the
 * URL (?market=DE&stage=after_sale&level=intermediate&q=…) so a trainer can share the link;
 * the page says how many cases match. Without JavaScript the full table is shown. */
(function () {
  "use strict";

  var FIELDS = ["market", "stage", "category", "level", "q"];

  function init() {
    var form = document.querySelector("form.hb-case-filter");
    if (!form || form.getAttribute("data-ready") === "1") { return; }
    form.setAttribute("data-ready", "1");
    var t = {};
    try { t = JSON.parse(form.getAttribute("data-i18n") || "{}"); } catch (e) { t = {}; }
    var rows = Array.prototype.slice.call(document.querySelectorAll(".hb-cases tbody tr"));
    var count = document.querySelector(".hb-count");
    var total = rows.length;

    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name);
      if (!field || value === null) { return; }
      if (field.tagName === "SELECT") {
        var known = Array.prototype.some.call(field.options, function (o) { return o.value === value; });
        field.value = known ? value : "";
      } else {
        field.value = value;
      }
    });

    function apply() {
      var f = {};
      FIELDS.forEach(function (name) { f[name] = (form.elements[name].value || "").trim(); });
      var words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var markets = (row.getAttribute("data-markets") || "").split(" ");
        var text = row.getAttribute("data-text") || "";
        var ok = (!f.market || markets.indexOf(f.market) >= 0 || markets.indexOf("all") >= 0) &&
          (!f.stage || row.getAttribute("data-stage") === f.stage) &&
          (!f.category || row.getAttribute("data-category") === f.category) &&
          (!f.level || row.getAttribute("data-level") === f.level) &&
          words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) {
        count.textContent = String(t.count || "{n} / {total}").replace("{n}", shown).replace("{total}", total);
      }
      var next = new URLSearchParams();
      FIELDS.forEach(function (name) { if (f[name]) { next.set(name, f[name]); } });
      var query = next.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(null, "", url);
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.hidden = false;
    apply();
  }

  window.hbOnPage(init);
})();
