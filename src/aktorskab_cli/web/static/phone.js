// The phone page without a kept connection: a light poll every few seconds and when the phone wakes.
// It reloads only when the item, its open/closed state or the vote changed, and never over typed text.
(function () {
  var body = document.body;
  var url = body.getAttribute("data-status");
  if (!url) { return; }
  var shown = [body.getAttribute("data-item"), body.getAttribute("data-open"), body.getAttribute("data-vote")].join("|");
  function typing() {
    var box = document.getElementById("text");
    return box && box.value.trim() !== "";
  }
  function check() {
    if (document.hidden) { return; }
    fetch(url, {cache: "no-store", credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
      var now = [s.item || "", s.item ? String(s.open) : "false", s.vote === "open" ? "open" : ""].join("|");
      if (now !== shown && !typing()) { window.location.reload(); }
    }).catch(function () {});
  }
  setInterval(check, 5000);
  document.addEventListener("visibilitychange", check);
  window.addEventListener("pageshow", check);
})();
