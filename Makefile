# Two commands do all the set-up on a fresh machine: `make video` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
QUALITY ?= low
JOBS ?=
CONFIG ?=

.PHONY: video worksheet test bench lint docs system venv clean help

help:
	@echo "make video [QUALITY=low|medium|high|4k]   render the lesson into media/"
	@echo "make worksheet                             the worksheet and its answer key, as PDFs"
	@echo "make test                                  install what is missing, run every test"
	@echo "make bench                                 measure renders, add the figures to benchmarks/RESULTS.md"
	@echo "make lint                                  ruff check"
	@echo "make docs                                  mathcore's API reference, into docs/api/"

system:
	@bash tools/setup_system.sh

$(BIN)/.installed: pyproject.toml mathcore/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "error: Python 3.10 or newer is needed (found $$($(PYTHON) --version))." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "error: cannot create a virtual environment; on Debian: apt-get install python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ./mathcore
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

venv: system $(BIN)/.installed

video: venv
	$(BIN)/lesson render --quality $(QUALITY) $(if $(JOBS),--jobs $(JOBS)) $(if $(CONFIG),--config $(CONFIG))

worksheet: venv
	$(BIN)/lesson worksheet $(if $(CONFIG),--config $(CONFIG))

test: venv
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/speed.py --quality low high --lesson high --encoders --results benchmarks/RESULTS.md
	$(BIN)/python benchmarks/preview.py

lint: venv
	$(BIN)/ruff check .

docs: venv
	$(BIN)/pdoc -o docs/api mathcore
	@echo "API reference: docs/api/index.html"

clean:
	rm -rf media/lesson media/videos media/images media/Tex media/texts
