// The loss surface: L(w1, w2) of the sigmoid node over the training samples, w3 and b
// fixed, as a heat map with contours; gradient descent walks on it from a chosen start.
// The loss and gradient use the operations of backprop_book.neuron, in the same order.

/** L = (1/N) Σ (y − y0)² and ∂L/∂w_j = Σ delta·x_j with delta = 2 (y − y0) y (1 − y) / N. */
function lossAndGradient(w, b, xs, ys) {
  const n = ys.length, grad = [0, 0];
  let sum = 0;
  xs.forEach((x, k) => {
    const y = sigmoid(x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + b);
    const d = y - ys[k];
    sum += d * d;
    const delta = 2 * d * y * (1 - y) / n;
    grad[0] += delta * x[0];
    grad[1] += delta * x[1];
  });
  return { loss: sum / n, grad };
}

// Viridis (colour-blind safe, darker = lower), nine stops, interpolated linearly.
const viridis = colourScale(["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"]);



const label = (attrs, text) => Object.assign(svg("text", attrs), { textContent: text });
function legendKey(name, ...marks) {  // a small sample of a mark drawn on the map
  const key = svg("svg", { viewBox: "0 0 24 12", width: 24, height: 12, "aria-hidden": "true" });
  key.append(...marks);
  return h("span", {}, key, ` ${name}`);
}

const LEFT = 34, TOP = 8, SIZE = 252, CELLS = 60, INTERVAL_MS = 100;

function render({ model, el }) {
  const root = widgetRoot(el, "bp-loss-surface", "Gradient descent on the loss surface L(w\u2081, w\u2082)");
  const id = uniqueId("bp-loss");
  const [low, high, snap] = model.get("start_range"), span = high - low, perUnit = Math.round(1 / snap);
  const rates = model.get("learning_rates"), xs = model.get("training_x"), ys = model.get("training_y");
  const px = (w1) => LEFT + ((w1 - low) / span) * SIZE, py = (w2) => TOP + ((high - w2) / span) * SIZE;
  const save = (changes) => {
    for (const [key, value] of Object.entries(changes)) model.set(key, value);
    model.save_changes();
  };
  const evaluate = (w1, w2) => lossAndGradient([w1, w2, model.get("w3")], model.get("b"), xs, ys);

  // The map: heat map image, contours, path, points; a transparent rectangle takes the clicks.
  const plot = svg("svg", { viewBox: `0 0 ${LEFT + SIZE + 8} ${TOP + SIZE + 34}`, role: "img", class: "bp-plot" });
  const clip = svg("clipPath", { id: `${id}-clip` });
  clip.append(svg("rect", { x: LEFT, y: TOP, width: SIZE, height: SIZE }));
  const heat = svg("image", { x: LEFT, y: TOP, width: SIZE, height: SIZE, preserveAspectRatio: "none", class: "bp-heat" });
  const contours = svg("path", { class: "bp-contours" });
  const line = svg("polyline", { class: "bp-path" });
  const dots = svg("path", { class: "bp-dots" });
  const startDot = svg("circle", { r: 4.5, class: "bp-start" });
  const nowDot = svg("circle", { r: 5.5, class: "bp-now" });
  const inside = svg("g", { "clip-path": `url(#${id}-clip)` });
  inside.append(heat, contours, line, dots, startDot, nowDot);
  const axes = svg("g", { class: "bp-axes" });
  for (let v = Math.ceil(low); v <= high; v++) {
    axes.append(svg("line", { x1: px(v), x2: px(v), y1: TOP + SIZE, y2: TOP + SIZE + 4 }),
      svg("line", { x1: LEFT - 4, x2: LEFT, y1: py(v), y2: py(v) }),
      label({ x: px(v), y: TOP + SIZE + 15, "text-anchor": "middle" }, fmt(v, 0)),
      label({ x: LEFT - 6, y: py(v) + 4, "text-anchor": "end" }, fmt(v, 0)));
  }
  axes.append(label({ x: LEFT + SIZE / 2, y: TOP + SIZE + 31, "text-anchor": "middle", class: "bp-axis-name" }, "w\u2081"),
    label({ x: 2, y: TOP + 12, class: "bp-axis-name" }, "w\u2082"),
    svg("rect", { x: LEFT, y: TOP, width: SIZE, height: SIZE, class: "bp-frame" }));
  const hit = svg("rect", { x: LEFT, y: TOP, width: SIZE, height: SIZE, class: "bp-hit", "data-action": "pick-start" });
  const defs = svg("defs");
  defs.append(clip);
  plot.append(defs, inside, axes, hit);

  const scale = { low: h("span", { "data-output": "map-low" }), high: h("span", { "data-output": "map-high" }) };
  const bar = h("span", { class: "bp-scale-bar", "aria-hidden": "true" });
  bar.style.background = `linear-gradient(to right, ${viridis.stops.map((c) => `rgb(${c})`).join(", ")})`;
  const contourNote = h("span", { class: "bp-muted" });
  const legend = h("div", { class: "bp-legend" },
    h("div", { class: "bp-scale" }, h("span", { class: "bp-muted", text: "L on the map:" }), scale.low, bar, scale.high),
    h("div", { class: "bp-muted" }, "Darker = lower loss. ", contourNote),
    h("div", { class: "bp-keys" }, legendKey("start", svg("circle", { cx: 12, cy: 6, r: 4.5, class: "bp-start" })),
      legendKey("path", svg("polyline", { points: "1,6 23,6", class: "bp-path" }),
        svg("path", { d: "M1,6h0M12,6h0M23,6h0", class: "bp-dots" })),
      legendKey("now", svg("circle", { cx: 12, cy: 6, r: 5, class: "bp-now" }))));

  // Controls: the start (the keyboard's way to do what a click on the map does), α, buttons.
  const sub = ["\u2081", "\u2082"];
  const starts = [0, 1].map((i) => rangeControl({
    id: `${id}-w${i + 1}`, param: `start-w${i + 1}`, label: `w${sub[i]}`, min: low, max: high, step: snap, digits: 2,
    onInput: (v) => { const s = [...model.get("start")]; s[i] = v; save({ start: s, steps: 0 }); },
  }));
  starts.forEach((c, i) => c.input.setAttribute("aria-label", `start w${sub[i]}`));
  const rate = rateControl({ id: `${id}-lr`, rates, label: "\u03b1", ariaLabel: "learning rate \u03b1 (log scale)",
    onRate: (alpha) => save({ learning_rate: alpha }) });
  const button = (action, text) => h("button", { type: "button", "data-action": action, text });
  const step = button("step", "Step"), play = button("play", "Play"), reset = button("reset", "Reset");
  play.setAttribute("aria-pressed", "false");

  const out = (name) => h("span", { "data-output": name, class: "bp-number" });
  const shown = { steps: out("steps"), w1: out("w1"), w2: out("w2"), loss: out("loss"), norm: out("gradient-norm") };
  const status = h("p", { class: "bp-status bp-muted", "aria-live": "polite" });
  const row = (head, cell) => h("tr", {}, h("th", { text: head }), h("td", {}, cell));
  const fixedW3 = h("span", { "data-output": "w3" }), fixedB = h("span", { "data-output": "b" });
  root.append(
    h("p", { class: "bp-muted bp-fixed" }, "Held fixed: w\u2083 = ", fixedW3, ", b = ", fixedB,
      ". L is the mean squared error over the three training samples."),
    h("div", { class: "bp-columns" },
      h("div", { class: "bp-map" }, plot, legend),
      h("div", { class: "bp-side" },
        h("fieldset", {}, h("legend", { text: "Start (or click the map)" }), ...starts.map((c) => c.row)),
        h("fieldset", {}, h("legend", { text: "Learning rate" }), rate.row),
        h("div", { class: "bp-buttons" }, step, play, reset),
        h("table", { class: "bp-readout-table" }, h("tbody", {},
          row("step", shown.steps), row("w\u2081", shown.w1), row("w\u2082", shown.w2),
          row("loss L", shown.loss), row("|\u2207L|", shown.norm))),
        status)));

  const drawSurface = () => {
    const w3 = model.get("w3"), b = model.get("b");
    for (const [node, value] of [[fixedW3, w3], [fixedB, b]]) {
      node.textContent = fmt(value, 2);
      node.dataset.value = String(value);
    }
    const centre = (i) => low + ((i + 0.5) * span) / CELLS;  // as LossSurface.grid in Python
    const cells = Array.from({ length: CELLS }, (_, r) => Array.from({ length: CELLS },
      (_, c) => evaluate(centre(c), centre(CELLS - 1 - r)).loss));
    const flat = cells.flat(), min = Math.min(...flat), max = Math.max(...flat);
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = CELLS;
    const context = canvas.getContext("2d"), image = context.createImageData(CELLS, CELLS);
    flat.forEach((v, k) => image.data.set([...viridis(max > min ? (v - min) / (max - min) : 0), 255], 4 * k));
    context.putImageData(image, 0, 0);
    heat.setAttribute("href", canvas.toDataURL("image/png"));
    const nodes = Array.from({ length: CELLS + 1 }, (_, j) => Array.from({ length: CELLS + 1 },
      (_, i) => evaluate(low + (i * span) / CELLS, high - (j * span) / CELLS).loss));
    const gap = niceStep((max - min) / 8), levels = [];
    for (let k = Math.ceil(min / gap); k * gap < max; k++) levels.push(k * gap);
    const toX = (i) => LEFT + (i / CELLS) * SIZE, toY = (j) => TOP + (j / CELLS) * SIZE;
    contours.setAttribute("d", levels.map((level) => contour(nodes, level, toX, toY)).join(""));
    const nice = (v) => String(Number(v.toPrecision(3)));
    contourNote.textContent = levels.length
      ? `White contour lines: every ${nice(gap)} of L, from ${nice(levels[0])} to ${nice(levels.at(-1))}.` : "";
    for (const [key, value] of [["low", min], ["high", max]]) {
      scale[key].textContent = fmt(value, 3);
      scale[key].dataset.value = String(value);
    }
  };

  // The path is a function of (w3, b, start, α, steps); points are kept while those hold.
  let cache = { key: "", points: [] };
  const pathTo = (steps) => {
    const start = model.get("start"), lr = model.get("learning_rate");
    const key = JSON.stringify([model.get("w3"), model.get("b"), start, lr]);
    if (key !== cache.key) cache = { key, points: [start] };
    const points = cache.points;
    while (points.length <= steps && points.at(-1).every(Number.isFinite)) {  // as gradient_descent
      const [w1, w2] = points.at(-1), { grad } = evaluate(w1, w2);
      points.push([w1 - lr * grad[0], w2 - lr * grad[1]]);
    }
    return points.slice(0, steps + 1);
  };

  let timer = null, atRest = false;
  const showPlaying = () => {
    setText(play, timer ? "Pause" : "Play");
    setAttr(play, "aria-pressed", String(Boolean(timer)));
  };
  const stop = () => { clearInterval(timer); timer = null; showPlaying(); };
  const finished = () => model.get("steps") >= model.get("max_steps") || atRest;
  const tick = () => {
    if (!finished()) save({ steps: model.get("steps") + 1 });
    if (finished()) stop();
  };
  play.addEventListener("click", () => {
    if (timer) return stop();
    if (finished()) save({ steps: 0 });
    timer = setInterval(tick, INTERVAL_MS);
    showPlaying();
  });
  step.addEventListener("click", () => {
    if (model.get("steps") < model.get("max_steps")) save({ steps: model.get("steps") + 1 });
  });
  reset.addEventListener("click", () => { stop(); save(structuredClone(model.get("_initial"))); });
  hit.addEventListener("click", (event) => {
    const box = hit.getBoundingClientRect();
    const toGrid = (v) => Math.min(high, Math.max(low, Math.round(v * perUnit) / perUnit));
    save({ start: [toGrid(low + ((event.clientX - box.left) / box.width) * span),
      toGrid(high - ((event.clientY - box.top) / box.height) * span)], steps: 0 });
  });

  const refresh = () => {
    const start = model.get("start"), lr = model.get("learning_rate"), steps = model.get("steps");
    const maxSteps = model.get("max_steps");
    starts.forEach((c, i) => c.show(start[i]));
    rate.show(lr);
    const points = pathTo(steps), [w1, w2] = points.at(-1);
    const { loss, grad } = evaluate(w1, w2), norm = Math.sqrt(grad[0] * grad[0] + grad[1] * grad[1]);
    atRest = norm < model.get("converged");
    const xy = points.filter((p) => p.every(Number.isFinite))
      .map(([a, c]) => `${px(a).toFixed(2)},${py(c).toFixed(2)}`);
    setAttr(line, "points", xy.join(" "));
    setAttr(dots, "d", xy.map((p) => `M${p}h0`).join(""));
    for (const [dot, [a, c]] of [[startDot, start], [nowDot, [w1, w2]]]) {
      setAttr(dot, "cx", px(a).toFixed(2));
      setAttr(dot, "cy", py(c).toFixed(2));
    }
    setText(shown.steps, `${steps} of ${maxSteps}`, steps);
    setText(shown.w1, fmt(w1, 4), w1);
    setText(shown.w2, fmt(w2, 4), w2);
    setText(shown.loss, fmt(loss, 6), loss);
    setText(shown.norm, norm.toExponential(2).replace("-", "\u2212"), norm);
    setProp(step, "disabled", steps >= maxSteps);
    const onMap = low <= w1 && w1 <= high && low <= w2 && w2 <= high;
    setText(status, [
      atRest ? "At rest: the gradient has vanished." : steps >= maxSteps ? `Step limit reached (${maxSteps}).`
        : steps === 0 ? "Click the map (or use the sliders) to choose a start, then Step or Play."
          : `Walking downhill. Moving \u03b1 redraws these ${steps} steps at the new rate.`,
      onMap ? "" : "The point has left the map; the numbers still follow it."].join(" ").trim());
    setAttr(plot, "aria-label", `loss surface over w1 and w2; after ${steps} steps the walk is at `
      + `w1 = ${fmt(w1, 2)}, w2 = ${fmt(w2, 2)}, L = ${fmt(loss, 4)}`);
  };

  const surfaceEvents = "change:w3 change:b";
  const events = "change:start change:learning_rate change:steps change:max_steps";
  const redraw = () => { drawSurface(); refresh(); };
  model.on(surfaceEvents, redraw);
  model.on(events, refresh);
  redraw();
  const release = layOutAlone(root);
  return () => {
    stop();
    model.off(surfaceEvents, redraw);
    model.off(events, refresh);
    release();
  };
}

export default { render };
