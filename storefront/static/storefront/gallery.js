/* Product photos: the thumbnails are links to the photos (#photo-N), which works without
   JavaScript but scrolls the page to the strip and adds a history entry per photo. Here a
   thumbnail only slides the strip, keeps the focus where it was, and the thumbnail of the photo
   in view (chosen, or swiped to) is marked. */
(function () {
  "use strict";
  var strip = document.querySelector(".gallery .photos");
  var links = Array.prototype.slice.call(document.querySelectorAll(".gallery .thumbs a"));
  if (!strip || !links.length) { return; }

  function mark(index) {
    links.forEach(function (link, i) {
      if (i === index) { link.setAttribute("aria-current", "true"); } else { link.removeAttribute("aria-current"); }
    });
  }

  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      var photo = document.getElementById(link.getAttribute("href").slice(1));
      if (!photo || typeof strip.scrollTo !== "function") { return; }  // the plain link then
      event.preventDefault();
      var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      strip.scrollTo({left: index * strip.clientWidth, behavior: still ? "auto" : "smooth"});
      mark(index);
    });
  });

  var pending = null;
  strip.addEventListener("scroll", function () {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(function () {
      mark(Math.round(strip.scrollLeft / Math.max(1, strip.clientWidth)));
    }, 80);
  }, {passive: true});
})();
