/* The GOV.UK timeout warning pattern: a modal dialog two minutes before a staff member is signed out for
   inactivity, with the time left, "Stay signed in" (which counts as activity, without leaving the page) and
   "Sign out". When the time is up the page reloads:
   the server has signed the session out and shows the sign-in page with the reason. */
(function () {
  "use strict";
  var dialog = document.getElementById("timeout-warning");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var idle = parseInt(dialog.dataset.idleSeconds, 10) * 1000;
  var warning = parseInt(dialog.dataset.warningSeconds, 10) * 1000;
  var countdown = dialog.querySelector(".app-timeout-warning__countdown");
  var keepAlive = dialog.querySelector("form[data-keep-alive]");
  var signedOutAt, warnTimer, tick;

  function words(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function update() {
    var left = signedOutAt - Date.now();
    if (left <= 0) { window.location.reload(); return; }
    countdown.textContent = words(left);
  }

  function start() {
    signedOutAt = Date.now() + idle;
    clearTimeout(warnTimer);
    clearInterval(tick);
    warnTimer = setTimeout(function () {
      update();
      dialog.showModal();
      tick = setInterval(update, 1000);
    }, idle - warning);
  }

  keepAlive.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(keepAlive.action, { method: "POST", body: new FormData(keepAlive), credentials: "same-origin",
                              headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) { window.location.reload(); return; }
        dialog.close();
        start();
      });
  });
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); });  /* Esc does not dismiss it */
  start();
})();
