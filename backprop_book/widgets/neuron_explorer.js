// The neuron explorer: y = f(w1*x1 + w2*x2 + w3*x3 + b), f = threshold rule or sigmoid.
// Everything is computed here, in the browser, so the page works with no kernel.

const RULES = {
  threshold: (z) => (z >= 0 ? 1 : 0),
  sigmoid,
};

function nodeOutput(x, w, b, rule) {
  const z = w.reduce((sum, wi, i) => sum + wi * x[i], b);
  return { z, y: RULES[rule](z) };
}

function render({ model, el }) {
  const root = widgetRoot(el, "bp-neuron-explorer", "One node: y = f(w\u2081x\u2081 + w\u2082x\u2082 + w\u2083x\u2083 + b)");
  const id = uniqueId("bp-neuron");
  const [xMin, xMax, xStep] = model.get("input_range");
  const [pMin, pMax, pStep] = model.get("param_range");

  const setItem = (name, index, value) => {
    const list = [...model.get(name)];
    list[index] = value;
    model.set(name, list);
    model.save_changes();
  };
  const setValue = (name, value) => {
    model.set(name, value);
    model.save_changes();
  };

  const sub = ["\u2081", "\u2082", "\u2083"];
  const xs = [0, 1, 2].map((i) => rangeControl({
    id: `${id}-x${i + 1}`, param: `x${i + 1}`, label: `x${sub[i]}`, min: xMin, max: xMax, step: xStep, digits: 1,
    onInput: (v) => setItem("x", i, v),
  }));
  const ws = [0, 1, 2].map((i) => rangeControl({
    id: `${id}-w${i + 1}`, param: `w${i + 1}`, label: `w${sub[i]}`, min: pMin, max: pMax, step: pStep, digits: 1,
    onInput: (v) => setItem("w", i, v),
  }));
  const bias = rangeControl({
    id: `${id}-b`, param: "b", label: "b", min: pMin, max: pMax, step: pStep, digits: 1,
    onInput: (v) => setValue("b", v),
  });

  const ruleButtons = Object.keys(RULES).map((rule) => {
    const input = h("input", { type: "radio", name: `${id}-rule`, value: rule, "data-rule": rule });
    input.addEventListener("change", () => input.checked && setValue("activation", rule));
    return { rule, input, label: h("label", { class: "bp-rule" }, input, ` ${rule === "threshold" ? "threshold rule" : "sigmoid"}`) };
  });

  const zOut = h("span", { "data-output": "z" });
  const yOut = h("strong", { "data-output": "y", class: "bp-y" });
  const bar = h("div", { class: "bp-bar-fill" });
  const barBox = h("div", { class: "bp-bar", role: "meter", "aria-label": "output y", "aria-valuemin": 0, "aria-valuemax": 1 }, bar);

  const rows = model.get("training_x").map((x, k) => {
    const use = h("button", { type: "button", "data-action": `use-${k}`, title: "Put this input on the sliders", text: "use" });
    use.addEventListener("click", () => setValue("x", [...x]));
    const cells = { y: h("td", { "data-output": `train-y-${k}` }), mark: h("td", { class: "bp-mark" }) };
    const row = h("tr", {},
      h("td", { text: `(${x.map((v) => fmt(v, 0)).join(", ")})` }),
      h("td", { text: fmt(model.get("training_y")[k], 0) }), cells.y, cells.mark, h("td", {}, use));
    return { row, cells };
  });
  const table = h("table", { class: "bp-training" },
    h("thead", {}, h("tr", {}, ...["input x", "target y\u2080", "output y", "", ""].map((t) => h("th", { text: t })))),
    h("tbody", {}, ...rows.map((r) => r.row)));
  const score = h("span", { class: "bp-score", "data-output": "score" });
  const reset = h("button", { type: "button", "data-action": "reset", text: "Reset" });
  reset.addEventListener("click", () => {
    const start = model.get("_initial");
    for (const key of ["x", "w", "b", "activation"]) model.set(key, structuredClone(start[key]));
    model.save_changes();
  });

  root.append(
    h("div", { class: "bp-columns" },
      h("fieldset", {}, h("legend", { text: "Input" }), ...xs.map((c) => c.row)),
      h("fieldset", {}, h("legend", { text: "Weights and bias" }), ...ws.map((c) => c.row), bias.row)),
    h("fieldset", { class: "bp-rules" }, h("legend", { text: "Activation f" }), ...ruleButtons.map((r) => r.label)),
    h("div", { class: "bp-result" },
      h("div", {}, "z = ", zOut), h("div", {}, "y = f(z) = ", yOut), barBox),
    table,
    h("div", { class: "bp-footer" }, score, reset));

  const refresh = () => {
    const x = model.get("x"), w = model.get("w"), b = model.get("b"), rule = model.get("activation");
    xs.forEach((c, i) => c.show(x[i]));
    ws.forEach((c, i) => c.show(w[i]));
    bias.show(b);
    ruleButtons.forEach((r) => setProp(r.input, "checked", r.rule === rule));
    const { z, y } = nodeOutput(x, w, b, rule);
    setText(zOut, fmt(z, 4));
    setText(yOut, fmt(y, 4), y);
    setProp(bar.style, "width", `${(100 * y).toFixed(1)}%`);
    setAttr(barBox, "aria-valuenow", fmt(y, 4));
    const targets = model.get("training_y");
    let right = 0;
    model.get("training_x").forEach((xk, k) => {
      const yk = nodeOutput(xk, w, b, rule).y;
      const ok = (yk >= 0.5) === (targets[k] >= 0.5);
      right += ok ? 1 : 0;
      setText(rows[k].cells.y, fmt(yk, 4), yk);
      setText(rows[k].cells.mark, ok ? "\u2713" : "\u2717");
      setAttr(rows[k].cells.mark, "class", `bp-mark ${ok ? "bp-good" : "bp-bad"}`);
    });
    setText(score, `${right} of ${targets.length} training samples right`, right);
    setAttr(score, "class", `bp-score ${right === targets.length ? "bp-good" : ""}`);
  };

  const events = "change:x change:w change:b change:activation";
  model.on(events, refresh);
  refresh();
  const release = layOutAlone(root);
  return () => {
    model.off(events, refresh);
    release();
  };
}

export default { render };
