// Lintas service worker (scope /): keeps the assets of the kader pages and the pages of the
// Posyandu day, answers navigations from the network first and, without a signal, from what it
// kept — the day list as last seen, or the offline page (/offline), which opens the weighing
// and registration forms from the phone's storage. A weighing or registration form the browser
// could not post goes into the phone's queue (see /static/offline.js) instead of being lost.
"use strict";
var VERSION = "__VERSION__";
var STATIC = "lintas-static-" + VERSION;
var PAGES = "lintas-pages";
var PRECACHE = __PRECACHE__;
// How long a navigation waits for the network before a kept page answers.
var PATIENCE = 8000;

importScripts("/static/offline.js");

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(STATIC).then(function (c) { return c.addAll(PRECACHE); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf("lintas-static-") === 0 && k !== STATIC;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// The pages kept for use without a signal.
function kept(path) {
  return path === "/" || path === "/offline" || /^\/posyandu\/\d+\/day$/.test(path);
}

function patiently(p) {
  return new Promise(function (ok, fail) {
    var t = setTimeout(function () { fail(new Error("timeout")); }, PATIENCE);
    p.then(function (r) { clearTimeout(t); ok(r); }, function (err) { clearTimeout(t); fail(err); });
  });
}

function page(req, url) {
  return patiently(fetch(req)).then(function (res) {
    if (kept(url.pathname) && res.ok && res.type === "basic" && !res.redirected) {
      var copy = res.clone();
      caches.open(PAGES).then(function (c) { return c.put(url.pathname, copy); });
    }
    return res;
  }).catch(function () {
    return caches.open(PAGES).then(function (c) {
      return (kept(url.pathname) ? c.match(url.pathname) : Promise.resolve(null)).then(function (hit) {
        return hit || c.match("/offline");
      });
    }).then(function (hit) { return hit || Response.error(); });
  });
}

// Forms whose post is kept in the queue when it cannot be sent.
function queuedKind(url) {
  var m = /^\/children\/(\d+)\/measurements$/.exec(url.pathname);
  if (m) return { kind: "measurement", child: +m[1] };
  if (url.pathname === "/children") return { kind: "child" };
  return null;
}

function postOrKeep(req, what) {
  var copy = req.clone();
  return fetch(req).catch(function () {
    return copy.formData().then(function (fd) {
      var fields = {};
      fd.forEach(function (v, k) { if (k !== "_csrf") fields[k] = String(v); });
      if (what.child) fields.child_id = what.child;
      return self.LintasQueue.addForm(what.kind, fields);
    }).then(function () {
      return Response.redirect("/offline#queue", 303);
    });
  });
}

self.addEventListener("fetch", function (e) {
  var req = e.request;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.method === "POST" && req.mode === "navigate") {
    var what = queuedKind(url);
    if (what) e.respondWith(postOrKeep(req, what));
    return;
  }
  if (req.method !== "GET") return;
  if (req.mode === "navigate") {
    e.respondWith(page(req, url));
    return;
  }
  if (PRECACHE.indexOf(url.pathname) >= 0) {
    e.respondWith(caches.open(STATIC).then(function (c) {
      return c.match(url.pathname).then(function (hit) { return hit || fetch(req); });
    }));
  }
});
