/*
 * Quick exit: the "Exit this page" button, or Shift pressed three times, blanks the page at
 * once and leaves for a neutral site with location.replace, so that Back does not return here.
 * The way out passes the portal's exit route, which tells the browser to clear this site's data.
 * Without JavaScript the button is a plain link to the same route.
 */
(function () {
  "use strict";

  var SHIFT_PRESSES_TO_EXIT = 3;
  var PRESS_WINDOW_MS = 5000;

  var container = document.querySelector("[data-quick-exit]");
  if (!container) {
    return;
  }
  var button = container.querySelector("[data-quick-exit-button]");
  var status = container.querySelector("[data-quick-exit-status]");
  var presses = 0;
  var resetTimer = null;

  function announce(message) {
    if (status) {
      status.textContent = message || "";
    }
  }

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    // Hide everything before the next page starts loading: the page may stay visible for a
    // moment on a slow connection.
    document.documentElement.classList.add("quick-exit-active");
    document.title = "";
    window.location.replace(button.href);
  }

  button.addEventListener("click", leave);

  // A press counts only when Shift goes down and up again with no other key in between, as in
  // GOV.UK's "Exit this page": Shift+Tab and capital letters never arm the exit, and a
  // screen-reader user hears nothing of it.
  var shiftAlone = false;

  function disarm() {
    presses = 0;
    window.clearTimeout(resetTimer);
    if (container.classList.contains("quick-exit--armed")) {
      container.classList.remove("quick-exit--armed");
      announce("");
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) {
        shiftAlone = true;
      }
      return;
    }
    shiftAlone = false;
    disarm();
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      return;
    }
    if (!shiftAlone) {
      return;
    }
    shiftAlone = false;
    presses += 1;
    window.clearTimeout(resetTimer);
    if (presses >= SHIFT_PRESSES_TO_EXIT) {
      announce(container.dataset.messageLeaving);
      leave();
      return;
    }
    announce(presses === 1 ? container.dataset.messagePressedOnce : container.dataset.messagePressedTwice);
    container.classList.add("quick-exit--armed");
    resetTimer = window.setTimeout(function () {
      presses = 0;
      container.classList.remove("quick-exit--armed");
      announce(container.dataset.messageExpired);
    }, PRESS_WINDOW_MS);
  });

  // Shift held for a click, or while leaving the window (Alt+Tab), is not Shift alone.
  function notAlone() {
    shiftAlone = false;
  }
  document.addEventListener("mousedown", notAlone);
  window.addEventListener("blur", notAlone);
})();
