// Lintas offline: a kader's phone keeps the Posyandu's list and a queue of the entries made
// without a signal (IndexedDB), sends the queue to POST /sync when the signal returns (each
// entry under its own idempotency key, so a retry stores nothing twice) and shows each
// entry's answer. Loaded by every kader page and by the service worker (/sw.js), which uses
// the queue only. Every page works without this file; its texts come from the server.
(function (root) {
  "use strict";
  var DB = "lintas-offline";
  var PAGES = "lintas-pages";
  var BATCH = 10;
  var LIST_MAX_AGE = 10 * 60 * 1000;
  var dbp = null;

  function db() {
    if (!dbp) {
      dbp = new Promise(function (ok, fail) {
        var r = indexedDB.open(DB, 1);
        r.onupgradeneeded = function () {
          var d = r.result;
          d.createObjectStore("lists", { keyPath: "posyandu" });
          d.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
          d.createObjectStore("sent", { keyPath: "seq", autoIncrement: true });
          d.createObjectStore("meta");
        };
        r.onsuccess = function () { ok(r.result); };
        r.onerror = function () { fail(r.error); };
      });
    }
    return dbp;
  }

  // Runs fn(store) in one transaction; resolves with the result of the request fn returns.
  function tx(name, mode, fn) {
    return db().then(function (d) {
      return new Promise(function (ok, fail) {
        var t = d.transaction(name, mode);
        var out;
        var r = fn(t.objectStore(name));
        if (r && "onsuccess" in r) r.onsuccess = function () { out = r.result; };
        t.oncomplete = function () { ok(out); };
        t.onerror = t.onabort = function () { fail(t.error); };
      });
    });
  }
  function all(name) { return tx(name, "readonly", function (s) { return s.getAll(); }); }
  function getMeta(k) { return tx("meta", "readonly", function (s) { return s.get(k); }); }
  function setMeta(k, v) { return tx("meta", "readwrite", function (s) { return s.put(v, k); }); }

  function newKey() {
    if (root.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }

  function localDate(d) {
    d = d || new Date();
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
  }

  // --- the queue --------------------------------------------------------------------------
  var Q = {
    // Entries of `user`, oldest first.
    list: function (user) {
      return all("queue").then(function (rows) {
        return rows.filter(function (r) { return r.user === user; });
      });
    },
    add: function (user, kind, fields, label) {
      if (kind === "measurement" && !fields.measured_on) fields.measured_on = localDate();
      var e = { key: newKey(), user: user, kind: kind, fields: fields, label: label || fields.name || "",
        state: "waiting", answer: null, created: Date.now() };
      return tx("queue", "readwrite", function (s) { return s.add(e); }).then(function (seq) {
        e.seq = seq;
        return e;
      });
    },
    put: function (e) { return tx("queue", "readwrite", function (s) { return s.put(e); }); },
    remove: function (seq) { return tx("queue", "readwrite", function (s) { return s.delete(seq); }); },
    // The entry changed (corrected, applied to another child, registered anyway): a new body
    // gets a new key, and measurements of a registration follow its key.
    change: function (e, fields) {
      var old = e.key;
      e.fields = fields;
      e.key = newKey();
      e.state = "waiting";
      e.answer = null;
      return Q.put(e).then(function () { return Q.list(e.user); }).then(function (rows) {
        return Promise.all(rows.filter(function (r) { return r.fields.child_key === old; }).map(function (r) {
          r.fields.child_key = e.key;
          r.state = "waiting";
          r.answer = null;
          return Q.put(r);
        }));
      });
    },
    // A form the browser could not post (no signal), kept by the service worker.
    addForm: function (kind, fields) {
      return getMeta("user").then(function (user) {
        if (!user) throw new Error("no user");
        return Q.add(user, kind, fields, fields.name);
      });
    }
  };

  function keepSent(e, answer) {
    return tx("sent", "readwrite", function (s) {
      return s.add({ user: e.user, label: e.label, kind: e.kind, answer: answer, at: Date.now() });
    }).then(function () { return all("sent"); }).then(function (rows) {
      var extra = rows.length - 30;
      if (extra <= 0) return;
      return tx("sent", "readwrite", function (s) {
        rows.slice(0, extra).forEach(function (r) { s.delete(r.seq); });
      });
    });
  }

  if (typeof document === "undefined") {
    root.LintasQueue = Q;
    return;
  }

  // --- every kader page ---------------------------------------------------------------------
  var me = document.getElementById("offline-js");
  if (!me || !root.indexedDB) return;
  var user = me.getAttribute("data-user");
  var posyandu = +me.getAttribute("data-posyandu");
  var app = document.getElementById("offline-app");
  var T = {};
  try { T = JSON.parse(app ? app.getAttribute("data-texts") : "{}"); } catch (err) { T = {}; }
  T["offline.waiting"] = me.getAttribute("data-waiting");
  T["offline.logout_confirm"] = me.getAttribute("data-logout");
  T["offline.recorded"] = me.getAttribute("data-recorded");
  function t(k, args) {
    var s = T[k] || k;
    Object.keys(args || {}).forEach(function (a) { s = s.split("{" + a + "}").join(args[a]); });
    return s;
  }
  var lang = document.documentElement.lang || "id";
  function dmy(iso) { var p = String(iso || "").split("-"); return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : ""; }
  function dec(v) { var s = String(v); return lang === "id" ? s.replace(".", ",") : s; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  var waiting = 0;
  var strip = null;
  var mark = null; // the page's own view of the queue (the offline page sets it)

  function refreshStrip() {
    return Q.list(user).then(function (rows) {
      waiting = rows.length;
      if (!strip) {
        strip = el("p", { "class": "queue-strip", id: "queue-strip", role: "status" });
        var a = el("a", { href: "/offline#queue", id: "queue-count" });
        strip.appendChild(a);
        var main = document.getElementById("main");
        if (main) main.insertBefore(strip, main.firstChild);
      }
      strip.firstChild.textContent = t("offline.waiting", { n: waiting });
      strip.hidden = waiting === 0;
      // Children already recorded on the phone, on a page kept from before (the day list).
      var recorded = {};
      rows.forEach(function (r) { if (r.kind === "measurement" && r.fields.child_id) recorded[r.fields.child_id] = true; });
      Array.prototype.forEach.call(document.querySelectorAll("a[href*='/measure']"), function (a) {
        var m = /\/children\/(\d+)\/measure/.exec(a.getAttribute("href"));
        var tag = a.querySelector(".queued-tag");
        if (m && recorded[m[1]] && !tag) a.appendChild(el("span", { "class": "tag warn queued-tag" }, t("offline.recorded")));
        if (m && !recorded[m[1]] && tag) tag.remove();
      });
      if (mark) mark(rows);
      return rows;
    });
  }

  // --- the list ---------------------------------------------------------------------------
  var token = (document.querySelector("input[name=_csrf]") || {}).value || "";

  function fetchList() {
    if (!posyandu) return Promise.resolve(null);
    return fetch("/posyandu/" + posyandu + "/offline.json", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok || r.redirected) throw new Error("list " + r.status);
        return r.json();
      })
      .then(function (j) {
        if (j.user !== user) throw new Error("another account");
        token = j.csrf || token;
        var list = { posyandu: j.posyandu.id, name: j.posyandu.name, today: j.today, children: j.children, user: j.user, at: Date.now() };
        return tx("lists", "readwrite", function (s) { return s.put(list); }).then(function () { return list; });
      })
      .then(function (list) {
        // The offline page, in the account's language and with its token, for next time.
        return keepShell().then(function () { return list; });
      });
  }
  function keepShell() {
    if (!root.caches) return Promise.resolve();
    return fetch("/offline", { credentials: "same-origin" }).then(function (r) {
      if (!r.ok || r.redirected) return;
      return caches.open(PAGES).then(function (c) { return c.put("/offline", r); });
    }).catch(function () {});
  }
  // The offline page, when it is not kept yet (its first fetch may have been cut short by
  // leaving the page).
  function ensureShell() {
    if (!root.caches || navigator.onLine === false) return Promise.resolve();
    return caches.open(PAGES).then(function (c) { return c.match("/offline"); }).then(function (hit) {
      if (!hit) return keepShell();
    }).catch(function () {});
  }
  // The day list opened before the service worker was there: kept once, as it will be kept
  // on every later visit.
  function keepThisPage() {
    var path = location.pathname;
    if (!root.caches || !(path === "/" || /^\/posyandu\/\d+\/day$/.test(path)) || navigator.onLine === false) return Promise.resolve();
    return caches.open(PAGES).then(function (c) {
      return c.match(path).then(function (hit) {
        if (hit) return;
        return fetch(path, { credentials: "same-origin" }).then(function (r) {
          if (r.ok && !r.redirected) return c.put(path, r);
        });
      });
    }).catch(function () {});
  }
  function storedList() {
    return tx("lists", "readonly", function (s) { return s.get(posyandu); }).then(function (l) {
      return l && l.user === user ? l : null;
    });
  }
  function freshList(force) {
    return storedList().then(function (l) {
      if (!force && l && Date.now() - l.at < LIST_MAX_AGE) return l;
      return fetchList().catch(function () { return l; });
    });
  }

  // --- sending ----------------------------------------------------------------------------
  var sending = false;
  var delays = [5, 15, 30, 60, 120, 300];
  var attempt = 0;
  var timer = null;
  var signin = false;

  function later() {
    clearTimeout(timer);
    var s = delays[Math.min(attempt, delays.length - 1)];
    attempt += 1;
    timer = setTimeout(kick, s * 1000);
  }

  function post(batch, retried) {
    var body = JSON.stringify({ entries: batch.map(function (e) {
      var o = { key: e.key, kind: e.kind };
      Object.keys(e.fields).forEach(function (k) { o[k] = e.fields[k]; });
      return o;
    }) });
    return fetch("/sync", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token, Accept: "application/json" },
      body: body
    }).then(function (r) {
      if (r.redirected || r.url.indexOf("/login") >= 0) { signin = true; throw new Error("signed out"); }
      if (r.status === 403 && !retried) {
        // An old token (a page kept from another session): a fresh one, once.
        return fetchList().then(function () { return post(batch, true); });
      }
      if (r.status === 403) { signin = true; throw new Error("refused"); }
      if (!r.ok) throw new Error("sync " + r.status);
      return r.json();
    });
  }

  function apply(batch, answer) {
    var byKey = {};
    (answer.results || []).forEach(function (a) { byKey[a.key] = a; });
    var again = false;
    var stored = 0;
    return Promise.all(batch.map(function (e) {
      var a = byKey[e.key];
      if (!a || a.status === "retry") { again = true; return null; }
      if (a.status === "stored") {
        stored += 1;
        return Q.remove(e.seq).then(function () { return keepSent(e, a.result); });
      }
      e.state = a.status;
      e.answer = a;
      return Q.put(e);
    })).then(function () { return { again: again, stored: stored }; });
  }

  function send() {
    if (sending || !user) return Promise.resolve();
    sending = true;
    signin = false;
    var any = 0;
    var again = false;
    return Q.list(user).then(function (rows) {
      var todo = rows.filter(function (r) { return r.state === "waiting"; });
      var chain = Promise.resolve();
      for (var i = 0; i < todo.length; i += BATCH) {
        (function (batch) {
          chain = chain.then(function () {
            return post(batch).then(function (answer) { return apply(batch, answer); }).then(function (r) {
              any += r.stored;
              again = again || r.again;
              return refreshStrip();
            });
          });
        })(todo.slice(i, i + BATCH));
      }
      return chain;
    }).then(function () {
      sending = false;
      if (again) later(); else attempt = 0;
      if (any) {
        var box = document.getElementById("sent");
        if (box) box.open = true;
        return freshList(true);
      }
    }, function () {
      sending = false;
      if (!signin) later();
    }).then(function () { return refreshStrip(); }).then(function () { if (status) status(); });
  }

  function kick() {
    clearTimeout(timer);
    if (navigator.onLine === false) return refreshStrip();
    return send();
  }

  // --- signing out ------------------------------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("form[action='/logout']"), function (f) {
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (waiting > 0 && !root.confirm(t("offline.logout_confirm", { n: waiting }))) return;
      // The list and the pages kept for this account go; entries waiting stay for its return.
      var forget = [tx("lists", "readwrite", function (s) { return s.clear(); })];
      if (root.caches) forget.push(caches.delete(PAGES));
      Promise.all(forget).catch(function () {}).then(function () { f.submit(); });
    });
  });

  // --- the offline page -------------------------------------------------------------------
  var status = null;
  if (app) status = shell();

  // --- start ------------------------------------------------------------------------------
  setMeta("user", user).catch(function () {});
  var ready = [refreshStrip()];
  if ("serviceWorker" in navigator) {
    ready.push(navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).catch(function () {}));
  }
  if (navigator.onLine !== false) ready.push(freshList(false).then(function () { if (status) status(); }));
  Promise.all(ready).then(function () {
    return Promise.all([keepThisPage(), ensureShell()]);
  }).then(function () {
    document.documentElement.setAttribute("data-offline-ready", "1");
    return kick();
  }).catch(function () { later(); });
  root.addEventListener("online", function () { attempt = 0; kick(); if (status) status(); });
  root.addEventListener("offline", function () { if (status) status(); });

  // The offline page: the list with its search, the weighing and registration forms and the
  // queue, drawn from the phone's storage. Returns the function that redraws it.
  function shell() {
    var $ = function (id) { return document.getElementById(id); };
    var views = { list: $("list-view"), weigh: $("weigh-view"), register: $("register-view") };
    var weighForm = $("offline-weigh");
    var registerForm = $("offline-register");
    var editing = null; // the queue entry being corrected
    var current = null; // the child being weighed: {id} or {key}
    var lastId = null;
    var cache = { list: null, rows: [] };

    var view = "list";
    var queueEmpty = true;
    function show(name) {
      view = name;
      Object.keys(views).forEach(function (k) { views[k].hidden = k !== name; });
      $("queue").hidden = view !== "list" || queueEmpty;
      root.scrollTo(0, 0);
    }
    function net() {
      var s = $("net-status");
      var off = navigator.onLine === false;
      s.hidden = false;
      s.textContent = signin ? t("offline.state_signin") : off ? t("offline.status_offline") : t("offline.status_online");
      s.className = signin || off ? "notice warn" : "flash";
    }
    function childOf(id) {
      var l = cache.list;
      return l && l.children.filter(function (c) { return String(c.id) === String(id); })[0];
    }
    function pendingChild(key) {
      return cache.rows.filter(function (r) { return r.kind === "child" && r.key === key; })[0];
    }

    function drawList() {
      var l = cache.list;
      var ul = $("offline-list");
      ul.textContent = "";
      $("list-date").textContent = l ? t("offline.list_from", { date: dmy(l.today) }) : "";
      if (l) $("list-title").textContent = l.name;
      if (!l) { ul.appendChild(el("li", {}, t("offline.no_list"))); }
      var q = $("offline-q").value.trim().toLowerCase();
      var match = function (name, mother, nik) {
        if (!q) return true;
        var digits = q.replace(/\D/g, "");
        return (name || "").toLowerCase().indexOf(q) >= 0 || (mother || "").toLowerCase().indexOf(q) >= 0 ||
          (digits.length >= 2 && (nik || "").slice(-digits.length) === digits);
      };
      var recorded = {};
      cache.rows.forEach(function (r) { if (r.kind === "measurement") recorded[r.fields.child_id || r.fields.child_key] = true; });
      // New children registered on the phone, not sent yet.
      cache.rows.filter(function (r) { return r.kind === "child"; }).forEach(function (r) {
        if (!match(r.fields.name, r.fields.mother_name, r.fields.nik)) return;
        var li = el("li", { id: "pending-" + r.key });
        var a = el("a", { href: "/offline?child_key=" + encodeURIComponent(r.key) }, r.fields.name);
        a.appendChild(el("span", { "class": "tag warn" }, t("offline.pending_child")));
        if (recorded[r.key]) a.appendChild(el("span", { "class": "tag warn queued-tag" }, t("offline.recorded")));
        a.addEventListener("click", function (ev) { ev.preventDefault(); go("/offline?child_key=" + encodeURIComponent(r.key)); });
        li.appendChild(a);
        li.appendChild(el("span", { "class": "small muted" }, t("sex." + r.fields.sex) + " · " + t("children.born") + " " + dmy(r.fields.birth_date)));
        ul.appendChild(li);
      });
      (l ? l.children : []).forEach(function (c) {
        if (!match(c.name, c.mother, c.nik)) return;
        var href = "/children/" + c.id + "/measure?back=day";
        var li = el("li", { id: "child-" + c.id });
        var a = el("a", { href: href }, c.name + " ");
        if (recorded[c.id]) a.appendChild(el("span", { "class": "tag warn queued-tag" }, t("offline.recorded")));
        a.addEventListener("click", function (ev) { ev.preventDefault(); go(href); });
        li.appendChild(a);
        var line = t("sex." + c.sex) + " · " + t("children.born") + " " + dmy(c.birth_date);
        if (c.mother) line += " · " + t("children.mother") + ": " + c.mother;
        li.appendChild(el("span", { "class": "small muted" }, line));
        if (c.last) {
          li.appendChild(el("br"));
          li.appendChild(el("span", { "class": "small muted" }, lastLine(c.last)));
        }
        ul.appendChild(li);
      });
    }
    function lastLine(m) {
      var parts = [];
      if (m.weight != null) parts.push(dec(m.weight) + " kg");
      if (m.height != null) parts.push(dec(m.height) + " cm");
      return t("measure.last") + " " + dmy(m.date) + ": " + parts.join(" · ");
    }

    function drawQueue(rows) {
      var ul = $("queue-list");
      ul.textContent = "";
      if (!rows.length) ul.appendChild(el("li", { "class": "muted" }, t("offline.queue_empty")));
      rows.forEach(function (r) {
        var li = el("li", { "class": "entry " + r.state, id: "entry-" + r.seq, "data-key": r.key });
        li.appendChild(el("b", {}, r.label || r.fields.name || ""));
        var what = r.kind === "child" ? [t("children.born") + " " + dmy(r.fields.birth_date)] : [dmy(r.fields.measured_on)];
        if (r.kind === "measurement" && r.fields.weight) what.push(r.fields.weight + " kg");
        if (r.kind === "measurement" && r.fields.height) what.push(r.fields.height + " cm");
        li.appendChild(el("span", {}, " · " + what.join(" · ")));
        li.appendChild(el("br"));
        li.appendChild(el("span", { "class": "state" }, t("offline.state_" + r.state)));
        var a = r.answer || {};
        if (a.message) li.appendChild(el("p", { "class": "small answer" }, a.message));
        var buttons = el("div", { "class": "buttons" });
        var button = function (text, cls, fn) {
          var b = el("button", { type: "button", "class": cls }, text);
          b.addEventListener("click", fn);
          buttons.appendChild(b);
        };
        if (r.state === "decide" && a.reason === "merged") {
          button(t("offline.apply_to", { name: a.into.name }), "primary apply-to", function () {
            var f = Object.assign({}, r.fields, { child_id: a.into.id });
            r.label = a.into.name;
            Q.change(r, f).then(redraw).then(kick);
          });
        }
        if (r.state === "decide" && a.reason === "duplicate" && a.may_register_anyway) {
          button(t("children.register_anyway"), "primary register-anyway", function () {
            var f = Object.assign({}, r.fields, { confirm_new: "1" });
            Q.change(r, f).then(redraw).then(kick);
          });
        }
        if (r.state === "refused") {
          button(t("offline.correct"), "correct", function () { correct(r); });
        }
        if (r.state !== "waiting") {
          button(t("offline.discard"), "danger discard", function () {
            if (root.confirm(t("offline.discard_confirm"))) Q.remove(r.seq).then(redraw);
          });
        }
        if (buttons.firstChild) li.appendChild(buttons);
        ul.appendChild(li);
      });
      $("queue-send").hidden = !rows.some(function (r) { return r.state === "waiting"; });
      all("sent").then(function (sent) {
        var mine = sent.filter(function (s) { return s.user === user; }).reverse();
        var out = $("sent-list");
        out.textContent = "";
        $("sent").hidden = mine.length === 0;
        $("sent-count").textContent = mine.length;
        queueEmpty = mine.length === 0 && rows.length === 0;
        $("queue").hidden = view !== "list" || queueEmpty;
        mine.forEach(function (s) {
          var res = s.answer || {};
          var li = el("li", { "class": "sent", "data-id": res.id || "" });
          li.appendChild(el("b", {}, res.name || s.label));
          li.appendChild(el("span", { "class": "state" }, " · " + t("offline.state_stored")));
          (res.lines || []).forEach(function (line) { li.appendChild(el("br")); li.appendChild(el("span", { "class": "small" }, line)); });
          (res.notes || []).forEach(function (n) { li.appendChild(el("p", { "class": "status-line bad" }, n)); });
          if (res.advice) li.appendChild(el("p", { "class": "advice" + (res.refer ? " refer" : "") }, res.advice));
          out.appendChild(li);
        });
      });
    }

    function redraw() {
      return Promise.all([storedList(), Q.list(user)]).then(function (x) {
        cache.list = x[0];
        cache.rows = x[1];
        drawList();
        drawQueue(cache.rows);
        return refreshStrip();
      });
    }
    mark = function (rows) { cache.rows = rows; drawQueue(rows); };

    // Views follow the address, so the phone's back button and a reload work.
    function go(path) {
      if (path !== location.pathname + location.search) history.pushState({ offline: true }, "", path);
      route();
    }
    // Back to the list where the kader was: the list of this page, or the page kept from
    // before (the day list) that opened this form.
    function back() {
      var from = document.referrer ? new URL(document.referrer, location.href) : null;
      if (history.state && history.state.offline) history.back();
      else if (from && from.origin === location.origin && from.pathname !== location.pathname) history.back();
      else go("/offline");
    }
    function fill(form, fields) {
      Array.prototype.forEach.call(form.elements, function (f) {
        if (!f.name) return;
        var v = fields[f.name] === undefined ? "" : String(fields[f.name]);
        if (f.type === "radio") f.checked = f.value === v;
        else if (f.type === "checkbox") f.checked = v === "on" || v === "1";
        else f.value = v;
      });
    }
    function read(form) {
      var out = {};
      Array.prototype.forEach.call(form.elements, function (f) {
        if (!f.name) return;
        if ((f.type === "radio" || f.type === "checkbox") && !f.checked) { if (!(f.name in out)) out[f.name] = ""; return; }
        out[f.name] = f.value.trim();
      });
      return out;
    }
    function correct(r) {
      editing = r;
      if (r.kind === "child") { go("/children/new"); fill(registerForm, r.fields); }
      else {
        go(r.fields.child_id ? "/children/" + r.fields.child_id + "/measure" : "/offline?child_key=" + encodeURIComponent(r.fields.child_key));
        fill(weighForm, r.fields);
      }
    }

    function route() {
      var m = /^\/children\/(\d+)\/measure/.exec(location.pathname);
      var key = /[?&]child_key=([^&]+)/.exec(location.search);
      $("weigh-error").hidden = true;
      $("register-error").hidden = true;
      if (m || key) {
        current = m ? { id: m[1] } : { key: decodeURIComponent(key[1]) };
        var c = m ? childOf(m[1]) : null;
        var p = key ? pendingChild(current.key) : null;
        var head = $("weigh-child");
        head.textContent = "";
        if (!c && !p) {
          head.textContent = t("offline.unknown_child");
        } else {
          var name = c ? c.name : p.fields.name;
          var sex = c ? c.sex : p.fields.sex;
          var born = c ? c.birth_date : p.fields.birth_date;
          head.appendChild(el("b", { id: "weigh-name" }, name));
          head.appendChild(document.createTextNode(" · " + t("sex." + sex) + " · " + t("children.born") + " " + dmy(born)));
        }
        $("weigh-last").textContent = c && c.last ? lastLine(c.last) : "";
        if (!editing || editing.kind !== "measurement") {
          var date = weighForm.elements.measured_on.value;
          weighForm.reset();
          weighForm.elements.measured_on.value = date || localDate();
        }
        show("weigh");
        return;
      }
      if (/^\/children\/new/.test(location.pathname)) {
        if (!editing || editing.kind !== "child") registerForm.reset();
        show("register");
        return;
      }
      editing = null;
      show("list");
      if (lastId) {
        var row = document.getElementById(lastId);
        if (row) row.scrollIntoView({ block: "center" });
      }
    }

    function kept(name) {
      var k = $("kept");
      k.textContent = t("offline.kept", { name: name });
      k.hidden = false;
    }

    weighForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var f = read(weighForm);
      if (!f.weight && !f.height) {
        $("weigh-error").textContent = t("measurement.empty");
        $("weigh-error").hidden = false;
        return;
      }
      if (!f.measured_on) f.measured_on = localDate();
      if (current.id) f.child_id = +current.id; else f.child_key = current.key;
      var c = current.id ? childOf(current.id) : pendingChild(current.key);
      var name = c ? (c.name || c.fields.name) : "";
      var done = editing ? Q.change(editing, f) : Q.add(user, "measurement", f, name);
      editing = null;
      lastId = current.id ? "child-" + current.id : "pending-" + current.key;
      done.then(function () { kept(name); return redraw(); }).then(back).then(kick);
    });

    registerForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var f = read(registerForm);
      if (!f.name || !f.sex || !f.birth_date) {
        $("register-error").textContent = t("required");
        $("register-error").hidden = false;
        return;
      }
      f.posyandu_id = String(posyandu);
      var done = editing ? Q.change(editing, Object.assign({}, editing.fields, f)) : Q.add(user, "child", f, f.name);
      editing = null;
      done.then(function (e) {
        if (e && e.key) lastId = "pending-" + e.key;
        kept(f.name);
        return redraw();
      }).then(back).then(kick);
    });

    $("offline-q").addEventListener("input", drawList);
    $("offline-new").addEventListener("click", function (ev) { ev.preventDefault(); editing = null; go("/children/new"); });
    Array.prototype.forEach.call(document.querySelectorAll("#offline-app .back-link"), function (a) {
      a.addEventListener("click", function (ev) { ev.preventDefault(); editing = null; back(); });
    });
    $("queue-send").addEventListener("click", function () { attempt = 0; send(); });
    root.addEventListener("popstate", route);

    redraw().then(route);
    net();
    return function () { net(); return redraw().then(function () { if (!views.list.hidden) drawList(); }); };
  }
})(typeof self !== "undefined" ? self : this);
