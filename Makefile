# cami-kg: `make run` builds the graph from the bundled report; `make test` runs the suite.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
CAMIKG := $(VENV)/bin/camikg
CORPUS ?= ../shared/corpus/cami3-doc2-overview-report.md
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run build serve test lint bench clean browser libreoffice

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# CPU torch first: this exact version is on disk; a bare "torch" would pull a CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

build: install
	$(CAMIKG) build $(CORPUS)

run: build
	$(CAMIKG) stats
	@echo "Serving on http://$${CAMIKG_HOST:-127.0.0.1}:$${CAMIKG_PORT:-8000}/  (Ctrl-C to stop)"
	$(CAMIKG) serve

serve: install
	$(CAMIKG) serve

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium missing: install Debian's chromium (sudo apt-get install chromium) to run the browser tests"; fi; }

# Debian's LibreOffice (Writer, no GUI) for the tests that turn a DOCX fixture into a PDF.
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui; \
	  else echo "soffice missing: install Debian's LibreOffice (sudo apt-get install libreoffice-writer-nogui) to run the PDF input tests"; fi; }

test: install browser libreoffice
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
