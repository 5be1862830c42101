"""``python -m backprop_book assign``: the folder and the zip a teacher hands out."""

import subprocess
import sys
import zipfile

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from backprop_book.__main__ import main
from backprop_book.teach.assign import EXERCISES, setup_cells
from backprop_book.teach.student import student_version
from tests.test_workbooks import split_lines

CHAPTERS = {4: "ch04_gradient_descent.ipynb", 5: "ch05_single_neuron.ipynb"}


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    out = tmp_path_factory.mktemp("class") / "week3"
    assert main(["assign", "--chapters", "5", "4", "--out", str(out)]) == 0
    return out


def test_the_folder_holds_the_workbooks_the_wheel_and_a_readme(handout):
    names = sorted(p.name for p in handout.iterdir())
    wheels = [n for n in names if n.endswith(".whl")]
    assert len(wheels) == 1 and wheels[0].startswith("backprop_book-")
    assert names == sorted(["README.md", *wheels, *CHAPTERS.values()])
    readme = (handout / "README.md").read_text(encoding="utf-8")
    for name in [*CHAPTERS.values(), wheels[0], "Colab", "JupyterHub", "✓"]:
        assert name in readme


def test_the_zip_holds_the_same_files(handout):
    with zipfile.ZipFile(handout.with_name("week3.zip")) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    files = {f"week3/{p.name}": p.read_bytes() for p in handout.iterdir()}
    assert members == files


def test_workbooks_are_student_versions_with_a_setup_cell(handout):
    for name in CHAPTERS.values():
        teacher = nbformat.read(EXERCISES / name, as_version=4)
        given = nbformat.read(handout / name, as_version=4)
        nbformat.validate(given)
        secret, _ = split_lines(teacher)
        lines = {line.strip() for cell in given.cells for line in cell.source.splitlines()}
        assert not secret & lines, f"a solution line of {name} is in the hand-out"
        assert "widgets" not in given.metadata
        setup = given.cells[1:3]
        assert all("assignment-setup" in c.metadata["tags"] for c in setup)
        rest = [c for c in given.cells if c not in setup]
        assert [c.source for c in rest] == [c.source for c in student_version(teacher).cells]


def test_the_wheel_installs_a_package_the_checks_can_use(handout, tmp_path):
    wheel = next(handout.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"backprop_book/checks/ch04.py", "backprop_book/widgets/slider_game.js"} <= names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--target", str(target), str(wheel)], check=True)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import backprop_book.checks.ch04 as c;"
            "assert c.__file__.startswith(sys.argv[1]), c.__file__; print(c.exercise_1.exercise)")
    result = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True,
                            text=True, check=True, cwd=tmp_path)
    assert result.stdout.strip() == "4.1"


def run_setup_cell(cell, tmp_path, monkeypatch, installed):
    """Run the setup cell as IPython would, with %pip recorded instead of run."""
    calls = []

    class Shell:
        def run_line_magic(self, name, line):
            calls.append((name, line.format(**namespace)))

    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: real(name, *a) if installed else None)
    monkeypatch.chdir(tmp_path)
    namespace = {"get_ipython": Shell}
    exec(TransformerManager().transform_cell(cell.source), namespace)
    return calls


def test_the_setup_cell_installs_only_where_the_package_is_missing(tmp_path, monkeypatch):
    wheel = "backprop_book-0.1.0-py3-none-any.whl"
    code = setup_cells(wheel)[1]
    assert run_setup_cell(code, tmp_path, monkeypatch, installed=True) == []
    with pytest.raises(FileNotFoundError, match="upload it in the Files panel"):
        run_setup_cell(code, tmp_path, monkeypatch, installed=False)
    (tmp_path / wheel).write_bytes(b"")
    assert run_setup_cell(code, tmp_path, monkeypatch, installed=False) == [
        ("pip", f"install --quiet {wheel}")]
    (tmp_path / wheel).unlink()
    code = setup_cells(wheel, "https://example.org/w.whl")[1]
    assert run_setup_cell(code, tmp_path, monkeypatch, installed=False) == [
        ("pip", "install --quiet https://example.org/w.whl")]


def test_clear_errors(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["assign", "--chapters", "4", "42", "--out", str(out)]) == 1
    assert "no workbook for chapter 42: the chapters with workbooks are 1 2" in (
        capsys.readouterr().err)
    out.mkdir()
    assert main(["assign", "--chapters", "4", "--out", str(out)]) == 1
    assert f"{out} exists already" in capsys.readouterr().err
    (tmp_path / "b.zip").write_text("")
    assert main(["assign", "--chapters", "4", "--out", str(tmp_path / "b")]) == 1
    assert "b.zip exists already" in capsys.readouterr().err
    assert main(["assign", "--chapters", "4", "--out", str(tmp_path / "no" / "x")]) == 1
    assert "is not a folder" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()
    with pytest.raises(SystemExit):
        main(["assign", "--chapters", "four", "--out", str(tmp_path / "c")])
    assert "invalid int value" in capsys.readouterr().err


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["assign", "--help"])
    text = capsys.readouterr().out
    for option in ("--chapters", "--out", "--package-url", "OUT.zip", "wheel"):
        assert option in text
