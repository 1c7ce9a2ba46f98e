/* The funder report's "Print" button: shown only when JavaScript can print (it starts hidden),
 * and prints with the print stylesheet (static/css/print.css). */
(function () {
  "use strict";

  document.querySelectorAll("[data-print-report]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
