"""Every page of the built book in headless Chromium: it loads with no error and no
request off the host, its maths is typeset, and every widget on it works."""

import re

import pytest

from backprop_book.data import EXAMPLE_B, EXAMPLE_W
from tests.browser.conftest import SITE, built_pages
from tests.browser.site import WIDGET_VIEW, open_page
from tests.browser.widgets import DRIVERS, widget_kind

pytestmark = pytest.mark.browser
PAGES = built_pages() if SITE.exists() else []
CHAPTER_01 = "book/01_neural_networks.html"


@pytest.mark.parametrize("path", PAGES or ["(no built site)"])
def test_page(site, browser, screenshots, path):
    page, log = open_page(browser, site.url + path)
    page.screenshot(path=screenshots / (path.replace("/", "__").replace(".html", ".png")),
                    full_page=True)

    maths = page.locator(".math")
    typeset = page.locator(".math:has(mjx-container)")
    assert typeset.count() == maths.count(), "some maths was left as raw TeX"
    assert page.locator("mjx-merror").count() == 0, "MathJax reported a TeX error"

    views = page.locator(WIDGET_VIEW).count()
    roots = page.locator(".bp-widget").all()
    assert len(roots) == views, "every embedded widget view should render"
    for root in roots:
        kind = widget_kind(root)
        assert kind in DRIVERS, f"widget {kind} has no driver in tests/browser/widgets.py"
        unmarked = root.locator("input, button, select, textarea").evaluate_all(
            "els => els.filter(e => !e.hasAttribute('data-lm-suppress-shortcuts')).length")
        assert unmarked == 0, f"{kind}: controls whose keys JupyterLab would take as shortcuts"
        DRIVERS[kind](page, root)
    assert log.problems() == {}
    page.context.close()


#: Sets every range input of a widget to random values, ``count`` times each, as fast as
#: the page accepts them (each dispatch runs the widget's input handler synchronously).
HAMMER_JS = """(root, count) => {
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const input of root.querySelectorAll('input[type=range]')) {
    const min = Number(input.min), max = Number(input.max), step = Number(input.step) || 1;
    const positions = Math.round((max - min) / step);
    for (let i = 0; i < count; i++) {
      input.value = String(min + step * Math.round(random() * positions));
      input.dispatchEvent(new Event('input', {bubbles: true}));
    }
  }
}"""


WIDGET_PAGES = [p for p in PAGES if re.match(r"(book/\d\d_|exercises/ch)", p)]


@pytest.mark.parametrize("path", WIDGET_PAGES or ["(none)"])
def test_widgets_survive_a_thousand_rapid_inputs(site, browser, path):
    page, log = open_page(browser, site.url + path)
    for root in page.locator(".bp-widget").all():
        root.evaluate(HAMMER_JS, 1000)
        page.wait_for_timeout(100)
        root.locator('button[data-action="reset"]').click()
        DRIVERS[widget_kind(root)](page, root)
    assert log.problems() == {}
    page.context.close()


def test_site_has_the_pages_of_the_toc():
    for path in ["index.html", "book/intro.html", CHAPTER_01,
                 "exercises/ch01_neural_networks.html", "book/notation.html",
                 "book/glossary.html", "book/running.html"]:
        assert path in PAGES, f"{path} is missing from the built site"


def test_chapter_explorer_starts_where_the_chapter_says(site, browser):
    """The chapter's questions assume the running example with the threshold rule."""
    page, log = open_page(browser, site.url + CHAPTER_01)
    root = page.locator(".bp-neuron-explorer").first
    assert root.locator("input[data-rule]:checked").get_attribute("data-rule") == "threshold"
    for name, value in zip(["w1", "w2", "w3", "b"], [*EXAMPLE_W, EXAMPLE_B], strict=True):
        assert float(root.locator(f'input[data-param="{name}"]').input_value()) == value
    assert root.locator('[data-output="score"]').inner_text() == "2 of 3 training samples right"
    assert log.problems() == {}
    page.context.close()


def test_ids_are_unique_on_a_page_with_two_explorers(site, browser):
    page, log = open_page(browser, site.url + "exercises/ch01_neural_networks.html")
    ids = page.locator(".bp-widget [id]").evaluate_all("els => els.map(e => e.id)")
    names = page.locator(".bp-widget input[type=radio]").evaluate_all(
        "els => [...new Set(els.map(e => e.name))]")
    assert page.locator(".bp-neuron-explorer").count() == 2
    assert len(ids) == len(set(ids)) and len(names) == 2
    assert log.problems() == {}
    page.context.close()


def test_chapter_works_from_file_url(browser):
    """Opened straight from disk, with no server, the maths and the widget still work."""
    page, log = open_page(browser, (SITE / CHAPTER_01).as_uri())
    assert page.locator(".math:has(mjx-container)").count() > 0
    roots = page.locator(".bp-neuron-explorer").all()
    assert roots, "the neuron explorer did not render from file://"
    DRIVERS["bp-neuron-explorer"](page, roots[0])
    assert log.problems() == {}
    page.context.close()


def test_widget_fits_a_phone_screen(site, browser, screenshots):
    page, log = open_page(browser, site.url + CHAPTER_01, width=360, height=740)
    root = page.locator(".bp-neuron-explorer").first
    root.scroll_into_view_if_needed()
    overflow = root.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 0, f"the explorer is {overflow}px wider than a 360px screen allows"
    root.screenshot(path=screenshots / "neuron_explorer_360px.png")
    assert log.problems() == {}
    page.context.close()


def test_each_chapter_links_its_student_workbook():
    """The download link on a chapter page serves the workbook without its solutions."""
    for chapter in sorted((SITE / "book").glob("[0-9][0-9]_*.html")):
        workbook = f"ch{chapter.name[:2]}_{chapter.stem[3:]}.ipynb"
        links = re.findall(rf'href="([^"]*_downloads/[^"]*/{workbook})"', chapter.read_text())
        assert links, f"{chapter.name} has no download link to {workbook}"
        student = (chapter.parent / links[0]).resolve().read_text()
        assert "raise NotImplementedError()" in student
        assert "### BEGIN SOLUTION" not in student and "Model answer" not in student
