# Two commands for a fresh clone (see README.md):
#   make guide   set up .venv, validate the content, build the guide and the example practice pack
#   make test    set up .venv with test tools (and Chromium, axe-core, Nu checker) and run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: guide test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

guide: $(STAMP)
	$(BIN)/pcsp validate .
	$(BIN)/pcsp build .
	$(BIN)/pcsp pack examples/practice.yaml -o _build/packs

test: $(STAMP)
	bash tests/browser/setup.sh
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/site.py
	$(BIN)/python benchmarks/packs.py

clean:
	rm -rf _build source/_generated
