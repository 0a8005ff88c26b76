// maillon serve: live reload and findings overlay. Injected only while previewing.
(function () {
  "use strict";
  var here = location.pathname;
  var KEY = "maillon-scroll:" + here;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    var y = Number(saved) || 0;
    var restore = function () { window.scrollTo(0, y); };
    restore();
    window.addEventListener("load", restore);
  }
  var dismissed = sessionStorage.getItem("maillon-dismissed:" + here);
  var panel = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }

  function close() {
    if (!panel) return;
    dismissed = panel.getAttribute("data-key");
    sessionStorage.setItem("maillon-dismissed:" + here, dismissed);
    panel.remove();
    panel = null;
  }

  function show(data) {
    var items = [];
    if (data.error) items.push({ severity: "error", rule: "build", message: data.error, file: "", line: 0 });
    items = items.concat(data.global || [], data.findings || []);
    var serious = items.filter(function (f) { return f.severity !== "info"; });
    var key = JSON.stringify(items);
    if (panel) { panel.remove(); panel = null; }
    if (!serious.length || key === dismissed) return;
    panel = el("section", {
      id: "maillon-overlay", role: "dialog", "aria-modal": "false",
      "aria-labelledby": "maillon-overlay-title", "data-key": key,
      style: "position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;" +
        "background:#fff;color:#111;border:3px solid #b00020;border-radius:6px;padding:1rem;" +
        "font:15px/1.4 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.35)"
    });
    var head = el("div", { style: "display:flex;justify-content:space-between;align-items:center;gap:1rem" });
    head.appendChild(el("h2", { id: "maillon-overlay-title", style: "margin:0;font-size:1.1rem" },
      "maillon: " + serious.length + (serious.length === 1 ? " finding" : " findings") + " on this page"));
    var button = el("button", { type: "button", "aria-label": "Close the findings (Escape)",
      style: "font-size:1rem;padding:.25rem .6rem;cursor:pointer" }, "×");
    button.addEventListener("click", close);
    head.appendChild(button);
    panel.appendChild(head);
    var list = el("ul", { "aria-live": "polite", style: "margin:.5rem 0 0;padding-left:1.2rem" });
    items.forEach(function (f) {
      var li = el("li", { "data-rule": f.rule, style: "margin:.4rem 0" });
      li.appendChild(el("strong", { style: "color:" + (f.severity === "error" ? "#b00020" : f.severity === "warning" ? "#8a5a00" : "#335") },
        f.severity + " [" + f.rule + "] "));
      li.appendChild(document.createTextNode(f.message));
      if (f.file) li.appendChild(el("div", { style: "font-family:monospace;font-size:.85em" }, f.landmark ? f.file + ": " + f.landmark : f.file + ":" + f.line + ":" + f.column));
      if (f.help) li.appendChild(el("div", { style: "font-size:.9em;color:#333" }, "help: " + f.help));
      list.appendChild(li);
    });
    panel.appendChild(list);
    document.body.appendChild(panel);
  }

  function refresh() {
    fetch("/__maillon/findings?page=" + encodeURIComponent(here), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(show)
      .catch(function () {});
  }

  document.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });

  var events = new EventSource("/__maillon/events");
  // Whether a save will be seen: "open" once the server has greeted this page (it greets every
  // connection first), "connecting" while the stream is down or retrying.
  window.maillonLive = "connecting";
  events.addEventListener("hello", function () { window.maillonLive = "open"; });
  events.addEventListener("error", function () { window.maillonLive = "connecting"; });
  events.addEventListener("reload", function (e) {
    var d = {};
    try { d = JSON.parse(e.data); } catch (_) {}
    if (d.all || (d.urls || []).indexOf(here) >= 0) {
      sessionStorage.setItem(KEY, String(window.scrollY));
      location.reload();
    } else {
      refresh();
    }
  });
  events.addEventListener("css", function () {
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var u = new URL(link.href);
      u.searchParams.set("maillon", String(Date.now()));
      link.href = u.href;
    });
    refresh();
  });
  events.addEventListener("findings", refresh);
  refresh();
})();
