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
