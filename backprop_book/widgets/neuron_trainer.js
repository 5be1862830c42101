// The neuron trainer: one sigmoid node y = σ(w1·x1 + w2·x2 + w3·x3 + b) learns the three
// training samples by gradient descent. Each iteration is the one of backprop_book.neuron.Node,
// with the same floating-point operations in the same order: for each sample forward (z summed
// as 0 + w1·x1 + w2·x2 + w3·x3, then + b), the squared error added to the loss, δ = 2(y − y0),
// and dw_i += δ·y(1 − y)·x_i, db += δ·y(1 − y); then w_i −= α·dw_i and b −= α·db.
// Two operations may round differently from Python's: Math.exp (V8's) against math.exp (C's),
// and the square d·d against Python's (y − y0) ** 2, which calls C's pow. Both are within one
// unit in the last place, which is what the browser tests allow for.

const SUB = ["\u2081", "\u2082", "\u2083"];
const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074",
  5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };
const X_STOPS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];
const KEEP_EVERY_POINT = 1000, THIN = 5;   // the curve keeps every 5th point after 1,000
const Y_TOP = 0.5;                         // log10 of the curve's top, above the largest loss 3

/** The loss as text (format_loss in neuron_trainer.py): four decimals from 0.01 up,
 * else three significant digits. */
function lossText(v) {
  return v === 0 || v >= 1e-2 ? fmt(v, 4) : v.toExponential(2).replace("-", "\u2212");
}

/** One pass over the samples, as Node.forward, mse_loss and backward do it: the sum of
 * squared errors, its gradient (dw, db) and the outputs. */
function evaluate(w, b, xs, ys) {
  let loss = 0, db = 0;
  const dw = w.map(() => 0), outputs = [];
  for (let s = 0; s < xs.length; s++) {
    const x = xs[s];
    let z = 0;
    for (let i = 0; i < w.length; i++) z += w[i] * x[i];
    z += b;
    const y = sigmoid(z), d = y - ys[s];
    outputs.push(y);
    loss += d * d;
    const delta = 2 * d, slope = y * (1 - y);
    for (let i = 0; i < w.length; i++) dw[i] += delta * slope * x[i];
    db += delta * slope;
  }
  return { loss, dw, db, outputs };
}

const label = (attrs, text) => svg("text", attrs, text);
const power = (k) => (k === 0 ? "1" : `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c])}`);

function render({ model, el }) {
  const root = widgetRoot(el, "bp-neuron-trainer", "One sigmoid neuron learning three samples");
  const id = uniqueId("bp-trainer");
  const rates = model.get("learning_rates"), xs = model.get("training_x"), ys = model.get("training_y");
  const maxIterations = model.get("max_iterations"), perFrame = model.get("iterations_per_frame");
  const goal = model.get("goal"), yBottom = Math.round(Math.log10(model.get("loss_floor")));
  const save = (key, value) => { model.set(key, value); model.save_changes(); };

  // Controls: α on a log scale (the slider moves through the stops), Train, Step, Reset.
  const rate = rateControl({ id: `${id}-rate`, rates, label: "rate \u03b1",
    ariaLabel: "learning rate \u03b1 (log scale)", onRate: (alpha) => save("learning_rate", alpha) });
  const button = (action, text) => h("button", { type: "button", "data-action": action, text });
  const train = button("train", "Train"), step = button("step", "Step"), reset = button("reset", "Reset");
  train.setAttribute("aria-pressed", "false");
  reset.setAttribute("title", "Back to the start weights at iteration 0 (\u03b1 stays)");

  // The numbers.
  const out = (name, tag = "span") => h(tag, { "data-output": name, class: "bp-number" });
  const iterationOut = out("iteration"), lossOut = out("loss", "strong"), goalOut = out("goal");
  const stat = (name, ...content) => h("div", { class: "bp-stat" }, h("span", { class: "bp-muted", text: name }), ...content);

  // The loss curve: data coordinates (iteration, log10 loss) inside one scaled group, so a
  // new point is one appended polyline point and a longer x axis is one new transform.
  const W = 360, H = 210, box = { left: 40, right: W - 12, top: 10, bottom: H - 34 };
  const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "bp-plot" });
  const frame = svg("rect", { x: box.left, y: box.top, width: box.right - box.left,
    height: box.bottom - box.top, class: "bp-frame" });
  const axes = svg("g", { class: "bp-axes" });
  const sy = (v) => box.top + ((Y_TOP - v) / (Y_TOP - yBottom)) * (box.bottom - box.top);
  for (let k = 0; k >= yBottom; k -= 2) {
    const isGoal = Math.abs(10 ** k - goal) < 1e-12 * goal;
    axes.append(svg("line", { x1: box.left, x2: box.right, y1: sy(k), y2: sy(k),
      class: isGoal ? "bp-goal-line" : "bp-grid" }),
    label({ x: box.left - 5, y: sy(k) + 4, "text-anchor": "end" }, power(k)));
    if (isGoal) axes.append(label({ x: box.right - 4, y: sy(k) - 4, "text-anchor": "end", class: "bp-goal-name" }, "goal"));
  }
  const xTicks = [0, 1, 2].map((i) => label({ x: box.left + (i * (box.right - box.left)) / 2, y: box.bottom + 14,
    "text-anchor": i === 0 ? "start" : i === 2 ? "end" : "middle" }, ""));
  axes.append(...xTicks,
    label({ x: (box.left + box.right) / 2, y: H - 4, "text-anchor": "middle", class: "bp-axis-name" }, "iteration"));
  const scaled = svg("g", { class: "bp-scaled" });
  const line = svg("polyline", { class: "bp-curve" });
  const markers = svg("g", { class: "bp-rate-changes" });
  scaled.append(markers, line);
  const dot = svg("circle", { r: 3.5, class: "bp-now" });
  plot.append(axes, scaled, frame, dot);
  const yName = h("div", { class: "bp-plot-name" }, "Loss curve (log scale)");

  // The three outputs beside their targets, and the weights.
  const outputs = xs.map((x, s) => {
    const fill = h("span", { class: "bp-fill" });
    const target = h("span", { class: "bp-target", title: `target ${fmt(ys[s], 0)}` });
    target.style.left = `calc(${ys[s]} * (100% - 4px))`;
    const bar = h("span", { class: "bp-bar", role: "meter", "aria-valuemin": 0, "aria-valuemax": 1,
      "aria-label": `output on (${x.map((v) => fmt(v, 0)).join(", ")}), target ${fmt(ys[s], 0)}` }, fill, target);
    const value = out(`y-${s}`);
    const row = h("div", { class: "bp-output" },
      h("span", { class: "bp-input" }, `(${x.map((v) => fmt(v, 0)).join(", ")}) \u2192 ${fmt(ys[s], 0)}`), bar, value);
    return { row, fill, bar, value };
  });
  const names = ["w\u2081", "w\u2082", "w\u2083", "b"];
  const weights = names.map((_, i) => out(i < 3 ? `w${i + 1}` : "b"));
  const seedOut = h("span", { "data-output": "seed" });
  const weightList = h("div", { class: "bp-weights" }, ...names.map((name, i) => h("span", { class: "bp-weight" },
    h("span", { class: "bp-label", text: name }), " = ", weights[i])));
  const status = h("p", { class: "bp-status", "data-output": "status", "aria-live": "polite" });

  root.append(
    h("p", { class: "bp-task" }, "Pick a learning rate \u03b1 and press Train: after how many iterations is the loss below ",
      fmt(goal, 2), "?"),
    h("div", { class: "bp-controls" }, rate.row, h("div", { class: "bp-buttons" }, train, step, reset)),
    h("div", { class: "bp-stats" },
      stat("iteration", iterationOut, h("span", { class: "bp-muted", text: ` of ${maxIterations}` })),
      stat("loss", lossOut)),
    h("div", { class: "bp-stat bp-goal" }, h("span", { class: "bp-muted", text: `loss below ${fmt(goal, 2)}:` }), goalOut),
    h("div", { class: "bp-columns" },
      h("div", { class: "bp-curve-box" }, yName, plot),
      h("div", { class: "bp-side" },
        h("div", { class: "bp-side-name" }, "Outputs y (black mark: target)"),
        ...outputs.map((o) => o.row),
        h("div", { class: "bp-side-name" }, "Weights and bias (random start, seed ", seedOut, ")"),
        weightList)),
    status,
    h("p", { class: "bp-muted bp-caption" },
      "The loss is the sum of squared errors over the three samples. Each iteration runs all three forward and ",
      "backward, then moves every weight by \u2212\u03b1 \u00d7 its gradient. ",
      "Changing \u03b1 mid-run continues from the current weights (an orange dashed line marks the change); ",
      "Reset goes back to the start weights and keeps \u03b1. Losses below ", power(yBottom), " lie on the bottom edge."));

  // The training state.
  let w, b, n, now, goalAt, schedule, xMax, thinned, frameId = null;

  const logLoss = (v) => Math.max(yBottom, Math.min(Y_TOP, Math.log10(v)));
  const addPoint = (k, loss) => {
    const p = plot.createSVGPoint();
    p.x = k;
    p.y = logLoss(loss);
    const points = line.points;
    if (thinned) points.replaceItem(p, points.numberOfItems - 1);
    else points.appendItem(p);
    thinned = k > KEEP_EVERY_POINT && k % THIN !== 0;   // replaced by the next point
  };
  const setScale = () => {
    const sx = (box.right - box.left) / xMax, s = (box.bottom - box.top) / (Y_TOP - yBottom);
    scaled.setAttribute("transform", `matrix(${sx} 0 0 ${-s} ${box.left} ${box.top + Y_TOP * s})`);
    xTicks.forEach((t, i) => setText(t, String((i * xMax) / 2)));
  };

  const restart = () => {
    const start = model.get("start");
    setText(seedOut, String(model.get("seed")), model.get("seed"));
    [w, b, n, goalAt, thinned] = [start.slice(0, 3), start[3], 0, null, false];
    now = evaluate(w, b, xs, ys);
    schedule = [{ from: 0, rate: model.get("learning_rate"), marker: null }];
    markers.replaceChildren();
    line.points.clear();
    xMax = X_STOPS[0];
    setScale();
    addPoint(0, now.loss);
    if (now.loss < goal) goalAt = 0;
  };
  /** One iteration: the update with the gradient of the current weights, then the next pass. */
  const iterate = () => {
    const alpha = model.get("learning_rate");
    w = w.map((wi, i) => wi - alpha * now.dw[i]);
    b = b - alpha * now.db;
    n += 1;
    now = evaluate(w, b, xs, ys);
    if (goalAt === null && now.loss < goal) goalAt = n;
    addPoint(n, now.loss);
  };

  const STATUS = {
    start: "Press Train to run iterations, or Step for one at a time.",
    training: "Training\u2026",
    paused: "Paused.",
    limit: `Stopped at the limit of ${maxIterations} iterations. Reset to start again.`,
  };
  const showStatus = (state) => {
    setText(status, STATUS[state], state);
    if (state !== "training") describe();
  };
  /** Everything shown that changes with the iterations (called once per frame). */
  const show = () => {
    if (n > xMax) {
      xMax = X_STOPS.find((x) => x >= n) ?? n;
      setScale();
    }
    setText(iterationOut, String(n), n);
    setText(lossOut, lossText(now.loss), now.loss);
    setText(goalOut, goalAt === null ? "not yet"
      : `after ${goalAt} iteration${goalAt === 1 ? "" : "s"}`, goalAt ?? "");
    goalOut.classList.toggle("bp-good", goalAt !== null);
    outputs.forEach((o, s) => {
      const y = now.outputs[s], text = fmt(y, 4), scale = `scaleX(${y.toFixed(4)})`;
      setText(o.value, text, y);
      setProp(o.fill.style, "transform", scale);
      setAttr(o.bar, "aria-valuenow", text);
    });
    [...w, b].forEach((v, i) => setText(weights[i], fmt(v, 3), v));
    setAttr(dot, "cx", (box.left + (n / xMax) * (box.right - box.left)).toFixed(1));
    setAttr(dot, "cy", sy(logLoss(now.loss)).toFixed(1));
    const atLimit = n >= maxIterations;
    if (step.disabled !== atLimit) [step.disabled, train.disabled] = [atLimit, atLimit];
  };
  /** The plot's description for screen readers: set when training stops, not every frame. */
  const describe = () => plot.setAttribute("aria-label",
    `Loss curve: after ${n} iterations the sum of squared errors is ${lossText(now.loss)}.`);

  const playing = () => frameId !== null;
  const showPlaying = () => {
    setText(train, playing() ? "Pause" : "Train");
    setAttr(train, "aria-pressed", String(playing()));
  };
  const stop = () => {
    if (frameId !== null) cancelAnimationFrame(frameId);
    frameId = null;
    showPlaying();
  };
  const tick = () => {
    if (!el.isConnected) return stop();   // the view was taken off the page
    for (let k = 0; k < perFrame && n < maxIterations; k++) iterate();
    show();
    if (n < maxIterations) {
      frameId = requestAnimationFrame(tick);
    } else {
      stop();
      showStatus("limit");
    }
  };
  train.addEventListener("click", () => {
    if (playing()) {
      stop();
      showStatus("paused");
    } else if (n < maxIterations) {
      frameId = requestAnimationFrame(tick);
      showPlaying();
      showStatus("training");
    }
  });
  step.addEventListener("click", () => {
    stop();
    if (n < maxIterations) iterate();
    show();
    showStatus(n < maxIterations ? "paused" : "limit");
  });
  reset.addEventListener("click", () => {
    stop();
    restart();
    show();
    showStatus("start");
  });

  /** α changed: the iterations from now on use it; a dashed line marks where. */
  const showRate = () => {
    const alpha = model.get("learning_rate");
    rate.show(alpha);
    return alpha;
  };
  const rateChanged = () => {
    const alpha = showRate(), last = schedule.at(-1);
    if (last.from === n) {
      last.rate = alpha;
      const before = schedule.at(-2);
      if (before && before.rate === alpha) {   // changed back: no change here after all
        last.marker.remove();
        schedule.pop();
      } else if (last.marker) {
        last.marker.dataset.rate = String(alpha);
        last.marker.firstChild.textContent = `\u03b1 changed to ${rate.readout.textContent} at iteration ${n}`;
      }
    } else if (alpha !== last.rate) {
      const marker = svg("line", { x1: n, x2: n, y1: yBottom, y2: Y_TOP, class: "bp-rate-change",
        "data-iteration": n, "data-rate": alpha },
      svg("title", {}, `\u03b1 changed to ${rate.readout.textContent} at iteration ${n}`));
      markers.append(marker);
      schedule.push({ from: n, rate: alpha, marker });
    }
  };
  const startChanged = () => {
    stop();
    restart();
    show();
    showStatus("start");
  };

  showRate();
  restart();
  show();
  showStatus("start");
  showPlaying();
  model.on("change:learning_rate", rateChanged);
  model.on("change:start", startChanged);
  const release = layOutAlone(root);
  return () => {
    stop();
    model.off("change:learning_rate", rateChanged);
    model.off("change:start", startChanged);
    release();
  };
}

export default { render };
