(function () {
  if (window.__lbPrintFit) return;
  window.__lbPrintFit = true;
  const charts = () => document.querySelectorAll(".stPlotlyChart");
  const fit = () => charts().forEach(el => {
    el.style.zoom = "";
    const svg = el.querySelector(".main-svg");      // the drawing, which may be wider than its box
    const r = (svg || el).getBoundingClientRect();
    const s = Math.min(1, 1000 / Math.max(r.width, 1), 640 / Math.max(r.height, 1));
    el.style.zoom = s < 1 ? String(s) : "";
  });
  const unfit = () => charts().forEach(el => { el.style.zoom = ""; });
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", unfit);
  window.matchMedia("print").addEventListener("change", e => (e.matches ? fit() : unfit()));
})();
