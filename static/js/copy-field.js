/*
 * Copy buttons for read-only fields (the calendar links): a button with
 * data-copy-target="<input id>" copies that input's value and says so in the page's
 * [data-copy-status] live region. The buttons stay hidden without JavaScript or without the
 * Clipboard API; the text of the field can then be selected and copied by hand.
 */
(function () {
  "use strict";

  if (!navigator.clipboard) {
    return;
  }
  var status = document.querySelector("[data-copy-status]");

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          if (status) {
            status.textContent = button.getAttribute("data-copied-text") || "";
          }
        },
        function () {
          field.focus();
          field.select();
        }
      );
    });
  });

  // A click in a link field selects all of it, ready to copy.
  document.querySelectorAll("input[readonly]").forEach(function (field) {
    field.addEventListener("focus", function () {
      field.select();
    });
  });
})();
