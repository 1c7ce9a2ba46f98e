// The page of an import that a background job is working on: every second, read how far the
// job has come and move the bar; when the import's status changes (checked, applied, failed),
// reload the page, which then shows the result. Without JavaScript the page's link reloads it.
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name];
    });
  }

  var box = document.querySelector(".import-progress[data-progress-url]");
  if (!box || !window.fetch) {
    return;
  }
  var bar = box.querySelector("progress");
  var status = box.querySelector(".import-progress-status");

  function poll() {
    fetch(box.dataset.progressUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (progress) {
        if (progress && progress.status !== box.dataset.status) {
          window.location.reload();
          return;
        }
        if (progress && progress.total) {
          bar.max = progress.total;
          bar.value = progress.done;
          status.textContent = format(status.dataset[progress.phase], progress);
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 1000);
})();
