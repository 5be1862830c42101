# Backprop, Step by Step: build, serve and test the book. Each target creates what it needs.
#   make book     execute every notebook and build the site into _build/html
#   make test     every test: unit, exercise checks, nbval, browser (builds first)
#   make serve    serve the built site on http://127.0.0.1:8000
#   make lab      JupyterLab on the chapters and workbooks
#   make student  student versions of the workbooks (solutions removed) into _build/student
#   make book-student  the site without solutions into _build/student-site/html
#                 (CHAPTERS="4 5" limits it to those chapters)
#   make outputs  re-execute the committed notebooks in place (after editing one)
#   make bench    the benchmarks in benchmarks/

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
PY_OK  := $(VENV)/.installed
NODE_OK := node_modules/.installed
ASSETS := _build/assets/offline
NOTEBOOKS := $(wildcard book/*.ipynb) $(wildcard exercises/*.ipynb)
PACKAGE := $(shell find backprop_book -name '*.py' -o -name '*.js' -o -name '*.css')
# Jupyter Book's execution cache and Sphinx's record of what is up to date both look at a
# notebook's own content only: when the package the notebooks import changes (a widget's
# JavaScript, a function), both are dropped, so every page is executed and written anew.
CACHE_OK := _build/.jupyter_cache/.package-stamp
PYTEST_ARGS ?=

.PHONY: book test serve lab student outputs bench pins clean
.DELETE_ON_ERROR:

$(PY_OK): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(NODE_OK): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(ASSETS): $(PY_OK) $(NODE_OK) backprop_book/site_assets.py
	$(PY) -m backprop_book.site_assets node_modules _build/assets

student: $(PY_OK)
	$(PY) -m backprop_book student exercises/*.ipynb --out _build/student

# The student edition of the site, without any solution, into _build/student-site/html;
# CHAPTERS="4 5" limits it to those chapters. Executes nothing (the stored outputs are shown).
CHAPTERS ?=
.PHONY: book-student
book-student: $(PY_OK) $(ASSETS)
	$(PY) -m backprop_book.teach.edition --out _build/student-site $(if $(strip $(CHAPTERS)),--chapters $(CHAPTERS))

$(CACHE_OK): $(PACKAGE)
	rm -rf _build/.jupyter_cache _build/.doctrees
	mkdir -p _build/.jupyter_cache && touch $@

book: $(PY_OK) $(ASSETS) $(CACHE_OK) student
	$(BIN)/jupyter-book build . --warningiserror --keep-going

test: book
	$(PY) -m pytest tests book exercises --nbval --nbval-current-env \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg $(PYTEST_ARGS)

serve: book
	@echo "Serving the book on http://127.0.0.1:8000 (Ctrl+C stops)"
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

lab: $(PY_OK)
	$(BIN)/jupyter lab --ip=127.0.0.1 --ServerApp.root_dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

outputs: $(PY_OK)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.record_timing=False $(NOTEBOOKS)

bench: book
	$(PY) benchmarks/build.py
	$(PY) benchmarks/widget_frames.py
	$(PY) benchmarks/training.py
	$(PY) benchmarks/grading.py

pins:
	rm -rf _build/pins && $(PYTHON) -m venv _build/pins
	_build/pins/bin/pip install -q -r requirements.in
	{ echo "# Exact pins of every Python dependency (regenerate with \`make pins\`)."; \
	  _build/pins/bin/pip freeze --exclude-editable | grep -vE '^(pip|setuptools|wheel)=='; \
	  echo "-e ."; } > requirements.txt

clean:
	rm -rf _build
