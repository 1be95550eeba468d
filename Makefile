# The edition's entry points. Only Python 3 and make are needed: the first target run creates .venv and
# installs the pinned dependencies into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ZVENV := .venv-zensical
ZSTAMP := $(ZVENV)/.installed
CFF := $(VENV)/cffconvert/.installed

SERVE_ADDR ?= 127.0.0.1:8000

.PHONY: serve build check test golden bench release clean build-zensical test-zensical ci summary

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

$(ZSTAMP): requirements-zensical.txt constraints-zensical.txt
	$(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt -c constraints-zensical.txt
	touch $(ZSTAMP)

# cffconvert, which validates CITATION.cff in the tests, needs jsonschema<4: it gets a venv of its own.
$(CFF): requirements-cff.txt
	$(PYTHON) -m venv $(VENV)/cffconvert
	$(VENV)/cffconvert/bin/pip install --quiet --disable-pip-version-check -r requirements-cff.txt
	touch $(CFF)

## serve: install, build, and serve the site on http://127.0.0.1:8000; rebuilds when seeds or notes change
serve: $(STAMP)
	@exec $(PY) build_edition.py serve --dev-addr $(SERVE_ADDR)

## build: the static site in site/, with the TEI, PDF and EPUB exports (strict: any MkDocs warning fails the build); both steps publish atomically
build: $(STAMP)
	$(PY) build_edition.py build --books
	$(PY) build_edition.py site

## check: validate seeds, editorial metadata, notes and the anchor lock; writes nothing
check: $(STAMP)
	$(PY) build_edition.py check

## test: install and run every test (unit, golden, property, browser); the browser tests run against both builds
# The second run of the browser and metadata tests is against the Zensical build (empty ZTEST skips it).
ZTEST ?= $(PY) -m pytest tests/browser tests/test_metadata.py --builder zensical
test: $(STAMP) $(ZSTAMP) $(CFF)
	$(PY) -m pytest $(PYTEST_ARGS)
	$(ZTEST)

## build-zensical: the same site built by Zensical (Material's successor) into site-zensical/ (strict)
build-zensical: $(STAMP) $(ZSTAMP)
	$(PY) build_edition.py build
	$(ZVENV)/bin/zensical build --strict -f zensical.yml

## test-zensical: the browser tests against the Zensical build only
test-zensical: $(STAMP) $(ZSTAMP)
	$(PY) -m pytest tests/browser tests/test_metadata.py --builder zensical

## golden: rewrite the golden files after a deliberate change to the generated Markdown
golden: $(STAMP)
	$(PY) -m pytest tests/test_golden.py --update-golden

## bench: print the performance figures (anchor engine, the build at scale beside stock Material, search download size, suggestion recall, note check time)
bench: build
	$(PY) benchmarks/bench_anchor.py
	$(PY) benchmarks/bench_scale.py
	$(PY) benchmarks/search_bytes.py --site site
	$(PY) benchmarks/suggest_recall.py
	$(PY) benchmarks/bench_check.py

## release: build, then pack site/ and its exports into dist/<name>-<version>.tar.gz with SHA-256 checksums
release: build
	$(PY) build_edition.py release

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
	rm -rf site site-zensical dist docs .build .pytest_cache
