// Helpers shared by every widget of the book (prefixed to each widget's module).

/** Tags of the controls a reader operates with the keyboard. */
const CONTROLS = new Set(["input", "button", "select", "textarea"]);

/** Create an element: h("div", {class: "x", "data-k": 1}, child, "text", ...).
 *
 * Every control gets data-lm-suppress-shortcuts: JupyterLab looks for it from the focused
 * element upwards and stops at the first element a notebook shortcut matches, which is the
 * control itself, so the attribute must be on the control, not only on the widget's root.
 */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  if (CONTROLS.has(tag)) node.setAttribute("data-lm-suppress-shortcuts", "true");
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

/** The root of every widget: themed, and marked so that no notebook shortcut fires
 * for keys pressed inside it (its controls are marked by h() as well). */
function widgetRoot(el, name, title) {
  el.classList.add("bp-widget", name);
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  el.replaceChildren();
  if (title) el.append(h("div", { class: "bp-title", text: title }));
  return el;
}

/** Lay a widget out on its own. With size and layout containment, a change inside the
 * widget (a slider drag redraws it every frame) is laid out within it, not across the whole
 * page; the contained box's height follows its content through a ResizeObserver, so the
 * page is laid out again only when that height changes. The box sits inside the root:
 * ipywidgets writes the root's own height when it shows the view. It holds the root's
 * children from `first` on; those before it stay outside, which is where a <select> must
 * be: with one inside, Chromium (156) lays the whole page out again on every change in the
 * box. Returns the cleanup for the view's removal. */
function layOutAlone(root, first = root.firstChild) {
  const children = [...root.childNodes];
  const content = h("div", { class: "bp-content" }, ...children.slice(children.indexOf(first)));
  const box = h("div", { class: "bp-contained" }, content);
  root.append(box);
  const fit = () => {
    const height = `${content.offsetHeight}px`;
    setProp(box.style, "height", height);
  };
  const observer = new ResizeObserver(fit);
  fit();
  observer.observe(content);
  return () => observer.disconnect();
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
    if (Number(input.value) !== value) input.value = String(value);
    setText(readout, fmt(value, digits), value);
  };
  return { row, input, show };
}

/** A learning-rate slider that moves through the stops `rates` (a log scale) and whose
 * readout shows α itself; returns {row, input, readout, show(alpha)}: show puts the slider on the
 * stop nearest α (α may lie between stops: the Python side can set any value). */
function rateControl({ id, rates, label, ariaLabel, onRate }) {
  const { row, input } = rangeControl({ id, param: "learning-rate", label, min: 0, max: rates.length - 1,
    step: 1, digits: 0, onInput: (i) => onRate(rates[i]) });
  input.setAttribute("aria-label", ariaLabel);
  const readout = row.querySelector("output");
  readout.dataset.output = "learning-rate";
  const show = (alpha) => {
    const gaps = rates.map((r) => Math.abs(Math.log(r / alpha)));
    const index = String(gaps.indexOf(Math.min(...gaps)));
    setProp(input, "value", index);
    const text = String(Number(alpha.toPrecision(4)));
    setText(readout, text, alpha);
    setAttr(input, "aria-valuetext", `\u03b1 = ${text}`);
  };
  return { row, input, readout, show };
}

/** Set a node's text and, if given, its data-value, writing only what changed: a write,
 * even of the same text, makes the browser lay the text out again, and a slider drag
 * refreshes a widget on every frame. */
function setText(node, text, value) {
  if (node.textContent !== text) {
    // A lone text node keeps its place and only its characters change: replacing it would
    // also make the page's :has() rules look at the cell again.
    if (node.childNodes.length === 1 && node.firstChild.nodeType === Node.TEXT_NODE) node.firstChild.data = text;
    else node.textContent = text;
  }
  if (value !== undefined && node.dataset.value !== String(value)) node.dataset.value = String(value);
}

/** Set an attribute, or remove it when value is null, writing only what changed (as setText). */
function setAttr(node, name, value) {
  if (value === null) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== String(value)) {
    node.setAttribute(name, String(value));
  }
}

/** Set a property (an input's value or checked, a style) only when it differs (as setText). */
function setProp(object, key, value) {
  if (object[key] !== value) object[key] = value;
}

/** An id prefix unique on the page. anywidget evaluates each widget's module anew, so a
 * counter kept in the module would restart at every widget: use a random suffix. */
function uniqueId(name) {
  return `${name}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The sigmoid in the stable form of backprop_book.activations.sigmoid (same operations). */
function sigmoid(z) {
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** backprop_book.data.quartic and quartic_prime, in the same Horner form. */
const quartic = (x) => x * (x * x * (2 * x - 4) + 3) + 2;
const quarticPrime = (x) => x * x * (8 * x - 12) + 3;

/** Create an SVG element: svg("line", {x1: 0, ...}, child, ...). */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
}

/** A colour scale through "#rrggbb" stops, interpolated linearly: scale(t), t in [0, 1],
 * gives [r, g, b]; scale.stops holds the stops as [r, g, b]. */
function colourScale(hexStops) {
  const stops = hexStops.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
  const scale = (t) => {
    const u = Math.min(Math.max(t, 0), 1) * (stops.length - 1), i = Math.min(Math.floor(u), stops.length - 2);
    return stops[i].map((c, j) => Math.round(c + (u - i) * (stops[i + 1][j] - c)));
  };
  scale.stops = stops;
  return scale;
}

/** Contour segments of the level through a grid of node values (marching squares). */
function contour(values, level, px, py) {
  const segments = [];
  for (let j = 0; j + 1 < values.length; j++) {
    for (let i = 0; i + 1 < values[j].length; i++) {
      const a = values[j][i], b = values[j][i + 1], c = values[j + 1][i + 1], d = values[j + 1][i];
      const cross = (v0, v1, x0, y0, x1, y1) => {
        if ((v0 >= level) === (v1 >= level)) return null;
        const t = (level - v0) / (v1 - v0);
        return [px(x0 + t * (x1 - x0)), py(y0 + t * (y1 - y0))];
      };
      const points = [cross(a, b, i, j, i + 1, j), cross(b, c, i + 1, j, i + 1, j + 1),
        cross(d, c, i, j + 1, i + 1, j + 1), cross(a, d, i, j, i, j + 1)];
      const hits = points.filter(Boolean);
      if (hits.length === 2) segments.push(hits);
      else if (hits.length === 4) {  // a saddle: the centre decides which corners are cut off
        const sameAsA = ((a + b + c + d) / 4 >= level) === (a >= level);
        segments.push(...(sameAsA ? [[points[0], points[1]], [points[2], points[3]]]
          : [[points[3], points[0]], [points[1], points[2]]]));
      }
    }
  }
  return segments.map(([p, q]) => `M${p[0].toFixed(1)},${p[1].toFixed(1)}L${q[0].toFixed(1)},${q[1].toFixed(1)}`).join("");
}

/** A round step for axis ticks: 1, 2, 2.5 or 5 times a power of ten, at least span. */
function niceStep(span) {
  const unit = 10 ** Math.floor(Math.log10(span));
  return unit * [1, 2, 2.5, 5, 10].find((m) => m * unit >= span);
}
