// Tusk's web UI: the live manifest preview of the forms, and the refresh of a cluster's page while
// it is being created or updated. No inline scripts: the pages' Content-Security-Policy forbids them.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function fill(list, items) {
    list.textContent = "";
    items.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    });
  }

  function livePreview(form) {
    var url = form.getAttribute("data-preview");
    var preview = document.getElementById("preview");
    var problems = document.getElementById("problems");
    var warnings = document.getElementById("warnings");
    var update = debounce(function () {
      var body = new URLSearchParams(new FormData(form));
      fetch(url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) {
            throw new Error("the preview answered " + r.status);
          }
          return r.json();
        })
        .then(function (answer) {
          preview.textContent = answer.yaml;
          if (problems) {
            fill(problems, answer.problems);
          }
          if (warnings) {
            fill(warnings, answer.warnings);
          }
          form.setAttribute("data-previewed", String(Date.now()));
        })
        .catch(function (e) {
          if (problems) {
            fill(problems, [String(e.message)]);
          }
        });
    }, 250);
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("cluster-form");
    if (form && form.getAttribute("data-preview")) {
      livePreview(form);
    }
    var cluster = document.getElementById("cluster");
    if (cluster && cluster.getAttribute("data-refresh")) {
      setTimeout(function () {
        window.location.reload();
      }, 1000 * Number(cluster.getAttribute("data-refresh")));
    }
  });
})();
