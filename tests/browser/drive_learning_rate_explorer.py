"""Driver of the learning-rate explorer in a built page: moves every control as a reader
would and checks that every number the page shows is exactly what Python computes."""

from backprop_book.data import quartic
from backprop_book.widgets.learning_rate_explorer import (
    OUTCOMES,
    RATE_RANGE,
    LearningRateExplorer,
    format_value,
)

FIRST_ROWS = 7  # the table shows x₀ … x₆, then "… N more", then the last point
SHOWN_JS = """root => ({
  outputs: Object.fromEntries([...root.querySelectorAll("[data-output]")].filter(
    (e) => !e.closest(".bp-unused")).map(
    (e) => [e.dataset.output, [e.innerText, e.dataset.value, e.dataset.step]])),
  settings: Object.fromEntries([...root.querySelectorAll("output.bp-readout")].map(
    (e) => [e.htmlFor.value.split("-").pop(), e.dataset.value])),
  rows: [...root.querySelectorAll("tr[data-k]:not(.bp-unused)")].map((e) => Number(e.dataset.k)),
  more: [...root.querySelectorAll("tr.bp-more:not(.bp-unused)")].map((e) => e.innerText),
  plots: [...root.querySelectorAll("svg.bp-plot")].map((e) => [
    e.querySelector("polyline.bp-trail").getAttribute("points").split(" ").length,
    (e.querySelector(".bp-dots path.bp-step").getAttribute("d").match(/M/g) ?? []).length
      + e.querySelectorAll(".bp-dots circle").length]),
})"""


def _setting(root, param):
    """A control's value as the page computes with it (its readout's data-value)."""
    return float(root.locator(f'output[for$="-{param}"]').get_attribute("data-value"))


def _expect_shown(shown, name, value):
    """Output ``name`` shows ``value`` as the table prints it and carries it exactly."""
    text, data, _ = shown[name]
    assert text == format_value(value), f"{name}: {text!r} != {format_value(value)!r}"
    assert float(data) == value, f"{name}: {data} != {value!r}"


def expect_matches_python(root):
    """Every number the page shows is Python's for the page's settings; returns the
    settings (x0, α, steps) and the outcome."""
    page = root.evaluate(SHOWN_JS)
    x0, alpha, steps = (float(page["settings"][k]) for k in ("x0", "rate", "steps"))
    steps = int(steps)
    python = LearningRateExplorer(x0, alpha, steps)
    table = python.table()
    shown = page["outputs"]

    status_text, outcome, step = shown["status"]
    assert status_text == python.status()
    assert outcome == python.outcome() and int(step) == python.classify()[1]
    assert shown["last-k"][:2] == [str(len(table) - 1)] * 2
    _expect_shown(shown, "x-last", table[-1][1])
    _expect_shown(shown, "f-last", quartic(table[-1][1]))

    rows = table if len(table) <= FIRST_ROWS + 1 else [*table[:FIRST_ROWS], table[-1]]
    assert page["rows"] == [row[0] for row in rows]
    for k, x, fx, fpx in rows:
        for name, value in (("x", x), ("f", fx), ("fp", fpx)):
            _expect_shown(shown, f"{name}-{k}", value)
    hidden = len(table) - FIRST_ROWS - 1
    assert page["more"] == ([f"\u2026 {hidden} more \u2026"] if hidden > 0 else [])
    # Both plots (the curve, and x_k against k) draw every point.
    assert page["plots"] == [[len(table), len(table)]] * 2
    return (x0, alpha, steps), python.outcome()


def drive(page, root):
    start, _ = expect_matches_python(root)
    seen = set()

    rate = root.locator('input[data-param="learning-rate"]')
    rate.focus()
    for key, moves in (("ArrowRight", 2), ("ArrowLeft", 1)):
        before = _setting(root, "rate")
        for _ in range(moves):
            page.keyboard.press(key)
        step = RATE_RANGE[2] * moves * (1 if key == "ArrowRight" else -1)
        expected = min(max(before + step, RATE_RANGE[0]), RATE_RANGE[1])
        assert abs(_setting(root, "rate") - expected) < 1e-12
        seen.add(expect_matches_python(root)[1])

    x0 = root.locator('input[data-param="x0"]')
    x0.focus()
    page.keyboard.press("ArrowLeft")
    seen.add(expect_matches_python(root)[1])

    steps = root.locator('input[data-param="steps"]')
    steps.fill("30")
    # A start and a rate for each way a run can end.
    for start_x, alpha in (("1", "0.1"), ("2", "0.1"), ("1", "0.005"), ("1", "0.3"),
                           ("1", "0.5"), ("-1.5", "0.1"), ("0.5", "0.24")):
        x0.fill(start_x)
        rate.fill(alpha)
        settings, outcome = expect_matches_python(root)
        assert settings[:2] == (float(start_x), float(alpha))
        seen.add(outcome)
    assert seen >= set(OUTCOMES), f"the drive saw only {seen}"

    rate.fill("0.1")
    steps.focus()
    for key, count in (("End", 100), ("Home", 1), ("ArrowRight", 2)):
        page.keyboard.press(key)
        assert _setting(root, "steps") == count
        expect_matches_python(root)
    for count in ("7", "8"):  # the last length shown whole, the first one cut
        steps.fill(count)
        expect_matches_python(root)

    root.locator('button[data-action="reset"]').click()
    assert expect_matches_python(root)[0] == start
