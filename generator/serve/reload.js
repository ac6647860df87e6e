(() => {
  const built = __SITE__;
  const box = document.createElement("div");
  box.id = "asklog-errors";
  box.setAttribute("role", "alert");
  box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
    "background:rgba(20,20,20,.94);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2rem";
  function show(errors) {
    box.replaceChildren();
    const h = document.createElement("h2");
    h.textContent = "asklog: the site did not build (showing the last good version)";
    box.append(h);
    for (const e of errors) {
      const p = document.createElement("p");
      const where = document.createElement("code");
      where.textContent = e.path ? (e.line ? e.path + ":" + e.line : e.path) : "asklog";
      where.style.cssText = "color:#ffb4a8;font-weight:bold";
      p.append(where, ": " + e.message);
      if (e.hint) {
        const hint = document.createElement("div");
        hint.textContent = "hint: " + e.hint;
        hint.style.color = "#cde";
        p.append(hint);
      }
      box.append(p);
    }
    if (!box.isConnected) document.body.append(box);
  }
  const events = new EventSource("__EVENTS__");
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    if (state.errors.length) { show(state.errors); return; }
    box.remove();
    if (state.site !== built) location.reload();
  };
})();
