// Lintas: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // On wide screens the menu is always open; keep <details> open so links are reachable.
  var menu = document.querySelector("details.menu");
  if (menu && window.matchMedia("(min-width: 800px)").matches) menu.open = true;

  // Region code fields: suggest regions as the user types (uses the JSON API with the session).
  var input = document.getElementById("region_code");
  var list = document.getElementById("region-suggest");
  if (input && list) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 3) return;
      timer = setTimeout(function () {
        fetch("/api/v1/regions?limit=15&q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (rows) {
            list.innerHTML = "";
            rows.forEach(function (r) {
              var o = document.createElement("option");
              o.value = r.code;
              o.label = r.name + " — " + r.path.join(", ");
              list.appendChild(o);
            });
          })
          .catch(function () {});
      }, 250);
    });
  }
})();

// Printable documents: a print button (hidden without JavaScript; the browser's own print works too).
(function () {
  "use strict";
  var b = document.getElementById("print-button");
  if (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  }
})();
