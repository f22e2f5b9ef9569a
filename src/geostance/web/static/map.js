// The stance map: name, score and evidence count of the country under the pointer (or with
// keyboard focus) in a line under the map. The map works without it: each country is a link
// and carries its own <title> tooltip.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const map = document.getElementById("world");
  const readout = document.getElementById("map-readout");
  if (!map || !readout) return;
  const idle = readout.textContent;
  const show = (event) => {
    const country = event.target.closest(".country");
    const title = country ? country.querySelector("title") : null;
    readout.textContent = title ? title.textContent : idle;
  };
  map.addEventListener("mouseover", show);
  map.addEventListener("focusin", show);
  map.addEventListener("mouseleave", () => { readout.textContent = idle; });
});
