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
  // A stream the server refused (503: many pages open) or lost is opened again later, waiting longer each
  // time (2 s, 4 s, … at most 60 s, plus up to 1 s at random so pages do not all come back at once).
  var wait = 2000;
  function connect() {
    var source = new EventSource(streamUrl);
    source.onopen = function () { wait = 2000; };
    source.onmessage = function () {
      if (first) { first = false; return; }
      refresh();
    };
    source.onerror = function () {
      if (source.readyState !== EventSource.CLOSED) { return; }  // the browser is already trying again
      first = false;  // back again, the page may be behind: fetch its live part on the first event
      setTimeout(connect, wait + Math.random() * 1000);
      wait = Math.min(wait * 2, 60000);
    };
  }
  connect();
})();
