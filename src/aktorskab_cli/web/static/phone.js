// The phone page without a kept connection: a light poll every few seconds and when the phone wakes.
// It reloads only when the item, its open/closed state, the vote or (at a followup item) a shown entry's
// status changed, and never over typed text or a suggestion chosen and not yet sent.
(function () {
  var body = document.body;
  // »Modtaget« arrives with the page after the redirect, and a screen reader does not read a live region
  // that was full on load: the notice's words go into the (visually hidden) status region once the page
  // stands, so they are announced. The notice is shown once: a later reload does not say it again.
  var notice = document.getElementById("notice");
  var status = document.getElementById("status");
  if (notice && status) {
    setTimeout(function () { status.textContent = notice.textContent; }, 300);
  }
  // (but for a withdrawal: its »Fortryd« comes with the notice, and a reload within the 2 minutes keeps both)
  if (window.history && window.history.replaceState && /[?&]ok=/.test(window.location.search) &&
      !/[?&]fortryd=/.test(window.location.search)) {
    window.history.replaceState(null, "", window.location.pathname +
      window.location.search.replace(/([?&])ok=[^&]*&?/, "$1").replace(/[?&]$/, ""));
  }
  // Back after »Modtaget« shows the page before the POST, and the browser puts the sent text back in the box,
  // under the list that already holds it: a box whose text is one of the group's listed answers is emptied,
  // so one more tap does not send it twice. Text not yet sent is left as the browser restored it.
  function plain(s) { return s.replace(/\s+/g, " ").trim(); }
  function forget() {
    var box = document.getElementById("text");
    if (!box || box.closest(".answer") === null || plain(box.value) === "") { return; }
    var sent = document.querySelectorAll(".answers li > p:not(.for)");
    for (var i = 0; i < sent.length; i++) {
      if (plain(sent[i].textContent) === plain(box.value)) { box.value = ""; return; }
    }
  }
  // Text a closed item refused stands on the page to copy; it goes back into the box when the item reopens.
  function keep() {
    var key = "aktorskab-unsent", box = document.getElementById("text"), unsent = document.querySelector(".unsent");
    try {
      if (unsent) { window.sessionStorage.setItem(key, unsent.textContent); return; }
      var saved = window.sessionStorage.getItem(key);
      if (saved && box && box.closest(".answer") !== null) {
        if (box.value.trim() === "") { box.value = saved; }
        window.sessionStorage.removeItem(key);
      }
    } catch (e) { /* no storage (a private window): the text stays only on the page */ }
  }
  keep();
  forget();
  window.addEventListener("pageshow", forget);
  var url = body.getAttribute("data-status");
  if (!url) { return; }
  var page = url.replace(/\/status$/, "");
  var shown = [body.getAttribute("data-item"), body.getAttribute("data-open"), body.getAttribute("data-vote"),
               body.getAttribute("data-statuses") || ""].join("|");
  function typing() {
    var box = document.getElementById("text");
    if (box && box.value.trim() !== "") { return true; }
    var choices = document.querySelectorAll(".followup select");
    for (var i = 0; i < choices.length; i++) { if (choices[i].value !== "") { return true; } }
    return false;
  }
  function check() {
    if (document.hidden) { return; }
    fetch(url, {cache: "no-store", credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
      var now = [s.item || "", s.item ? String(s.open) : "false", s.vote === "open" ? "open" : "",
                 s.statuses || ""].join("|");
      // the phone's page, not this address: a refusal (»Der er lukket …«) stands at the form's …/svar, a POST's
      if (now !== shown && !typing()) { window.location.replace(page); }  // a new item: no question chosen
    }).catch(function () {});
  }
  setInterval(check, 5000);
  document.addEventListener("visibilitychange", check);
  window.addEventListener("pageshow", check);
})();
