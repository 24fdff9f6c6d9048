// Lintas: live progress of an import. Without this file the page refreshes itself every
// second (<noscript> meta refresh); with it, the progress bar follows the JSON status and the
// page is reloaded once the run has finished.
(function () {
  "use strict";
  var box = document.getElementById("import-status");
  if (!box || !window.fetch) return;
  var bar = document.getElementById("import-progress");
  var count = document.getElementById("import-count");
  var phase = document.getElementById("import-phase");
  var statusUrl = box.getAttribute("data-status");
  var pageUrl = box.getAttribute("data-page");

  function poll() {
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s || s.state !== "running") {
          window.location.replace(pageUrl);
          return;
        }
        if (s.total > 0) {
          bar.max = s.total;
          bar.value = s.done;
        } else {
          bar.removeAttribute("value");
        }
        count.textContent = s.text;
        phase.textContent = s.label;
        setTimeout(poll, 400);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 200);
})();
