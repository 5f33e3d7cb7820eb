/* Listing filters. The form works without JavaScript (a GET form sends every field, empty ones
   too: "?q=mat+ong&area=&stars=&min_price="); with it, the filters left at "any" stay out of the
   address, so the URL a shopper shares or bookmarks names only what was chosen. The panel comes
   open once filters are chosen (wide screens show it beside the results); on a phone, where it
   sits above them, it folds away so the results come first and its button counts the choices. */
(function () {
  "use strict";
  var panel = document.querySelector("details.facets-box");
  if (panel && panel.open && window.matchMedia && window.matchMedia("(max-width: 959px)").matches) {
    panel.open = false;
  }
  var form = document.querySelector("form.facet-form");
  if (!form || typeof window.URLSearchParams !== "function") { return; }
  form.addEventListener("submit", function (event) {
    var chosen = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value.trim() !== "") { chosen.append(name, value.trim()); }
    });
    event.preventDefault();
    var query = chosen.toString();
    window.location.assign(window.location.pathname + (query ? "?" + query : ""));
  });
})();
