(() => {
  const built = __SITE__;
  const box = document.createElement("div");
  box.id = "asklog-errors";
  box.setAttribute("role", "alert");
  // Colours meet 4.5:1 on the panel in light and dark; ids keep the page's own CSS out.
  const style = document.createElement("style");
  style.textContent =
    "#asklog-errors{position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1rem;" +
    "background:rgba(0,0,0,.55);font:15px/1.5 system-ui,sans-serif;text-align:left}" +
    "#asklog-errors .ae-panel{max-width:60rem;margin:0 auto;padding:1.25rem 1.5rem;" +
    "border-radius:.75rem;background:#fff;color:#1f1c19;border-top:6px solid #b42318}" +
    "#asklog-errors h2{margin:0 0 .75rem;font-size:1.15rem;color:#1f1c19}" +
    "#asklog-errors .ae-where{color:#9f1c12;font-weight:700;font-family:ui-monospace,monospace}" +
    "#asklog-errors .ae-hint{color:#3f3a34}" +
    "#asklog-errors pre{margin:.4rem 0;padding:.5rem .75rem;overflow:auto;border-radius:.4rem;" +
    "background:#f3efe9;color:#1f1c19;font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap}" +
    "#asklog-errors pre b{color:#6b5f52;font-weight:400}" +
    "#asklog-errors button{min-height:2.25rem;padding:.25rem 1rem;border-radius:.5rem;" +
    "border:1px solid #1f1c19;background:#1f1c19;color:#fff;font:inherit;cursor:pointer}" +
    "#asklog-errors button:focus-visible{outline:3px solid #c2410c;outline-offset:2px}" +
    "@media (prefers-color-scheme:dark){" +
    "#asklog-errors .ae-panel{background:#1f1c19;color:#f3efe9;border-top-color:#ff8a7a}" +
    "#asklog-errors h2{color:#f3efe9}#asklog-errors .ae-where{color:#ffb4a8}" +
    "#asklog-errors .ae-hint{color:#d6d0c8}#asklog-errors pre{background:#2b2723;color:#f3efe9}" +
    "#asklog-errors pre b{color:#b5aca1}" +
    "#asklog-errors button{background:#f3efe9;color:#1f1c19;border-color:#f3efe9}}";
  let dismissed = "";
  function hide() {
    box.remove();
    style.remove();
  }
  function show(errors) {
    const panel = document.createElement("div");
    panel.className = "ae-panel";
    const h = document.createElement("h2");
    h.textContent = "asklog: the site did not build (the last good version is underneath)";
    panel.append(h);
    for (const e of errors) {
      const p = document.createElement("p");
      const where = document.createElement("code");
      where.className = "ae-where";
      where.textContent = e.path ? (e.line ? e.path + ":" + e.line : e.path) : "asklog";
      p.append(where, ": " + e.message);
      if (e.source != null) {
        const pre = document.createElement("pre");
        const number = document.createElement("b");
        number.textContent = e.line + " | ";
        pre.append(number, e.source);
        p.append(pre);
      }
      if (e.hint) {
        const hint = document.createElement("div");
        hint.className = "ae-hint";
        hint.textContent = "hint: " + e.hint;
        p.append(hint);
      }
      panel.append(p);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss and look at the last good page";
    close.onclick = () => { dismissed = JSON.stringify(errors); hide(); };
    panel.append(close);
    box.replaceChildren(panel);
    if (!box.isConnected) document.head.append(style), document.body.append(box);
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && box.isConnected) box.querySelector("button").click();
  });
  const events = new EventSource("__EVENTS__");
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    if (state.errors.length) {
      // A dismissed overlay stays away until the errors change.
      if (JSON.stringify(state.errors) !== dismissed) show(state.errors);
      return;
    }
    dismissed = "";
    hide();
    if (state.site !== built) location.reload();
  };
})();
