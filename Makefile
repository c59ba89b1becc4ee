# The README's two commands: `make run` and `make test`. Everything else is their parts.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export CUS_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test setup sysdeps venv messages frontend lint typecheck migrations-check pytest e2e clean

run: setup ## Set up and run CUS with its demo centre
	CUS_HTTPS=$${CUS_HTTPS:-off} bin/run

test: setup lint typecheck migrations-check pytest ## Set up and pass the whole suite

setup: sysdeps venv messages frontend

sysdeps:
	bin/install-sysdeps

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(bin/find-python)" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

messages: venv
	cd cus && ../$(PY) ../manage.py compilemessages -v 0

frontend:
	@if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund && npm run build; fi

lint: venv
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

typecheck: venv
	$(PY) -m mypy cus worker

migrations-check: venv
	$(PY) manage.py makemigrations --check --dry-run

# The suite in two processes (PYTEST_WORKERS=0: in this one), a file per process at a time (transactional tests
# put back the data the migrations ship after they empty the tables, so any file may follow any other); the
# browser tests at the same time in a process of their own (Playwright's event loop must not share a process with
# database tests; they mostly wait for the browser, so they fit beside the two busy ones). Each has its own test
# database and Redis database (tests/parallel.py); the browser tests' output follows the rest's.
PYTEST_WORKERS ?= 2
pytest: venv
	@mkdir -p var
	@$(PY) -m pytest tests/e2e $(PYTEST_ARGS) > var/e2e-tests.log 2>&1 & browser=$$!; \
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --ignore=tests/e2e $(PYTEST_ARGS); suite=$$?; \
	wait $$browser; browser_rc=$$?; \
	echo "--- browser tests (tests/e2e) ---"; cat var/e2e-tests.log; \
	test $$suite -eq 0 && test $$browser_rc -eq 0

clean:
	rm -rf $(VENV) var frontend/dist frontend/node_modules
