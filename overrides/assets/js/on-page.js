/* Run a component's init on every page view: Material's document$ fires on each page, including
 * instant navigation; without Material's observable, on DOMContentLoaded. Loaded first. */
window.hbOnPage = function (init) {
  "use strict";
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
};

/* Save data as a JSON file the reader downloads (results, trainer scores): nothing is sent. */
window.hbDownloadJson = function (name, data) {
  "use strict";
  var blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
  var url = URL.createObjectURL(blob);
  var a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
};

/* A written reply's score against the scorecard: each criterion's points x 0, 1/2 or 1 for
 * "not met", "partly", "fully". One function for the agent's self-score (quiz.js) and the
 * trainer's score (team.js), so the two can be compared. ``points``: {criterion id: points}. */
window.hbRubricPercent = function (points, scores) {
  "use strict";
  var total = 0, got = 0, scored = 0, count = 0;
  Object.keys(points).forEach(function (id) {
    var p = Number(points[id]) || 0;
    count += 1;
    total += p;
    var v = scores ? scores[id] : undefined;
    if (v === 0 || v === 1 || v === 2) { scored += 1; got += p * v / 2; }
  });
  return { percent: total ? Math.round(100 * got / total) : 0, scored: scored, total: count };
};
