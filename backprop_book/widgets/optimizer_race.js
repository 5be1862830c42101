// The optimiser race: SGD, Momentum, Adagrad, RMSprop and Adam walk downhill on one 2-D
// surface from the same start with the same learning rate. The surfaces and the update rules
// repeat backprop_book/surfaces.py and backprop_book/optimizers.py operation by operation,
// so the page's paths are Python's to the last bit.

/** f and its gradient, written as in backprop_book/surfaces.py (same operations, same order). */
const SURFACE_FUNCTIONS = {
  bowl: { f: (x, y) => x * x / 25 + 4 * y * y, gradient: (x, y) => [2 * x / 25, 8 * y] },
  "two-minima": { f: (x, y) => quartic(x) + y * y, gradient: (x, y) => [quarticPrime(x), 2 * y] },
  saddle: { f: (x, y) => x * x + y * y * (y * y / 4 - 1), gradient: (x, y) => [2 * x, y * (y * y - 2)] },
};

/** One optimiser's update rule, as in backprop_book/optimizers.py; step(p, g) updates p in place. */
function makeOptimizer(name, lr, hyper) {
  const zeros = () => [0, 0];
  if (name === "SGD") {
    return { step(p, g) { for (let i = 0; i < p.length; i++) p[i] -= lr * g[i]; } };
  }
  if (name === "Momentum") {
    const { beta } = hyper, v = zeros();
    return {
      step(p, g) {
        for (let i = 0; i < p.length; i++) {
          v[i] = beta * v[i] + g[i];
          p[i] -= lr * v[i];
        }
      },
    };
  }
  if (name === "Adagrad") {
    const { eps } = hyper, sum = zeros();
    return {
      step(p, g) {
        for (let i = 0; i < p.length; i++) {
          sum[i] = sum[i] + g[i] * g[i];
          p[i] -= lr * g[i] / (Math.sqrt(sum[i]) + eps);
        }
      },
    };
  }
  if (name === "RMSprop") {
    const { rho, eps } = hyper, s = zeros();
    return {
      step(p, g) {
        for (let i = 0; i < p.length; i++) {
          s[i] = rho * s[i] + (1 - rho) * (g[i] * g[i]);
          p[i] -= lr * g[i] / (Math.sqrt(s[i]) + eps);
        }
      },
    };
  }
  if (name === "Adam") {
    const { beta1, beta2, eps } = hyper, m = zeros(), v = zeros();
    let beta1Power = 1, beta2Power = 1;   // β1^t and β2^t as running products, as in Python
    return {
      step(p, g) {
        beta1Power = beta1Power * beta1;
        beta2Power = beta2Power * beta2;
        for (let i = 0; i < p.length; i++) {
          m[i] = beta1 * m[i] + (1 - beta1) * g[i];
          v[i] = beta2 * v[i] + (1 - beta2) * (g[i] * g[i]);
          const mHat = m[i] / (1 - beta1Power), vHat = v[i] / (1 - beta2Power);
          p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
        }
      },
    };
  }
  throw new Error(`unknown optimiser ${name}`);
}

/** A race run of one optimiser from a start: its points so far and its state. */
function newRun(name, lr, hyper, start) {
  return { optimizer: makeOptimizer(name, lr, hyper), points: [[...start]], over: false };
}

/** Extend a run to `steps` steps, as optimizers.descend does: the run ends at a point
 * whose gradient is not finite (no step taken) or after the first non-finite point. */
function extendRun(run, gradient, steps) {
  const { optimizer, points } = run;
  while (points.length <= steps && !run.over) {
    const p = [...points.at(-1)], g = gradient(p[0], p[1]);
    if (!g.every(Number.isFinite)) { run.over = true; break; }
    optimizer.step(p, g);
    points.push(p);
    if (!p.every(Number.isFinite)) run.over = true;
  }
  return run;
}

// Okabe-Ito colours (no yellow or sky blue: too pale on the light map), each with its own
// dash pattern and marker shape, so colour is never the only cue.
const STYLES = {
  SGD: { color: "#e69f00", dash: "", marker: "circle" },
  Momentum: { color: "#0072b2", dash: "7 3", marker: "square" },
  Adagrad: { color: "#009e73", dash: "1.5 3", marker: "triangle" },
  RMSprop: { color: "#cc79a7", dash: "8 3 1.5 3", marker: "diamond" },
  Adam: { color: "#d55e00", dash: "3 2", marker: "cross" },
};

/** A marker of the given shape centred on (0, 0) as a path. */
function markerPath(shape, r) {
  const s = (v) => v.toFixed(2);
  switch (shape) {
    case "square": return `M${s(-r)},${s(-r)}H${s(r)}V${s(r)}H${s(-r)}Z`;
    case "triangle": return `M0,${s(-1.2 * r)}L${s(1.1 * r)},${s(0.8 * r)}H${s(-1.1 * r)}Z`;
    case "diamond": return `M0,${s(-1.3 * r)}L${s(1.3 * r)},0L0,${s(1.3 * r)}L${s(-1.3 * r)},0Z`;
    case "cross": return `M${s(-r)},${s(-r)}L${s(r)},${s(r)}M${s(r)},${s(-r)}L${s(-r)},${s(r)}`;
    default: return `M${s(-r)},0A${s(r)},${s(r)} 0 1 0 ${s(r)},0A${s(r)},${s(r)} 0 1 0 ${s(-r)},0Z`;
  }
}

/** A loss as the page prints it (Python twin: optimizer_race.format_loss). */
function lossText(v) {
  if (!Number.isFinite(v)) return "diverged";
  if (v === 0 || (Math.abs(v) >= 1e-2 && Math.abs(v) < 1e5)) return fmt(v, 4);
  return v.toExponential(2).replace("e+", "e").replace(/-/g, "\u2212");
}

// The heat map: a light, single-hue sequential scale (darker = lower), readable by every
// kind of colour vision, under coloured paths.
const shade = colourScale(["#6e8cb4", "#8aa2c3", "#a6b9d2", "#c2cfe0", "#dbe3ed", "#eef2f7", "#fbfcfd"]);



const text = (attrs, content) => Object.assign(svg("text", attrs), { textContent: content });
const LEFT = 34, TOP = 8, SIZE = 260, CELLS = 72, FAR = 1e5;

function render({ model, el }) {
  const root = widgetRoot(el, "bp-optimizer-race", "The optimiser race");
  const id = uniqueId("bp-race");
  const names = model.get("optimizers"), hyper = model.get("hyper_parameters");
  const surfaces = model.get("surfaces"), rates = model.get("learning_rates");
  const save = (changes) => {
    for (const [key, value] of Object.entries(changes)) model.set(key, value);
    model.save_changes();
  };

  // The surface's geometry, set by drawSurface().
  let geo = null;
  const px = (x) => LEFT + ((x - geo.x0) / (geo.x1 - geo.x0)) * SIZE;
  const py = (y) => TOP + ((geo.y1 - y) / (geo.y1 - geo.y0)) * SIZE;
  const clampPx = (v) => Math.min(FAR, Math.max(-FAR, v));
  const farOff = ([a, b]) => a < LEFT - SIZE || a > LEFT + 2 * SIZE || b < TOP - SIZE || b > TOP + 2 * SIZE;

  // The plot: heat map, contours, minima, paths and markers; clicks pick the start.
  const plot = svg("svg", { viewBox: `0 0 ${LEFT + SIZE + 8} ${TOP + SIZE + 34}`, role: "img", class: "bp-plot" });
  const clip = svg("clipPath", { id: `${id}-clip` });
  clip.append(svg("rect", { x: LEFT, y: TOP, width: SIZE, height: SIZE }));
  const defs = svg("defs");
  defs.append(clip);
  const heat = svg("image", { x: LEFT, y: TOP, width: SIZE, height: SIZE, preserveAspectRatio: "none", class: "bp-heat" });
  const contours = svg("path", { class: "bp-contours" });
  const minima = svg("g", { class: "bp-minima" });
  const paths = {}, markers = {}, casings = {};
  const pathLayer = svg("g", { class: "bp-paths" });
  for (const name of names) {
    const style = STYLES[name];
    casings[name] = svg("polyline", { class: "bp-casing" });
    paths[name] = svg("polyline", { class: "bp-path", stroke: style.color, "stroke-dasharray": style.dash, "data-optimizer": name });
    markers[name] = svg("path", { class: "bp-marker", d: markerPath(style.marker, 4.5), fill: style.color,
      stroke: style.marker === "cross" ? style.color : "#1c1e21", "data-optimizer": name });
    pathLayer.append(casings[name], paths[name]);
  }
  const startDot = svg("circle", { r: 5, class: "bp-start" });
  const cursor = svg("g", { class: "bp-cursor" }, svg("circle", { r: 8 }),
    svg("path", { d: "M-12,0H-4M4,0H12M0,-12V-4M0,4V12" }));
  const inside = svg("g", { "clip-path": `url(#${id}-clip)` });
  // The start on top of the markers: at step 0 all five sit on it, and the key names it.
  inside.append(heat, contours, minima, pathLayer, ...names.map((n) => markers[n]), startDot, cursor);
  const axes = svg("g", { class: "bp-axes" });
  const hit = svg("rect", { x: LEFT, y: TOP, width: SIZE, height: SIZE, class: "bp-hit", "data-action": "pick-start" });
  plot.append(defs, inside, axes, hit);
  const map = h("div", { class: "bp-map", tabindex: "0", role: "group", "data-lm-suppress-shortcuts": "true",
    "data-action": "map-keys", "aria-label": "The surface. Click to start the race there, or move the cursor "
      + "with the arrow keys (Shift: five times as far) and press Enter to start there." }, plot);
  const cursorNote = h("p", { class: "bp-muted bp-cursor-note", "aria-live": "polite" });
  const mapKey = h("p", { class: "bp-muted bp-map-key" });

  // Controls.
  const select = h("select", { "data-param": "surface", id: `${id}-surface` },
    ...Object.entries(surfaces).map(([name, s]) => h("option", { value: name, text: s.title })));
  const surfaceRow = h("label", { class: "bp-surface-row", for: `${id}-surface` },
    h("span", { text: "Surface" }), select);
  const rate = rateControl({ id: `${id}-lr`, rates, label: "\u03b1", ariaLabel: "learning rate \u03b1 (log scale)",
    onRate: (alpha) => save({ learning_rate: alpha }) });
  const button = (action, label) => h("button", { type: "button", "data-action": action, text: label });
  const step = button("step", "Step"), play = button("play", "Play"), reset = button("reset", "Reset");
  play.setAttribute("aria-pressed", "false");
  const stepsOut = h("span", { "data-output": "steps", class: "bp-number" });
  const startOut = { x: h("span", { "data-output": "start-x", class: "bp-number" }),
    y: h("span", { "data-output": "start-y", class: "bp-number" }) };

  // The legend: one row per optimiser with its line sample, step and loss.
  const rows = {}, shownStep = {}, shownLoss = {};
  const tbody = h("tbody");
  for (const name of names) {
    const style = STYLES[name];
    const key = svg("svg", { viewBox: "0 0 30 12", width: 30, height: 12, "aria-hidden": "true" });
    key.append(svg("line", { x1: 1, x2: 29, y1: 6, y2: 6, stroke: style.color, "stroke-width": 2.5, "stroke-dasharray": style.dash }),
      Object.assign(svg("path", { d: markerPath(style.marker, 3.5), transform: "translate(15,6)", fill: style.color,
        stroke: style.marker === "cross" ? style.color : "#1c1e21", class: "bp-key-marker" })));
    shownStep[name] = h("td", { "data-output": `step-${name}`, class: "bp-number" });
    shownLoss[name] = h("td", { "data-output": `loss-${name}`, class: "bp-number bp-loss" });
    rows[name] = h("tr", { "data-optimizer": name }, h("th", { scope: "row" }, key, ` ${name}`),
      shownStep[name], shownLoss[name]);
    tbody.append(rows[name]);
  }
  const table = h("table", { class: "bp-standings" },
    h("thead", {}, h("tr", {}, h("th", { text: "optimiser" }), h("th", { text: "step" }), h("th", { text: "loss f" }))), tbody);
  const leadOut = h("span", { "data-output": "leader", class: "bp-lead-name" });
  const status = h("p", { class: "bp-status bp-muted", "aria-live": "polite" });
  const description = h("p", { class: "bp-muted bp-about" });

  const columns = h("div", { class: "bp-columns" },
    h("div", { class: "bp-left" }, map,
      h("p", { class: "bp-start-line" }, "Start: x = ", startOut.x, ", y = ", startOut.y), mapKey, cursorNote),
    h("div", { class: "bp-side" },
      h("fieldset", {}, h("legend", { text: "Learning rate (log scale)" }), rate.row),
      h("div", { class: "bp-buttons" }, step, play, reset),
      h("p", { class: "bp-step-line" }, "Step ", stepsOut, " \u00b7 in the lead: ", leadOut),
      table, status));
  root.append(h("div", { class: "bp-top" }, surfaceRow, description), columns);

  const evaluate = () => SURFACE_FUNCTIONS[model.get("surface")];

  const drawSurface = () => {
    const name = model.get("surface"), info = surfaces[name], { f } = evaluate();
    const [x0, x1] = info.x_range, [y0, y1] = info.y_range;
    geo = { x0, x1, y0, y1, snap: niceStep(Math.max(x1 - x0, y1 - y0) / 60) };
    setProp(select, "value", name);
    description.textContent = info.description;
    // The cell centres, as OptimizerRace.grid in Python; row 0 is the top.
    const cx = (i) => x0 + ((i + 0.5) * (x1 - x0)) / CELLS, cy = (i) => y0 + ((i + 0.5) * (y1 - y0)) / CELLS;
    const cells = [];
    for (let r = CELLS - 1; r >= 0; r--) for (let c = 0; c < CELLS; c++) cells.push(f(cx(c), cy(r)));
    const min = Math.min(...cells), max = Math.max(...cells), spread = max > min ? max - min : 1;
    const scaled = (v) => Math.sqrt((v - min) / spread);   // more shades near the bottom
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = CELLS;
    const context = canvas.getContext("2d"), image = context.createImageData(CELLS, CELLS);
    cells.forEach((v, k) => image.data.set([...shade(scaled(v)), 255], 4 * k));
    context.putImageData(image, 0, 0);
    heat.setAttribute("href", canvas.toDataURL("image/png"));
    heat.dataset.low = String(min);
    heat.dataset.high = String(max);
    const nodes = Array.from({ length: CELLS + 1 }, (_, j) => Array.from({ length: CELLS + 1 },
      (_, i) => f(x0 + (i * (x1 - x0)) / CELLS, y1 - (j * (y1 - y0)) / CELLS)));
    const levels = Array.from({ length: 11 }, (_, k) => min + spread * ((k + 0.5) / 12) ** 2);
    const toX = (i) => LEFT + (i / CELLS) * SIZE, toY = (j) => TOP + (j / CELLS) * SIZE;
    contours.setAttribute("d", levels.map((level) => contour(nodes, level, toX, toY)).join(""));
    minima.replaceChildren(...info.minima.map(([x, y, kind]) => svg("path", {
      class: `bp-point bp-${kind}`, "data-kind": kind, transform: `translate(${px(x).toFixed(2)},${py(y).toFixed(2)})`,
      d: kind === "saddle" ? "M-6,0H6M0,-6V6" : kind === "local" ? markerPath("circle", 5) : "M0,-7L2,-2L7,-2L3,1L5,7L0,3L-5,7L-3,1L-7,-2L-2,-2Z",
    })));
    const kinds = new Set(info.minima.map((m) => m[2]));
    mapKey.textContent = ["Darker = lower f. Lines: contours of f.",
      kinds.has("global") ? "\u2605 global minimum." : "", kinds.has("local") ? "\u25cb local minimum." : "",
      kinds.has("saddle") ? "+ saddle point." : "", "White dot: the start."].filter(Boolean).join(" ");
    // Axes: ticks at nice steps.
    axes.replaceChildren();
    const tick = niceStep(Math.max(x1 - x0, y1 - y0) / 5);
    for (let v = Math.ceil(x0 / tick) * tick; v <= x1 + 1e-9; v += tick) {
      axes.append(svg("line", { x1: px(v), x2: px(v), y1: TOP + SIZE, y2: TOP + SIZE + 4 }),
        text({ x: px(v), y: TOP + SIZE + 15, "text-anchor": "middle" }, fmt(v, tick < 1 ? 1 : 0)));
    }
    for (let v = Math.ceil(y0 / tick) * tick; v <= y1 + 1e-9; v += tick) {
      axes.append(svg("line", { x1: LEFT - 4, x2: LEFT, y1: py(v), y2: py(v) }),
        text({ x: LEFT - 6, y: py(v) + 4, "text-anchor": "end" }, fmt(v, tick < 1 ? 1 : 0)));
    }
    axes.append(text({ x: LEFT + SIZE / 2, y: TOP + SIZE + 31, "text-anchor": "middle", class: "bp-axis-name" }, "x"),
      text({ x: 4, y: TOP + 12, class: "bp-axis-name" }, "y"),
      svg("rect", { x: LEFT, y: TOP, width: SIZE, height: SIZE, class: "bp-frame" }));
  };

  // Each optimiser's path is a function of (surface, start, α, steps): points and the
  // optimiser's state are kept while the first three hold, and extended step by step.
  let runs = null, runsKey = "";
  const pathsTo = (steps) => {
    const start = model.get("start"), lr = model.get("learning_rate"), surface = model.get("surface");
    const key = JSON.stringify([surface, start, lr]);
    if (key !== runsKey) {
      runsKey = key;
      runs = Object.fromEntries(names.map((n) => [n, newRun(n, lr, hyper[n], start)]));
    }
    const { gradient } = evaluate();
    for (const name of names) extendRun(runs[name], gradient, steps);
    return Object.fromEntries(names.map((n) => [n, runs[n].points.slice(0, steps + 1)]));
  };

  // The keyboard cursor on the map.
  let cursorAt = null;
  const showCursor = () => {
    const visible = cursorAt !== null && document.activeElement === map;
    cursor.style.display = visible ? "" : "none";
    if (visible) cursor.setAttribute("transform", `translate(${px(cursorAt[0]).toFixed(2)},${py(cursorAt[1]).toFixed(2)})`);
    // Always two lines of text, so that focus leaving the map does not move what is below.
    setText(cursorNote, visible ? `Cursor at x = ${fmt(cursorAt[0], 2)}, y = ${fmt(cursorAt[1], 2)}: Enter starts the race there.`
      : "Keys: on the map, the arrows move a cursor and Enter starts the race there.");
    if (visible) {
      cursorNote.dataset.x = String(cursorAt[0]);
      cursorNote.dataset.y = String(cursorAt[1]);
    }
  };
  const snapTo = (v, low, high) => Math.min(high, Math.max(low, Number((Math.round(v / geo.snap) * geo.snap).toFixed(6))));
  const startAt = (x, y) => save({ start: [snapTo(x, geo.x0, geo.x1), snapTo(y, geo.y0, geo.y1)], steps: 0 });
  map.addEventListener("focus", () => { cursorAt = [...model.get("start")]; showCursor(); });
  map.addEventListener("blur", showCursor);
  map.addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (event.target !== map) return;
    if (moves[event.key]) {
      event.preventDefault();
      const [dx, dy] = moves[event.key], far = event.shiftKey ? 5 : 1;
      cursorAt ??= [...model.get("start")];
      cursorAt = [snapTo(cursorAt[0] + dx * far * geo.snap, geo.x0, geo.x1),
        snapTo(cursorAt[1] + dy * far * geo.snap, geo.y0, geo.y1)];
      showCursor();
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (cursorAt) { stop(); startAt(...cursorAt); }
    }
  });
  hit.addEventListener("click", (event) => {
    const box = hit.getBoundingClientRect();
    stop();
    startAt(geo.x0 + ((event.clientX - box.left) / box.width) * (geo.x1 - geo.x0),
      geo.y1 - ((event.clientY - box.top) / box.height) * (geo.y1 - geo.y0));
    cursorAt = [...model.get("start")];
    showCursor();
  });
  select.addEventListener("change", () => {
    stop();
    const info = surfaces[select.value];
    save({ surface: select.value, start: [...info.default_start], learning_rate: info.default_learning_rate, steps: 0 });
  });

  // Play / Pause / Step / Reset.
  let frameId = null;
  const showPlaying = () => {
    setText(play, frameId !== null ? "Pause" : "Play");
    setAttr(play, "aria-pressed", String(frameId !== null));
  };
  function stop() {
    if (frameId !== null) cancelAnimationFrame(frameId);
    frameId = null;
    showPlaying();
  }
  const tick = () => {
    if (!el.isConnected) return stop();   // the view was taken off the page
    const maxSteps = model.get("max_steps");
    const steps = Math.min(maxSteps, model.get("steps") + model.get("steps_per_frame"));
    save({ steps });
    if (steps >= maxSteps) { stop(); refresh(); } else frameId = requestAnimationFrame(tick);
  };
  play.addEventListener("click", () => {
    if (frameId !== null) { stop(); refresh(); return; }
    if (model.get("steps") >= model.get("max_steps")) save({ steps: 0 });
    frameId = requestAnimationFrame(tick);
    showPlaying();
    refresh();
  });
  step.addEventListener("click", () => {
    stop();
    if (model.get("steps") < model.get("max_steps")) save({ steps: model.get("steps") + 1 });
    refresh();
  });
  reset.addEventListener("click", () => {
    stop();
    save(structuredClone(model.get("_initial")));
    refresh();
  });

  const refresh = () => {
    const start = model.get("start"), lr = model.get("learning_rate"), steps = model.get("steps");
    const maxSteps = model.get("max_steps"), { f } = evaluate();
    rate.show(lr);
    const all = pathsTo(steps);
    let leader = null, best = Infinity;
    const now = {};
    for (const name of names) {
      const points = all[name], [x, y] = points.at(-1);
      const loss = Number.isFinite(x) && Number.isFinite(y) ? f(x, y) : NaN;
      now[name] = { step: points.length - 1, x, y, loss };
      if (Number.isFinite(loss) && loss < best) { best = loss; leader = name; }
      // Drawn up to the first point far off the map (a diverging path would only scribble).
      const drawn = [];
      for (const [a, b] of points) {
        if (!(Number.isFinite(a) && Number.isFinite(b))) break;
        drawn.push([clampPx(px(a)), clampPx(py(b))]);
        if (farOff(drawn.at(-1))) break;
      }
      const xy = drawn.map(([a, b]) => `${a.toFixed(2)},${b.toFixed(2)}`).join(" ");
      setAttr(paths[name], "points", xy);
      setAttr(casings[name], "points", xy);
      setAttr(markers[name], "transform", `translate(${xy.split(" ").at(-1)})`);
      setAttr(markers[name], "data-x", String(x));
      setAttr(markers[name], "data-y", String(y));
      setText(shownStep[name], String(now[name].step), now[name].step);
      setText(shownLoss[name], lossText(loss), loss);
    }
    const finite = names.filter((n) => Number.isFinite(now[n].loss));
    if (finite.every((n) => now[n].loss === best)) leader = null;   // all level: nobody leads
    for (const name of names) {
      const lead = name === leader;
      rows[name].classList.toggle("bp-lead", lead);
      paths[name].classList.toggle("bp-lead", lead);
    }
    if (leader && pathLayer.lastElementChild !== paths[leader]) {   // the leader drawn on top
      pathLayer.append(casings[leader], paths[leader]);
    }
    setText(leadOut, leader ?? (finite.length ? "nobody yet" : "nobody (all diverged)"), leader ?? "");
    setText(stepsOut, `${steps} of ${maxSteps}`, steps);
    setText(startOut.x, fmt(start[0], 2), start[0]);
    setText(startOut.y, fmt(start[1], 2), start[1]);
    setAttr(startDot, "cx", px(start[0]).toFixed(2));
    setAttr(startDot, "cy", py(start[1]).toFixed(2));
    setProp(step, "disabled", steps >= maxSteps);
    const off = names.filter((n) => Number.isFinite(now[n].loss)
      && !(geo.x0 <= now[n].x && now[n].x <= geo.x1 && geo.y0 <= now[n].y && now[n].y <= geo.y1));
    const diverged = names.filter((n) => !Number.isFinite(now[n].loss));
    const playing = frameId !== null;
    setText(status, [
      steps === 0 ? "Click the map (or use the arrow keys and Enter on it) to choose a start, then Step or Play."
        : steps >= maxSteps ? `Step limit reached (${maxSteps}). Play starts the race again.`
          : playing ? "Racing\u2026" : `Moving \u03b1 redraws the ${steps === 1 ? "step" : `${steps} steps`} so far at the new rate.`,
      off.length ? `Off the map: ${off.join(", ")}.` : "",
      diverged.length ? `Diverged: ${diverged.join(", ")}.` : ""].filter(Boolean).join(" "));
    if (!playing) {
      setAttr(plot, "aria-label", `The surface ${surfaces[model.get("surface")].title} with the five paths. `
        + `After ${steps} steps: ` + names.map((n) => `${n} ${lossText(now[n].loss)}`).join(", ") + ".");
    }
  };

  const redraw = () => { drawSurface(); refresh(); showCursor(); };
  const events = "change:start change:learning_rate change:steps change:max_steps";
  model.on("change:surface", redraw);
  model.on(events, refresh);
  redraw();
  showPlaying();
  const release = layOutAlone(root, columns);   // the <select> stays outside
  return () => {
    stop();
    model.off("change:surface", redraw);
    model.off(events, refresh);
    release();
  };
}

export default { render };
