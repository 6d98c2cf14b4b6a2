(function () {
  if (window.__lbPhoneSidebar) return;
  window.__lbPhoneSidebar = true;
  const expand = document.querySelector('[data-testid="stExpandSidebarButton"]');
  if (expand) expand.setAttribute("aria-label", "筛选与页面");
  // plotly turns a tap into a click only on the point it hovers already, so a first tap on a bar only showed
  // its tooltip: hover the touched point first, and the same tap drills.
  document.addEventListener("touchstart", function (e) {
    const t = e.touches && e.touches[0];
    if (!t || !(e.target.closest && e.target.closest(".js-plotly-plot"))) return;
    const under = document.elementFromPoint(t.clientX, t.clientY);
    if (under) under.dispatchEvent(new MouseEvent("mousemove", {clientX: t.clientX, clientY: t.clientY, bubbles: true}));
  }, true);
  document.addEventListener("click", function (e) {
    if (window.innerWidth > 640) return;
    if (!e.target.closest('[role="option"], [data-testid="stSidebarNavLink"]')) return;
    setTimeout(function () {
      const bar = document.querySelector('[data-testid="stSidebar"][data-collapsed="false"]');
      const close = bar && bar.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 300);
  }, true);
})();
