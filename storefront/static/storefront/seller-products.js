// Seller catalogue pages: progressive enhancement only. Without this file every form still works.
// - upload forms marked data-upload-progress send their files with XMLHttpRequest and show progress;
// - an error summary is focused when the page loads, so keyboard and screen-reader users land on it,
//   and its links put the cursor in the field they name.
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-focus]");
    if (summary) { summary.focus(); }
  }

  // Show the server's answer (the photos page after its redirect, or the form with its errors)
  // as if the browser had submitted the form itself.
  function showResponse(xhr) {
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    if (!doc.body || !doc.querySelector("main")) { return false; }
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    if (xhr.responseURL && window.history.replaceState) {
      window.history.replaceState(null, "", xhr.responseURL);
    }
    enhance(document);
    focusErrorSummary(document);
    return true;
  }

  function enhanceUpload(form) {
    var box = form.querySelector("[data-progress]");
    var bar = box && box.querySelector("progress");
    var text = box && box.querySelector("[data-progress-text]");
    if (!box || !bar || !window.FormData || !window.XMLHttpRequest) { return; }
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files || input.files.length === 0) { return; }  // let the server say what is missing
      event.preventDefault();
      var button = form.querySelector("button");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        text.textContent = percent + " %";
      });
      xhr.addEventListener("load", function () {
        if (!showResponse(xhr)) { window.location.reload(); }
      });
      xhr.addEventListener("error", function () { form.submit(); });
      box.hidden = false;
      bar.value = 0;
      text.textContent = "0 %";
      if (button) { button.disabled = true; }
      xhr.send(new FormData(form));
    });
  }

  // A link in the error summary puts the cursor in its field, with the field's label or legend in
  // view (a bare #fragment link scrolls to the field but leaves the focus on the link).
  function enhanceErrorSummary(summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field || typeof field.focus !== "function") { return; }
      event.preventDefault();
      var group = field.closest("fieldset");
      var caption = group ? group.querySelector("legend") : document.querySelector("label[for='" + field.id + "']");
      (caption || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll("form[data-upload-progress]"), enhanceUpload);
    Array.prototype.forEach.call(root.querySelectorAll(".error-summary"), enhanceErrorSummary);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    focusErrorSummary(document);
  });
}());
