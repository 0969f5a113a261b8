// Projector and facilitator pages: one server-sent-event stream; on each event, fetch the live part
// (server-rendered, escaped HTML from this same server) and put it in place.
(function () {
  var body = document.body;
  var streamUrl = body.getAttribute("data-stream");
  var liveUrl = body.getAttribute("data-live");
  var box = document.getElementById("live");
  if (!streamUrl || !liveUrl || !box || !window.EventSource) { return; }
  var first = true;
  function refresh() {
    fetch(liveUrl, {cache: "no-store", credentials: "same-origin"}).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.text();
    }).then(function (html) {
      var active = document.activeElement;
      if (active && active.tagName === "SELECT" && box.contains(active)) { return; }
      box.innerHTML = html;
    }).catch(function () {});
  }
  var source = new EventSource(streamUrl);
  source.onmessage = function () {
    if (first) { first = false; return; }
    refresh();
  };
})();
