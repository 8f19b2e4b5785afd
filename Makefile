# The course's commands. `make help` lists them; every target that needs the
# virtual environment creates .venv first, so a fresh clone needs only
# Python 3.10 to 3.13 and make.

# bash for pipefail: the install pipes pip through a filter without losing
# pip's exit status.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Touched after a successful install; pip runs again only when pyproject.toml
# is newer (the one list of dependencies).
STAMP := $(VENV)/.install-stamp
# `make notebooks NB=notebooks/03_x.ipynb` (or `make run NB=...`): only these.
NB ?=
# Extra pip options, e.g. PIP_FLAGS=--quiet.
PIP_FLAGS ?=
DATA := data/ecommerce_data.csv
# Notebook 16's synthetic stand-in for fer2013.csv: 24 MB, so made, not committed.
FACES := data/fer2013_synthetic.csv
# Processes at once: kernels under `make run`/`make notebooks`, pytest workers
# under `make test` (JOBS=1: one at a time, pytest without xdist).
JOBS ?= 2
# What `make test` runs, e.g. `make test TESTS=notebooks/03_x.ipynb PYTEST_ARGS=-x`.
# By default the notebooks longest first (their last times in build/, else in
# benchmarks/RESULTS.md), then tests/: two workers then finish together.
TESTS ?= $(shell $(BIN)/python tools/run_course.py order 2>/dev/null || echo notebooks) tests
PYTEST_ARGS ?=
# pytest-xdist: --dist loadfile keeps each notebook's cells on one worker, in order.
XDIST = $(if $(filter 0 1,$(JOBS)),-p no:xdist,-n $(JOBS) --dist loadfile)
# Extra JupyterLab options, e.g. LAB_ARGS="--no-browser --port 8899".
LAB_ARGS ?=
# The learner's own copies of the practice notebooks (git-ignored; never overwritten).
MY_PRACTICE := my-practice

# The one place that sets the notebooks' environment, the same under `make
# run`, `make notebooks`, `make test`, `make lab` and `make bench`: MPLBACKEND=Agg (common on servers and CI) stops inline figures,
# and TensorFlow's C++ start-up lines would land in outputs. The debugger in
# ipykernel warns about frozen modules on every kernel start.
NOTEBOOK_ENV := env -u MPLBACKEND TF_CPP_MIN_LOG_LEVEL=2 PYDEVD_DISABLE_FILE_VALIDATION=1
# Two kernels (or pytest workers) at once on a 2-core laptop: with pools of two
# BLAS and two TensorFlow threads each, they fight over the cores. One thread
# each: notebooks 09, 10, 13 and 16 took 116 s instead of 173 s, and 101 s of CPU
# instead of 143 s. Set whatever JOBS is, so that no output depends on JOBS;
# `make lab` and `make bench` leave every thread to the learner's kernel.
ONE_THREAD_EACH := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 TF_NUM_INTRAOP_THREADS=1

.DEFAULT_GOAL := help
.PHONY: help install test run notebooks lab practice progress data lint bench clean distclean
.PHONY: test-site test-practice test-lab

help:
	@echo "make run        execute every notebook headless; HTML in build/, open build/index.html"
	@echo "make test       the tests in tests/ and strict nbval on every notebook"
	@echo "make practice   your own copies of the practice notebooks in $(MY_PRACTICE)/ (never overwritten)"
	@echo "make progress   run your copies in $(MY_PRACTICE)/: which exercises are done; build/progress.html"
	@echo "make lab        JupyterLab on the course: notebooks/ (solutions), $(MY_PRACTICE)/ (yours)"
	@echo "make notebooks  re-execute notebooks and save their outputs (NB=notebooks/03_x.ipynb for one)"
	@echo "make data       regenerate data/ (synthetic e-commerce sources and faces, fixed seeds)"
	@echo "make lint       ruff on the code and the notebooks"
	@echo "make bench      time the course and the models; writes benchmarks/RESULTS.md"
	@echo "make test-site  after make run: the site in headless Chromium, offline"
	@echo "make test-practice  every practice notebook stops at its first exercise (slow)"
	@echo "make test-lab   notebook 14 in JupyterLab in headless Chromium: Run All, Play, Pause (slow)"
	@echo "                (run, notebooks and test use JOBS=2 processes; JOBS=1 for one)"
	@echo "make install    create $(VENV) and install the project with its dev extras"
	@echo "make clean      delete build/ (never $(VENV) or your own files)"
	@echo "make distclean  clean, and delete $(VENV) too"

$(BIN)/python:
	@# TensorFlow 2.21, and so the course, has wheels for Python 3.10 to 3.13.
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] < (3, 14) else "The course needs Python 3.10 to 3.13 (TensorFlow has no wheels for others), and $(PYTHON) is " + sys.version.split()[0] + ": run make with PYTHON=python3.12, for example.")'
	$(PYTHON) -m venv $(VENV)
	@# Editable installs from pyproject.toml need pip >= 21.3; a no-op when it is newer.
	$(BIN)/python -m pip install --quiet "pip>=23.1"

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the course and its dependencies into $(VENV) (about 2 GB; minutes the first time)"
	@# A reinstall lists every package already there: hundreds of lines that say nothing.
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[dev]" | sed '/^Requirement already satisfied/d'
	@touch $@

# The data set is committed; this makes it again only when it is missing.
$(DATA): | $(STAMP)
	$(BIN)/python -m course_utils.synthetic

$(FACES): | $(STAMP)
	$(BIN)/python -m course_utils.faces

install: $(STAMP)

# pytest's exit code is make's: 1 failed tests, 5 no test collected (which
# for this course means a broken checkout, so it fails too, with a reason).
test: $(STAMP) $(DATA) $(FACES)
	@$(NOTEBOOK_ENV) $(ONE_THREAD_EACH) $(BIN)/python -m pytest $(TESTS) --nbval --nbval-current-env \
		--nbval-sanitize-with nbval_sanitize.cfg -p no:randomly $(XDIST) $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (exit 5)." >&2; fi; \
	exit $$status

# The animation runs beside the notebooks (when its code is newer than the GIF),
# and is done before build/index.html lists what build/ holds.
run: $(STAMP) $(DATA) $(FACES)
	$(NOTEBOOK_ENV) $(ONE_THREAD_EACH) $(BIN)/python tools/run_course.py run --jobs $(JOBS) \
		--also tools/make_animations.py $(NB)

# The site of `make run` in headless Chromium, offline (tests/test_site.py):
# formulas rendered, next links, nothing fetched from outside build/.
test-site: $(STAMP)
	@test -f build/index.html || { echo "make test-site: no build/index.html; run make run first." >&2; exit 1; }
	COURSE_SITE=build $(BIN)/python -m pytest tests/test_site.py -p no:xdist -rs $(PYTEST_ARGS)

# Every practice notebook executed as a learner gets it: it stops at its first
# exercise, with NotImplementedError, and nowhere before (about 2 minutes of CPU,
# so not part of `make test`; CI runs it).
test-practice: $(STAMP) $(DATA) $(FACES)
	$(NOTEBOOK_ENV) $(ONE_THREAD_EACH) COURSE_PRACTICE_RUN=1 $(BIN)/python -m pytest tests/test_practice.py -p no:xdist -rs $(PYTEST_ARGS)

# Notebook 14 in JupyterLab in headless Chromium, as a learner uses it: Run All,
# no error, Play changes the playground's picture, Pause stops it (a few minutes
# on 2 cores, so not part of `make test`; CI runs it).
test-lab: $(STAMP) $(DATA) $(FACES)
	$(NOTEBOOK_ENV) COURSE_LAB=1 $(BIN)/python -m pytest tests/test_lab.py -p no:xdist -rs -s $(PYTEST_ARGS)

notebooks: $(STAMP) $(DATA) $(FACES)
	$(NOTEBOOK_ENV) $(ONE_THREAD_EACH) $(BIN)/python tools/run_course.py refresh --jobs $(JOBS) $(NB)

lab: $(STAMP) $(FACES)
	$(NOTEBOOK_ENV) $(BIN)/jupyter lab --ServerApp.root_dir=. $(LAB_ARGS)

# practice/ is generated from the markers in notebooks/; then the learner gets
# a copy of each practice notebook they do not have yet.
practice: $(STAMP)
	$(BIN)/python tools/make_practice.py --copy-to $(MY_PRACTICE)

progress: $(STAMP) $(DATA) $(FACES)
	$(NOTEBOOK_ENV) $(ONE_THREAD_EACH) $(BIN)/python tools/progress.py $(MY_PRACTICE)

# The CSV first: the spreadsheet, database and event log are made from it.
data: $(STAMP)
	$(BIN)/python -m course_utils.synthetic
	$(BIN)/python -m course_utils.sources
	$(BIN)/python -m course_utils.faces

lint: $(STAMP)
	$(BIN)/ruff check .

# Minutes, not seconds: every notebook, then throughput and accuracy runs.
# Writes benchmarks/RESULTS.md; run it on an otherwise idle machine.
bench: $(STAMP) $(DATA) $(FACES)
	$(NOTEBOOK_ENV) $(BIN)/python benchmarks/run.py

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV) *.egg-info
