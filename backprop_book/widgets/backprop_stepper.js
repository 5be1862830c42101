// The backprop stepper: chapter 08's tiny network x (2) → h (2 hidden sigmoid nodes) → y (2 output
// sigmoid nodes) → L = Σ (y_j − y0_j)², advanced one node at a time. One pass computes every
// quantity as backprop_book.layers.Layer does, with the same floating-point operations in the
// same order: z = w_j1·x1 + w_j2·x2, then + b_j (Python's sum() of two terms rounds like one
// addition); σ(z) in the stable form; L = (d1² + d2²); δ_j = 2(y_j − y0_j) (mse_loss);
// δσ′_j = δ_j·(y_j(1 − y_j)), dw_ji = δσ′_j·x_i, db_j = δσ′_j, and dx_i = δσ′_1·w_1i + δσ′_2·w_2i
// (backward and input_gradient); an update is w −= α·dw, b −= α·db. Two operations may round
// differently from Python's: Math.exp against C's exp, and d·d against Python's d ** 2 (C's
// pow); both are within one unit in the last place, which is what the tests allow for.
// The pass is computed whole; the steps reveal its numbers in the order Forward and Backward
// compute them.

const SUB = ["\u2081", "\u2082"];
const FORWARD = ["hidden-1", "hidden-2", "output-1", "output-2", "loss"];
const BACKWARD = ["delta-o1", "delta-o2", "slope-o1", "slope-o2", "grad-o1", "grad-o2",
  "delta-h1", "delta-h2", "slope-h1", "slope-h2", "grad-h1", "grad-h2"];
const STEPS = [...FORWARD, ...BACKWARD];
const DIGITS = 4, GRAPH_DIGITS = 3, IO_DIGITS = 2;

/** The loss as text (format_loss in neuron_trainer.py): four decimals from 0.01 up (and for 0),
 * else three significant digits. */
function lossText(v) {
  return v === 0 || v >= 1e-2 ? fmt(v, 4) : v.toExponential(2).replace("-", "\u2212");
}

/** The symbol of a node: x1, h1, y1 (with subscripts). */
const symbol = (node) => ({ x: "x", h: "h", o: "y" }[node[0]] + SUB[Number(node[1]) - 1]);
/** The nodes that feed a layer's node j: inputs for the hidden layer, hidden nodes for the
 * output layer. */
const sources = (tag) => (tag === "h" ? ["x1", "x2"] : ["h1", "h2"]);
/** The page's name of the value a node passes on: x-1 for an input, y-h1 for a node. */
const valueOf = (node) => (node[0] === "x" ? `x-${node[1]}` : `y-${node}`);

/** One layer as Layer.forward and Layer.backward compute it (see the top of this file). */
function layerForward(w, b, x) {
  return w.map((wj, j) => {
    const z = wj[0] * x[0] + wj[1] * x[1] + b[j];
    return { z, y: sigmoid(z) };
  });
}
function layerBackward(w, x, y, delta) {
  const slopes = delta.map((d, j) => d * (y[j] * (1 - y[j])));
  const dw = slopes.map((s) => x.map((xi) => s * xi));
  const dx = x.map((_, i) => slopes[0] * w[0][i] + slopes[1] * w[1][i]);
  return { slopes, dw, db: slopes.slice(), dx };
}

/** A whole pass: every quantity of the page, by its name. */
function onePass(p, x, y0) {
  const v = {};
  const hidden = layerForward(p.wh, p.bh, x);
  const h = hidden.map((n) => n.y);
  const output = layerForward(p.wo, p.bo, h);
  const y = output.map((n) => n.y);
  const d = y.map((yj, j) => yj - y0[j]);
  v.loss = d[0] * d[0] + d[1] * d[1];
  const delta = d.map((dj) => 2 * dj);
  const back = layerBackward(p.wo, h, y, delta);
  const backH = layerBackward(p.wh, x, h, back.dx);
  const layers = [["h", hidden, back.dx, backH], ["o", output, delta, back]];
  for (const [tag, nodes, deltas, grads] of layers) {
    nodes.forEach((n, j) => {
      const node = `${tag}${j + 1}`;
      v[`z-${node}`] = n.z;
      v[`y-${node}`] = n.y;
      v[`delta-${node}`] = deltas[j];
      v[`slope-${node}`] = grads.slopes[j];
      v[`db-${node}`] = grads.db[j];
      v[`dw-${node}-1`] = grads.dw[j][0];
      v[`dw-${node}-2`] = grads.dw[j][1];
    });
  }
  return v;
}

/** The names of the quantities a step computes (reference_steps in backprop_stepper.py). */
function stepValues(step) {
  const [kind, node] = step.split("-");
  if (kind === "hidden" || kind === "output") return [`z-${kind[0]}${node}`, `y-${kind[0]}${node}`];
  if (kind === "loss") return ["loss"];
  if (kind === "grad") return [`dw-${node}-1`, `dw-${node}-2`, `db-${node}`];
  return [`${kind}-${node}`];
}

/** What a step shows: its formula lines (strings and numbers by name) and what it lights up. */
function stepInfo(step) {
  const [kind, rest] = step.split("-");
  const N = (name, paren = false) => ({ name, paren });
  if (kind === "loss") {
    return { phase: "forward", nodes: ["L"], edges: ["o1-L", "o2-L"], lines: [[
      "L = (y\u2081 \u2212 y0\u2081)\u00b2 + (y\u2082 \u2212 y0\u2082)\u00b2 = (", N("y-o1"), " \u2212 ", N("y0-1"),
      ")\u00b2 + (", N("y-o2"), " \u2212 ", N("y0-2"), ")\u00b2 = ", N("loss")]] };
  }
  const node = kind === "hidden" || kind === "output" ? `${kind[0]}${rest}` : rest;
  const tag = node[0], s = symbol(node), [a, b] = sources(tag);
  const sa = symbol(a), sb = symbol(b);
  const w = (src) => `w-${node}-${src[1]}`;
  const dw = (src) => `dw-${node}-${src[1]}`;
  const into = [`${a}-${node}`, `${b}-${node}`];
  if (kind === "hidden" || kind === "output") {
    return { phase: "forward", nodes: [node], edges: into, lines: [
      [`z(${s}) = w(${sa}\u2192${s})\u00b7${sa} + w(${sb}\u2192${s})\u00b7${sb} + b(${s}) = `, N(w(a), true),
        "\u00b7", N(valueOf(a), true), " + ", N(w(b), true), "\u00b7", N(valueOf(b), true), " + ",
        N(`b-${node}`, true), " = ", N(`z-${node}`)],
      [`${s} = \u03c3(z) = \u03c3(`, N(`z-${node}`), ") = ", N(`y-${node}`)]] };
  }
  if (kind === "delta" && tag === "o") {
    const j = node[1], y0 = `y0${SUB[j - 1]}`;
    return { phase: "backward", nodes: [node], edges: [`${node}-L`], lines: [
      [`\u03b4(${s}) = \u2202L/\u2202${s} = 2(${s} \u2212 ${y0}) = 2(`, N(`y-${node}`), " \u2212 ", N(`y0-${j}`),
        ") = ", N(`delta-${node}`)]] };
  }
  if (kind === "delta") {   // a hidden node: dx of the output layer, two paths that add
    const out = ["o1", "o2"];
    const [s1, s2] = out.map(symbol);
    return { phase: "backward", nodes: [node], edges: out.map((o) => `${node}-${o}`), sum: true, lines: [
      [`\u03b4(${s}) = \u03b4\u03c3\u2032(${s1})\u00b7w(${s}\u2192${s1}) + \u03b4\u03c3\u2032(${s2})\u00b7w(${s}\u2192${s2}) = `,
        N("slope-o1", true), "\u00b7", N(`w-o1-${node[1]}`, true), " + ", N("slope-o2", true), "\u00b7",
        N(`w-o2-${node[1]}`, true), " = ", N(`delta-${node}`)]] };
  }
  if (kind === "slope") {
    return { phase: "backward", nodes: [node], edges: [], lines: [
      [`\u03b4\u03c3\u2032(${s}) = \u03b4(${s})\u00b7${s}(1 \u2212 ${s}) = `, N(`delta-${node}`, true), "\u00b7",
        N(`y-${node}`), "(1 \u2212 ", N(`y-${node}`), ") = ", N(`slope-${node}`)]] };
  }
  // kind === "grad": the gradients of node's weights and bias
  return { phase: "backward", nodes: [node], edges: into, lines: [
    ...[a, b].map((src) => [`dw(${symbol(src)}\u2192${s}) = \u03b4\u03c3\u2032(${s})\u00b7${symbol(src)} = `,
      N(`slope-${node}`, true), "\u00b7", N(valueOf(src), true), " = ", N(dw(src))]),
    [`db(${s}) = \u03b4\u03c3\u2032(${s}) = `, N(`db-${node}`)]] };
}

/** The parameters of the traits' start dict, as two layers' lists. */
function paramsOf(start) {
  const layer = (tag) => ({
    w: [1, 2].map((j) => [1, 2].map((i) => start[`w-${tag}${j}-${i}`])),
    b: [1, 2].map((j) => start[`b-${tag}${j}`]),
  });
  const h = layer("h"), o = layer("o");
  return { wh: h.w, bh: h.b, wo: o.w, bo: o.b };
}
/** The parameters by the page's names (params_of in backprop_stepper.py). */
function paramNames(p) {
  const named = {};
  for (const [tag, w, b] of [["h", p.wh, p.bh], ["o", p.wo, p.bo]]) {
    for (let j = 0; j < 2; j++) {
      for (let i = 0; i < 2; i++) named[`w-${tag}${j + 1}-${i + 1}`] = w[j][i];
      named[`b-${tag}${j + 1}`] = b[j];
    }
  }
  return named;
}

// The graph's layout (SVG units): columns of inputs, hidden, output nodes and the loss.
const W = 360, H = 296, R = 17;
const POS = {
  x1: [32, 64], x2: [32, 226], h1: [140, 64], h2: [140, 226],
  o1: [248, 64], o2: [248, 226], L: [334, 145],
};
// Weight labels sit this far along an edge: mid-way on a straight edge, near the node they feed
// on a crossing one (where the two crossing edges' labels are far apart).
const LABEL_AT = { straight: 0.5, crossing: 0.7 };
const CHAR = 8.6;   // the width of a digit of the graph's labels, in SVG units (15 px figures)

function render({ model, el }) {
  const root = widgetRoot(el, "bp-backprop-stepper", "Backpropagation, one step at a time");
  const id = uniqueId("bp-stepper");
  const rates = model.get("learning_rates");
  const save = (key, value) => { model.set(key, value); model.save_changes(); };

  // Every shown number is a slot: an element showing one named value with some digits.
  const slots = new Map();
  const num = (name, digits, attrs = {}, tag = "span") => {
    const node = tag === "tspan" ? svg("tspan", { "data-output": name, "data-digits": digits, ...attrs })
      : h(tag, { "data-output": name, "data-digits": digits, class: "bp-number", ...attrs });
    if (!slots.has(name)) slots.set(name, []);
    slots.get(name).push(node);
    return node;
  };

  // The graph.
  const graph = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "bp-graph", role: "img",
    "aria-label": "The network: inputs x1 and x2, hidden nodes h1 and h2, outputs y1 and y2, loss L" });
  const edgeLayer = svg("g", { class: "bp-edges" }), labelLayer = svg("g", { class: "bp-edge-labels" });
  const nodeLayer = svg("g", { class: "bp-nodes" });
  graph.append(edgeLayer, nodeLayer, labelLayer);
  const edges = new Map(), nodes = new Map();
  const addEdge = (from, to, weight) => {
    const [x1, y1] = POS[from], [x2, y2] = POS[to];
    const len = Math.hypot(x2 - x1, y2 - y1), ux = (x2 - x1) / len, uy = (y2 - y1) / len;
    const line = svg("line", { x1: x1 + ux * R, y1: y1 + uy * R, x2: x2 - ux * (R + 3),
      y2: y2 - uy * (R + 3), class: "bp-edge", "data-edge": `${from}-${to}` });
    edgeLayer.append(line);
    edges.set(`${from}-${to}`, line);
    if (weight) {   // the weight, and its gradient dw below it once computed, on a white box
      const t = y1 === y2 ? LABEL_AT.straight : LABEL_AT.crossing;
      const lx = x1 + (x2 - x1) * t, ly = y1 + (y2 - y1) * t;
      const box = svg("rect", { rx: 3, class: "bp-label-box" });
      const wText = svg("text", { x: lx.toFixed(1), "text-anchor": "middle", class: "bp-weight" },
        num(weight, GRAPH_DIGITS, {}, "tspan"));
      const dwText = svg("text", { x: lx.toFixed(1), y: (ly + 14).toFixed(1), "text-anchor": "middle",
        class: "bp-backward bp-dw" }, num(`d${weight}`, GRAPH_DIGITS, {}, "tspan"));
      const label = svg("g", { class: "bp-edge-label", "data-edge": `${from}-${to}` }, box, wText, dwText,
        svg("title", {}, `weight w(${symbol(from)}\u2192${symbol(to)}) and its gradient dw`));
      labelLayer.append(label);
      /** Lay the label out for its texts: one line, or two when dw is known. */
      label.fit = (hasDw) => {
        const chars = Math.max(wText.textContent.length, hasDw ? dwText.textContent.length : 0);
        const width = chars * CHAR + 6, height = hasDw ? 33 : 19, top = hasDw ? ly - 17 : ly - 10;
        const attrs = { x: (lx - width / 2).toFixed(1), y: top.toFixed(1), width, height };
        for (const [key, value] of Object.entries(attrs)) box.setAttribute(key, String(value));
        wText.setAttribute("y", (hasDw ? ly - 2 : ly + 5).toFixed(1));
        dwText.style.display = hasDw ? "" : "none";
      };
      line.label = label;
    }
  };
  for (const tag of ["h", "o"]) {
    for (const j of [1, 2]) for (const src of sources(tag)) addEdge(src, `${tag}${j}`, `w-${tag}${j}-${src[1]}`);
  }
  addEdge("o1", "L"), addEdge("o2", "L");

  const addNode = (name, above, below) => {
    const [cx, cy] = POS[name];
    const group = svg("g", { class: `bp-node bp-node-${name[0]}`, "data-node": name });
    const label = name === "L" ? "L" : symbol(name);
    group.append(svg("circle", { cx, cy, r: R }),
      svg("text", { x: cx, y: cy + 5, "text-anchor": "middle", class: "bp-node-name" }, label));
    const top = name[1] === "2" ? cy + R + 17 : cy - R - 8;   // row 2: values below the node
    const rows = [above, below].filter(Boolean);
    rows.forEach(([cls, prefix, value], k) => {
      const y = name[1] === "2" ? top + 16 * k : top - 16 * (rows.length - 1 - k);
      // Inputs and the loss sit at the edges of the graph: their texts start or end there.
      const [tx, anchor] = { x: [2, "start"], L: [W - 2, "end"] }[name[0]] ?? [cx, "middle"];
      group.append(svg("text", { x: tx, y, "text-anchor": anchor, class: cls },
        svg("tspan", { class: "bp-prefix" }, prefix), value));
    });
    nodeLayer.append(group);
    nodes.set(name, group);
  };
  for (const i of [1, 2]) addNode(`x${i}`, ["bp-forward", `x${SUB[i - 1]} = `, num(`x-${i}`, IO_DIGITS, {}, "tspan")]);
  for (const node of ["h1", "h2", "o1", "o2"]) {
    addNode(node, ["bp-forward", `${symbol(node)} = `, num(`y-${node}`, GRAPH_DIGITS, {}, "tspan")],
      ["bp-backward", "\u03b4 = ", num(`delta-${node}`, GRAPH_DIGITS, {}, "tspan")]);
  }
  addNode("L", ["bp-forward", "L = ", num("loss", GRAPH_DIGITS, {}, "tspan")]);
  [1, 2].forEach((j) => nodes.get("L").append(svg("text", { x: W - 2, y: POS.L[1] + R + 2 + 16 * j,
    "text-anchor": "end", class: "bp-target" }, svg("tspan", { class: "bp-prefix" }, `y0${SUB[j - 1]} = `),
  num(`y0-${j}`, IO_DIGITS, {}, "tspan"))));
  // The edges into L pass where its texts are: white boxes keep them readable.
  const lossTop = POS.L[1] - R - 8;
  nodes.get("L").prepend(
    svg("rect", { x: W - 92, y: lossTop - 14, width: 92, height: 19, rx: 3, class: "bp-label-box" }),
    svg("rect", { x: W - 92, y: POS.L[1] + R + 5, width: 92, height: 37, rx: 3, class: "bp-label-box" }));

  // The table of every quantity, one column per node.
  const tableNodes = ["h1", "h2", "o1", "o2"];
  const ROWS = [
    ["w (in 1)", (n) => `w-${n}-1`], ["w (in 2)", (n) => `w-${n}-2`], ["b", (n) => `b-${n}`],
    ["z", (n) => `z-${n}`], ["out = \u03c3(z)", (n) => `y-${n}`], ["\u03b4", (n) => `delta-${n}`],
    ["\u03b4\u03c3\u2032", (n) => `slope-${n}`], ["dw (in 1)", (n) => `dw-${n}-1`],
    ["dw (in 2)", (n) => `dw-${n}-2`], ["db", (n) => `db-${n}`],
  ];
  const table = h("table", { class: "bp-values" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "node" }),
      ...tableNodes.map((n) => h("th", { scope: "col", text: symbol(n) })))),
    h("tbody", {}, ...ROWS.map(([name, valueName]) => h("tr", {},
      h("th", { scope: "row", text: name }), ...tableNodes.map((n) => h("td", {}, num(valueName(n), DIGITS)))))));
  const tableNote = h("p", { class: "bp-muted" }, "in 1, in 2: the node's first and second input (x\u2081, x\u2082 ",
    "for h, h\u2081, h\u2082 for y). \u03b4 = \u2202L/\u2202out; \u03b4\u03c3\u2032 = \u03b4\u00b7out(1 \u2212 out) = ",
    "\u2202L/\u2202z; dw = \u03b4\u03c3\u2032\u00b7in; db = \u03b4\u03c3\u2032.");

  // Controls.
  const button = (action, text, title) => h("button", { type: "button", "data-action": action, text, title });
  const forward = button("forward", "Forward", "Compute the next node of the forward pass");
  const runForward = button("run-forward", "Run forward", "All remaining forward steps");
  const backward = button("backward", "Backward", "Compute the next quantity going back");
  const runBackward = button("run-backward", "Run backward", "All remaining backward steps");
  const update = button("update", "Update", "w \u2212= \u03b1\u00b7dw and b \u2212= \u03b1\u00b7db for every weight and bias");
  const reset = button("reset", "Reset", "Back to the start weights, step 0");
  const rate = rateControl({ id: `${id}-rate`, rates, label: "rate \u03b1",
    ariaLabel: "learning rate \u03b1 for Update", onRate: (alpha) => save("learning_rate", alpha) });

  // Status and the formula of the last step.
  const stepOut = h("strong", { "data-output": "step", class: "bp-number" });
  const lossOut = num("loss", DIGITS, {}, "strong");
  const updatesOut = h("span", { "data-output": "updates", class: "bp-number" });
  const previousOut = h("span", { "data-output": "previous-loss", class: "bp-number" });
  const trendOut = h("span", { class: "bp-good bp-trend" });
  const phaseOut = h("span", { "data-output": "phase", class: "bp-phase" });
  const seedOut = h("span", { "data-output": "seed", class: "bp-number" });
  const formula = h("div", { class: "bp-formula", "data-output": "formula", "aria-live": "polite" });
  const stat = (name, ...content) => h("span", { class: "bp-stat" }, h("span", { class: "bp-muted", text: name }), ...content);

  root.append(
    h("p", { class: "bp-task" }, "Press Forward to compute the network node by node, then Backward to send the ",
      "slopes back. Before each press, predict the number that will appear."),
    h("div", { class: "bp-buttons" }, forward, runForward, backward, runBackward),
    h("div", { class: "bp-status" },
      stat("step", stepOut, ` of ${STEPS.length}`), phaseOut, stat("loss L", lossOut),
      stat("updates", updatesOut), stat("loss before the update", previousOut, trendOut)),
    formula,
    h("div", { class: "bp-graph-box" }, graph),
    h("p", { class: "bp-muted bp-legend" },
      h("span", { class: "bp-key bp-forward", text: "Blue" }), ": a node's output (forward); ",
      h("span", { class: "bp-key bp-backward", text: "orange" }), ": its \u03b4 = \u2202L/\u2202output, the slope ",
      "of the loss along the node's output (backward). On each edge: its weight w, and below it, once ",
      "computed, its gradient dw. A thick outline marks what the last step computed."),
    h("div", { class: "bp-update" }, rate.row, h("div", { class: "bp-buttons" }, update, reset)),
    h("details", { class: "bp-table-box" }, h("summary", { text: "All numbers, node by node" }), table, tableNote),
    h("p", { class: "bp-muted bp-caption" }, "Start weights: Layer(2, 2) for the hidden layer, then Layer(2, 2) for ",
      "the output layer, both drawn from random.Random(", seedOut, "), as in chapter 08. The loss is ",
      "L = (y\u2081 \u2212 y0\u2081)\u00b2 + (y\u2082 \u2212 y0\u2082)\u00b2; Update moves every weight and bias ",
      "by \u2212\u03b1 \u00d7 its gradient."));

  // State: the parameters, the pass they give, the steps done, the updates made.
  let params, pass, k, done, previous;
  const x = () => model.get("x"), y0 = () => model.get("y0");

  const restart = () => {
    seedOut.textContent = String(model.get("seed"));
    seedOut.dataset.value = String(model.get("seed"));
    params = paramsOf(model.get("start"));
    pass = onePass(params, x(), y0());
    [k, done, previous] = [0, [], null];
  };

  const show = () => {
    const known = { ...paramNames(params) };
    x().forEach((v, i) => { known[`x-${i + 1}`] = v; });
    y0().forEach((v, i) => { known[`y0-${i + 1}`] = v; });
    for (const step of STEPS.slice(0, k)) for (const name of stepValues(step)) known[name] = pass[name];
    for (const [name, elements] of slots) {
      const has = name in known;
      for (const node of elements) {
        const digits = Number(node.dataset.digits);
        const text = !has ? "\u00b7" : name === "loss" ? lossText(known[name]) : fmt(known[name], digits);
        setText(node, text, has ? known[name] : "");
      }
    }
    // The formula of the last step, its numbers as slots of the moment.
    const last = k > 0 ? STEPS[k - 1] : null;
    const info = last ? stepInfo(last) : null;
    formula.replaceChildren(...(info ? info.lines.map((parts) => h("div", { class: "bp-line" },
      ...parts.map((part) => {
        if (typeof part === "string") return part;
        const v = known[part.name];
        const digits = part.name.startsWith("x-") || part.name.startsWith("y0-") ? IO_DIGITS : DIGITS;
        const text = part.name === "loss" ? lossText(v) : fmt(v, digits);
        return h("span", { class: "bp-number", "data-output": part.name, "data-digits": digits,
          "data-value": String(v) }, part.paren && v < 0 ? `(${text})` : text);
      }))) : [h("div", { class: "bp-line bp-muted", text: done.length
      ? "The weights have moved. Press Forward: will the loss be lower?"
      : "Nothing computed yet. Forward starts with hidden node h\u2081." })]));
    if (info && info.sum) formula.append(h("div", { class: "bp-line bp-muted", text:
      "h feeds both outputs: the slopes of the two paths add." }));
    formula.dataset.value = last ?? "";
    // Highlights.
    for (const [name, group] of nodes) group.classList.toggle("bp-active", Boolean(info && info.nodes.includes(name)));
    for (const [name, line] of edges) {
      const on = Boolean(info && info.edges.includes(name));
      line.classList.toggle("bp-active", on);
      line.classList.toggle("bp-active-backward", on && info.phase === "backward");
      if (line.label) {
        line.label.classList.toggle("bp-active", on);
        line.label.fit(line.label.querySelector(".bp-dw [data-output]").dataset.value !== "");
      }
    }
    stepOut.textContent = String(k);
    stepOut.dataset.value = String(k);
    const phase = k < FORWARD.length ? "forward" : k < STEPS.length ? "backward" : "done";
    phaseOut.textContent = { forward: "forward pass", backward: "backward pass",
      done: "gradients ready: Update" }[phase];
    phaseOut.dataset.value = phase;
    updatesOut.textContent = String(done.length);
    updatesOut.dataset.value = String(done.length);
    root.dataset.rates = JSON.stringify(done);
    previousOut.textContent = previous === null ? "\u2013" : lossText(previous);
    previousOut.dataset.value = previous === null ? "" : String(previous);
    const down = previous !== null && k >= FORWARD.length && pass.loss < previous;
    previousOut.classList.toggle("bp-good", down);
    trendOut.textContent = down ? "\u2193 down" : "";
    forward.disabled = runForward.disabled = k >= FORWARD.length;
    backward.disabled = runBackward.disabled = k < FORWARD.length || k >= STEPS.length;
    update.disabled = k < STEPS.length;
  };

  // A press that disables its own button would drop the keyboard focus on the page's body:
  // hand it to the button the reader most likely wants next.
  const keepFocus = (pressed) => {
    if (pressed.disabled) [forward, backward, update, reset].find((b) => !b.disabled)?.focus();
  };
  const act = (pressed, change) => pressed.addEventListener("click", () => {
    change();
    show();
    keepFocus(pressed);
  });
  act(forward, () => { if (k < FORWARD.length) k += 1; });
  act(runForward, () => { k = Math.max(k, FORWARD.length); });
  act(backward, () => { if (k >= FORWARD.length && k < STEPS.length) k += 1; });
  act(runBackward, () => { if (k >= FORWARD.length) k = STEPS.length; });
  act(update, () => {
    if (k < STEPS.length) return;
    const alpha = model.get("learning_rate");
    const step = (w, name) => w.map((wj, j) => wj.map((wji, i) => wji - alpha * pass[`dw-${name}${j + 1}-${i + 1}`]));
    const stepB = (b, name) => b.map((bj, j) => bj - alpha * pass[`db-${name}${j + 1}`]);
    params = { wh: step(params.wh, "h"), bh: stepB(params.bh, "h"), wo: step(params.wo, "o"), bo: stepB(params.bo, "o") };
    previous = pass.loss;
    done.push(alpha);
    pass = onePass(params, x(), y0());
    k = 0;
  });
  act(reset, () => {
    const initial = model.get("_initial").learning_rate;
    if (model.get("learning_rate") !== initial) save("learning_rate", initial);
    restart();
  });

  const showRate = () => rate.show(model.get("learning_rate"));
  const restartAndShow = () => { restart(); show(); };

  showRate();
  restart();
  show();
  model.on("change:learning_rate", showRate);
  for (const key of ["start", "x", "y0"]) model.on(`change:${key}`, restartAndShow);
  const release = layOutAlone(root);
  return () => {
    model.off("change:learning_rate", showRate);
    for (const key of ["start", "x", "y0"]) model.off(`change:${key}`, restartAndShow);
    release();
  };
}

export default { render };
