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
