// The learning-rate explorer: gradient descent x ← x − α·f′(x) on f(x) = 2x⁴ − 4x³ + 3x + 2.
// A small α crawls, a large one overshoots, oscillates or diverges; the start decides which
// minimum the descent finds. Every number is computed here with the same floating-point
// operations, in the same order, as learning_rate_explorer.py, so the two agree exactly.

const f = quartic, fp = quarticPrime;   // from common.js
const SETTLED = 1e-6, ESCAPED = 10, RECENT = 10, FIRST_ROWS = 7;

/** backprop_book.optimizers.gradient_descent: every point visited, stopping at infinity. */
function descend(x0, alpha, steps) {
  const path = [x0];
  let x = x0;
  for (let k = 0; k < steps && Number.isFinite(x); k++) {
    x = x - alpha * fp(x);
    path.push(x);
  }
  return path;
}

/** How the run ended (LearningRateExplorer.classify): {outcome, step, minimum}. */
function classify(path, [globalMin, localMin]) {
  const last = path.length - 1;
  const out = path.findIndex((x) => !(Math.abs(x) <= ESCAPED));
  if (out >= 0) return { outcome: "diverged", step: out };
  for (const [outcome, minimum] of [["global minimum", globalMin], ["local minimum", localMin]]) {
    if (Math.abs(path[last] - minimum) <= SETTLED) {
      let k = last;
      while (k > 0 && Math.abs(path[k - 1] - minimum) <= SETTLED) k--;
      return { outcome, step: k, minimum };
    }
  }
  const moves = path.slice(1).map((x, i) => x - path[i]).slice(-RECENT);
  let turns = 0;
  for (let i = 1; i < moves.length; i++) {
    if ((moves[i - 1] > 0 && moves[i] < 0) || (moves[i - 1] < 0 && moves[i] > 0)) turns++;
  }
  const swinging = moves.length > 1 && 2 * turns >= moves.length - 1;
  return { outcome: swinging ? "oscillating" : "still moving", step: last };
}

/** A table number (format_value): four decimals below 10⁴, else three significant digits. */
function num(v) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "\u221e" : "\u2212\u221e";
  return Math.abs(v) < 1e4 ? fmt(v, 4) : v.toExponential(2).replace("-", "\u2212");
}

const plural = (k) => (k === 1 ? "1 step" : `${k} steps`);

function statusText({ outcome, step, minimum }, path) {
  if (outcome === "diverged") return `Diverged: |x| passed 10 at step ${step}.`;
  if (outcome === "global minimum") {
    return `Settled in the global minimum x \u2248 ${fmt(minimum, 4)} after ${plural(step)}: `
      + "the lowest point of f.";
  }
  if (outcome === "local minimum") {
    return `Settled in the local minimum x \u2248 ${fmt(minimum, 4)} after ${plural(step)}, `
      + "but the global minimum lies lower.";
  }
  if (outcome === "oscillating") {
    return `Oscillating: after ${plural(step)} x still jumps between ${num(path.at(-2))} and ${num(path.at(-1))}.`;
  }
  return `Still moving after ${plural(step)}: not settled yet.`;
}

const far = (v) => Math.max(-1e4, Math.min(1e4, v));   // finite SVG coordinates, off the plot

/** A framed, clipped plot of [x0, x1] × [y0, y1]: {plot, axes, inside, sx, sy, box}. */
function chart(id, { width, height, left, right, top = 8, bottom = 22 }, [x0, x1], [y0, y1]) {
  const box = { left, right: width - right, top, bottom: height - bottom };
  const sx = (x) => box.left + ((x - x0) / (x1 - x0)) * (box.right - box.left);
  const sy = (y) => box.bottom - ((y - y0) / (y1 - y0)) * (box.bottom - box.top);
  const rect = { x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top };
  const plot = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "bp-plot" },
    svg("defs", {}, svg("clipPath", { id }, svg("rect", rect))));
  const axes = svg("g", { class: "bp-axes" }, svg("rect", { ...rect, class: "bp-frame" }));
  const inside = svg("g", { "clip-path": `url(#${id})` });
  plot.append(axes, inside);
  return { plot, axes, inside, sx, sy, box };
}

/** The iterates as a line and dots, updated in place (a slider drag redraws every frame).
 * The steps' dots are one path of zero-length round-capped strokes, so a hundred steps cost
 * one node, not a hundred; the last point and then the start are circles drawn on top. Dots
 * off the plot are pinned to its edge. */
function drawPath({ box }, { trail, steps, end, start }, points) {
  setAttr(trail, "points", points.map(([a, b]) => `${far(a).toFixed(2)},${far(b).toFixed(2)}`).join(" "));
  const pinned = points.map(([a, b]) => [Math.max(box.left, Math.min(box.right, a)).toFixed(2),
    Math.max(box.top, Math.min(box.bottom, b)).toFixed(2)]);
  setAttr(steps, "d", pinned.slice(1, -1).map(([a, b]) => `M${a},${b}h0`).join(""));
  for (const [dot, [a, b]] of [[end, pinned.at(-1)], [start, pinned[0]]]) {
    setAttr(dot, "cx", a);
    setAttr(dot, "cy", b);
  }
}

const label = (attrs, text) => svg("text", attrs, text);
/** The multiples of d in [a, b]. */
const ticks = (a, b, d = 1) => Array.from({ length: Math.floor(b / d) - Math.ceil(a / d) + 1 },
  (_, i) => (Math.ceil(a / d) + i) * d);
// The curve: x over the slider's range, f from 0 to 8 (both valleys clearly visible).
const W = 360, Y_RANGE = [0, 8];

function render({ model, el }) {
  const root = widgetRoot(el, "bp-learning-rate-explorer",
    "Gradient descent on f(x) = 2x\u2074 \u2212 4x\u00b3 + 3x + 2");
  const id = uniqueId("bp-lr");
  const save = (key, value) => { model.set(key, value); model.save_changes(); };
  const [xMin, xMax, xStep] = model.get("x0_range");
  const [aMin, aMax, aStep] = model.get("rate_range");
  const [sMin, sMax, sStep] = model.get("steps_range");
  const minima = model.get("minima");

  const start = rangeControl({ id: `${id}-x0`, param: "x0", label: "start x\u2080", min: xMin, max: xMax,
    step: xStep, digits: 2, onInput: (v) => save("x0", v) });
  const rate = rangeControl({ id: `${id}-rate`, param: "learning-rate", label: "rate \u03b1", min: aMin,
    max: aMax, step: aStep, digits: 3, onInput: (v) => save("learning_rate", v) });
  const count = rangeControl({ id: `${id}-steps`, param: "steps", label: "steps", min: sMin, max: sMax,
    step: sStep, digits: 0, onInput: (v) => save("steps", v) });
  start.input.setAttribute("aria-label", "start x0");
  rate.input.setAttribute("aria-label", "learning rate alpha");
  count.input.setAttribute("aria-label", "number of steps");
  const kinds = [["global", minima[0], "bp-global"], ["local", minima[1], "bp-local"]];

  // The curve with the two minima marked, and the iterates on it.
  const curve = chart(`${id}-curve`, { width: W, height: 230, left: 26, right: 8 }, [xMin, xMax], Y_RANGE);
  const xs = Array.from({ length: 201 }, (_, i) => xMin + (i * (xMax - xMin)) / 200);
  const bottom = curve.box.bottom;
  curve.inside.append(svg("path", { class: "bp-curve",
    d: xs.map((x, i) => `${i ? "L" : "M"}${curve.sx(x).toFixed(2)},${far(curve.sy(f(x))).toFixed(2)}`).join("") }),
  ...kinds.map(([name, m, cls]) => svg("g", { class: `bp-minimum ${cls}` },
    svg("line", { x1: curve.sx(m), x2: curve.sx(m), y1: curve.sy(f(m)) + 4, y2: bottom - 14 }),
    svg("circle", { cx: curve.sx(m), cy: curve.sy(f(m)), r: 3 }),
    label({ x: curve.sx(m), y: bottom - 4, "text-anchor": "middle" }, `${name} min`))));
  curve.axes.append(
    ...ticks(xMin, xMax).map((x) => label({ x: curve.sx(x), y: 224, "text-anchor": "middle" }, fmt(x, 0))),
    ...ticks(...Y_RANGE, 2).map((y) => label({ x: 22, y: curve.sy(y) + 4, "text-anchor": "end" }, fmt(y, 0))),
    label({ x: curve.box.right - 4, y: bottom - 4, "text-anchor": "end", class: "bp-axis-name" }, "x"),
    label({ x: curve.sx(xMin + 0.5), y: curve.box.top + 12, class: "bp-axis-name" }, "f(x)"));

  // x_k against k: crawling, settling, zigzagging and running off are easy to tell apart.
  const time = chart(`${id}-time`, { width: W, height: 150, left: 26, right: 46 }, [-0.02, 1.02], [xMin, xMax]);
  time.inside.append(...kinds.map(([, m, cls]) => svg("line", { class: `bp-level ${cls}`,
    x1: time.box.left, x2: time.box.right, y1: time.sy(m), y2: time.sy(m) })));
  time.axes.append(
    ...kinds.map(([name, m, cls]) => label(
      { x: time.box.right + 4, y: time.sy(m) + 4, class: `bp-level-name ${cls}` }, name)),
    ...ticks(xMin, xMax).map((x) => label({ x: 22, y: time.sy(x) + 4, "text-anchor": "end" }, fmt(x, 0))),
    label({ x: time.box.right + 4, y: time.box.top + 10, class: "bp-axis-name" }, "x\u2096"),
    label({ x: (time.box.left + time.box.right) / 2, y: 144, "text-anchor": "middle", class: "bp-axis-name" },
      "step k"));
  const kTicks = svg("g", { class: "bp-axes" },
    ...[0, 1].map(() => label({ y: 144, "text-anchor": "middle" }, "")));
  time.plot.append(kTicks);

  // The dots have radius r, the last point r + 1.5, the start r + 2.5.
  const trails = [[curve, 3], [time, 1.5]].map(([c, r]) => {
    const marks = {
      trail: svg("polyline", { class: "bp-trail" }),
      steps: svg("path", { class: "bp-step", "stroke-width": 2 * r }),
      end: svg("circle", { class: "bp-end", r: r + 1.5 }),
      start: svg("circle", { class: "bp-start", r: r + 2.5 }),
    };
    c.inside.append(marks.trail);
    // Unclipped: dots pinned to the edge stay whole.
    c.plot.append(svg("g", { class: "bp-dots" }, marks.steps, marks.end, marks.start));
    return marks;
  });
  const legend = h("div", { class: "bp-legend" },
    h("span", { class: "bp-key bp-key-start", text: "start x\u2080" }),
    h("span", { class: "bp-key bp-key-trail", text: "steps x\u2081, x\u2082, \u2026" }),
    h("span", { class: "bp-key bp-key-end", text: "last point" }));

  const out = (name) => h("span", { "data-output": name, class: "bp-number" });
  const status = h("p", { class: "bp-status", "data-output": "status", role: "status" });
  const lastK = out("last-k"), lastX = out("x-last"), lastF = out("f-last");
  const body = h("tbody", {});
  const table = h("table", { class: "bp-iterates" },
    h("thead", {}, h("tr", {}, ...["k", "x\u2096", "f(x\u2096)", "f\u2032(x\u2096)"].map((t) => h("th", { text: t })))),
    body);

  const reset = h("button", { type: "button", "data-action": "reset", text: "Reset" });
  reset.addEventListener("click", () => {
    const first = model.get("_initial");
    for (const key of ["x0", "learning_rate", "steps"]) model.set(key, first[key]);
    model.save_changes();
  });

  root.append(start.row, rate.row, count.row, curve.plot, legend, time.plot, status,
    h("p", { class: "bp-current" }, "After ", lastK, " steps: x = ", lastX, ", f(x) = ", lastF),
    h("div", { class: "bp-table-box" }, table),
    h("div", { class: "bp-footer" },
      h("span", { class: "bp-muted", text: "Goal: find a start or an \u03b1 that ends in the global minimum." }), reset));

  // The table's rows are made once and refilled: the first FIRST_ROWS iterates, a "more"
  // row when some are left out, and the last iterate.
  const numberCell = (name) => h("td", { "data-output": name, class: "bp-number" });
  const rows = Array.from({ length: FIRST_ROWS + 1 }, () => {
    const cells = [h("td", {}), numberCell("x"), numberCell("f"), numberCell("fp")];
    return { tr: h("tr", {}, ...cells), cells };
  });
  const more = h("td", { colspan: 4 });
  const moreRow = h("tr", { class: "bp-more" }, more);
  const fill = ({ tr, cells: [kCell, ...numbers] }, x, k) => {
    tr.classList.toggle("bp-unused", false);
    setAttr(tr, "data-k", k);
    setText(kCell, String(k));
    for (const [td, name, value] of [[numbers[0], "x", x], [numbers[1], "f", f(x)], [numbers[2], "fp", fp(x)]]) {
      setAttr(td, "data-output", `${name}-${k}`);
      setText(td, num(value), value);
    }
  };
  // All rows stay in the table; those not needed are hidden but keep their space, so a
  // redraw changes only text and the widget keeps its height.
  body.append(...rows.slice(0, FIRST_ROWS).map(({ tr }) => tr), moreRow, rows[FIRST_ROWS].tr);
  const showTable = (path) => {
    const last = path.length - 1, long = last > FIRST_ROWS;
    rows.forEach((row, k) => {
      if (k === FIRST_ROWS && long) fill(row, path[last], last);
      else if (k <= last) fill(row, path[k], k);
      else row.tr.classList.toggle("bp-unused", true);
    });
    moreRow.classList.toggle("bp-unused", !long);
    if (long) setText(more, `\u2026 ${path.length - FIRST_ROWS - 1} more \u2026`);
  };

  const refresh = () => {
    const x0 = model.get("x0"), alpha = model.get("learning_rate"), steps = model.get("steps");
    for (const [control, value] of [[start, x0], [rate, alpha], [count, steps]]) control.show(value);
    const path = descend(x0, alpha, steps);
    const result = classify(path, minima);
    const last = path.length - 1;

    setText(status, statusText(result, path), result.outcome);
    setAttr(status, "data-step", result.step);
    setAttr(status, "class", `bp-status bp-${result.outcome.replace(" ", "-")}`);
    setText(lastK, String(last), last);
    setText(lastX, num(path[last]), path[last]);
    setText(lastF, num(f(path[last])), f(path[last]));
    showTable(path);

    drawPath(curve, trails[0], path.map((x) => [curve.sx(x), curve.sy(f(x))]));
    const sk = (k) => time.sx(k / steps);
    drawPath(time, trails[1], path.map((x, k) => [sk(k), time.sy(x)]));
    [0, steps].forEach((k, i) => {
      setAttr(kTicks.children[i], "x", sk(k));
      setText(kTicks.children[i], String(k));
    });
    const summary = `Gradient descent from x0 = ${fmt(x0, 2)} with learning rate ${fmt(alpha, 3)}: `
      + status.textContent;
    setAttr(curve.plot, "aria-label", `${summary} The path on the curve f.`);
    setAttr(time.plot, "aria-label", `${summary} The points x_k against the step k.`);
  };

  const events = "change:x0 change:learning_rate change:steps";
  model.on(events, refresh);
  refresh();
  const release = layOutAlone(root);
  return () => { model.off(events, refresh); release(); };
}

export default { render };
