// The slider game: ten sliders, one hidden setting, a loss to bring down to zero.
// Twin of backprop_book/slider_game.py: the same draws and the same whole-number arithmetic
// (every value stays far below 2^53), so the page and Python agree exactly.

const N = 10, LEVELS = 11, START = 5, DIAGONAL = 3, SEED_LIMIT = 2 ** 32, PLAY_MS = 150;
const STEPS = { up: 1, down: -1 };
const ARROWS = { up: "\u2191", down: "\u2193" };
const subscript = (n) => String(n).replace(/\d/g, (d) => String.fromCharCode(0x2080 + Number(d)));

/** mulberry32: endless 32-bit draws; Math.imul keeps a product's low 32 bits, >>> 0 reads
 * 32 bits as an unsigned number (Python: & 0xFFFFFFFF). */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Puzzle number `seed`: ten target positions, then row by row the partner's column and sign. */
function puzzle(seed) {
  const next = mulberry32(seed);
  const below = (n) => next() % n;
  const target = Array.from({ length: N }, () => below(LEVELS));
  const coupling = target.map((_, i) => {
    const row = Array.from({ length: N }, (_, j) => (i === j ? DIAGONAL : 0));
    const j = below(N - 1);
    row[j >= i ? j + 1 : j] = below(2) ? 1 : -1;
    return row;
  });
  return { seed, target, coupling, start: Array(N).fill(START) };
}

/** L(s) = sum over rows i of (sum over j of A_ij (s_j - t_j))^2. */
function loss(s, { target, coupling }) {
  let total = 0;
  for (const row of coupling) {
    let r = 0;
    for (let j = 0; j < N; j++) r += row[j] * (s[j] - target[j]);
    total += r * r;
  }
  return total;
}

/** The positions after slider i moves one step (+1 or -1); null off the scale. */
function moved(s, i, step) {
  const after = [...s];
  after[i] += step;
  return after[i] >= 0 && after[i] < LEVELS ? after : null;
}

/** "up" if one step up lowers the loss, "down" if one step down does, else null. */
function hint(s, p, i, now = loss(s, p)) {
  for (const [direction, step] of Object.entries(STEPS)) {
    const after = moved(s, i, step);
    if (after && loss(after, p) < now) return direction;
  }
  return null;
}

/** Gradient descent's move: the hinted step that lowers the loss most (lowest i among equals). */
function descentMove(s, p) {
  const now = loss(s, p);
  let best = null, bestLoss = Infinity;
  for (let i = 0; i < N; i++) {
    const direction = hint(s, p, i, now);
    if (!direction) continue;
    const after = loss(moved(s, i, STEPS[direction]), p);
    if (after < bestLoss) [best, bestLoss] = [{ i, direction }, after];
  }
  return best;
}

function render({ model, el }) {
  const root = widgetRoot(el, "bp-slider-game", "Ten sliders, one hidden setting: bring the loss down to 0");
  const id = uniqueId("bp-slider");
  const save = (changes) => {
    for (const [key, value] of Object.entries(changes)) model.set(key, value);
    model.save_changes();
  };
  let current = puzzle(model.get("seed"));
  const thePuzzle = () => (current.seed === model.get("seed") ? current : (current = puzzle(model.get("seed"))));
  let playing = false, paused = false, timer = null, lastMoved = -1; // lastMoved: descent's last slider
  const stop = () => {
    clearTimeout(timer);
    [playing, paused, timer, lastMoved] = [false, false, null, -1];
  };

  const lossOut = h("output", { class: "bp-loss", "data-output": "loss", "aria-live": "polite" });
  const solved = h("span", { class: "bp-badge", text: "solved!" });
  const movesOut = h("output", { "data-output": "moves" });
  const seedInput = h("input", {
    type: "number", min: 0, max: SEED_LIMIT - 1, step: 1, inputmode: "numeric",
    "data-param": "seed", id: `${id}-seed`, "aria-label": "puzzle number",
  });

  const moveTo = (i, value) => {
    const positions = [...model.get("positions")];
    const change = Math.abs(value - positions[i]);
    if (!change) return;
    positions[i] = value;
    paused = false;
    save({ positions, moves: model.get("moves") + change });
  };
  const sliders = Array.from({ length: N }, (_, i) => {
    const control = rangeControl({
      id: `${id}-s${i + 1}`, param: `s${i + 1}`, label: `s${subscript(i + 1)}`,
      min: 0, max: LEVELS - 1, step: 1, digits: 0, onInput: (v) => moveTo(i, v),
    });
    control.input.setAttribute("aria-label", `slider ${i + 1}`);
    const arrow = h("span", { "aria-hidden": "true" });
    const said = h("span", { class: "bp-sr" });
    const hintOut = h("span", { class: "bp-hint", "data-output": `hint-${i + 1}`, id: `${id}-hint-${i + 1}` }, arrow, said);
    control.row.append(hintOut);
    return { ...control, hintOut, arrow, said };
  });

  const startPuzzle = (seed) => {
    stop();
    save({ seed, positions: puzzle(seed).start, moves: 0 });
  };
  seedInput.addEventListener("change", () => {
    const text = seedInput.value.trim(), seed = Number(text);
    const valid = text !== "" && Number.isInteger(seed) && seed >= 0 && seed < SEED_LIMIT;
    if (valid && seed !== model.get("seed")) startPuzzle(seed);
    seedInput.value = String(model.get("seed")); // a refused number gives way to the current one
  });
  const button = (action, text, onClick) => {
    const node = h("button", { type: "button", "data-action": action, text });
    node.addEventListener("click", onClick);
    return node;
  };
  const newPuzzle = button("new-puzzle", "New puzzle", () => startPuzzle((model.get("seed") + 1) % SEED_LIMIT));
  const reset = button("reset", "Reset", () => {
    stop();
    save({ positions: thePuzzle().start, moves: 0 });
    refresh(); // the status changes even when the positions do not
  });
  const tick = () => {
    const s = model.get("positions"), move = descentMove(s, thePuzzle());
    if (move) {
      lastMoved = move.i;
      save({ positions: moved(s, move.i, STEPS[move.direction]), moves: model.get("moves") + 1 });
    }
    if (move && descentMove(model.get("positions"), thePuzzle())) {
      timer = setTimeout(tick, PLAY_MS);
    } else { // at zero, or stuck: stop at once, so the button and the message agree
      stop();
      refresh();
    }
  };
  const play = button("play", "Let gradient descent play", () => {
    if (playing) {
      stop();
      paused = true;
    } else {
      [playing, paused] = [true, false];
      timer = setTimeout(tick, PLAY_MS);
    }
    refresh();
  });
  const legend = h("p", { class: "bp-muted bp-legend" },
    `${ARROWS.up} one step up lowers the loss, ${ARROWS.down} one step down does; no arrow: no single step of that slider lowers it.`);
  const status = h("p", { class: "bp-status", "data-output": "status", "aria-live": "polite" });

  root.append(
    h("div", { class: "bp-header" },
      h("div", { class: "bp-score" }, h("span", { class: "bp-muted", text: "loss" }), lossOut, solved,
        h("span", { class: "bp-muted", text: "(goal: 0)" })),
      h("div", { class: "bp-counters" },
        h("span", {}, "moves ", movesOut),
        h("label", { for: seedInput.id }, "puzzle ", seedInput))),
    h("div", { class: "bp-board" }, ...sliders.map((c) => c.row)),
    legend, status,
    h("div", { class: "bp-footer" }, play, newPuzzle, reset));

  const STATUS = {
    solved: "Solved! The loss reached zero: this is the hidden setting.",
    stuck: "Stuck: no single step lowers the loss, yet it is not 0. Every lower setting differs from this one in two sliders or more.",
    playing: "Gradient descent is playing: each move is the step that lowers the loss most.",
    paused: "Paused. Click again to go on.",
  };
  const refresh = () => {
    const p = thePuzzle(), s = model.get("positions"), withHints = model.get("hints");
    if (playing && !withHints) stop();
    const now = loss(s, p);
    const arrows = s.map((_, i) => hint(s, p, i, now));
    sliders.forEach((c, i) => {
      c.show(s[i]);
      c.row.classList.toggle("bp-moved", playing && i === lastMoved);
      setAttr(c.hintOut, "hidden", withHints ? null : "");
      setText(c.arrow, arrows[i] ? ARROWS[arrows[i]] : "");
      setText(c.said, arrows[i] ? `hint: one step ${arrows[i]} lowers the loss` : "hint: no single step lowers the loss");
      setAttr(c.hintOut, "data-value", arrows[i] ?? "");
      setAttr(c.input, "aria-describedby", withHints ? c.hintOut.id : null);
    });
    setText(lossOut, fmt(now, 0), now);
    setText(movesOut, fmt(model.get("moves"), 0), model.get("moves"));
    if (document.activeElement !== seedInput) setProp(seedInput, "value", String(p.seed));
    root.classList.toggle("bp-is-solved", now === 0);
    const state = now === 0 ? "solved"
      : !withHints ? ""
        : arrows.every((a) => a === null) ? "stuck"
          : playing ? "playing" : paused ? "paused" : "";
    setText(status, STATUS[state] ?? "", state);
    setAttr(status, "class", `bp-status ${state === "solved" ? "bp-good" : state === "stuck" ? "bp-bad" : ""}`);
    setAttr(legend, "hidden", withHints ? null : "");
    setAttr(play, "hidden", withHints ? null : "");
    setText(play, playing ? "Pause" : "Let gradient descent play");
  };

  const events = "change:seed change:positions change:moves change:hints";
  model.on(events, refresh);
  refresh();
  const release = layOutAlone(root);
  return () => {
    stop();
    model.off(events, refresh);
    release();
  };
}

export default { render };
