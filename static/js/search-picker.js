/*
 * Pickers (partners/widgets.py): every select with a data-search-url carries only the chosen
 * organisations (or meetings); Tom Select turns it into a search-as-you-type combobox that asks
 * data-search-url?q=… for up to twenty matches ({results: [{id, text}]}).
 *
 * The portal's searches match names in either script and ЕИК numbers, so the options shown are
 * the server's answer in its order, never filtered again here. The <label for> of the select
 * labels the combobox (Tom Select points it at its input); the select's description (help
 * text, errors) and invalid state go with it.
 *
 * Formset rows are never added in the page (the forms say "save, then edit again"), so the
 * pickers are set up once, when the page has loaded. Without JavaScript, or before this runs,
 * the select keeps and submits its current choice.
 */
(function () {
  "use strict";

  if (typeof window.TomSelect !== "function") {
    return;
  }

  function message(select, name) {
    return select.getAttribute("data-" + name) || "";
  }

  function enhance(select) {
    if (select.tomselect) {
      return;
    }
    // Ids of the last answer: only those are offered for the text typed now.
    var answered = new Set();
    var picker = new window.TomSelect(select, {
      valueField: "id",
      labelField: "text",
      searchField: [],
      placeholder: message(select, "placeholder"),
      // A single picker is cleared with Backspace, or with the real button added below (Tom
      // Select's clear_button is a div only a mouse can press). A chosen option of a multiple
      // picker is removed with Backspace; its × is for the mouse, named for screen readers.
      plugins: select.multiple
        ? { remove_button: { title: message(select, "remove"), label: "\u00d7" } }
        : [],
      maxOptions: null,
      loadThrottle: 250,
      shouldLoad: function (query) {
        return query.trim().length > 0;
      },
      score: function () {
        return function (option) {
          return answered.has(String(option.id)) ? 1 : 0;
        };
      },
      sortField: [{ field: "$order" }],
      load: function (query, callback) {
        var url = new URL(select.getAttribute("data-search-url"), window.location.href);
        url.searchParams.set("q", query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) {
              throw new Error(response.status);
            }
            return response.json();
          })
          .then(function (answer) {
            // Earlier answers go, except the chosen options (Tom Select keeps those).
            picker.clearOptions();
            answered = new Set(
              answer.results.map(function (result) {
                return String(result.id);
              })
            );
            callback(answer.results);
          })
          .catch(function () {
            answered = new Set();
            picker.failed = true;
            callback();
          });
      },
      render: {
        no_results: function (data, escape) {
          var text = picker.failed ? message(select, "error") : message(select, "no-results");
          picker.failed = false;
          return '<div class="no-results">' + escape(text) + "</div>";
        },
      },
    });
    // Tom Select points the <label for> at its combobox (and gives the label an id); the select
    // it hides stays in the accessibility tree, so it keeps the label's name through the id.
    var label = document.querySelector('label[for="' + picker.control_input.id + '"]');
    if (label && label.id) {
      select.setAttribute("aria-labelledby", label.id);
    }
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (select.hasAttribute(name)) {
        picker.control_input.setAttribute(name, select.getAttribute(name));
      }
    });
    keepDropdownInView(picker);
    if (!select.multiple) {
      addClearButton(select, picker, label);
    }
  }

  // A list that opens near the bottom of the window scrolls into view, also when the answer
  // to the search makes it longer.
  function keepDropdownInView(picker) {
    if (typeof window.ResizeObserver !== "function") {
      return;
    }
    new window.ResizeObserver(function () {
      if (picker.isOpen) {
        picker.dropdown.scrollIntoView({ block: "nearest" });
      }
    }).observe(picker.dropdown);
  }

  // A real button after the picker, there (and a Tab stop) only while something is chosen; it
  // says which field it clears and gives focus back to the combobox.
  function addClearButton(select, picker, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm picker-clear";
    button.textContent = message(select, "clear");
    if (label) {
      var field = document.createElement("span");
      field.className = "visually-hidden";
      field.textContent = ": " + label.textContent.replace(/\*/g, "").trim();
      button.appendChild(field);
    }
    function update() {
      button.hidden = select.disabled || picker.items.length === 0;
    }
    button.addEventListener("click", function () {
      picker.clear();
      picker.control_input.focus();
    });
    picker.on("change", update);
    picker.wrapper.insertAdjacentElement("afterend", button);
    update();
  }

  document.querySelectorAll("select[data-search-url]").forEach(enhance);
})();
