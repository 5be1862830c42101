// Helpers shared by every widget of the book (prefixed to each widget's module).

/** Create an element: h("div", {class: "x", "data-k": 1}, child, "text", ...). */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** Fixed-precision number, with a true minus sign and no "-0.0000". */
function fmt(value, digits) {
  const text = Number(value).toFixed(digits);
  return (/^-0\.?0*$/.test(text) ? text.slice(1) : text).replace("-", "\u2212");
}

/** The root of every widget: themed, and arrow keys reach its controls in JupyterLab. */
function widgetRoot(el, name, title) {
  el.classList.add("bp-widget", name);
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  el.replaceChildren();
  if (title) el.append(h("div", { class: "bp-title", text: title }));
  return el;
}

/** A labelled range slider bound to a callback; returns {row, input, show(value)}. */
function rangeControl({ id, param, label, min, max, step, digits, onInput }) {
  const input = h("input", {
    type: "range", min, max, step, "data-param": param, "aria-label": label, id,
  });
  const readout = h("output", { class: "bp-readout", for: id });
  const row = h("label", { class: "bp-control", for: id },
    h("span", { class: "bp-label", text: label }), input, readout);
  input.addEventListener("input", () => onInput(Number(input.value)));
  const show = (value) => {
    input.value = String(value);
    readout.textContent = fmt(value, digits);
  };
  return { row, input, show };
}

/** A unique id prefix per rendered view (several views of one model may coexist). */
let bpViewCount = 0;
function uniqueId(name) {
  bpViewCount += 1;
  return `${name}-${bpViewCount}`;
}
