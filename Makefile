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

.PHONY: setup serve test lint check clean lock browser postgres haproxy

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "metsedu needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $@

serve: setup
	$(BIN)/metsedu serve --host $(HOST) --port $(PORT) $(ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: setup
	$(BIN)/metsedu check content

test: lint check browser postgres haproxy
	$(BIN)/python -m pytest

# $(call system_package,<shell test that finds it>,<Debian package>,<what it is for>,<message>)
# Use the system's package when it is there; install it when we can (root on Debian); else
# stop with one line that says what to install. Nothing is ever downloaded by the tests.
define system_package
	@if $(1); then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing $(2) from the system packages $(3)..."; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null 2>&1 \
	  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; }; \
	else \
	  echo "$(4)"; exit 1; \
	fi
endef

# The browser tests drive the system Chromium (never a downloaded one).
CHROMIUM_FOUND := [ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1 || [ -n "$$METSEDU_CHROMIUM" ]
CHROMIUM_MISSING := The browser tests need Chromium: install the system package 'chromium' (sudo apt-get install chromium), or set METSEDU_CHROMIUM.
browser:
	$(call system_package,$(CHROMIUM_FOUND),chromium,for the browser tests,$(CHROMIUM_MISSING))

# The session store's tests start a throwaway PostgreSQL from the system's binaries.
POSTGRES_FOUND := ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1
POSTGRES_MISSING := The session-store tests need PostgreSQL's server programs: install the system package 'postgresql'.
postgres:
	$(call system_package,$(POSTGRES_FOUND),postgresql,for the session-store tests,$(POSTGRES_MISSING))

# The replicas test runs deploy/haproxy.cfg in the system's HAProxy, as a hospital would.
HAPROXY_FOUND := command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]
HAPROXY_MISSING := The replicas tests need the load balancer: install the system package 'haproxy'.
haproxy:
	$(call system_package,$(HAPROXY_FOUND),haproxy,for the replicas tests,$(HAPROXY_MISSING))

# Refresh the exact versions we test with, after changing a range in pyproject.toml.
lock: setup
	@echo "# Exact versions 'make test' and 'make serve' install (pip constraints). Refresh with 'make lock'." > constraints.txt
	$(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^metsedu' >> constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
