// Measures a printed form (OUT/<id>/<id>.html) in the browser, as it lays out: appended to a copy of the
// form by BrowserLayoutTests (and run by headless Chromium with --dump-dom), it waits for the fonts, then
// writes what it found as JSON into <pre id="sopc-measure">:
// - overflows: every table cell, header cell, identity cell and page whose content does not fit its box
//   (scrollHeight against clientHeight, scrollWidth against clientWidth, 0.5 px slack);
// - strays: every SVG text (a pentagon's letter, a small "Selesai" capsule, a Ya/Tidak label) whose box
//   (getBBox, in the overlay's millimetres) leaves the column it stands in;
// - fonts: the families the page's text was drawn in, as the browser reports them loaded.
(async () => {
  const out = { overflows: [], strays: [], fonts: [], family: "" };
  try {
    await document.fonts.ready;
    const describe = (el) => {
      const sheet = el.closest(".sheet");
      const tr = el.closest("tr");
      const text = (el.textContent || "").trim().slice(0, 60);
      return (sheet ? sheet.id : "?") + (tr ? " row " + tr.rowIndex : "") + ": " + text;
    };
    const boxes = document.querySelectorAll(".ft .c, .ft .h, .idhead td, .boxes td, .ftitle .tl, .sheet");
    for (const el of boxes) {
      const dy = el.scrollHeight - el.clientHeight;
      const dx = el.scrollWidth - el.clientWidth;
      if (dy > 0.5 || dx > 0.5) {
        out.overflows.push({ where: describe(el), cls: el.className, dy: dy, dx: dx });
      }
    }
    for (const grid of document.querySelectorAll(".grid")) {
      const cols = [...grid.querySelectorAll("colgroup col")].map((c) => parseFloat(c.style.width));
      const left = [0];
      for (const w of cols) left.push(left[left.length - 1] + w);
      for (const t of grid.querySelectorAll("svg.ov text")) {
        const b = t.getBBox();
        const cx = b.x + b.width / 2;
        let k = 0;
        while (k < cols.length - 1 && cx > left[k + 1]) k++;
        if (b.x < left[k] - 0.05 || b.x + b.width > left[k + 1] + 0.05) {
          out.strays.push({
            where: describe(grid) + " text '" + t.textContent + "'",
            x: +b.x.toFixed(2), w: +b.width.toFixed(2), column: k, from: +left[k].toFixed(2), to: +left[k + 1].toFixed(2),
          });
        }
      }
    }
    for (const f of document.fonts) out.fonts.push(f.family + " " + f.weight + " " + f.status);
    out.family = getComputedStyle(document.body).fontFamily;
  } catch (e) {
    out.error = String(e);
  }
  const pre = document.createElement("pre");
  pre.id = "sopc-measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
