"""The student edition of the site (``make book-student``): no solution anywhere in it, and
no broken link when it holds only some chapters. Builds the site twice into a temporary
folder, without executing anything (about 20 s each on an idle machine)."""

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup

from backprop_book.teach import CommandError
from backprop_book.teach.edition import ROOT, build, limit_toc, unlink_missing
from backprop_book.teach.student import BEGIN, END, is_solution, student_version

TOC = (ROOT / "_toc.yml").read_text(encoding="utf-8")
# The workbooks in the book (one may be on its way and not yet in the table of contents).
WORKBOOKS = [p for p in sorted((ROOT / "exercises").glob("ch*.ipynb"))
             if f"exercises/{p.stem}" in TOC]
ASSETS = ROOT / "_build" / "assets"
SHINGLE = 8  # words in a row that count as a copy of a solution
WORD = re.compile(r"[a-z0-9_]+")
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def words(text):
    """The words of a text, without its HTML tags: a page shows "Hint: the gradients There
    is…" where the workbook's Markdown has "<summary>Hint: the gradients</summary> There is…"."""
    return WORD.findall(html.unescape(TAG.sub(" ", text)).lower())


def shingles(text):
    tokens = words(text)
    if 0 < len(tokens) < SHINGLE:
        return {tuple(tokens)}
    return {tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def solution_parts(nb):
    """(solutions, rest): the text of each solution (a code block between the markers, or a
    whole model answer), and the text of everything else."""
    solutions, rest = [], []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and is_solution(cell):
            solutions.append(cell.source)
            continue
        block, inside = [], False
        for line in cell.source.splitlines():
            if line.strip() == BEGIN:
                inside, block = True, []
            elif line.strip() == END:
                inside = False
                solutions.append("\n".join(block))
            else:
                (block if inside else rest).append(line)
    return solutions, "\n".join(rest)


def notebook_text(nb):
    """A notebook's cell sources and outputs (the chapters print some of the package's code)."""
    return "\n".join([c.source for c in nb.cells] + [
        str(o.get("text", "")) + str(o.get("data", "")) for c in nb.cells
        for o in c.get("outputs", [])])


def public_text():
    """Everything a student may see: the chapter pages and appendices, the workbooks' text
    outside the solutions (what the chapters teach may repeat a line of a solution)."""
    texts = [notebook_text(nbformat.read(path, as_version=4))
             for path in sorted((ROOT / "book").glob("*.ipynb"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "book").glob("*.md"))]
    for path in WORKBOOKS:
        texts.append(solution_parts(nbformat.read(path, as_version=4))[1])
    return "\n".join(texts)


@pytest.fixture(scope="module")
def secrets():
    """{shingle: workbook name} of every solution's word runs that appear nowhere public."""
    public = shingles(public_text())
    found = {}
    for path in WORKBOOKS:
        for solution in solution_parts(nbformat.read(path, as_version=4))[0]:
            for shingle in shingles(solution) - public:
                found[shingle] = path.name
    assert len({name for name in found.values()}) == len(WORKBOOKS), "every workbook has secrets"
    return found


def site_texts(folder):
    """(path, text) of every file of a built site that a reader can open or download."""
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".html":
            yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
        elif path.suffix == ".ipynb":
            yield path, notebook_text(nbformat.read(path, as_version=4))
        elif path.suffix in {".md", ".txt", ".js", ".json", ".py"}:
            yield path, path.read_text(encoding="utf-8", errors="replace")


def leaks(folder, secrets):
    found = []
    for path, text in site_texts(folder):
        found += [(path.name, secrets[s]) for s in shingles(text) if s in secrets]
    return found


def broken_links(folder):
    """Every local href or src of every page that names a file the site lacks."""
    broken = []
    for page in Path(folder).rglob("*.html"):
        if "_static" in page.relative_to(folder).parts:
            continue  # the theme's template fragments
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(href=True) + soup.find_all(src=True):
            link = tag.get("href") or tag.get("src")
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if not (page.parent / unquote(parts.path)).exists():
                broken.append((page.relative_to(folder).as_posix(), link))
    return broken


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    if not (ASSETS / "offline").is_dir():
        pytest.skip("the offline assets are missing: `make book` (or `make test`) makes them")
    out = tmp_path_factory.mktemp("student-site")
    return {"all": build(None, out / "all"), "some": build([2, 6], out / "some")}


def test_the_leak_detector_finds_the_solutions_of_the_teachers_workbooks(secrets):
    for path in WORKBOOKS:
        nb = nbformat.read(path, as_version=4)
        text = nbformat.writes(nb)
        assert any(s in secrets for s in shingles(text)), path.name
        student = nbformat.writes(student_version(nb))
        assert not [s for s in shingles(student) if s in secrets], path.name


def test_no_solution_in_any_page_or_download(sites, secrets):
    for site in sites.values():
        assert not leaks(site, secrets)
        notebooks = {p.name for p in site.rglob("*.ipynb")}
        assert notebooks, "the workbooks can be downloaded"


def test_the_whole_edition_has_every_chapter_and_no_teachers_page(sites):
    pages = {p.relative_to(sites["all"]).as_posix() for p in sites["all"].rglob("*.html")}
    for path in WORKBOOKS:
        assert f"exercises/{path.stem}.html" in pages
        assert any(p.startswith(f"book/{path.name[2:4]}_") for p in pages)
    assert not any("instructors" in p for p in pages)
    assert not broken_links(sites["all"])
    intro = (sites["all"] / "book" / "intro.html").read_text(encoding="utf-8")
    assert "student edition" in intro


def test_chosen_chapters_only_and_no_broken_link(sites):
    site = sites["some"]
    chapters = {p.name[:2] for p in (site / "book").glob("[0-9][0-9]_*.html")}
    workbooks = {p.name[2:4] for p in (site / "exercises").glob("ch*.html")}
    assert chapters == workbooks == {"02", "06"}
    assert not broken_links(site)
    # Chapter 06 names chapter 05, which this edition does not have: as text, not as a link.
    page = BeautifulSoup((site / "book" / "06_layers.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert not page.find_all("a", href=re.compile("05_single_neuron"))
    assert "chapter 05" in page.get_text()
    downloads = {p.name for p in site.rglob("ch0*.ipynb")}
    assert downloads == {"ch02_derivative.ipynb", "ch06_layers.ipynb"}


def test_limit_toc_and_unlink_missing():
    toc = {"root": "book/intro", "parts": [
        {"caption": "I", "chapters": [{"file": "book/01_a", "sections": [
            {"file": "exercises/ch01_a"}]}]},
        {"caption": "II", "chapters": [{"file": "book/02_b"}, {"file": "book/instructors"}]},
        {"caption": "A", "chapters": [{"file": "book/notation"}]}]}
    limited = limit_toc(toc, {2})
    assert [p["caption"] for p in limited["parts"]] == ["II", "A"]
    assert limited["parts"][0]["chapters"] == [{"file": "book/02_b"}]
    assert limit_toc(toc)["parts"][0] == toc["parts"][0]
    text = "see {doc}`chapter 01 <01_a>`, {doc}`02_b`, {doc}`../exercises/ch01_a` and {doc}`x`"
    assert unlink_missing(text, "book/02_b", {"book/02_b"}, {"book/x": "The X"}) == (
        "see chapter 01, {doc}`02_b`, *../exercises/ch01_a* and *The X*")


def test_unknown_chapter_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no chapter 42"):
        build([42], tmp_path / "site")
