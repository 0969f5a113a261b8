// Projector and facilitator pages: one server-sent-event stream; on each event, fetch the live part
// (server-rendered, escaped HTML from this same server) and put it in place.
(function () {
  var body = document.body;
  var streamUrl = body.getAttribute("data-stream");
  var liveUrl = body.getAttribute("data-live");
  var box = document.getElementById("live");
  if (!streamUrl || !liveUrl || !box || !window.EventSource) { return; }
  var FOCUSABLE = "a[href], button, select, input:not([type=hidden]), textarea";
  // A choice made and not yet sent (an item picked in the list, a number changed, then the focus moved on)
  // survives the swap: the new part gets the same values back, by id.
  function unsent() {
    var chosen = {};
    box.querySelectorAll("select[id], input[id]:not([type=hidden])").forEach(function (field) {
      var changed = field.tagName === "SELECT"
        ? Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; })
        : field.value !== field.defaultValue;
      if (changed) { chosen[field.id] = field.value; }
    });
    return chosen;
  }
  function keep(chosen) {
    Object.keys(chosen).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field || !box.contains(field)) { return; }
      if (field.tagName === "SELECT" &&
          !Array.prototype.some.call(field.options, function (o) { return o.value === chosen[id]; })) { return; }
      field.value = chosen[id];
    });
  }
  function refresh() {
    fetch(liveUrl, {cache: "no-store", credentials: "same-origin"}).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.text();
    }).then(function (html) {
      var active = document.activeElement;
      var inside = active && active !== body && box.contains(active);
      // a list or a number being chosen is not swapped away under the hand (the next event brings it)
      if (inside && (active.tagName === "SELECT" || active.tagName === "INPUT")) { return; }
      // keyboard users keep their place: the control at the same position gets the focus back
      var place = inside ? Array.prototype.indexOf.call(box.querySelectorAll(FOCUSABLE), active) : -1;
      var chosen = unsent();
      box.innerHTML = html;
      keep(chosen);
      var again = place >= 0 ? box.querySelectorAll(FOCUSABLE)[place] : null;
      if (again) { again.focus(); }
    }).catch(function () {});
  }
  // A stream the server refused (503: many pages open) or lost is opened again later, waiting longer each
  // time (2 s, 4 s, … at most 60 s, plus up to 1 s at random so pages do not all come back at once).
  var wait = 2000;
  function connect() {
    var source = new EventSource(streamUrl);
    source.onopen = function () { wait = 2000; };
    source.onmessage = refresh;  // also the first event: an answer may have come between the page and the stream
    source.onerror = function () {
      if (source.readyState !== EventSource.CLOSED) { return; }  // the browser is already trying again
      setTimeout(connect, wait + Math.random() * 1000);
      wait = Math.min(wait * 2, 60000);
    };
  }
  connect();
})();
