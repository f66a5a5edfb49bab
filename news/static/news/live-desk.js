// The live desk picks up new submissions by polling a fragment of itself.
// Items already on screen are left alone (a comment being typed survives);
// new ones are inserted in order, reviewed ones removed.
(function () {
  "use strict";
  var desk = document.querySelector("[data-live-desk]");
  if (!desk) return;
  var url = desk.getAttribute("data-items-url");
  var seconds = parseInt(desk.getAttribute("data-poll-seconds"), 10) || 4;
  var status = desk.querySelector("[data-desk-status]");

  function keyOf(item) { return item.getAttribute("data-desk-key"); }

  function busy(item) {
    // Someone is writing a comment on this version: never replace it under them.
    var box = item.querySelector("textarea");
    return box && (box.value.trim() !== "" || box === document.activeElement);
  }

  function reconcile(fresh) {
    var list = desk.querySelector("[data-live-desk-items]");
    var current = {};
    Array.prototype.forEach.call(list.querySelectorAll("[data-desk-key]"), function (item) {
      current[keyOf(item)] = item;
    });
    var wanted = Array.prototype.slice.call(fresh.querySelectorAll("[data-desk-key]"));
    var keep = {};
    var added = 0;
    var previous = null;
    wanted.forEach(function (item) {
      var key = keyOf(item);
      var node = current[key];
      if (!node) {
        // The same update under a newer revision replaces the old item unless it is busy.
        var id = key.split(":")[0];
        var older = list.querySelector('[data-desk-key^="' + id + ':"]');
        if (older && busy(older)) { node = older; }
        else {
          node = document.importNode(item, true);
          if (older) older.remove();
          added += 1;
        }
      }
      keep[keyOf(node)] = true;
      if (previous) previous.after(node); else list.prepend(node);
      previous = node;
    });
    Object.keys(current).forEach(function (key) {
      if (!keep[key] && !busy(current[key])) current[key].remove();
    });
    var empty = list.querySelector("[data-desk-empty]");
    var hasItems = list.querySelector("[data-desk-key]");
    if (hasItems && empty) empty.remove();
    if (!hasItems && !empty) {
      var freshEmpty = fresh.querySelector("[data-desk-empty]");
      if (freshEmpty) list.append(document.importNode(freshEmpty, true));
    }
    if (added && status) status.textContent = added + " new update(s) waiting for review.";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("[data-live-desk-items]");
        if (fresh) reconcile(fresh);
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, seconds * 1000); });
  }
  window.setTimeout(poll, seconds * 1000);
})();
