// geostance dashboard: a little progressive enhancement; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Filters apply as soon as a choice changes.
  for (const form of document.querySelectorAll("form.filters")) {
    for (const select of form.querySelectorAll("select")) {
      select.addEventListener("change", () => form.submit());
    }
  }
  // An evidence link lands on its sentence: bring the highlighted sentence into view.
  const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (target) {
    const mark = target.closest("mark.ev") || target;
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }
});
