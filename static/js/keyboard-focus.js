/*
 * Keyboard focus on every page (issue 18):
 * - the focused element is never left under the sticky safety bar: when Tab, Shift+Tab or a
 *   script moves focus to something the bar covers, the page scrolls it clear (the CSS's
 *   scroll-padding-top does most of it; this also covers a bar that wrapped onto more lines);
 * - a link of the error summary moves focus to its field and shows the field's label (or its
 *   fieldset's legend) above it, as the GOV.UK error summary does; a picker's link goes to the
 *   picker's combobox;
 * - arriving at a changed row (`#…` of a quick action's redirect), focus goes to the row.
 * The error summary itself is focused by its autofocus attribute, without this script.
 */
(function () {
  "use strict";

  var GAP = 8;
  var bar = document.querySelector(".safety-bar");

  function coveredBy(element) {
    if (!bar || window.getComputedStyle(bar).position === "static") {
      return 0;
    }
    var barBottom = bar.getBoundingClientRect().bottom;
    var top = element.getBoundingClientRect().top;
    return barBottom > 0 && top < barBottom + GAP ? barBottom + GAP - top : 0;
  }

  // What the eye looks for: a picker's whole box, not the text input inside it.
  function shown(element) {
    return element.closest(".ts-wrapper") || element;
  }

  document.addEventListener("focusin", function (event) {
    var element = event.target;
    if (!(element instanceof Element) || (bar && bar.contains(element)) || element.id === "main") {
      return;
    }
    var hidden = coveredBy(shown(element));
    if (hidden > 0) {
      window.scrollBy({ top: -hidden, behavior: "instant" });
    }
  });

  function fieldFor(target) {
    if (target.tomselect) {
      return target.tomselect.control_input;
    }
    return target;
  }

  function captionFor(field, target) {
    var fieldset = target.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    var label = document.querySelector('label[for="' + field.id + '"]');
    // Radio buttons and check boxes in a group: the question is the legend.
    if (legend && (target.type === "radio" || target.type === "checkbox")) {
      return legend;
    }
    return label || legend;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#form-errors a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    var field = fieldFor(target);
    var caption = captionFor(field, target);
    event.preventDefault();
    (caption || field).scrollIntoView({ block: "start", behavior: "instant" });
    field.focus({ preventScroll: true });
  });

  if (window.location.hash.length > 1) {
    var arrived = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (arrived && arrived.classList.contains("focus-target") && document.activeElement !== arrived) {
      arrived.focus();
    }
  }
})();
