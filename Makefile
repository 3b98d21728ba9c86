# Two commands, from a fresh clone:
#   make serve   set everything up, then serve the lessons on http://127.0.0.1:8866
#   make test    set everything up, then run every check and test
# Everything installs into .venv inside the checkout (ignored by git).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8866

.PHONY: setup serve test lint check clean lock

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "metsedu needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $@

serve: setup
	$(BIN)/metsedu serve --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: setup
	$(BIN)/metsedu check content

test: lint check
	$(BIN)/python -m pytest

# Refresh the exact versions we test with, after changing a range in pyproject.toml.
lock: setup
	$(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^metsedu' > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
