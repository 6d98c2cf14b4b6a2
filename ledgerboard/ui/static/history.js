(function () {
  if (window.__lbHistory) return;
  window.__lbHistory = true;
  let armed = false;
  const arm = () => { armed = true; };
  ["pointerdown", "touchstart", "keydown"].forEach(t => window.addEventListener(t, arm, true));
  window.addEventListener("popstate", () => { armed = false; }, true);
  const push = window.history.pushState.bind(window.history);
  const replace = window.history.replaceState.bind(window.history);
  // A new page opens at its top (Streamlit keeps the scroll position of the page the click came from).
  const toTop = function (url) {
    let path = null;
    try { path = new URL(url, window.location.href).pathname; } catch (e) { return; }
    if (path === window.location.pathname) return;
    const main = document.querySelector('[data-testid="stMain"]');
    if (main) main.scrollTop = 0;
    window.scrollTo(0, 0);
  };
  window.history.pushState = function (state, title, url) {
    toTop(url);
    if (armed) { armed = false; return push(state, title, url); }
    return replace(state, title, url);
  };
})();
