# The course's vocabulary. A person and CI type the same targets.
#   make lab        set up .venv and open the course in JupyterLab
#   make test       set up, then unit tests + nbval on every notebook
#   make notebooks  re-execute every notebook in place (fresh stored outputs)
#   make lint       ruff over nnlib, tests, tools and the notebooks
#   make test-browser   drive JupyterLab in headless Chromium (needs /usr/bin/chromium)
#   make bench      benchmarks; writes docs/benchmarks.md

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# The stamp's name carries a hash of what it installed: editing either file reinstalls.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
export PATH := $(BIN):$(PATH)
# Silences debugpy's "frozen modules" note, which would otherwise reach kernels' stderr.
export PYDEVD_DISABLE_FILE_VALIDATION := 1

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True)

.PHONY: setup lab test notebooks lint test-browser bench clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python >= 3.11 is needed; set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

lab: setup
	@# JupyterLab generates a fresh token and prints the address that carries it. Reading
	@# config from .jupyter/ (not ~/.jupyter) means no personal config can switch the token off.
	env -u JUPYTER_TOKEN JUPYTER_CONFIG_DIR=$(CURDIR)/.jupyter $(BIN)/jupyter lab \
		--ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) \
		--LabApp.default_url=/lab/tree/notebooks/01_neuron.ipynb $(ALLOW_ROOT)

test: setup
	@test -n "$(NOTEBOOKS)" || { echo "no notebooks found in notebooks/"; exit 1; }
	$(BIN)/python -m pytest tests --ignore=tests/browser
	$(BIN)/python -m pytest --nbval --nbval-current-env -p no:cacheprovider $(NOTEBOOKS)

notebooks: setup
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

lint: setup
	$(BIN)/ruff check nnlib tests tools $(wildcard benchmarks) notebooks

test-browser: setup
	@test -x /usr/bin/chromium || { echo "make test-browser needs Chromium at /usr/bin/chromium" \
		"(Debian/Ubuntu: sudo apt-get install chromium)"; exit 1; }
	$(BIN)/python -m pytest tests/browser -p no:cacheprovider -v

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache artifacts
