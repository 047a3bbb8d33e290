# The few things anyone does with mediacompare. `make report` and `make test` set up on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup report test lab notebooks bench fuzz lock clean

setup: $(STAMP)

# The environment: exact versions from requirements.lock, the package editable, a Jupyter kernel for it.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name mediacompare --display-name "Python (mediacompare)" >/dev/null
	touch $(STAMP)

report: setup
	$(BIN)/mediacompare report

test: setup
	$(BIN)/python -m pytest

# JupyterLab refuses to start as root unless told: the flag is added only when the user is root.
lab: setup
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

# Re-execute the committed notebooks with their default parameters: the nbval baseline. Read the diff.
notebooks: setup
	$(BIN)/mediacompare refresh-notebooks

# Every benchmark, or some: make bench SECTIONS="seed shapes report corpus cluster" (cluster takes longest).
bench: setup
	$(BIN)/python benchmarks/run.py $(SECTIONS)

# The whole chain on 10,000 generated texts (make test runs a few hundred); a failure prints the blob that replays it.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py --override-ini addopts= --override-ini timeout=0 -p no:cacheprovider -q

# Re-resolve the exact versions from pyproject.toml's ranges (needs the network to PyPI).
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet --disable-pip-version-check '.[test]'
	.lockenv/bin/python -m pip freeze --exclude mediacompare > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) reports/*/ reports/index.html .pytest_cache
