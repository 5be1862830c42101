// The secant explorer: the slope of the secant through two points of f approaches the
// slope of the tangent as the step dx shrinks, until round-off takes over.

// Twins of FUNCTIONS in secant_explorer.py: the same operations in the same order.
const FUNCTIONS = {
  constant: { f: (x) => 0 * x + 2.0, df: (x) => 0 * x },
  linear: { f: (x) => 3 * x + 2, df: (x) => 0 * x + 3 },
  square: { f: (x) => x * x, df: (x) => 2 * x },
  sigmoid: { f: sigmoid, df: (x) => sigmoid(x) * (1.0 - sigmoid(x)) },
  quartic: { f: quartic, df: quarticPrime },
};

function quotient(f, x0, dx, method) {
  return method === "forward" ? (f(x0 + dx) - f(x0)) / dx : (f(x0 + dx) - f(x0 - dx)) / (2 * dx);
}

const W = 360, H = 220, PAD = 28, HALF = 1.5, SAMPLES = 120;

function render({ model, el }) {
  const root = widgetRoot(el, "bp-secant-explorer", "From secant to tangent");
  const id = uniqueId("bp-secant");
  const save = (key, value) => { model.set(key, value); model.save_changes(); };

  const select = h("select", { "data-param": "function", id: `${id}-f`, "aria-label": "function" });
  for (const [name, label] of Object.entries(model.get("labels"))) {
    select.append(h("option", { value: name, text: label }));
  }
  select.addEventListener("change", () => save("function", select.value));

  const [xMin, xMax, xStep] = model.get("x0_range");
  const x0 = rangeControl({ id: `${id}-x0`, param: "x0", label: "x\u2080", min: xMin, max: xMax,
    step: xStep, digits: 1, onInput: (v) => save("x0", v) });
  const [kMin, kMax, kStep] = model.get("log_dx_range");
  const logDx = rangeControl({ id: `${id}-dx`, param: "log-dx", label: "\u0394x", min: kMin,
    max: kMax, step: kStep, digits: 2, onInput: (k) => save("dx", 10 ** k) });
  logDx.input.setAttribute("aria-label", "step \u0394x, as a power of ten");
  const dxReadout = logDx.row.querySelector("output");
  const showDx = (dx) => {
    setProp(logDx.input, "value", String(Math.log10(dx)));
    setText(dxReadout, dx.toExponential(1).replace("-", "\u2212"), dx);
  };

  const methods = ["forward", "central"].map((method) => {
    const input = h("input", { type: "radio", name: `${id}-method`, value: method, "data-method": method });
    input.addEventListener("change", () => input.checked && save("method", method));
    return { method, input, label: h("label", {}, input, ` ${method} difference`) };
  });

  const out = (name) => h("span", { "data-output": name, class: "bp-number" });
  const q = out("quotient"), exact = out("exact"), error = out("error");

  const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "bp-plot" });
  const clip = svg("clipPath", { id: `${id}-clip` });
  clip.append(svg("rect", { x: PAD, y: PAD, width: W - 2 * PAD, height: H - 2 * PAD }));
  const axes = svg("g", { class: "bp-axes" });
  const inside = svg("g", { "clip-path": `url(#${id}-clip)` });
  const curve = svg("path", { class: "bp-curve" });
  const tangent = svg("line", { class: "bp-tangent" });
  const secant = svg("line", { class: "bp-secant" });
  // The secant's two points, then x0 on top; the frame and the four axis numbers.
  const dots = svg("g", { class: "bp-dots" }, ...[3, 3, 4].map((r, i) => svg("circle", {
    r, class: i === 2 ? "bp-x0" : "bp-secant-point" })));
  inside.append(curve, tangent, secant, dots);
  const numbers = ["start", "end", null, null].map((anchor) => svg("text",
    anchor ? { "text-anchor": anchor, y: H - 8 } : { x: 4 }));
  axes.append(svg("rect", { x: PAD, y: PAD, width: W - 2 * PAD, height: H - 2 * PAD, class: "bp-frame" }), ...numbers);
  plot.append(svg("defs"), axes, inside);
  plot.firstChild.append(clip);
  const legend = h("div", { class: "bp-legend" },
    h("span", { class: "bp-key bp-key-curve", text: "f" }),
    h("span", { class: "bp-key bp-key-secant", text: "secant" }),
    h("span", { class: "bp-key bp-key-tangent", text: "tangent at x\u2080" }));

  const reset = h("button", { type: "button", "data-action": "reset", text: "Reset" });
  reset.addEventListener("click", () => {
    const start = model.get("_initial");
    for (const key of ["function", "x0", "dx", "method"]) model.set(key, start[key]);
    model.save_changes();
  });

  root.append(
    h("div", { class: "bp-settings" }, select, ...methods.map((m) => m.label)),
    x0.row, logDx.row,
    plot, legend,
    h("table", { class: "bp-slopes" }, h("tbody", {},
      h("tr", {}, h("th", { text: "secant slope (difference quotient)" }), h("td", {}, q)),
      h("tr", {}, h("th", { text: "tangent slope f\u2032(x\u2080)" }), h("td", {}, exact)),
      h("tr", { class: "bp-error-row" }, h("th", { text: "error |secant \u2212 tangent|" }), h("td", {}, error)))),
    h("div", { class: "bp-footer" },
      h("span", { class: "bp-muted", text: "Shrink \u0394x: when does the error stop falling?" }), reset));

  const draw = (fn, a, dx, method, slope, exactSlope) => {
    const left = a - HALF, right = a + HALF;
    const xs = Array.from({ length: SAMPLES + 1 }, (_, i) => left + (i * (right - left)) / SAMPLES);
    const ys = xs.map(fn.f);
    let low = Math.min(...ys), high = Math.max(...ys);
    if (high - low < 1e-9) { low -= 1; high += 1; }
    const pad = 0.1 * (high - low);
    low -= pad; high += pad;
    const px = (x) => PAD + ((x - left) / (right - left)) * (W - 2 * PAD);
    const py = (y) => H - PAD - ((y - low) / (high - low)) * (H - 2 * PAD);
    const line = (node, slope0, x1, y1) => {
      const ya = y1 + slope0 * (left - x1), yb = y1 + slope0 * (right - x1);
      setAttr(node, "x1", px(left)); setAttr(node, "y1", py(ya));
      setAttr(node, "x2", px(right)); setAttr(node, "y2", py(yb));
    };
    setAttr(curve, "d", xs.map((x, i) => `${i ? "L" : "M"}${px(x).toFixed(2)},${py(ys[i]).toFixed(2)}`).join(""));
    line(tangent, exactSlope, a, fn.f(a));
    const from = method === "forward" ? a : a - dx;
    line(secant, slope, from, fn.f(from));
    [from, a + dx, a].forEach((x, i) => {
      setAttr(dots.children[i], "cx", px(x));
      setAttr(dots.children[i], "cy", py(fn.f(x)));
    });
    [["x", px(left), left], ["x", px(right), right], ["y", py(high - pad) + 4, high - pad],
      ["y", py(low + pad), low + pad]].forEach(([axis, at, value], i) => {
      setAttr(numbers[i], axis, at);
      setText(numbers[i], fmt(value, 1));
    });
    setAttr(plot, "aria-label",
      `graph of the function near x0 = ${fmt(a, 1)} with its tangent and a secant of step ${dx.toExponential(1)}`);
  };

  const refresh = () => {
    const name = model.get("function"), a = model.get("x0"), dx = model.get("dx");
    const method = model.get("method"), fn = FUNCTIONS[name];
    setProp(select, "value", name);
    x0.show(a);
    showDx(dx);
    methods.forEach((m) => setProp(m.input, "checked", m.method === method));
    const slope = quotient(fn.f, a, dx, method), exactSlope = fn.df(a);
    const err = Math.abs(slope - exactSlope);
    setText(q, fmt(slope, 10), slope);
    setText(exact, fmt(exactSlope, 10), exactSlope);
    setText(error, err === 0 ? "0" : err.toExponential(2).replace("-", "\u2212"), err);
    draw(fn, a, dx, method, slope, exactSlope);
  };

  const events = "change:function change:x0 change:dx change:method";
  model.on(events, refresh);
  refresh();
  const release = layOutAlone(root, x0.row);   // the <select> stays outside
  return () => {
    model.off(events, refresh);
    release();
  };
}

export default { render };
