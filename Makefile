# The course's vocabulary. A person and CI type the same targets.
#   make lab           set up .venv with the learner's packages and open the course in JupyterLab
#   make test          add the maintainer's tools, then unit tests + nbval on every notebook
#   make test-units    the unit tests alone
#   make test-numerics nbval on every notebook under other numeric environments (BLAS kernel and
#                      threads, numpy's SIMD kernels, a last-bit shaker): same outputs everywhere
#   make notebooks     re-execute every notebook in place (fresh stored outputs)
#   make lint          ruff over nnlib, tests, tools and the notebooks
#   make test-wheel    build nnlib's wheel, install it in a fresh venv outside the repository and
#                      run nbval on copies of the notebooks against it
#   make test-browser  drive JupyterLab in headless Chromium (needs /usr/bin/chromium)
#   make test-upstream the live figures' glue and blitting tests against the matplotlib / ipympl
#                      JupyterLite runs and against the lowest versions pyproject.toml allows
#   make bench         benchmarks; writes docs/benchmarks.md
#   make site          the static website of the course (stored outputs) in build/site/
#   make lite          the JupyterLite site (the notebooks run in the browser) in build/lite/;
#                      make lite PYODIDE=pyodide-X.tar.bz2 bundles Python for the browser too
#   make test-web      drive both sites in headless Chromium (after make site lite)
#   make lock          recompile requirements*.in into the pinned requirements*.txt
#   make clean         remove the venv and what the tests left behind
# Another Python, in a venv of its own: make test PYTHON=python3.13 VENV=.venv-3.13

PYTHON ?= python3
VENV ?= .venv
VENV_DIR := $(abspath $(VENV))
BIN := $(VENV_DIR)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
UV_INSTALL := $(BIN)/uv pip install --python $(BIN)/python

# Which Python makes the venv: its absolute path (resolved before PATH changes below) and an id
# of its version and installation. The stamps carry the id, so another Python (or the same one
# upgraded) makes a fresh venv, and so does a venv that another Python made.
IDENTITY := import hashlib, sys; print(hashlib.sha256(f"{sys.version}|{sys.base_prefix}".encode()).hexdigest()[:12])
PYTHON_EXE := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null)
PYTHON_ID := $(shell $(PYTHON) -c '$(IDENTITY)' 2>/dev/null)
VENV_ID := $(shell $(BIN)/python -c '$(IDENTITY)' 2>/dev/null)
# A stamp's name also carries a checksum of what it installed: editing one of those reinstalls.
checksum = $(firstword $(shell cat $(1) | cksum))
VENV_STAMP := $(VENV_DIR)/.venv-$(PYTHON_ID)
LAB_STAMP := $(VENV_DIR)/.lab-$(PYTHON_ID)-$(call checksum,requirements.txt pyproject.toml setup.py)
DEV_STAMP := $(VENV_DIR)/.dev-$(PYTHON_ID)-$(call checksum,requirements.txt requirements-dev.txt pyproject.toml setup.py)

export PATH := $(BIN):$(PATH)
# Silences debugpy's "frozen modules" note, which would otherwise reach kernels' stderr.
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Matplotlib's config and font cache live in the venv: a personal matplotlibrc cannot change the
# figures, and no other environment's cache (one built while that matplotlib was half installed
# or deleted lacks fonts and prints findfont warnings into every notebook) takes part.
export MPLCONFIGDIR := $(VENV_DIR)/matplotlib

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True)

.PHONY: setup setup-dev setup-web lab test test-units test-numerics notebooks lint test-wheel test-browser \
	test-browser-run-all test-browser-rest test-upstream bench site lite \
	test-web lock clean FORCE

setup: $(LAB_STAMP)
setup-dev: $(DEV_STAMP)

ifneq ($(VENV_ID),$(PYTHON_ID))
# The venv is missing, broken, or made by another Python: (re)make it.
$(VENV_STAMP): FORCE
endif

# The venv itself, made by PYTHON (checked first).
$(VENV_STAMP):
	@$(PYTHON_EXE) -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' \
		2>/dev/null || { echo "The course needs Python 3.11 or newer; PYTHON=$(PYTHON) is" \
		"$$($(PYTHON) --version 2>&1 || echo missing). Run e.g. make lab PYTHON=python3.12"; exit 1; }
	@if [ -e $(VENV_DIR) ] && [ "$(VENV_ID)" != "$(PYTHON_ID)" ]; then \
		test -f $(VENV_DIR)/pyvenv.cfg || { echo "$(VENV) is not a virtual environment:" \
			"remove it, or name another one with VENV=..."; exit 1; }; \
		echo "==> $(VENV) was made by another Python (or is broken): making it afresh"; \
		rm -rf $(VENV_DIR); \
	fi
	@test -x $(BIN)/python || { echo "==> Making $(VENV) with $$($(PYTHON_EXE) --version)"; \
		$(PYTHON_EXE) -m venv $(VENV_DIR); }
	@rm -f $(VENV_DIR)/.venv-*
	@touch $@

# The learner's set: requirements.txt, then nnlib itself (editable), with pip (which honours
# the learner's own pip configuration: a mirror, a proxy).
$(LAB_STAMP): $(VENV_STAMP) requirements.txt pyproject.toml setup.py
	@echo "==> Installing the course's packages (requirements.txt) into $(VENV):" \
		"the first time takes a few minutes"
	$(PIP) install --quiet "$$(grep -m1 '^pip==' requirements.txt)"
	$(PIP) install -r requirements.txt
	@echo "==> Installing nnlib from this folder (editable: changes to nnlib/ take effect at once)"
	@# setuptools' note on how it made the editable install (a finder, for data/ -> nnlib.datasets)
	@# is information, printed as a warning: filtered by its text, for this one command.
	PYTHONWARNINGS="ignore:Editable installation:UserWarning" $(PIP) install --quiet --no-deps -e .
	@rm -f $(VENV_DIR)/.lab-*
	@touch $@

# The maintainer's set: the learner's packages, nnlib (editable) and the tools (tests, lint,
# browser test, wheel building, the lock tool), installed by uv, pinned in requirements-dev.txt:
# the same pins as pip would install, in seconds instead of minutes (CI makes three venvs).
# The learner's set is then complete too, so `make lab` finds nothing to install.
$(DEV_STAMP): $(VENV_STAMP) requirements.txt requirements-dev.txt pyproject.toml setup.py
	@echo "==> Installing the course's packages and the maintainer's tools into $(VENV) (uv)"
	$(PIP) install --quiet "$$(grep -m1 '^uv==' requirements-dev.txt)"
	$(UV_INSTALL) --quiet -r requirements.txt -r requirements-dev.txt
	$(UV_INSTALL) --quiet --no-deps -e .
	@rm -f $(VENV_DIR)/.dev-* $(VENV_DIR)/.lab-*
	@touch $(LAB_STAMP) $@

lab: $(LAB_STAMP)
	@# JupyterLab generates a fresh token and prints the address that carries it. Reading
	@# config from .jupyter/ (not ~/.jupyter) means no personal config can switch the token off;
	@# .jupyter/ holds the course's settings: no "Jupyter news" question, a quiet terminal.
	env -u JUPYTER_TOKEN JUPYTER_CONFIG_DIR=$(CURDIR)/.jupyter $(BIN)/jupyter lab \
		--ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) \
		--LabApp.default_url=/lab/tree/notebooks/01_neuron.ipynb $(ALLOW_ROOT)

test: test-units
	@test -n "$(NOTEBOOKS)" || { echo "no notebooks found in notebooks/"; exit 1; }
	@# nbval runs each notebook once, in a fresh kernel, and compares every output with the
	@# stored one (that is also the check that the stored outputs are reproducible).
	$(BIN)/python -m pytest --nbval --nbval-current-env -p no:cacheprovider $(NOTEBOOKS)

# The unit tests alone (everything in tests/ but the browser tests), without the notebooks.
# On one OpenBLAS thread: their matrices are small, and a second thread mostly spins waiting
# (11% more CPU for the same run, measured); nbval keeps the default (the numeric environments
# try one thread).
test-units: $(DEV_STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest tests

# The stored outputs must not depend on the machine: nbval again under OpenBLAS's generic kernel
# on one thread, under numpy with its AVX2 / AVX-512 kernels off, and with the last bit of every
# exp / tanh / log shaken (tools/numeric_environments.py says why each one).
# NUMERICS picks some of them (CI spreads them over its Pythons).
NUMERICS ?= generic-blas reduced-simd shaken
test-numerics: $(DEV_STAMP)
	@test -n "$(NOTEBOOKS)" || { echo "no notebooks found in notebooks/"; exit 1; }
	$(BIN)/python tools/numeric_environments.py $(NOTEBOOKS) --only $(NUMERICS)

notebooks: $(DEV_STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check nnlib tests tools $(wildcard benchmarks) notebooks setup.py conftest.py

test-wheel: $(DEV_STAMP)
	$(BIN)/python tools/check_wheel.py --python $(PYTHON_EXE)

# Two halves side by side, each with its own JupyterLab and Chromium (most of the time is spent
# waiting for kernels, the browser and a 95 s idle connection): Run All and every slider, then
# everything else. Each half's output is printed when it ends (make -O).
BROWSER_PYTEST = $(BIN)/python -m pytest tests/browser --ignore=tests/browser/test_web_sites.py \
	-p no:cacheprovider -v
test-browser: $(DEV_STAMP)
	@test -x /usr/bin/chromium || { echo "make test-browser needs Chromium at /usr/bin/chromium" \
		"(Debian/Ubuntu: sudo apt-get install chromium)"; exit 1; }
	@$(MAKE) --no-print-directory -j2 -O test-browser-run-all test-browser-rest

test-browser-run-all: $(DEV_STAMP)
	$(BROWSER_PYTEST) -k "run_all or median_slider_latency"

test-browser-rest: $(DEV_STAMP)
	NNLIB_BROWSER_ARTIFACTS=$(CURDIR)/artifacts/browser-rest \
		$(BROWSER_PYTEST) -k "not run_all and not median_slider_latency"

# A venv per set of versions under .venv-upstream/ (made once, by the maintainer's uv).
test-upstream: $(DEV_STAMP)
	UV=$(BIN)/uv $(PYTHON_EXE) tools/test_upstream_versions.py

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/run.py

# uv resolves for every OS and for Python 3.11 and newer (the lock holds a few per-version
# pins); it keeps the versions already in the .txt files unless the .in files ask otherwise.
# To move every package to its newest version: make lock LOCK_FLAGS=--upgrade
LOCK = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 \
	--custom-compile-command "make lock" $(LOCK_FLAGS)
lock: $(DEV_STAMP)
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) requirements-dev.in -o requirements-dev.txt
	$(LOCK) requirements-web.in -o requirements-web.txt

# The web builds: their tools live in a venv of their own (.venv-web, requirements-web.txt), so
# the learner's set and the maintainer's .venv stay as they are. Its setup needs the network
# (PyPI, and npm for MathJax); `make site` and `make lite` themselves run offline.
# The GitHub repository the site's Binder links name, set here and nowhere else: a fork sets its
# own (or runs `make site REPO=my-name/nn-from-scratch`); the GitHub Pages workflow passes the
# repository it runs in.
REPO ?= OWNER/nn-from-scratch
BINDER_REF ?= HEAD
WEB_VENV ?= .venv-web
WEB_DIR := $(abspath $(WEB_VENV))
WEB_BIN := $(WEB_DIR)/bin
WEB_STAMP := $(WEB_DIR)/.web-$(PYTHON_ID)-$(call checksum,requirements-web.txt requirements.txt tools/build_lite.py)
# MathJax 3 from npm, served by the site itself (the tarball's SHA-256 is checked)
MATHJAX_VERSION := 3.2.2
MATHJAX_SHA256 := 1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09
MATHJAX_DIR := $(WEB_DIR)/share/mathjax
LITE_WHEELS := $(WEB_DIR)/share/lite-wheels

setup-web: $(WEB_STAMP)

$(WEB_STAMP): requirements-web.txt requirements.txt tools/build_lite.py
	@test -x $(WEB_BIN)/python && [ "$$($(WEB_BIN)/python -c '$(IDENTITY)')" = "$(PYTHON_ID)" ] \
		|| { rm -rf $(WEB_DIR); echo "==> Making $(WEB_VENV) for the web builds"; \
		$(PYTHON_EXE) -m venv $(WEB_DIR); }
	$(WEB_BIN)/python -m pip --disable-pip-version-check install --quiet -r requirements-web.txt
	@echo "==> MathJax $(MATHJAX_VERSION) from npm into $(MATHJAX_DIR)"
	@rm -rf $(MATHJAX_DIR) && mkdir -p $(MATHJAX_DIR)/download
	cd $(MATHJAX_DIR)/download && npm pack --silent mathjax@$(MATHJAX_VERSION) >/dev/null
	echo "$(MATHJAX_SHA256)  $(MATHJAX_DIR)/download/mathjax-$(MATHJAX_VERSION).tgz" | sha256sum -c -
	@# what tex-chtml.js loads: TeX extensions on demand, the fonts, the menu and its a11y parts
	tar -xzf $(MATHJAX_DIR)/download/mathjax-$(MATHJAX_VERSION).tgz -C $(MATHJAX_DIR)/download
	mkdir -p $(MATHJAX_DIR)/mathjax/input/tex $(MATHJAX_DIR)/mathjax/output/chtml/fonts
	cd $(MATHJAX_DIR)/download/package/es5 && cp -r tex-chtml.js ui a11y $(MATHJAX_DIR)/mathjax/ \
		&& cp -r input/tex/extensions $(MATHJAX_DIR)/mathjax/input/tex/ \
		&& cp -r output/chtml/fonts/woff-v2 $(MATHJAX_DIR)/mathjax/output/chtml/fonts/ \
		&& cp ../LICENSE $(MATHJAX_DIR)/mathjax/
	rm -rf $(MATHJAX_DIR)/download
	@echo "==> The wheels the JupyterLite site bundles (versions from requirements.txt)"
	rm -rf $(LITE_WHEELS)
	$(WEB_BIN)/python tools/build_lite.py download $(LITE_WHEELS)
	@rm -f $(WEB_DIR)/.web-*
	@touch $@

site: $(WEB_STAMP)
	NNLIB_MATHJAX_DIR=$(MATHJAX_DIR) $(WEB_BIN)/python tools/build_site.py \
		--repo $(REPO) --ref $(BINDER_REF) --out build/site

# PYODIDE=path/to/pyodide-X.tar.bz2 (or an unpacked release) bundles Python for the browser into
# the site, so that it loads nothing from outside itself; PYODIDE_PINNED=1 refuses any release
# but the one lite/pyodide.sha256 pins (the GitHub Pages workflow). Without PYODIDE the site
# loads Pyodide from its CDN (the URL in lite/jupyter-lite.json).
PYODIDE ?=
PYODIDE_PINNED ?=
lite: $(WEB_STAMP)
	$(WEB_BIN)/python tools/build_lite.py build $(LITE_WHEELS) --out build/lite \
		--repo $(REPO) --ref $(BINDER_REF) $(if $(PYODIDE),--pyodide $(PYODIDE)) \
		$(if $(PYODIDE_PINNED),--require-pinned)

test-web: $(DEV_STAMP)
	@test -x /usr/bin/chromium || { echo "make test-web needs Chromium at /usr/bin/chromium" \
		"(Debian/Ubuntu: sudo apt-get install chromium)"; exit 1; }
	$(BIN)/python -m pytest tests/browser/test_web_sites.py -p no:cacheprovider -v -rs

clean:
	rm -rf $(VENV_DIR) $(WEB_DIR) .pytest_cache artifacts build dist *.egg-info

FORCE:
