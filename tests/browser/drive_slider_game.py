"""Driver of the slider game in a built page: keys, clicks and typed puzzle numbers, and after
each of them the loss, the move counter, every hint arrow and the status compared with
backprop_book.slider_game; gradient descent's moves compared with ``play``, move by move,
on a puzzle where it reaches zero and on one where it gets stuck."""

import re

from playwright.sync_api import expect

from backprop_book import slider_game as game

#: The first puzzles where gradient descent from the start reaches zero / gets stuck.
_ENDS = [(seed, game.loss(game.play(p.start, p)[-1], p))
         for seed, p in ((s, game.puzzle(s)) for s in range(50))]
REACHES_ZERO = next(seed for seed, end in _ENDS if end == 0)
GETS_STUCK = next(seed for seed, end in _ENDS if end > 0)
PLAY_TIMEOUT_MS = 30_000     # at most ~40 moves, one every 150 ms
END_STATES = re.compile("^(solved|stuck)$")


def _slider(root, i):
    return root.locator(f'input[data-param="s{i + 1}"]')


# Everything the checks need, read in one call (one call per element would take longer).
READ_PAGE = """el => {
  const out = (name) => el.querySelector(`[data-output="${name}"]`);
  const hints = [...el.querySelectorAll('.bp-hint')].map((node) => ({
    value: node.dataset.value, arrow: node.querySelector('[aria-hidden="true"]').textContent,
    said: node.querySelector('.bp-sr').textContent, id: node.id, hidden: node.hidden,
  }));
  const sliders = [...el.querySelectorAll('input[type="range"]')];
  const play = el.querySelector('button[data-action="play"]');
  return {
    seed: el.querySelector('input[data-param="seed"]').value,
    positions: sliders.map((s) => Number(s.value)),
    describedBy: sliders.map((s) => s.getAttribute('aria-describedby')),
    loss: [out('loss').dataset.value, out('loss').textContent],
    moves: [out('moves').dataset.value, out('moves').textContent],
    status: out('status').dataset.value, solvedClass: el.classList.contains('bp-is-solved'),
    hints, play: play.offsetParent !== null, playText: play.textContent,
  };
}"""
SHOWN = {"up": "↑", "down": "↓", None: ""}


def _state(root):
    """(seed, hints shown, positions, moves) as the page shows them."""
    seen = root.evaluate(READ_PAGE)
    return int(seen["seed"]), not seen["hints"][0]["hidden"], seen["positions"], int(
        seen["moves"][0])


def _expect_matches_python(root):
    """Every number, arrow and message of the page is Python's, for the page's settings."""
    seen = root.evaluate(READ_PAGE)
    seed, hints, positions = int(seen["seed"]), not seen["hints"][0]["hidden"], seen["positions"]
    puzzle = game.puzzle(seed)
    loss = game.loss(positions, puzzle)
    assert seen["loss"] == [str(loss)] * 2
    assert seen["moves"][0] == seen["moves"][1] and int(seen["moves"][0]) >= 0
    arrows = game.hints(positions, puzzle)
    assert [h["value"] for h in seen["hints"]] == [a or "" for a in arrows]
    assert all(h["hidden"] != hints for h in seen["hints"])
    if hints:
        assert [h["arrow"] for h in seen["hints"]] == [SHOWN[a] for a in arrows]
        assert all(h["said"].startswith("hint: ") for h in seen["hints"])
        assert seen["describedBy"] == [h["id"] for h in seen["hints"]]
    else:
        assert seen["describedBy"] == [None] * game.N
    if loss == 0:
        assert seen["status"] == "solved" and seen["solvedClass"]
    elif hints and arrows == [None] * game.N:
        assert seen["status"] == "stuck" and not seen["solvedClass"]
    else:
        assert seen["status"] in (["", "playing", "paused"] if hints else [""])
    assert seen["play"] == hints
    return seed, hints, positions, int(seen["moves"][0])


def _press(page, root, i, key, times=1):
    before = _expect_matches_python(root)
    _slider(root, i).focus()
    for _ in range(times):
        page.keyboard.press(key)
    after = _expect_matches_python(root)
    change = abs(after[2][i] - before[2][i])
    assert after[3] == before[3] + change, "each changed position counts one move"
    return after


def _type_seed(root, text):
    field = root.locator('input[data-param="seed"]')
    field.fill(text)
    field.press("Enter")
    return _expect_matches_python(root)


def _let_descent_play(page, root):
    """Click "Let gradient descent play", record every position the page shows until it
    stops, and compare the moves with Python's ``play``."""
    seed, _, start, moves = _expect_matches_python(root)
    # Recorded in the page, as it happens: a short game can be over before a poll from
    # here would see the "playing" state.
    root.evaluate("""el => {
      el.bpPath = [];
      el.bpStates = [];
      const status = el.querySelector('[data-output="status"]');
      const record = () => el.bpPath.push(
        [...el.querySelectorAll('input[type=range]')].map((s) => Number(s.value)));
      el.bpObserver = new MutationObserver(record);
      el.bpObserver.observe(el.querySelector('[data-output="loss"]'),
        { attributes: true, attributeFilter: ['data-value'] });
      el.bpStatusObserver = new MutationObserver(() => el.bpStates.push(status.dataset.value));
      el.bpStatusObserver.observe(status, { attributes: true, attributeFilter: ['data-value'] });
    }""")
    root.locator('button[data-action="play"]').click()
    status = root.locator('[data-output="status"]')
    expect(status).to_have_attribute("data-value", END_STATES, timeout=PLAY_TIMEOUT_MS)
    recorded, states = root.evaluate("""el => {
      el.bpObserver.disconnect();
      el.bpStatusObserver.disconnect();
      return [el.bpPath, el.bpStates];
    }""")
    assert "playing" in states, f"the game never showed that it was playing: {states}"
    path = [start]
    for positions in recorded:
        if positions != path[-1]:
            path.append(positions)
    expected = game.play(start, game.puzzle(seed))
    assert path == expected, "the page's moves are not gradient descent's"
    after = _expect_matches_python(root)
    assert after[2] == expected[-1] and after[3] == moves + len(expected) - 1
    assert root.locator('button[data-action="play"]').inner_text() == "Let gradient descent play"
    return status.get_attribute("data-value")


def _pause_and_go_on(page, root):
    seed, _, start, moves = _expect_matches_python(root)
    expected = game.play(start, game.puzzle(seed))
    play = root.locator('button[data-action="play"]')
    play.click()
    counter = root.locator('[data-output="moves"]')
    expect(counter).not_to_have_attribute("data-value", str(moves), timeout=5_000)
    assert play.inner_text() == "Pause"
    play.click()
    paused = _expect_matches_python(root)
    assert root.locator('[data-output="status"]').get_attribute("data-value") == "paused"
    assert paused[2] in expected, "paused away from gradient descent's path"
    page.wait_for_timeout(400)
    assert _expect_matches_python(root) == paused, "a move after the pause"
    play.click()
    expect(root.locator('[data-output="status"]')).to_have_attribute(
        "data-value", END_STATES, timeout=PLAY_TIMEOUT_MS)
    end = _expect_matches_python(root)
    assert end[2] == expected[-1] and end[3] == moves + len(expected) - 1
    return root.locator('[data-output="status"]').get_attribute("data-value")


def _hammer(page, root, count=1000):
    """``count`` rapid inputs on random sliders: the move counter adds up every change."""
    before = _expect_matches_python(root)
    total = root.evaluate("""(el, count) => {
      const sliders = [...el.querySelectorAll('input[type=range]')];
      let seed = 12345, moved = 0;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
      for (let k = 0; k < count; k++) {
        const s = sliders[next() % sliders.length], value = next() % 11;
        moved += Math.abs(value - Number(s.value));
        s.value = String(value);
        s.dispatchEvent(new Event('input', { bubbles: true }));
      }
      return moved;
    }""", count)
    after = _expect_matches_python(root)
    assert after[3] == before[3] + total


def drive(page, root):
    seed, hints, _, _ = _expect_matches_python(root)

    _press(page, root, 0, "ArrowRight", 2)
    _press(page, root, 0, "ArrowLeft")
    _press(page, root, 4, "ArrowUp", 3)
    _press(page, root, 9, "End")
    _press(page, root, 9, "Home")
    _slider(root, 2).fill("0")
    _expect_matches_python(root)

    # Typing a puzzle number: a bad one is refused, a good one starts that puzzle.
    assert _type_seed(root, "2.5")[0] == seed
    assert _type_seed(root, "-3")[0] == seed
    root.locator('button[data-action="new-puzzle"]').click()
    assert _expect_matches_python(root)[::2] == ((seed + 1) % game.SEED_LIMIT, [5] * game.N)
    assert _expect_matches_python(root)[3] == 0

    # Solve a puzzle by hand: put every slider on its target.
    target = game.puzzle((seed + 1) % game.SEED_LIMIT).target
    for i, t in enumerate(target):
        _slider(root, i).fill(str(t))
    solved = _expect_matches_python(root)
    assert solved[2] == list(target)

    if hints:
        assert _type_seed(root, str(REACHES_ZERO))[0] == REACHES_ZERO
        assert _let_descent_play(page, root) == "solved"
        assert _type_seed(root, str(GETS_STUCK))[0] == GETS_STUCK
        assert _pause_and_go_on(page, root) == "stuck"
        # Stuck, the reader moves one slider: descent goes on from there.
        stuck_at = _state(root)[2]
        _press(page, root, 0, "ArrowRight" if stuck_at[0] < 10 else "ArrowLeft")
        _let_descent_play(page, root)

    _hammer(page, root)

    # Back to the first puzzle, and Reset: the widget is as it started.
    _type_seed(root, str(seed))
    _press(page, root, 1, "ArrowLeft")
    root.locator('button[data-action="reset"]').click()
    assert _expect_matches_python(root) == (seed, hints, list(game.puzzle(seed).start), 0)
