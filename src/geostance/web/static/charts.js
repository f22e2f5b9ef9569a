// geostance charts: draws the figures a page carries in <script type="application/json"
// id="plot-data-NAME"> blocks (data only: the CSP runs no inline script) with the Plotly.js
// served from the package (/static/vendor/plotly.min.js). The figures are built in Python
// (geostance/web/views/plots.py); this file only draws them and wires the brushing: zooming or
// box-selecting a period on a chart marked `brush: "evidence"` filters the evidence list
// (rows carry data-date) and says so in a "showing N of M" line.
"use strict";
(() => {
  const CONFIG = {
    responsive: true,
    displaylogo: false,
    // toImage needs blob: URLs (refused by img-src); lasso makes no sense on a time axis.
    modeBarButtonsToRemove: ["toImage", "lasso2d", "autoScale2d"],
  };

  function figureOf(el) {
    const block = document.getElementById("plot-data-" + el.dataset.plot);
    return block ? JSON.parse(block.textContent) : null;
  }

  // Without Plotly (a failed load) the static SVG kept for no-JS readers is shown instead.
  function fallback(el) {
    const ns = el.parentElement.querySelector("noscript");
    if (!ns) return;
    const t = document.createElement("template");
    t.innerHTML = ns.textContent; // our own server-rendered, escaped markup
    el.replaceWith(t.content);
  }

  // -- brushing: a period chosen on a chart filters the evidence list below it ---------------
  function evidenceRows() {
    return Array.from(document.querySelectorAll("#evidence table.evidence tbody tr[data-date]"));
  }

  function statusLine() {
    let p = document.getElementById("brush-status");
    if (p) return p;
    const table = document.querySelector("#evidence table.evidence");
    if (!table) return null;
    p = document.createElement("p");
    p.id = "brush-status";
    p.className = "brush-status";
    p.setAttribute("aria-live", "polite");
    p.hidden = true;
    table.before(p);
    return p;
  }

  const charts = []; // the brushing charts, so "clear" zooms them all out

  function day(v) {
    return String(v).slice(0, 10);
  }

  function showRange(from, to) {
    const rows = evidenceRows();
    let shown = 0;
    for (const tr of rows) {
      const d = tr.dataset.date;
      const keep = d !== "" && d >= from && d <= to;
      tr.hidden = !keep;
      if (keep) shown += 1;
    }
    const p = statusLine();
    if (!p) return;
    p.replaceChildren();
    const undated = rows.filter((tr) => tr.dataset.date === "").length;
    let text = `Showing ${shown} of ${rows.length} events on this page, from ${from} to ${to}`;
    if (undated) text += ` (${undated} undated hidden)`;
    p.append(text + " · ");
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "link";
    clear.id = "brush-clear";
    clear.textContent = "clear";
    clear.addEventListener("click", clearAll);
    p.append(clear);
    const form = document.getElementById("evidence-filters");
    if (form) {
      // The server-side filter covers every matching event, not just this page of them.
      const url = new URL(form.action, location.href);
      for (const [k, v] of new URLSearchParams(location.search)) url.searchParams.set(k, v);
      url.searchParams.set("since", from);
      url.searchParams.set("until", to);
      url.searchParams.delete("offset");
      const a = document.createElement("a");
      a.href = url.pathname + url.search;
      a.id = "brush-apply";
      a.textContent = "filter all events to this period";
      p.append(" · ", a);
    }
    p.hidden = false;
  }

  function showAll() {
    for (const tr of evidenceRows()) tr.hidden = false;
    const p = document.getElementById("brush-status");
    if (p) p.hidden = true;
  }

  function clearAll() {
    showAll();
    for (const gd of charts) {
      window.Plotly.relayout(gd, { "xaxis.autorange": true, selections: [] });
    }
  }

  function brush(gd) {
    charts.push(gd);
    gd.on("plotly_relayout", (ev) => {
      if (!ev) return;
      if (ev["xaxis.autorange"]) {
        showAll();
        return;
      }
      const range = ev["xaxis.range"];
      const a = range ? range[0] : ev["xaxis.range[0]"];
      const b = range ? range[1] : ev["xaxis.range[1]"];
      if (a !== undefined && b !== undefined) showRange(day(a), day(b));
    });
    gd.on("plotly_selected", (ev) => {
      if (ev && ev.range && ev.range.x) showRange(day(ev.range.x[0]), day(ev.range.x[1]));
    });
    gd.on("plotly_deselect", showAll);
  }

  function draw(el) {
    const fig = figureOf(el);
    if (!fig) return;
    const config = Object.assign({}, CONFIG);
    if (fig.brush) config.modeBarButtonsToAdd = ["select2d"];
    window.Plotly.newPlot(el, fig.data, fig.layout, config).then((gd) => {
      if (fig.brush === "evidence") brush(gd);
      el.dataset.drawn = "true";
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const els = document.querySelectorAll("div.plot[data-plot]");
    for (const el of els) {
      if (window.Plotly) draw(el);
      else fallback(el);
    }
  });
})();
