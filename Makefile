# The edition's entry points. Only Python 3 and make are needed: the first target run creates .venv and
# installs the pinned dependencies into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SERVE_ADDR ?= 127.0.0.1:8000

.PHONY: serve build check test golden bench clean ci summary

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

## serve: install, build, and serve the site on http://127.0.0.1:8000; rebuilds when seeds or notes change
serve: $(STAMP)
	@exec $(PY) build_edition.py serve --dev-addr $(SERVE_ADDR)

## build: the static site in site/ (strict: any MkDocs warning fails the build); both steps publish atomically
build: $(STAMP)
	$(PY) build_edition.py build
	$(PY) build_edition.py site

## check: validate seeds, editorial metadata, notes and the anchor lock; writes nothing
check: $(STAMP)
	$(PY) build_edition.py check

## test: install and run every test (unit, golden, property, browser)
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

## golden: rewrite the golden files after a deliberate change to the generated Markdown
golden: $(STAMP)
	$(PY) -m pytest tests/test_golden.py --update-golden

## bench: print the performance figures (anchor engine and build, search download size, suggestion recall)
bench: build
	$(PY) benchmarks/bench_anchor.py
	$(PY) benchmarks/search_bytes.py --site site
	$(PY) benchmarks/suggest_recall.py

## ci: every check a pull request must pass, in the order CI runs them: validate, test, strict build
ci: $(STAMP)
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory test
	$(MAKE) --no-print-directory build

## summary: Markdown report of the notes changed since BASE (default origin/main), for CI's job summary
BASE ?= origin/main
summary: $(STAMP)
	@$(PY) build_edition.py summary --base "$(BASE)"

clean:
	rm -rf site docs .build .pytest_cache
