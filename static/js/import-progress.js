// Import forms (upload and apply): sent in the background so the page can show how far the
// upload has come, then how many rows the server has processed, read from the progress address
// every second. Without JavaScript the forms are ordinary POST forms and work the same.
(function () {
  "use strict";

  function randomKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (byte) {
      return byte.toString(16).padStart(2, "0");
    }).join("");
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name];
    });
  }

  // Show what the server answered: where to go next ({"redirect": address}, sent instead of a
  // redirect to this script), or the page itself (the form with its errors), whose main content
  // replaces this one's.
  function show(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("application/json") === 0) {
      window.location.assign(JSON.parse(xhr.responseText).redirect);
      return;
    }
    var answer = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var main = answer.querySelector("main");
    if (!main) {
      window.location.reload();
      return;
    }
    document.querySelector("main").replaceWith(main);
    document.title = answer.title;
    main.querySelectorAll("form.import-form").forEach(bind);
    var summary = main.querySelector("#form-errors, #apply-failed");
    (summary || main).focus();
  }

  function bind(form) {
    var box = form.querySelector(".import-progress");
    if (!box || !window.FormData || !window.DOMParser || !window.fetch) {
      return;
    }
    var bar = box.querySelector("progress");
    var status = box.querySelector(".import-progress-status");

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var key = randomKey();
      var keyField = form.querySelector("[name=progress_key]");
      if (keyField) {
        keyField.value = key;
      }
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      box.hidden = false;
      bar.value = 0;
      status.textContent = status.dataset.uploading;
      var timer = null;
      var done = false;

      function poll() {
        fetch(form.dataset.progressUrl + "?key=" + key, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : null;
          })
          .then(function (progress) {
            if (!done && progress && progress.total) {
              bar.max = progress.total;
              bar.value = progress.done;
              status.textContent = format(status.dataset[progress.phase], progress);
            }
          })
          .catch(function () {})
          .finally(function () {
            if (!done) {
              timer = window.setTimeout(poll, 1000);
            }
          });
      }

      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable) {
          bar.max = progress.total;
          bar.value = progress.loaded;
        }
      });
      xhr.upload.addEventListener("load", function () {
        status.textContent = status.dataset.finishing;
        bar.removeAttribute("value");
        timer = window.setTimeout(poll, 500);
      });
      xhr.addEventListener("load", function () {
        done = true;
        window.clearTimeout(timer);
        show(xhr);
      });
      xhr.addEventListener("error", function () {
        done = true;
        window.clearTimeout(timer);
        status.textContent = status.dataset.failed;
        button.disabled = false;
      });
      xhr.send(new FormData(form));
    });
  }

  document.querySelectorAll("form.import-form").forEach(bind);
})();
