"""The student edition of the site: the book with every solution removed, not collapsed.

``python -m backprop_book.teach.edition [--chapters 4 5] [--out _build/student-site]``
(``make book-student [CHAPTERS="4 5"]``) writes ``OUT/html``. It assembles a source tree
in a temporary folder and builds it with Jupyter Book:

- each chosen chapter page as it is, with its committed outputs (the site is built without
  executing anything, ``execute_notebooks: "off"``, so the build is fast);
- each chosen chapter's workbook as its student version
  (:func:`backprop_book.teach.student.student_version`: solution code replaced by
  ``raise NotImplementedError()``, model answers by ``YOUR ANSWER HERE``, outputs and saved
  widget state cleared), which is also what the page's ``.ipynb`` download holds, and the
  same student version behind each chapter's "student workbook" download link;
- the introduction (with a note that this is the student edition) and the appendices;
  never the instructors' page;
- a table of contents limited to the chosen chapters; a ``{doc}`` link to a page that is
  not in this edition becomes its plain text, so no link is broken.

Warnings are errors, as in the full build.
"""

import argparse
import copy
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

import backprop_book
from backprop_book.teach import CommandError
from backprop_book.teach.student import student_version

ROOT = Path(backprop_book.__file__).resolve().parents[1]
TEACHER_ONLY = {"book/instructors"}
CHAPTER = re.compile(r"^(?:book/(\d\d)_|exercises/ch(\d\d)_)")
DOC_ROLE = re.compile(r"\{doc\}`(?:([^`<]*?)\s*<([^`>]+)>|([^`<>]+))`")
STUDENT_NOTE = """
:::{note}
This is the **student edition** of the book: the workbooks have no solutions. %s
:::
"""


def chapter_of(docname):
    """The chapter number of ``book/NN_topic`` or ``exercises/chNN_topic``, else None."""
    match = CHAPTER.match(docname)
    return int(match.group(1) or match.group(2)) if match else None


def _entries(node):
    """Every ``file`` entry of a toc subtree, depth first."""
    if isinstance(node, dict):
        if "file" in node:
            yield node["file"]
        for value in node.values():
            if isinstance(value, list | dict):
                yield from _entries(value)
    elif isinstance(node, list):
        for item in node:
            yield from _entries(item)


def limit_toc(toc, chapters=None):
    """A copy of ``toc`` (the parsed _toc.yml) without the teacher's pages and, if
    ``chapters`` is given, without the other chapters; parts left empty are dropped."""

    def keep(entry):
        file = entry.get("file", "")
        number = chapter_of(file)
        return file not in TEACHER_ONLY and (not chapters or number is None
                                             or number in chapters)

    def prune(entries):
        kept = []
        for entry in entries:
            if not keep(entry):
                continue
            entry = dict(entry)
            if "sections" in entry:
                entry["sections"] = prune(entry["sections"])
                if not entry["sections"]:
                    del entry["sections"]
            kept.append(entry)
        return kept

    toc = copy.deepcopy(toc)
    parts = []
    for part in toc.get("parts", []):
        part["chapters"] = prune(part.get("chapters", []))
        if part["chapters"]:
            parts.append(part)
    toc["parts"] = parts
    return toc


def title_of(path):
    """The first heading of a Markdown page or notebook."""
    path = Path(path)
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                         if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else path.stem


def unlink_missing(text, docname, kept, titles):
    """``text`` of page ``docname`` with each {doc} link to a page not in ``kept`` replaced
    by its text (the given text, or the page's title)."""

    def replace(match):
        label, target = (match.group(1), match.group(2)) if match.group(2) else (
            None, match.group(3))
        target = target.strip()
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))
        resolved = re.sub(r"\.(md|ipynb)$", "", resolved)
        if resolved in kept:
            return match.group(0)
        return label if label else f"*{titles.get(resolved, target)}*"

    return DOC_ROLE.sub(replace, text)


def _source_of(root, docname):
    for suffix in (".ipynb", ".md"):
        path = root / (docname + suffix)
        if path.exists():
            return path
    raise CommandError(f"{docname} is in _toc.yml but neither {docname}.ipynb nor .md exists")


def assemble(src, chapters=None, root=ROOT, assets=None):
    """Write the student edition's source tree into ``src``; return the kept docnames."""
    root, src = Path(root), Path(src)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    every = [toc["root"], *_entries(toc)]
    known = {chapter_of(doc) for doc in every} - {None}
    unknown = sorted(set(chapters or ()) - known)
    if unknown:
        raise CommandError(f"no chapter {' '.join(map(str, unknown))} in _toc.yml: the "
                           f"chapters are {' '.join(map(str, sorted(known)))}")
    limited = limit_toc(toc, set(chapters or ()))
    kept = [limited["root"], *_entries(limited)]
    titles = {doc: title_of(_source_of(root, doc)) for doc in every}

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{config['title']} (student edition)"
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    assets = Path(assets) if assets else root / "_build" / "assets"
    if not (assets / "offline").is_dir():
        raise CommandError(f"{assets}/offline is missing: build the site's offline assets "
                           "first (make book, or python -m backprop_book.site_assets "
                           "node_modules _build/assets)")
    sphinx_config["html_static_path"] = [
        str(assets.resolve()) if p == "_build/assets" else p
        for p in sphinx_config.get("html_static_path", [])]
    (src / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")
    (src / "_toc.yml").write_text(yaml.safe_dump(limited, sort_keys=False, allow_unicode=True),
                                  encoding="utf-8")
    if (root / "book" / "_assets").is_dir():
        shutil.copytree(root / "book" / "_assets", src / "book" / "_assets")

    chosen = sorted({chapter_of(doc) for doc in kept} - {None})
    note = STUDENT_NOTE % (
        "It holds chapters " + ", ".join(f"{n:02d}" for n in chosen) + "."
        if chapters else "")
    downloads = src / "_build" / "student"
    downloads.mkdir(parents=True)
    kept_set = set(kept)
    for doc in kept:
        path = _source_of(root, doc)
        target = src / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            text = unlink_missing(path.read_text(encoding="utf-8"), doc, kept_set, titles)
            if doc == limited.get("root"):
                text = re.sub(r"^(#\s+.+\n)", lambda m: m.group(1) + note, text, count=1,
                              flags=re.MULTILINE)
            target.write_text(text, encoding="utf-8")
            continue
        nb = nbformat.read(path, as_version=4)
        if doc.startswith("exercises/"):
            nb = student_version(nb)
            nbformat.write(nb, downloads / path.name)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = unlink_missing(cell.source, doc, kept_set, titles)
        nbformat.write(nb, target)
    return kept


def build(chapters=None, out=ROOT / "_build" / "student-site", root=ROOT, assets=None,
          quiet=True):
    """Build the student edition into ``out/html``; return that folder."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="student-site-", dir=out) as tmp:
        src = Path(tmp) / "source"
        src.mkdir()
        assemble(src, chapters, root, assets)
        command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(src),
                   "--path-output", str(Path(tmp) / "build"), "--warningiserror",
                   "--keep-going", *(["--quiet"] if quiet else [])]
        result = subprocess.run(command, capture_output=quiet, text=True, check=False)
        if result.returncode:
            log = (result.stdout or "") + (result.stderr or "")
            raise CommandError("the student edition did not build:\n" + log[-6000:])
        html = out / "html"
        if html.exists():
            shutil.rmtree(html)
        shutil.move(Path(tmp) / "build" / "_build" / "html", html)
    return html


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m backprop_book.teach.edition",
        description="Build the student edition of the site: every solution removed from "
                    "the workbooks (not collapsed), optionally only chosen chapters. Nothing "
                    "is executed: the chapters' committed outputs are shown.")
    parser.add_argument("--chapters", nargs="*", type=int, default=[], metavar="N",
                        help="chapter numbers, e.g. 4 5 (default: every chapter)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "student-site",
                        help="output folder; the site goes to OUT/html (default: %(default)s)")
    parser.add_argument("--assets", type=Path, default=None,
                        help="the offline assets folder (default: _build/assets)")
    parser.add_argument("--verbose", action="store_true", help="show Jupyter Book's output")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        html = build(args.chapters, args.out, assets=args.assets, quiet=not args.verbose)
    except (OSError, CommandError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"student edition in {html}/index.html ({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
