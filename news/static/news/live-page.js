// A live story's public page keeps itself current from the update stream
// (Server-Sent Events; the browser resumes with Last-Event-ID on its own).
// Updates are built from the event's JSON with text escaped; rich text is
// reduced to the few tags a paragraph may hold. A block this file does not
// know is taken from a fresh copy of the page instead.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-coverage]");
  if (!root || !window.EventSource) return;
  var pinnedList = root.querySelector("[data-live-pinned]");
  var list = root.querySelector("[data-live-updates]");
  var statusLine = root.querySelector("[data-live-status]");
  var KNOWN = { paragraph: 1, heading: 1, quote: 1, key_developments: 1 };
  var INLINE = { P: 1, B: 1, STRONG: 1, I: 1, EM: 1, A: 1, UL: 1, OL: 1, LI: 1, BR: 1 };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function safeHref(href) {
    return /^(https?:|mailto:|\/|#)/i.test(href || "") ? href : null;
  }

  // Copies only allowed tags (and a safe href) from parsed rich text.
  function cleanInto(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (child) {
      if (child.nodeType === 3) {
        target.appendChild(document.createTextNode(child.nodeValue));
      } else if (child.nodeType === 1) {
        var tag = child.tagName;
        if (tag === "SCRIPT" || tag === "STYLE") return;
        if (INLINE[tag]) {
          var copy = document.createElement(tag.toLowerCase());
          if (tag === "A" && safeHref(child.getAttribute("href"))) {
            copy.setAttribute("href", child.getAttribute("href"));
          }
          cleanInto(child, copy);
          target.appendChild(copy);
        } else {
          cleanInto(child, target);
        }
      }
    });
  }

  function richText(html) {
    var wrapper = el("div", "block-paragraph");
    var parsed = new DOMParser().parseFromString(String(html || ""), "text/html");
    cleanInto(parsed.body, wrapper);
    return wrapper;
  }

  function quote(value) {
    var figure = el("figure", "block-quote");
    var blockquote = el("blockquote");
    blockquote.appendChild(el("p", null, "\u201c" + (value.text || "") + "\u201d"));
    figure.appendChild(blockquote);
    var parts = [];
    if (value.speaker && value.speaker.name) {
      parts.push(value.speaker.name + (value.speaker.role ? ", " + value.speaker.role : ""));
    } else if (value.attribution) {
      parts.push(value.attribution);
    }
    if (value.context) parts.push(value.context);
    if (parts.length) figure.appendChild(el("figcaption", null, parts.join(", ")));
    return figure;
  }

  function developments(value) {
    var box = el("section", "block-key-developments");
    if (value.heading) box.appendChild(el("h2", null, value.heading));
    var items = el("ul");
    (value.items || []).forEach(function (item) {
      var li = el("li");
      if (item.label) li.appendChild(el("strong", null, item.label + ": "));
      li.appendChild(document.createTextNode(item.text || ""));
      items.appendChild(li);
    });
    box.appendChild(items);
    return box;
  }

  function block(item) {
    if (item.type === "paragraph") return richText(item.value);
    if (item.type === "heading") return el("h2", "block-heading", item.value);
    if (item.type === "quote") return quote(item.value || {});
    if (item.type === "key_developments") return developments(item.value || {});
    return null;
  }

  function timeLabel(iso) {
    var when = new Date(iso);
    if (isNaN(when.getTime())) return "";
    return when.toLocaleString(undefined, {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hour12: false,
    });
  }

  function render(update) {
    var article = el("article", "live-update" + (update.pinned ? " live-update--pinned" : ""));
    article.id = "update-" + update.id;
    article.setAttribute("data-update-id", update.id);
    article.setAttribute("data-posted-at", update.posted_at || "");
    var header = el("header", "live-update__header");
    var time = el("time", "live-update__time", timeLabel(update.posted_at));
    time.setAttribute("datetime", update.posted_at || "");
    header.appendChild(time);
    if (update.pinned) header.appendChild(el("span", "live-update__pinned", "Key event"));
    if (update.headline) header.appendChild(el("h3", "live-update__headline", update.headline));
    article.appendChild(header);
    var body = el("div", "live-update__body");
    (update.body || []).forEach(function (item) {
      var node = block(item);
      if (node) body.appendChild(node);
    });
    article.appendChild(body);
    if (update.author && update.author.name) {
      article.appendChild(el("p", "live-update__byline", update.author.name));
    }
    return article;
  }

  function postedAt(node) {
    var time = node.querySelector("time[datetime]");
    return Date.parse((time && time.getAttribute("datetime")) || "") || 0;
  }

  // Newest first within its list; pinned updates live in their own list.
  function place(node, pinned) {
    var target = pinned ? pinnedList : list;
    var when = postedAt(node);
    var before = null;
    Array.prototype.some.call(target.children, function (child) {
      if (child.matches("article.live-update") && postedAt(child) < when) {
        before = child;
        return true;
      }
      return false;
    });
    target.insertBefore(node, before);
    pinnedList.hidden = !pinnedList.querySelector("article.live-update");
  }

  function remove(id) {
    var existing = document.getElementById("update-" + id);
    if (existing) existing.remove();
    pinnedList.hidden = !pinnedList.querySelector("article.live-update");
  }

  function fromPage(id) {
    return fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var node = doc.getElementById("update-" + id);
        return node ? document.importNode(node, true) : null;
      })
      .catch(function () { return null; });
  }

  function show(update) {
    var knowsAll = (update.body || []).every(function (item) { return KNOWN[item.type]; });
    if (knowsAll) {
      remove(update.id);
      place(render(update), update.pinned);
      return;
    }
    fromPage(update.id).then(function (node) {
      remove(update.id);
      place(node || render(update), update.pinned);
    });
  }

  function handle(event) {
    var data;
    try { data = JSON.parse(event.data); } catch (error) { return; }
    if (data.update) show(data.update);
    else if (data.update_id !== null && data.update_id !== undefined) remove(data.update_id);
  }

  // The page names the last event it shows (?last_event_id=); EventSource sends the
  // newest one it received itself when it reconnects. After an error that closes the
  // stream for good (a 502 while a proxy restarts), open a new one from there.
  var streamUrl = root.getAttribute("data-stream-url");
  var lastId = (streamUrl.match(/last_event_id=(\d+)/) || [])[1] || "";
  var baseUrl = streamUrl.split("?")[0];
  var retryMs = 1000;
  var source = null;
  var ended = false;

  function remember(handler) {
    return function (event) {
      if (event.lastEventId) lastId = event.lastEventId;
      retryMs = 1000;
      handler(event);
    };
  }

  function open() {
    source = new EventSource(lastId ? baseUrl + "?last_event_id=" + lastId : baseUrl);
    source.addEventListener("update.published", remember(handle));
    source.addEventListener("update.updated", remember(handle));
    source.addEventListener("update.withdrawn", remember(handle));
    source.addEventListener("coverage.ended", remember(function () {
      ended = true;
      if (statusLine) statusLine.textContent = "Live coverage of this story has ended.";
      var badge = root.querySelector(".live-coverage__badge");
      if (badge) badge.remove();
      source.close();
    }));
    source.onerror = function () {
      if (ended || source.readyState !== EventSource.CLOSED) return;
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    };
  }

  open();
})();
